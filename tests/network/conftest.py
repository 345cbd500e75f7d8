"""A small network with one person per role, shared by the people and membership tests."""

import pytest

from network import permissions
from network.models import Visibility
from tests.factories.network import (
    ContactPersonFactory,
    KreisPageFactory,
    OrganisationPageFactory,
    PendingUserFactory,
    UserFactory,
)


@pytest.fixture
def kreis(db):
    return KreisPageFactory(title="Kreis Höxter", ags="05762")


@pytest.fixture
def brakel(kreis):
    return OrganisationPageFactory(title="Brakel", ags="05762016", parent_kreis=kreis)


@pytest.fixture
def hoexter(kreis):
    return OrganisationPageFactory(title="Höxter", ags="05762020", parent_kreis=kreis)


@pytest.fixture
def people(kreis, brakel, hoexter):
    """One account per role, keyed by the role's name in the access matrix."""
    editor_brakel = UserFactory(username="brakel", organisation=brakel)
    permissions.make_editor(editor_brakel, brakel)
    editor_hoexter = UserFactory(username="hoexter", organisation=hoexter)
    permissions.make_editor(editor_hoexter, hoexter)
    coordinator = UserFactory(username="koordination", organisation=kreis)
    permissions.add_to_role(coordinator, permissions.COORDINATORS)
    return {
        "visitor": None,
        "pending": PendingUserFactory(username="neu", organisation=brakel),
        "member": UserFactory(username="mitglied", organisation=hoexter),
        "editor_brakel": editor_brakel,
        "editor_hoexter": editor_hoexter,
        "coordinator": coordinator,
    }


@pytest.fixture
def contacts(brakel, hoexter):
    """One contact per consent level; each name, e-mail and phone number is unique."""
    return {
        "public": ContactPersonFactory(
            name="Paul Öffentlich",
            organisation=brakel,
            email="paul@brakel.example",
            phone="05272 1111",
        ),
        "members": ContactPersonFactory(
            name="Maria Mitgliedsnah",
            organisation=hoexter,
            consent=Visibility.MEMBERS,
            email="maria@hoexter.example",
            phone="05271 2222",
        ),
        "hidden": ContactPersonFactory(
            name="Hanna Verborgen",
            organisation=brakel,
            consent=Visibility.HIDDEN,
            email="hanna@brakel.example",
            phone="05272 3333",
        ),
        "unrecorded": ContactPersonFactory(
            name="Ulf Ungefragt",
            organisation=hoexter,
            consent=False,
            email="ulf@hoexter.example",
            phone="05271 4444",
        ),
    }


@pytest.fixture
def login(client):
    """Log the test client in as one of the people (None stays a visitor)."""

    def log_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return log_in
