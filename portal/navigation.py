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
    return [
        {"label": label, "url": url, "active": current_path.startswith(url)} for label, url in items
    ]
