"""Events: the public list and pages, the iCalendar files, and who keeps them in the admin."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.test.utils.form_data import rich_text

from network.models import Event, EventKind
from tests.factories.network import EventFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def text_of(response):
    """The page as a reader sees it: without tags, whitespace collapsed."""
    return " ".join(strip_tags(response.content.decode()).split())


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


@pytest.fixture
def around_daylight_saving(brakel):
    """Two events at 10:00 Berlin time; summer time begins in between (29 March 2026, 02:00)."""
    return [
        EventFactory(
            title="Netzwerktreffen am Samstag",
            starts_at=datetime(2026, 3, 28, 10, tzinfo=BERLIN),
            ends_at=datetime(2026, 3, 28, 12, tzinfo=BERLIN),
            organiser=brakel,
        ),
        EventFactory(
            title="Schulung am Sonntag",
            kind=EventKind.SCHULUNG,
            starts_at=datetime(2026, 3, 29, 10, tzinfo=BERLIN),
            ends_at=datetime(2026, 3, 29, 12, tzinfo=BERLIN),
            location="",
            online_url="https://konferenz.example/schulung",
        ),
    ]


@pytest.fixture
def before_daylight_saving(monkeypatch):
    """Today is 20 March 2026, so that both events are upcoming and in the feed."""
    now = datetime(2026, 3, 20, 12, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now


def test_list_shows_every_upcoming_event_soonest_first_then_past_ones_latest_first(client):
    now = timezone.now()
    later = EventFactory(title="Später", starts_at=now + timedelta(days=30))
    sooner = EventFactory(title="Bald", starts_at=now + timedelta(days=2))
    running = EventFactory(title="Läuft gerade", starts_at=now - timedelta(hours=1))
    long_ago = EventFactory(title="Lange her", starts_at=now - timedelta(days=90))
    recent = EventFactory(title="Neulich", starts_at=now - timedelta(days=3))

    response = client.get("/netzwerk/termine/")

    assert response.status_code == 200
    assert list(response.context["upcoming"]) == [running, sooner, later]
    assert list(response.context["past"]) == [recent, long_ago]
    html = response.content.decode()
    assert f'href="/netzwerk/termine/{sooner.pk}.ics"' in html
    assert 'href="http://testserver/netzwerk/termine.ics"' in html


def test_past_events_are_paginated_twenty_per_page(client):
    start = timezone.now() - timedelta(days=100)
    for day in range(25):
        EventFactory(title=f"Treffen {day:02}", starts_at=start + timedelta(days=day))
    upcoming = EventFactory(title="Kommt noch")

    first = client.get("/netzwerk/termine/")
    second = client.get("/netzwerk/termine/", {"seite": 2})

    assert len(first.context["past"]) == 20
    assert [event.title for event in second.context["past"]] == [
        f"Treffen {day:02}" for day in (4, 3, 2, 1, 0)
    ]
    assert list(second.context["upcoming"]) == [upcoming]
    assert "Seite 2 von 2" in second.content.decode()


def test_list_without_events_says_so(client):
    response = client.get("/netzwerk/termine/")
    assert "Zurzeit sind keine Termine geplant." in response.content.decode()


def test_detail_shows_time_place_online_link_organiser_and_agenda(client, brakel):
    event = EventFactory(
        title="Netzwerktreffen im Frühjahr",
        starts_at=datetime(2026, 3, 28, 10, tzinfo=BERLIN),
        ends_at=datetime(2026, 3, 28, 12, 30, tzinfo=BERLIN),
        location="Kreishaus Höxter, Sitzungssaal",
        online_url="https://konferenz.example/treffen",
        organiser=brakel,
        agenda="<ol><li>Begrüßung</li><li>Bericht aus Brakel</li></ol>",
    )

    response = client.get(f"/netzwerk/termine/{event.pk}/")

    assert response.status_code == 200
    text = text_of(response)
    assert "Samstag, 28. März 2026, 10:00–12:30 Uhr" in text
    assert "Kreishaus Höxter, Sitzungssaal" in text
    html = response.content.decode()
    assert ">Tagesordnung</h2>" in html
    assert "<li>Begrüßung</li><li>Bericht aus Brakel</li>" in html
    assert '<time datetime="2026-03-28T10:00+01:00">' in html
    assert 'href="https://konferenz.example/treffen"' in html
    assert f'href="{brakel.url}">Brakel</a>' in html
    assert f'href="/netzwerk/termine/{event.pk}.ics"' in html
    assert "Zum Kalender hinzufügen (.ics)" in html


def test_event_over_several_days_shows_both_dates(client):
    event = EventFactory(
        starts_at=datetime(2026, 6, 1, 10, tzinfo=BERLIN),
        ends_at=datetime(2026, 6, 2, 16, tzinfo=BERLIN),
    )
    text = text_of(client.get(f"/netzwerk/termine/{event.pk}/"))
    assert "Montag, 1. Juni 2026, 10:00 Uhr bis Dienstag, 2. Juni 2026, 16:00 Uhr" in text


def test_only_a_past_event_says_it_has_taken_place(client):
    past = EventFactory(starts_at=timezone.now() - timedelta(days=1))
    upcoming = EventFactory()
    notice = "Dieser Termin hat bereits stattgefunden."
    assert notice in client.get(f"/netzwerk/termine/{past.pk}/").content.decode()
    assert notice not in client.get(f"/netzwerk/termine/{upcoming.pk}/").content.decode()


def test_unknown_event_is_not_found(client):
    assert client.get("/netzwerk/termine/999/").status_code == 404
    assert client.get("/netzwerk/termine/999.ics").status_code == 404


def test_network_overview_links_to_the_events(client):
    assert 'href="/netzwerk/termine/"' in client.get("/netzwerk/").content.decode()


def test_end_must_come_after_the_start():
    start = datetime(2026, 3, 28, 10, tzinfo=BERLIN)
    for end in (start, start - timedelta(minutes=1)):
        event = EventFactory.build(starts_at=start, ends_at=end)
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert error.value.message_dict == {"ends_at": ["Das Ende muss nach dem Beginn liegen."]}


# iCalendar


def test_feed_keeps_local_times_across_the_change_to_summer_time(
    client, before_daylight_saving, around_daylight_saving
):
    calendar = parse(client.get("/netzwerk/termine.ics"))

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Digitalnetz//Termine//DE"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["X-WR-CALNAME"] == "Digitalnetz: Termine"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Berlin"
    saturday, sunday = calendar.walk("VEVENT")
    for entry, offset in ((saturday, timedelta(hours=1)), (sunday, timedelta(hours=2))):
        for name, hour in (("DTSTART", 10), ("DTEND", 12)):
            assert entry[name].params["TZID"] == "Europe/Berlin"
            local = entry.decoded(name)
            assert (local.hour, local.minute, local.utcoffset()) == (hour, 0, offset)
    assert saturday.decoded("DTSTART").astimezone(UTC).hour == 9
    assert sunday.decoded("DTSTART").astimezone(UTC).hour == 8


def test_feed_carries_the_time_zone_definition_for_berlin(
    client, before_daylight_saving, around_daylight_saving
):
    calendar = parse(client.get("/netzwerk/termine.ics"))

    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Europe/Berlin"
    # A program that reads the definition instead of its own time zone data gets the same times.
    zone = vtimezone.to_tz()
    assert datetime(2026, 3, 28, 10, tzinfo=zone).utcoffset() == timedelta(hours=1)
    assert datetime(2026, 3, 29, 10, tzinfo=zone).utcoffset() == timedelta(hours=2)


def test_uids_are_unique_and_stable_and_dtstamp_is_utc(
    client, before_daylight_saving, around_daylight_saving
):
    first = parse(client.get("/netzwerk/termine.ics")).walk("VEVENT")
    second = parse(client.get("/netzwerk/termine.ics")).walk("VEVENT")

    uids = [str(entry["UID"]) for entry in first]
    assert uids == [f"{event.uid}@127.0.0.1" for event in around_daylight_saving]
    assert uids == [str(entry["UID"]) for entry in second]
    for entry, event in zip(first, around_daylight_saving, strict=True):
        assert entry.decoded("DTSTAMP") == event.updated_at
        assert entry.decoded("DTSTAMP").utcoffset() == timedelta(0)
        assert entry.decoded("LAST-MODIFIED") == event.updated_at
    assert b"\r\nDTSTAMP:" in client.get("/netzwerk/termine.ics").content


def test_feed_holds_upcoming_events_and_those_of_the_last_half_year(client):
    now = timezone.now()
    EventFactory(title="Zu alt", starts_at=now - timedelta(days=181))
    EventFactory(title="Vor fünf Monaten", starts_at=now - timedelta(days=150))
    EventFactory(title="Nächste Woche")

    response = client.get("/netzwerk/termine.ics")

    assert response["Content-Disposition"] == 'attachment; filename="termine.ics"'
    summaries = [str(entry["SUMMARY"]) for entry in parse(response).walk("VEVENT")]
    assert summaries == ["Vor fünf Monaten", "Nächste Woche"]


def test_event_file_holds_exactly_that_event_with_its_texts(client, around_daylight_saving):
    saturday, sunday = around_daylight_saving
    saturday.description = "<p>Austausch &amp; <b>Neuigkeiten</b></p><p>Bitte anmelden.</p>"
    saturday.online_url = "https://konferenz.example/treffen"
    saturday.save()

    response = client.get(f"/netzwerk/termine/{saturday.pk}.ics")

    assert response["Content-Disposition"] == (
        'attachment; filename="netzwerktreffen-am-samstag.ics"'
    )
    calendar = parse(response)
    (entry,) = calendar.walk("VEVENT")
    assert entry["UID"] == f"{saturday.uid}@127.0.0.1"
    assert entry["SUMMARY"] == "Netzwerktreffen am Samstag"
    assert entry["LOCATION"] == "Kreishaus, Sitzungssaal"
    assert entry["URL"] == f"http://testserver/netzwerk/termine/{saturday.pk}/"
    assert entry["DESCRIPTION"] == (
        "Austausch & Neuigkeiten\nBitte anmelden.\n\n"
        "Tagesordnung:\n- Begrüßung\n- Berichte aus den Kommunen\n\n"
        "Online-Teilnahme: https://konferenz.example/treffen\n\n"
        "Veranstalter: Brakel"
    )
    assert entry["CONFERENCE"] == "https://konferenz.example/treffen"
    assert entry["CONFERENCE"].params["VALUE"] == "URI"
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_online_event_without_a_place_has_its_link_as_location(client, around_daylight_saving):
    sunday = around_daylight_saving[1]
    (entry,) = parse(client.get(f"/netzwerk/termine/{sunday.pk}.ics")).walk("VEVENT")
    assert entry["LOCATION"] == "https://konferenz.example/schulung"


# Query counts


def add_events(organiser, count):
    """Upcoming and past events, each with its organiser, as the lists and the feed show them."""
    now = timezone.now()
    for day in range(1, count + 1):
        EventFactory(organiser=organiser, starts_at=now + timedelta(days=day))
        EventFactory(organiser=organiser, starts_at=now - timedelta(days=day))


@pytest.mark.parametrize(
    "url", ["/netzwerk/termine/", "/netzwerk/termine/?seite=2", "/netzwerk/termine.ics"]
)
def test_event_lists_cost_the_same_queries_for_many_events(
    client, brakel, django_assert_max_num_queries, url
):
    add_events(brakel, 3)
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    # Counted now: the connection keeps only the last 9000 queries, and more follow.
    budget = len(few)
    add_events(brakel, 60)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.content.decode().count("Brakel") >= 20


# Admin


def event_form(organiser, **values):
    return {
        "title": "Netzwerktreffen im Dezember",
        "kind": EventKind.NETZWERKTREFFEN,
        "starts_at": "2026-12-03 14:00",
        "ends_at": "2026-12-03 17:00",
        "location": "Kreishaus Höxter",
        "online_url": "",
        "organiser": organiser.pk,
        "description": rich_text("<p>Das Treffen zum Jahresende.</p>"),
        "agenda": rich_text("<ol><li>Rückblick</li><li>Planung</li></ol>"),
        **values,
    }


def test_coordinator_adds_an_event_in_the_admin(client, people, kreis):
    client.force_login(people["coordinator"])

    response = client.post("/admin/snippets/network/event/add/", event_form(kreis))

    assert response.status_code == 302
    event = Event.objects.get()
    assert event.organiser == kreis
    assert timezone.localtime(event.starts_at) == datetime(2026, 12, 3, 14, tzinfo=BERLIN)
    assert "Rückblick" in event.agenda


def test_admin_refuses_an_end_before_the_start_with_a_german_message(client, people, kreis):
    client.force_login(people["coordinator"])

    response = client.post(
        "/admin/snippets/network/event/add/", event_form(kreis, ends_at="2026-12-03 13:00")
    )

    assert response.status_code == 200
    assert "Das Ende muss nach dem Beginn liegen." in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize("role", ["member", "editor_brakel"])
def test_members_and_editors_cannot_add_events(client, people, kreis, role):
    client.force_login(people[role])

    response = client.post("/admin/snippets/network/event/add/", event_form(kreis))

    assert response.status_code == 302
    assert not Event.objects.exists()
