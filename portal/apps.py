from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Home page, site-wide search, navigation, legal pages and the shared blocks."""

    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from portal.search import signals  # noqa: F401 - connects the receivers
