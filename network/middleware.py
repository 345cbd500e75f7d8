from django.core.exceptions import PermissionDenied
from wagtail.models import Page

from network.permissions import ACCESS_ADMIN, may_use_admin_page_action

# How Wagtail's admin URLs name the page they act on.
PAGE_ID_ARGUMENTS = ("page_id", "parent_page_id", "page_to_move_id")


class AdminPageActionMiddleware:
    """Refuse forbidden Wagtail admin page actions with 403 (see ADMIN_PAGE_ACTIONS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        page_id = next(
            (view_kwargs[name] for name in PAGE_ID_ARGUMENTS if name in view_kwargs), None
        )
        # Visitors and accounts without admin access are sent to the login by Wagtail itself.
        if (
            match.namespace != "wagtailadmin_pages"
            or page_id is None
            or not request.user.has_perm(ACCESS_ADMIN)
        ):
            return None
        page = Page.objects.filter(pk=page_id).first()
        if page is not None and not may_use_admin_page_action(request.user, page, match.url_name):
            raise PermissionDenied
        return None
