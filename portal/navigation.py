"""The site's main and legal navigation.

The paths are part of the URL contract (DESIGN.md), so the menus need no database query.
"""

from django.utils.translation import gettext_lazy as _

MAIN_NAVIGATION = [
    (_("Kommunen"), "/kommunen/"),
    (_("Projekte"), "/projekte/"),
    (_("Wissen"), "/wissen/"),
    (_("Förderung"), "/foerderung/"),
    (_("Netzwerk"), "/netzwerk/"),
    (_("Suche"), "/suche/"),
]

LEGAL_NAVIGATION = [
    (_("Impressum"), "/impressum/"),
    (_("Datenschutz"), "/datenschutz/"),
    (_("Barrierefreiheit"), "/barrierefreiheit/"),
]


def menu(items, current_path=""):
    section = section_path(current_path)
    return [{"label": label, "url": url, "active": section.startswith(url)} for label, url in items]


def section_path(path):
    """The path that decides the menu's current section.

    Projects live below their organisation (/kommunen/brakel/e-akte/), but belong to the
    register's section: an organisation page has no other kind of page below it.
    """
    segments = path.strip("/").split("/")
    if segments[0] == "kommunen" and len(segments) >= 3:
        return "/projekte/"
    return path
