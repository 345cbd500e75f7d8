"""Keep roles in step with the data: role groups after migrations, editors' groups for new pages."""

from django.apps import apps
from django.db.models.signals import post_save
from django.dispatch import receiver

from network.models import OrganisationPage
from network.permissions import ensure_editors_groups, sync_role_groups


def create_role_groups(sender, **kwargs):
    # post_migrate is sent once per app with models; the groups need every app's permissions,
    # which exist only once the last of those apps has been handled.
    if sender is [config for config in apps.get_app_configs() if config.models_module][-1]:
        sync_role_groups()


@receiver(post_save, sender=OrganisationPage)
def create_editors_group(sender, instance, created, raw, **kwargs):
    # Raw saves come from fixtures and the bulk importer, which creates the groups in bulk itself.
    if created and not raw:
        ensure_editors_groups([instance])
