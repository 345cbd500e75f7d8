from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import views as portal_views
from portal.api import api_index, api_router

urlpatterns = [
    # The admin has no login form of its own: everyone signs in through allauth.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumente/", include(wagtaildocs_urls)),
    path("konto/", include("network.account_urls")),
    path("konto/", include("allauth.urls")),
    path("suche/", portal_views.search_view, name="search"),
    path("suche/vorschlaege/", portal_views.search_suggestions, name="search_suggestions"),
    path("suche/auswertung/", portal_views.search_analytics, name="search_analytics"),
    path("tags/<slug:slug>/", portal_views.tag_page, name="tag"),
    path("netzwerk/", include("network.urls")),
    path("koordination/", include("projects.urls")),
    # Open data: read-only JSON of public pages (portal.api); the index documents the fields.
    path("api/v2/", api_index, name="api_index"),
    path("api/v2/", api_router.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail serves pages at addresses ending in a slash; this passes files below a page, such
    # as /foerderung/fristen.ics or /projekte/export.csv, on to the page's own routes
    # (RoutablePageMixin).
    re_path(r"^((?:[\w\-]+/)+[\w\-]+\.(?:ics|csv|xlsx))$", wagtail_views.serve),
    path("", include(wagtail_urls)),
]

handler500 = portal_views.server_error
