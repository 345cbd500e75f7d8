"""The site search on the demo network: does it find what people look for?

The queries and the results they must find are in tests/data/search_relevance.toml. Each runs
through the search page as a visitor or a member would; nine in ten must find all their
results among the first three. The report lists the queries that did not, with what came first.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from portal.models import Kind
from portal.search.engine import visible_entries

RELEVANCE_SET = Path(__file__).parents[1] / "data" / "search_relevance.toml"
QUERIES = tomllib.loads(RELEVANCE_SET.read_text(encoding="utf-8"))["queries"]
PASS_RATE = 0.9
TOP = 3


@dataclass
class Outcome:
    query: dict
    top: list

    @property
    def passed(self):
        return all(title in self.top for title in self.query["expected"])

    def __str__(self):
        reader = " (as a member)" if self.query.get("as") == "member" else ""
        return (
            f"{self.query['query']!r}{reader}\n"
            f"    expected: {' | '.join(self.query['expected'])}\n"
            f"    top {TOP}:    {' | '.join(self.top) or '(nothing found)'}"
        )


@pytest.fixture
def member(demo_network):
    return get_user_model().objects.get(username="mitglied")


def search_as(client, member, query):
    """The titles of the first results of the search page, as the query's reader sees it."""
    if query.get("as") == "member":
        client.force_login(member)
    else:
        client.logout()
    response = client.get("/suche/", {"q": query["query"]})
    assert response.status_code == 200
    return [entry.title for entry in response.context.get("results", [])][:TOP]


def test_the_relevance_set_asks_for_every_kind_of_content_by_its_title(demo_network, member):
    """At least thirty queries, over every kind of content; each expected title names exactly
    one thing its reader may find, so that a query fails only for the ranking."""
    assert len(QUERIES) >= 30
    kinds = set()
    for query in QUERIES:
        assert set(query) <= {"query", "expected", "as", "note"}, query
        assert query.get("as", "visitor") in {"visitor", "member"}, query
        reader = member if query.get("as") == "member" else AnonymousUser()
        for title in query["expected"]:
            found = visible_entries(reader).filter(title=title).values_list("kind", flat=True)
            assert len(found) == 1, f"{query['query']}: {title!r} found {len(found)} times"
            kinds.update(found)
    assert kinds >= set(Kind) - {Kind.PAGE}


def test_nine_in_ten_queries_find_what_they_must_among_the_first_three(
    demo_network, member, client, record_property
):
    outcomes = [Outcome(query, search_as(client, member, query)) for query in QUERIES]
    failed = [outcome for outcome in outcomes if not outcome.passed]
    rate = 1 - len(failed) / len(outcomes)
    report = f"{len(outcomes) - len(failed)} of {len(outcomes)} queries ({rate:.0%}) pass"
    report += "".join(f"\n  {outcome}" for outcome in failed)
    record_property("search_relevance", report)
    print(report)  # shown with -rP, or -s
    assert rate >= PASS_RATE, report
