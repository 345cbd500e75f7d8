"""The demo network that `make run` serves."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import PageLogEntry

from network.models import Event, EventKind, OrganisationPage, OzgLeistung
from portal.models import HomePage

pytestmark = pytest.mark.django_db


def test_load_demo_builds_the_hoexter_network_and_is_idempotent(client):
    call_command("load_demo", verbosity=0)
    assert OrganisationPage.objects.filter(ags__startswith="05762").count() == 11
    assert OzgLeistung.objects.count() == 557
    assert HomePage.objects.get().title == "Digitalnetzwerk Kreis Höxter"
    assert "Dokumentenmanagementsystem" in OrganisationPage.objects.get(ags="05762016").description
    users = get_user_model().objects.order_by("username")
    assert list(users.values_list("username", flat=True)) == [
        "admin",
        "brakel",
        "koordination",
        "mitglied",
    ]
    assert users.get(username="brakel").organisation.title == "Brakel"
    assert users.get(username="admin").is_superuser

    upcoming = {event.kind: event for event in Event.objects.upcoming()}
    assert upcoming[EventKind.NETZWERKTREFFEN].location.startswith("Kreishaus Höxter")
    assert upcoming[EventKind.SCHULUNG].online_url
    assert upcoming[EventKind.SCHULUNG].organiser.title == "Brakel"
    assert [event.kind for event in Event.objects.past()] == [EventKind.NETZWERKTREFFEN]

    log_entries = PageLogEntry.objects.count()
    call_command("load_demo", verbosity=0)
    assert PageLogEntry.objects.count() == log_entries
    assert get_user_model().objects.count() == 4
    assert Event.objects.count() == 3

    assert client.login(username="mitglied", password="demo-passwort")
