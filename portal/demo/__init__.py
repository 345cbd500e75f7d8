"""The Kreis Höxter demo network, loaded by `manage.py load_demo` from the files in fixtures/demo/.

Every step is idempotent: what exists already is updated or left as it is.
"""

import tomllib

from django.conf import settings

from network.models import OrganisationPage

FIXTURES = settings.BASE_DIR / "fixtures"
DEMO_PASSWORD = "demo-passwort"  # noqa: S105 - published demo logins, development only
DEMO_EMAIL_DOMAIN = "digitalnetz.example"


def publish_changes(page, values):
    """Set the values and publish a revision, only if something differs (idempotent)."""
    if all(getattr(page, name) == value for name, value in values.items()):
        return
    for name, value in values.items():
        setattr(page, name, value)
    page.save_revision(log_action=True).publish()


def read_demo_file(name):
    with open(FIXTURES / "demo" / name, "rb") as demo_file:
        return tomllib.load(demo_file)


def organisations_by_ags(ags_list):
    return {page.ags: page for page in OrganisationPage.objects.filter(ags__in=ags_list)}
