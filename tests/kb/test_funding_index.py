"""The funding calls at /foerderung/: sorted by next deadline, filtered, paginated, archived."""

from datetime import date

import pytest
from wagtail.models import PageViewRestriction

from kb.models import FundingCallIndexPage, FundingLevel
from tests.factories.kb import ApplicantGroupFactory, FundingCallPageFactory, HandlungsfeldFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return [call.title for call in response.context["calls"]]


@pytest.fixture
def calls(clock, handlungsfeld):
    """Calls around today (16 April 2026) of every status, on different levels and topics."""
    verbund = ApplicantGroupFactory(name="Interkommunaler Verbund", slug="verbund")
    return {
        "later": FundingCallPageFactory(title="Später", deadlines=[90], level=FundingLevel.EU),
        "soon": FundingCallPageFactory(
            title="Bald", deadlines=[5], handlungsfelder=[handlungsfeld]
        ),
        "today": FundingCallPageFactory(title="Heute", deadlines=[0], level=FundingLevel.BUND),
        "announced": FundingCallPageFactory(
            title="Angekündigt",
            opens_on=date(2026, 5, 1),
            deadlines=[60],
            applicant_groups=[verbund],
        ),
        "closed_yesterday": FundingCallPageFactory(title="Gestern zu", deadlines=[-1]),
        "closed_long_ago": FundingCallPageFactory(title="Lange zu", deadlines=[-100, -90]),
    }


def test_open_and_announced_calls_come_by_next_deadline(client, calls):
    response = client.get("/foerderung/")

    assert response.status_code == 200
    assert titles(response) == ["Heute", "Bald", "Angekündigt", "Später"]
    html = response.content.decode()
    assert "4 Förderaufrufe" in html
    assert '<span class="kern-sr-only">Stand: </span>endet bald</span>' in html
    assert "Nächste Frist (Antrag):</strong> <time" in html
    assert "bis zu 80&nbsp;% Förderung, höchstens 250.000&nbsp;€" in html


def test_closed_calls_are_archived_the_latest_closed_first(client, calls):
    response = client.get("/foerderung/archiv/")

    assert response.status_code == 200
    assert titles(response) == ["Gestern zu", "Lange zu"]
    html = response.content.decode()
    assert "Archiv: abgeschlossene Förderaufrufe" in html
    assert "2 abgeschlossene Förderaufrufe" in html
    assert "Letzte Frist (Antrag):</strong>" in html
    assert '<a class="kern-link" href="/foerderung/archiv/" aria-current="page">Archiv</a>' in html
    assert 'name="status"' not in html  # everything in the archive is closed


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "endet-bald"}, ["Heute", "Bald"]),
        ({"status": "offen"}, ["Später"]),
        ({"status": "angekuendigt"}, ["Angekündigt"]),
        ({"ebene": "bund"}, ["Heute"]),
        ({"ebene": "land", "status": "endet-bald"}, ["Bald"]),
        ({"thema": "digitale-verwaltung"}, ["Bald"]),
        ({"antragsberechtigt": "verbund"}, ["Angekündigt"]),
    ],
)
def test_filters(client, calls, query, expected):
    assert titles(client.get("/foerderung/", query)) == expected


def test_archive_filters_too(client, calls):
    assert titles(client.get("/foerderung/archiv/", {"ebene": "eu"})) == []
    assert titles(client.get("/foerderung/archiv/", {"ebene": "land"})) == [
        "Gestern zu",
        "Lange zu",
    ]


def test_bad_filter_input_gets_a_message_and_the_full_list(client, calls):
    response = client.get("/foerderung/", {"thema": "gibt-es-nicht", "status": "kaputt"})

    assert response.status_code == 200
    assert titles(response) == ["Heute", "Bald", "Angekündigt", "Später"]
    assert response.context["filter_form"].errors.keys() == {"thema", "status"}
    assert "Filter zurücksetzen" in response.content.decode()


def test_twenty_calls_per_page(client, clock):
    for number in range(25):
        FundingCallPageFactory(title=f"Aufruf {number:02}", deadlines=[10 + number])

    first = client.get("/foerderung/")
    second = client.get("/foerderung/", {"seite": 2})

    assert len(first.context["calls"]) == 20
    assert titles(second) == [f"Aufruf {number:02}" for number in range(20, 25)]
    assert "Seite 2 von 2" in second.content.decode()


def test_drafts_and_restricted_calls_are_not_listed(client, clock):
    FundingCallPageFactory(title="Entwurf", live=False)
    restricted = FundingCallPageFactory(title="Nur intern")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    FundingCallPageFactory(title="Öffentlich")

    assert titles(client.get("/foerderung/")) == ["Öffentlich"]


def test_index_links_its_archive_and_both_feeds(client, calls):
    html = client.get("/foerderung/").content.decode()
    assert 'href="/foerderung/archiv/"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/foerderung/feed/"' in html
    assert 'href="http://testserver/foerderung/fristen.ics"' in html


@pytest.mark.scale
def test_index_costs_the_same_queries_for_many_calls(client, clock, django_assert_max_num_queries):
    handlungsfelder = [HandlungsfeldFactory() for _ in range(3)]
    FundingCallPageFactory(handlungsfelder=handlungsfelder)
    FundingCallPageFactory(deadlines=[-5])
    pages = ["/foerderung/", "/foerderung/?seite=3", "/foerderung/archiv/?seite=2"]
    with django_assert_max_num_queries(40) as captured:
        client.get(pages[0])
    budget = len(captured)

    # Half of them closed, with a deadline behind them; the others with one behind, one ahead.
    for number in range(200):
        FundingCallPageFactory(
            deadlines=[number - 300] if number % 2 else [number - 50, number + 10],
            handlungsfelder=handlungsfelder[: number % 4],
        )
    index = FundingCallIndexPage.objects.get()
    assert index.calls().current().count() == index.calls().closed().count() == 101

    for path in pages:
        with django_assert_max_num_queries(budget):
            response = client.get(path)
        assert len(response.context["calls"]) == 20, path
