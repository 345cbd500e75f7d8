"""The deadlines as iCalendar and new calls as Atom: valid, and only what visitors may see."""

from datetime import UTC, date, datetime, timedelta

import feedparser
import icalendar
import pytest
from wagtail.models import PageViewRestriction

from kb.models import DeadlineLabel, FundingCallPage
from tests.factories.kb import FundingCallPageFactory, HandlungsfeldFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(clock):
    """Two published calls, a draft, a restricted one and one closed long ago."""
    published = FundingCallPageFactory(
        title="Smart Region",
        deadlines=[(DeadlineLabel.SKIZZE, 10), (DeadlineLabel.ANTRAG, 70)],
        handlungsfelder=[HandlungsfeldFactory(name="Smart Region und Daten")],
    )
    closed = FundingCallPageFactory(title="Treffpunkte digital", deadlines=[-1])
    draft = FundingCallPageFactory(title="Entwurf eines Aufrufs", live=False)
    restricted = FundingCallPageFactory(title="Nur für Angemeldete")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    FundingCallPageFactory(title="Lange vorbei", deadlines=[-181])
    return {"published": published, "closed": closed, "draft": draft, "restricted": restricted}


def parse_calendar(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="fristen.ics"'
    return icalendar.Calendar.from_ical(response.content)


def test_calendar_is_valid_with_one_all_day_event_per_deadline(client, calls):
    response = client.get("/foerderung/fristen.ics")
    calendar = parse_calendar(response)

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Digitalnetz//Termine//DE"
    assert calendar["X-WR-CALNAME"] == "Digitalnetz: Förderfristen"
    entries = calendar.walk("VEVENT")
    assert [str(entry["SUMMARY"]) for entry in entries] == [
        "Frist (Antrag): Treffpunkte digital",
        "Frist (Skizze): Smart Region",
        "Frist (Antrag): Smart Region",
    ]
    skizze = entries[1]
    assert skizze.decoded("DTSTART") == date(2026, 4, 26)
    assert skizze["DTSTART"].params["VALUE"] == "DATE"
    assert skizze.decoded("DTEND") == date(2026, 4, 27)
    assert skizze["TRANSP"] == "TRANSPARENT"
    assert skizze["URL"] == "http://testserver/foerderung/smart-region/"
    assert "Fördergeber: Ministerium für Digitales" in skizze["DESCRIPTION"]
    for entry in entries:
        assert entry.decoded("DTSTAMP").utcoffset() == timedelta(0)
    uids = [str(entry["UID"]) for entry in entries]
    assert len(set(uids)) == 3
    assert all(uid.startswith("foerderfrist-") and uid.endswith("@127.0.0.1") for uid in uids)
    # RFC 5545, 3.1: lines end in CRLF and are folded at 75 octets.
    lines = response.content.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in response.content.replace(b"\r\n", b"")


def test_calendar_holds_only_published_public_calls(client, calls):
    content = client.get("/foerderung/fristen.ics").content.decode()
    assert "Smart Region" in content
    for hidden in ("Entwurf eines Aufrufs", "Nur für Angemeldete", "Lange vorbei"):
        assert hidden not in content


def test_uids_stay_when_editors_move_a_deadline(client, calls):
    before = parse_calendar(client.get("/foerderung/fristen.ics")).walk("VEVENT")
    call = FundingCallPage.objects.get(pk=calls["published"].pk)
    deadlines = list(call.deadlines.all())
    deadlines[1].date += timedelta(days=14)
    call.deadlines = deadlines
    call.save_revision().publish()

    after = parse_calendar(client.get("/foerderung/fristen.ics")).walk("VEVENT")

    assert [str(entry["UID"]) for entry in after] == [str(entry["UID"]) for entry in before]
    assert after[2].decoded("DTSTART") == date(2026, 7, 9)


def test_only_the_file_name_serves_the_calendar(client, calls):
    assert client.get("/foerderung/fristen.ics/").status_code == 404
    assert client.get("/foerderung/fristen.txt").status_code == 404


def test_atom_feed_lists_new_calls_newest_first(client, calls):
    for title, day in (("Lange vorbei", 1), ("Smart Region", 3), ("Treffpunkte digital", 2)):
        FundingCallPage.objects.filter(title=title).update(
            first_published_at=datetime(2026, 3, day, tzinfo=UTC)
        )

    response = client.get("/foerderung/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.title == "Digitalnetz: Förderaufrufe"
    assert feed.feed.link == "http://testserver/foerderung/"
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Smart Region", "Treffpunkte digital", "Lange vorbei"]
    newest = feed.entries[0]
    assert newest.link == "http://testserver/foerderung/smart-region/"
    assert newest.id == f"urn:uuid:{calls['published'].translation_key}"
    assert newest.summary == "Gefördert werden digitale Dienste der Kommunen."
    assert {tag.term for tag in newest.tags} == {"Land", "Smart Region und Daten"}


def test_atom_feed_holds_only_published_public_calls(client, calls):
    feed = feedparser.parse(client.get("/foerderung/feed/").content)
    titles = {entry.title for entry in feed.entries}
    assert titles == {"Smart Region", "Treffpunkte digital", "Lange vorbei"}
