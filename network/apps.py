from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """Organisations, people, accounts and roles, forum, events, notifications, OZG catalogue."""

    name = "network"
    verbose_name = _("Netzwerk")
