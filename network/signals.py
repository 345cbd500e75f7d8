"""Keep roles in step with the data, and tell coordinators about confirmed sign-ups."""

from allauth.account.signals import email_confirmed
from django.apps import apps
from django.db.models.signals import post_save
from django.dispatch import receiver

from network.membership import notify_coordinators_of_signup
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


@receiver(email_confirmed)
def announce_confirmed_signup(sender, request, email_address, **kwargs):
    """Coordinators hear of a new account once its owner has confirmed the address."""
    if email_address.user.is_pending:
        notify_coordinators_of_signup(request, email_address.user)
