"""Admin views for the network's non-page records."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from network.models import OzgLebenslage, OzgLeistung, OzgThemenfeld


class OzgLeistungViewSet(SnippetViewSet):
    """The OZG services, searchable and filterable by Lebenslage and Themenfeld."""

    model = OzgLeistung
    icon = "list-ul"
    menu_label = _("Leistungen")
    list_display = ["name", "ozg_id", "lebenslage", "lebenslage__themenfeld"]
    list_filter = ["lebenslage__themenfeld", "lebenslage"]
    list_per_page = 50
    ordering = ["name"]

    def get_queryset(self, request):
        return OzgLeistung.objects.select_related("lebenslage__themenfeld")


class OzgLebenslageViewSet(SnippetViewSet):
    """Life situations grouping the OZG services."""

    model = OzgLebenslage
    icon = "folder-open-inverse"
    menu_label = _("Lebenslagen")
    list_display = ["name", "themenfeld"]
    list_filter = ["themenfeld"]

    def get_queryset(self, request):
        return OzgLebenslage.objects.select_related("themenfeld")


class OzgThemenfeldViewSet(SnippetViewSet):
    """The 14 subject areas of the OZG catalogue."""

    model = OzgThemenfeld
    icon = "folder-inverse"
    menu_label = _("Themenfelder")
    list_display = ["name"]


class OzgCatalogueViewSetGroup(SnippetViewSetGroup):
    """The OZG catalogue in one admin menu."""

    items = (OzgLeistungViewSet, OzgLebenslageViewSet, OzgThemenfeldViewSet)
    menu_icon = "list-ul"
    menu_label = _("OZG-Katalog")
    menu_name = "ozg-katalog"
