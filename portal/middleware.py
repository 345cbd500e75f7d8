from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import MiddlewareNotUsed
from django.utils.cache import get_cache_key, has_vary_header, learn_cache_key, patch_cache_control

from network import page_cache

# Never shared: the admin and previews, accounts (one-time links, the member's own data), and the
# search, which counts every query it answers (portal.search.analytics).
UNSHARED_PATHS = ("/admin/", "/konto/", "/suche/")


class PageCacheMiddleware:
    """Serves visitors the pages other visitors got before, without rendering them again.

    Visitors (anyone without a session) share one copy of each page, per address and, where the
    page varies by cookie, per cookie. The copies live in the "pages" cache under the current
    generation (network.page_cache), so that any change of content shows at once; the timeout,
    PAGE_CACHE_SECONDS (0 switches this off), only bounds their memory and how far time-derived
    text ("Frist endet bald") may lag.

    It stands above SessionMiddleware and everything that sets cookies: a middleware sees the
    response after those below it, so only here are a page's cookies and Vary header final.
    """

    def __init__(self, get_response):
        if not settings.PAGE_CACHE_SECONDS:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.timeout = settings.PAGE_CACHE_SECONDS

    def __call__(self, request):
        if not is_shared(request):
            return self.get_response(request)
        cache = page_cache.page_cache()
        key_prefix = page_cache.generation()
        # HEAD gets the page stored for GET, as it would get the view's: the server sends no body.
        key = get_cache_key(request, key_prefix, "GET", cache=cache)
        response = cache.get(key) if key else None
        if response is not None:
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and may_share(response):
            # Browsers must ask again each time, or a change would not show at once.
            patch_cache_control(response, no_cache=True)
            key = learn_cache_key(request, response, self.timeout, key_prefix, cache=cache)
            # Template responses are rendered by now: Django renders them below all middleware.
            cache.set(key, response, self.timeout)
        response["X-Cache"] = "miss"
        return response


def is_shared(request):
    """Whether the request gets (and fills) the pages visitors share.

    Nobody is logged in without a session (AuthenticationMiddleware finds the user there), and
    messages for a visitor travel in a cookie of their own, or in the session.
    """
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.path.startswith(UNSHARED_PATHS)
    )


def may_share(response):
    """Whether the response is the same for every visitor who sends the same cookies.

    Cookies it sets (a new CSRF token, a session, messages) are the one visitor's own; streamed
    responses (documents) are never complete in memory.
    """
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
        and not has_vary_header(response, "*")
    )
