"""Admin views for the projects' non-page records."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from projects.models import StatusUpdate, StrategyMeasure


class StrategyMeasureViewSet(SnippetViewSet):
    """The Maßnahmen of the Digitalisierungsstrategie, kept by the coordinators."""

    model = StrategyMeasure
    icon = "list-ol"
    menu_label = _("Maßnahmen der Strategie")
    list_display = ["code", "title", "handlungsfeld", "target_year"]
    list_filter = ["handlungsfeld"]
    list_per_page = 50

    def get_queryset(self, request):
        return StrategyMeasure.objects.select_related("handlungsfeld")


class StatusUpdateViewSet(SnippetViewSet):
    """Every status update, for coordinators to correct or remove one."""

    model = StatusUpdate
    icon = "history"
    menu_label = _("Statusmeldungen")
    list_display = ["project", "organisation", "status", "progress", "created_at"]
    list_filter = ["status"]
    list_per_page = 50
    ordering = ["-created_at"]
    # Written from the project page; the admin corrects the text or the numbers only.
    panels = [FieldPanel("text"), FieldPanel("status"), FieldPanel("progress")]

    def get_queryset(self, request):
        return StatusUpdate.objects.select_related("project", "organisation")


class ProjectViewSetGroup(SnippetViewSetGroup):
    """The strategy and the status updates in one admin menu."""

    items = (StrategyMeasureViewSet, StatusUpdateViewSet)
    menu_icon = "list-ol"
    menu_label = _("Projekte & Strategie")
    menu_name = "projekte-strategie"
    menu_order = 290
    # Menu items of other views, such as the import, join the group through this hook.
    submenu_hook = "register_projects_menu_item"
