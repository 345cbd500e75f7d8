from django.conf import settings

from portal.navigation import LEGAL_NAVIGATION, MAIN_NAVIGATION, menu


def navigation(request):
    """Menus and the site name for every page, marking the section the visitor is in."""
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "main_navigation": menu(MAIN_NAVIGATION, request.path),
        "legal_navigation": menu(LEGAL_NAVIGATION, request.path),
    }
