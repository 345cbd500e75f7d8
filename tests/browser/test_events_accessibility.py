"""The event pages in a real browser: axe-core clean and 320 px wide."""

from datetime import timedelta

import pytest
from django.utils import timezone

from network.models import EventKind, OrganisationPage
from tests.factories.network import EventFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def events(hoexter_site):
    """Upcoming events on site and online, and past ones, as the list shows them together."""
    kreis = OrganisationPage.objects.get(ags="05762")
    brakel = OrganisationPage.objects.get(ags="05762016")
    now = timezone.now()
    meeting = EventFactory(
        title="Netzwerktreffen: Digitaler Bauantrag",
        organiser=kreis,
        location="Kreishaus Höxter, Großer Sitzungssaal",
        online_url="https://konferenz.example/netzwerktreffen-mit-einem-sehr-langen-link",
        description="<p>Das Treffen der Digitalisierungsbeauftragten.</p>",
        agenda="<ol><li>Begrüßung</li><li>Digitaler Bauantrag</li><li>Kurzberichte</li></ol>",
    )
    EventFactory(
        title="Schulung: Erste Schritte mit der E-Akte",
        kind=EventKind.SCHULUNG,
        organiser=brakel,
        starts_at=now + timedelta(days=3),
        location="",
        online_url="https://konferenz.example/e-akte",
    )
    past = EventFactory(
        title="Netzwerktreffen: Informationssicherheit",
        organiser=kreis,
        starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=29),
    )
    return {"upcoming": meeting, "past": past}


PAGES = ["/netzwerk/termine/", "/netzwerk/termine/{upcoming}/", "/netzwerk/termine/{past}/"]


@pytest.mark.parametrize("path", PAGES)
def test_event_pages_have_no_axe_violations_and_fit_320_pixels(
    page, hoexter_site, events, axe_violations, path
):
    path = path.format(**{name: event.pk for name, event in events.items()})
    page.goto(hoexter_site + path)
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
