from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from projects.views import similar_projects_fragment
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
