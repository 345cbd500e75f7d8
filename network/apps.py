from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """Organisations, people, accounts and roles, forum, events, notifications, OZG catalogue."""

    name = "network"
    verbose_name = _("Netzwerk")

    def ready(self):
        from network import page_cache, signals

        post_migrate.connect(signals.create_role_groups)
        page_cache.connect_receivers()
