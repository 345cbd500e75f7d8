from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from projects.permissions import may_import_projects
from projects.views import ProjectImportView, similar_projects_fragment
from projects.viewsets import ProjectViewSetGroup

register_snippet(ProjectViewSetGroup)


@hooks.register("register_log_actions")
def register_project_log_actions(actions):
    label = _("Als aktuell bestätigt")
    actions.register_action("projects.confirm", label, label)


@hooks.register("insert_editor_js")
def similar_projects_js():
    return format_html('<script src="{}"></script>', static("projects/similar_projects.js"))


@hooks.register("register_admin_urls")
def register_similar_projects_url():
    return [path("projekte/aehnlich/", similar_projects_fragment, name="projects_similar")]


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("projekte/import/", ProjectImportView.as_view(), name="projects_import")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import_projects(request.user)


@hooks.register("register_projects_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Projekte importieren"), reverse("projects_import"), icon_name="upload", order=900
    )
