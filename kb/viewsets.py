"""Admin views for the knowledge base's non-page records."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from kb.models import ApplicantGroup, Handlungsfeld


class HandlungsfeldViewSet(SnippetViewSet):
    model = Handlungsfeld
    icon = "tag"
    menu_label = _("Handlungsfelder")
    menu_order = 330
    add_to_admin_menu = True
    list_display = ["name", "slug", "position"]
    ordering = ["position", "name"]


class ApplicantGroupViewSet(SnippetViewSet):
    """Who may apply for funding: the choices of the funding calls' "Antragsberechtigt"."""

    model = ApplicantGroup
    icon = "group"
    menu_label = _("Antragsberechtigte")
    menu_order = 340
    add_to_admin_menu = True
    list_display = ["name", "slug", "position"]
    ordering = ["position", "name"]
