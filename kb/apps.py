from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KbConfig(AppConfig):
    """Knowledge base: best practices, guides, templates, glossary and funding calls."""

    name = "kb"
    verbose_name = _("Wissen und Förderung")

    def ready(self):
        from kb import signals  # noqa: F401 - connects the receivers
