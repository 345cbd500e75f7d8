from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Project pages, status updates, strategy, the register and the coordination dashboard."""

    name = "projects"
    verbose_name = _("Projekte")

    def ready(self):
        from projects import signals  # noqa: F401 - connects the receivers
