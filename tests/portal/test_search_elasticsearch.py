"""The site search with Elasticsearch: what we send, and what happens when the cluster fails.

No cluster runs here. The unit tests check the index definition and the queries we send, and
read answers shaped like the cluster's; the fallback tests point ELASTICSEARCH_URL at a closed
port and at a server that never answers, both real. The tests marked `elasticsearch` run against
the cluster at ELASTICSEARCH_URL (`make test-es`) and are skipped without one.
"""

import logging
import os
import socket
import subprocess
import sys
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from elasticsearch_dsl.response import Response

from network.models import Visibility
from portal.models import SearchEntry
from portal.search import elastic
from portal.search.engine import SearchRequest, audiences_for, database_search
from projects.models import ProjectPage, ProjectStatus
from tests.factories.network import ContactPersonFactory
from tests.factories.projects import ProjectPageFactory
from tests.projects.test_project_pages import project_form_data

NOTICE = "Die Suche läuft gerade eingeschränkt"
# The visitor's and the member's searches may differ in their audience filter only.
VISITOR_FILTER = {"terms": {"audience": ["public"]}}
MEMBER_FILTER = {"terms": {"audience": ["public", "members"]}}


def titles(response):
    return [entry.title for entry in response.context["results"]]


# The configuration


def test_elasticsearch_url_sends_wagtails_pages_to_the_cluster_under_our_prefix(settings):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")} | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 50,
        "ELASTICSEARCH_URL": "http://elastic:geheim@search.example:9200",
        "ELASTICSEARCH_INDEX": "netz",
    }
    code = (
        "from wagtail.search.backends import get_search_backend; b = get_search_backend(); "
        "print(type(b).__name__, b.index_prefix, b.timeout, b.es.transport.node_pool.get().host)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["Elasticsearch8SearchBackend", "netz-", "2", "search.example"]


# The index


def test_the_index_analyses_german_and_keeps_the_stems_of_the_database(settings):
    settings.ELASTICSEARCH_INDEX = "digitalnetz"
    assert elastic.index_name() == "digitalnetz-suche"
    definition = elastic.search_index().to_dict()
    analysis = definition["settings"]["analysis"]
    # The same steps as portal.search.german: lower case, Snowball's German stemmer, folding.
    assert analysis["analyzer"]["german_stems"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "german_snowball", "german_normalization"],
    }
    assert analysis["filter"]["german_snowball"] == {"type": "snowball", "language": "German"}
    assert analysis["analyzer"]["title_beginnings"]["filter"] == [
        "lowercase",
        "german_normalization",
        "beginnings",
    ]
    assert analysis["filter"]["beginnings"] == {"type": "edge_ngram", "min_gram": 2, "max_gram": 20}
    fields = definition["mappings"]["properties"]
    assert fields["title"] == {
        "type": "text",
        "analyzer": "german_stems",
        "fields": {
            "beginnings": {
                "type": "text",
                "analyzer": "title_beginnings",
                "search_analyzer": "typed_words",
            }
        },
    }
    assert fields["text"] == {"type": "text", "analyzer": "german_stems"}
    # The stems are precomputed, as in the database: only split at the spaces.
    assert fields["stems"] == fields["title_stems"] == {"type": "text", "analyzer": "whitespace"}
    keywords = [
        "kind",
        "audience",
        "organisations",
        "organisation_facet",
        "handlungsfeld",
        "handlungsfeld_facet",
        "status",
        "status_facet",
        "tags",
        "tag_facet",
    ]
    for name in keywords:
        assert fields[name] == {"type": "keyword"}, name
    assert fields["url"] == {"type": "keyword", "index": False}
    assert fields["date"] == {"type": "date"}
    assert set(elastic.FACET_FIELDS) == set(elastic.FACETS)


def test_documents_carry_slugs_for_filters_and_labels_for_facets(schools, brakel):
    wlan = schools["wlan"]
    entry = elastic.documented_entries(SearchEntry.objects.filter(object_id=wlan.pk)).get()
    action = elastic.index_action(entry, "digitalnetz-suche")
    assert action["_index"] == "digitalnetz-suche"
    assert action["_id"] == str(entry.pk)
    source = action["_source"]
    assert source["kind"] == "projekt"
    assert source["audience"] == "public"
    assert source["title"] == "WLAN an allen Schulen"
    assert source["stems"] == entry.stems
    assert "schul" in source["title_stems"].split()
    assert source["organisations"] == [brakel.slug]
    assert source["organisation_facet"] == [f"{brakel.slug}|Brakel"]
    assert source["handlungsfeld"] == "bildung"
    assert source["handlungsfeld_facet"] == "bildung|Bildung"
    assert source["status"] == ProjectStatus.IN_PROGRESS
    assert source["status_facet"] == f"{ProjectStatus.IN_PROGRESS}|in Umsetzung"
    assert source["tags"] == ["wlan"]
    assert source["tag_facet"] == ["wlan|WLAN"]
    assert source["url"] == wlan.url


# The queries


def test_every_query_stem_must_begin_a_stem_title_first(settings):
    search = elastic.build(SearchRequest(query="Förderungen Grundsch", user=AnonymousUser()))
    body = search.to_dict()
    assert body["query"] == {
        "bool": {
            "filter": [VISITOR_FILTER],
            "must": [
                {
                    "bool": {
                        "should": [
                            {"prefix": {"title_stems": {"value": term, "boost": 5}}},
                            {"prefix": {"stems": {"value": term}}},
                        ]
                    }
                }
                for term in ["forder", "grundsch"]
            ],
            "should": [
                {"multi_match": {"query": "Förderungen Grundsch", "fields": ["title^5", "text"]}}
            ],
            "minimum_should_match": 0,
        }
    }
    assert body["sort"] == ["_score", {"date": "desc"}]
    assert (body["from"], body["size"]) == (0, 20)
    assert body["track_total_hits"] is True
    assert body["_source"] is False  # the entries come from the database
    assert "post_filter" not in body
    assert body["aggs"]["art"] == {
        "filter": {"match_all": {}},
        "aggs": {"values": {"terms": {"field": "kind", "size": 11}}},
    }
    assert search._index == [f"{settings.ELASTICSEARCH_INDEX}-suche"]


def test_chosen_facets_filter_the_hits_and_count_under_the_other_facets(people):
    request = SearchRequest(
        query="Schule",
        user=AnonymousUser(),
        filters={"art": "projekt", "kommune": "brakel", "status": "", "unbekannt": "x"},
    )
    body = elastic.build(request).to_dict()
    kind = {"term": {"kind": "projekt"}}
    organisation = {"term": {"organisations": "brakel"}}
    # The choices narrow the hits after the facets were counted; the query stays as it is.
    assert body["post_filter"] == {"bool": {"filter": [kind, organisation]}}
    assert body["query"]["bool"]["filter"] == [VISITOR_FILTER]
    aggs = body["aggs"]
    assert list(aggs) == ["art", "kommune", "handlungsfeld", "status", "schlagwort"]
    assert aggs["art"]["filter"] == {"bool": {"filter": [organisation]}}
    assert aggs["kommune"]["filter"] == {"bool": {"filter": [kind]}}
    for name in ["handlungsfeld", "status", "schlagwort"]:
        assert aggs[name]["filter"] == {"bool": {"filter": [kind, organisation]}}
    assert aggs["kommune"]["aggs"] == {
        "values": {"terms": {"field": "organisation_facet", "size": 15}}
    }
    assert aggs["schlagwort"]["aggs"]["values"]["terms"]["field"] == "tag_facet"


def test_visitors_search_public_entries_and_members_all(people):
    for role, expected in [
        ("visitor", VISITOR_FILTER),
        ("pending", VISITOR_FILTER),
        ("member", MEMBER_FILTER),
        ("coordinator", MEMBER_FILTER),
    ]:
        user = people[role] or AnonymousUser()
        # The one rule of who finds what, from the engine, for both backends.
        assert expected["terms"]["audience"] == list(audiences_for(user))
        for request in [
            SearchRequest(query="Schule", user=user),
            SearchRequest(query="", user=user, filters={"schlagwort": "wlan"}),
        ]:
            assert elastic.build(request).to_dict()["query"]["bool"]["filter"] == [expected]
        suggestions = elastic.build_suggestions("Tabl", user).to_dict()
        assert suggestions["query"]["bool"]["filter"] == [expected]


def test_matches_are_marked_in_title_and_an_excerpt_of_the_text():
    body = elastic.build(SearchRequest(query="Schulen WLAN", user=AnonymousUser())).to_dict()
    assert body["highlight"] == {
        "encoder": "html",
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "highlight_query": {
            "bool": {
                "should": [
                    {"prefix": {"title": "schul"}},
                    {"prefix": {"text": "schul"}},
                    {"prefix": {"title": "wlan"}},
                    {"prefix": {"text": "wlan"}},
                ]
            }
        },
        "fields": {
            "title": {"number_of_fragments": 0},
            "text": {"fragment_size": 240, "number_of_fragments": 1},
        },
    }


def test_without_words_the_newest_come_first_and_nothing_is_marked():
    request = SearchRequest(query="", user=AnonymousUser(), filters={"schlagwort": "wlan"})
    body = elastic.build(request, offset=40).to_dict()
    assert "must" not in body["query"]["bool"]
    assert "highlight" not in body
    assert body["sort"] == [{"date": "desc"}]
    assert body["from"] == 40
    assert body["post_filter"] == {"bool": {"filter": [{"term": {"tags": "wlan"}}]}}


def test_suggestions_ask_for_the_beginnings_of_title_words():
    body = elastic.build_suggestions("Tabl Grund", AnonymousUser()).to_dict()
    assert body["query"]["bool"]["must"] == [
        {"match": {"title.beginnings": {"query": "Tabl Grund", "operator": "and"}}}
    ]
    assert body["size"] == 8


@pytest.mark.parametrize(
    ("value", "number"), [(None, 1), ("abc", 1), ("-3", 1), ("2", 2), ("100000", 500)]
)
def test_page_numbers_stay_within_what_elasticsearch_returns(value, number):
    assert elastic.page_number(value) == number


# Reading the answers


def answer(search, hits, aggregations=None, total=None):
    """An answer as the cluster gives it (the search API's response body)."""
    empty = {name: {"doc_count": 0, "values": {"buckets": []}} for name in elastic.FACETS}
    return Response(
        search,
        {
            "took": 1,
            "timed_out": False,
            "hits": {
                "total": {"value": len(hits) if total is None else total, "relation": "eq"},
                "max_score": 1.0,
                "hits": hits,
            },
            "aggregations": {**empty, **(aggregations or {})},
        },
    )


def hit(entry, **highlight):
    return {
        "_index": "x",
        "_id": str(entry.pk),
        "_score": 1.0,
        **({"highlight": highlight} if highlight else {}),
    }


def test_hits_become_entries_in_order_and_never_what_the_user_may_not_see(schools, secrets):
    secret = SearchEntry.objects.get(title="Geheimprojekt Quastenflosser")
    tablets = SearchEntry.objects.get(title="Tablets für die Grundschule")
    wlan = SearchEntry.objects.get(title="WLAN an allen Schulen")
    search = elastic.build(SearchRequest(query="Schule", user=AnonymousUser()))
    # A document that lags behind its entry (a failed mirror) still says "public".
    response = answer(
        search,
        [
            hit(tablets),
            hit(secret),
            hit(
                wlan,
                title=["WLAN an allen <mark>Schulen</mark>"],
                text=["Jede <mark>Schule</mark> bekommt ein schnelles Netz."],
            ),
            {"_index": "x", "_id": "999999", "_score": 1.0},  # deleted since
        ],
    )
    entries = elastic.entries_of(response, AnonymousUser())
    assert [entry.title for entry in entries] == [tablets.title, wlan.title]
    assert not hasattr(entries[0], "highlighted_title")  # the view marks what is left
    assert entries[1].highlighted_title == "WLAN an allen <mark>Schulen</mark>"
    # The excerpt begins where the text begins; "…" says that more follows.
    assert wlan.text.startswith("Jede Schule bekommt ein schnelles Netz.")
    assert entries[1].excerpt == "Jede <mark>Schule</mark> bekommt ein schnelles Netz. …"
    assert elastic.excerpt("<mark>Netz</mark>.", "Ein Netz.") == "… <mark>Netz</mark>."


def test_facets_show_labels_most_results_first(people):
    search = elastic.build(
        SearchRequest(query="Schule", user=AnonymousUser(), filters={"kommune": "brakel"})
    )
    response = answer(
        search,
        [],
        aggregations={
            "art": {
                "doc_count": 4,
                "values": {
                    "buckets": [
                        {"key": "projekt", "doc_count": 3},
                        {"key": "abgeschafft", "doc_count": 1},  # a kind of an older release
                    ]
                },
            },
            "kommune": {
                "doc_count": 5,
                "values": {
                    "buckets": [
                        {"key": "hoexter|Höxter", "doc_count": 2},
                        {"key": "brakel|Brakel", "doc_count": 2},
                        {"key": "bad-driburg|Bad Driburg", "doc_count": 1},
                    ]
                },
            },
        },
    )
    facets = elastic.facets_of(response, {"kommune": "brakel"})
    assert [(v.value, v.label, v.count) for v in facets["art"]] == [("projekt", "Projekt", 3)]
    assert [(v.value, v.label, v.count, v.selected) for v in facets["kommune"]] == [
        ("brakel", "Brakel", 2, True),
        ("hoexter", "Höxter", 2, False),
        ("bad-driburg", "Bad Driburg", 1, False),
    ]
    assert facets["schlagwort"] == []


# When the cluster fails


@pytest.fixture
def closed_port():
    """A local port nothing listens on: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def silent_server():
    """A local server that accepts connections and never answers: a cluster that hangs."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield f"http://127.0.0.1:{server.getsockname()[1]}"


@pytest.fixture
def cluster_down(settings, closed_port):
    """Elasticsearch configured for the site search and for Wagtail's pages, and not there."""
    settings.ELASTICSEARCH_URL = closed_port
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [closed_port],
            "INDEX_PREFIX": f"{settings.ELASTICSEARCH_INDEX}-",
            "TIMEOUT": 2,
        }
    }
    return closed_port


@pytest.mark.parametrize("cluster", ["closed_port", "silent_server"])
def test_the_search_answers_from_the_database_within_two_seconds(
    client, settings, schools, request, cluster
):
    settings.ELASTICSEARCH_URL = request.getfixturevalue(cluster)
    started = time.monotonic()
    response = client.get("/suche/", {"q": "Schulen"})
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < 2.0
    assert set(titles(response)) == {
        "WLAN an allen Schulen",
        "Tablets für die Grundschule",
        "Förderung digitaler Lernorte",
    }
    assert NOTICE in response.content.decode()
    assert "<mark>Schulen</mark>" in response.content.decode()
    started = time.monotonic()
    suggestions = client.get("/suche/vorschlaege/", {"q": "Tabl", "format": "json"})
    assert time.monotonic() - started < 2.0
    assert [s["title"] for s in suggestions.json()["suggestions"]] == [
        "Tablets für die Grundschule"
    ]
    tag_page = client.get("/tags/wlan/")
    assert tag_page.status_code == 200
    assert [entry.title for entry in tag_page.context["response"].page] == ["WLAN an allen Schulen"]


def test_content_is_saved_when_the_cluster_is_down(
    client, people, brakel, cluster_down, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO)
    client.force_login(people["editor_brakel"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/pages/add/projects/projectpage/{brakel.pk}/",
            project_form_data("Digitale Bauakte"),
        )
    assert response.status_code == 302, response.context["form"].errors
    project = ProjectPage.objects.get(slug="e-akte")
    assert project.live
    with django_capture_on_commit_callbacks(execute=True):
        contact = ContactPersonFactory(name="Olga Oktopus", organisation=brakel)
        contact.record_consent(Visibility.HIDDEN)
        contact.save()
        ProjectPageFactory(parent=brakel, title="Ratsinformation").delete()
    # Both indexes were tried, and the failures logged.
    messages = [record.getMessage() for record in caplog.records]
    assert any("wait for a rebuild" in message for message in messages)
    assert any("search backend" in message for message in messages)  # Wagtail's pages
    # The database search has it all, and says so.
    search = client.get("/suche/", {"q": "Bauakte"})
    assert titles(search) == ["Digitale Bauakte"]
    assert NOTICE in search.content.decode()
    assert titles(client.get("/suche/", {"q": "Oktopus"})) == []
    assert titles(client.get("/suche/", {"q": "Ratsinformation"})) == []


def test_rebuild_search_writes_the_database_index_and_reports_the_cluster(
    cluster_down, schools, django_capture_on_commit_callbacks
):
    SearchEntry.objects.all().delete()
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(CommandError, match="nicht erreichbar"),
    ):
        call_command("rebuild_search", verbosity=0)
    assert SearchEntry.objects.filter(title="WLAN an allen Schulen").exists()
    # The entries go to Elasticsearch all at once, not each one as it is written.
    assert callbacks == []
    with django_capture_on_commit_callbacks() as callbacks:
        ProjectPageFactory(parent=schools["wlan"].get_parent(), title="Ratsinformation")
    assert callbacks  # outside a rebuild, each change is followed


# Against a real cluster (make test-es)


@pytest.fixture
def cluster(settings):
    """The cluster at ELASTICSEARCH_URL, for the site search and Wagtail's pages."""
    url = settings.ELASTICSEARCH_TEST_URL
    if not url:
        pytest.skip("ELASTICSEARCH_URL is not set; make test-es runs these with a cluster")
    settings.ELASTICSEARCH_URL = url
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [url],
            "INDEX_PREFIX": f"{settings.ELASTICSEARCH_INDEX}-",
            "TIMEOUT": 10,
        }
    }
    return elastic.client(timeout=10)


def rebuild():
    call_command("rebuild_search", verbosity=0)


def refresh(cluster):
    cluster.indices.refresh(index=elastic.index_name())


def found(client, query, **filters):
    response = client.get("/suche/", {"q": query, **filters})
    assert response.status_code == 200
    assert NOTICE not in response.content.decode(), "Elasticsearch did not answer"
    return response


@pytest.mark.elasticsearch
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Schule", "WLAN an allen Schulen"),
        ("Schulen", "Tablets für die Grundschule"),
        ("Foerderung", "Förderung digitaler Lernorte"),
        ("förderungen lernort", "Förderung digitaler Lernorte"),
        ("Digitalisierungsbeauftragte", "Digitalisierungsbeauftragter in Teilzeit"),
        ("dienstanweisung mobil", "Dienstanweisung mobiles Arbeiten"),
        ("Grundsch", "Tablets für die Grundschule"),
    ],
)
def test_elasticsearch_finds_german_forms_as_the_database_does(
    client, cluster, schools, query, expected
):
    database = {
        entry.title for entry in database_search(SearchRequest(query, AnonymousUser())).page
    }
    rebuild()
    response = found(client, query)
    assert expected in titles(response)
    assert set(titles(response)) == database


@pytest.mark.elasticsearch
def test_elasticsearch_marks_matches_and_counts_facets(client, cluster, schools, brakel):
    rebuild()
    response = found(client, "Schule")
    content = response.content.decode()
    assert "<mark>Schulen</mark>" in content
    facets = {facet["name"]: facet for facet in response.context["facets"]}
    kinds = {value.value: value.count for value in facets["art"]["values"]}
    assert kinds["projekt"] == 2
    assert kinds["foerderaufruf"] == 1
    statuses = {value.label: value.count for value in facets["status"]["values"]}
    assert statuses["in Umsetzung"] == 1
    assert titles(found(client, "Schule", art="projekt", kommune=brakel.slug)) == [
        "WLAN an allen Schulen"
    ]
    chosen = found(client, "Schule", art="projekt").context["facets"]
    # A chosen kind still offers the others, counted without it.
    assert {value.value for value in chosen[0]["values"]} >= {"projekt", "foerderaufruf"}
    assert titles(found(client, "Schule", schlagwort="schule")) == ["Tablets für die Grundschule"]
    tag_page = client.get("/tags/wlan/")
    assert [entry.title for entry in tag_page.context["response"].page] == ["WLAN an allen Schulen"]
    suggestions = client.get("/suche/vorschlaege/", {"q": "Tabl", "format": "json"}).json()
    assert [s["title"] for s in suggestions["suggestions"]] == ["Tablets für die Grundschule"]


@pytest.mark.elasticsearch
def test_visitors_never_find_members_only_entries_in_elasticsearch(
    client, cluster, secrets, people
):
    rebuild()
    for word in ["Quastenflosser", "Pfeilschwanzkrebs", "Axolotl", "Nacktmull"]:
        response = found(client, word)
        assert titles(response) == []
        assert response.context["total"] == 0
        suggestions = client.get("/suche/vorschlaege/", {"q": word, "format": "json"}).json()
        assert suggestions["suggestions"] == []
    for facet in found(client, "Brakel").context["facets"]:
        assert all("Quastenflosser" not in value.label for value in facet["values"])
    client.force_login(people["member"])
    assert titles(found(client, "Quastenflosser")) == ["Geheimprojekt Quastenflosser"]
    assert titles(found(client, "Pfeilschwanzkrebs")) == ["Frage zum Netz"]
    assert titles(found(client, "Axolotl")) == []


@pytest.mark.elasticsearch
def test_the_index_follows_saves_deletions_and_consent(
    client, cluster, brakel, people, django_capture_on_commit_callbacks
):
    rebuild()
    with django_capture_on_commit_callbacks(execute=True):
        contact = ContactPersonFactory(name="Olga Oktopus", organisation=brakel)
        project = ProjectPageFactory(parent=brakel, title="Ratsinformationssystem")
    refresh(cluster)
    assert titles(found(client, "Oktopus")) == ["Olga Oktopus"]
    assert titles(found(client, "Ratsinformation")) == ["Ratsinformationssystem"]
    with django_capture_on_commit_callbacks(execute=True):
        contact.record_consent(Visibility.HIDDEN)
        contact.save()
        project.delete()
    refresh(cluster)
    assert cluster.count(index=elastic.index_name())["count"] == SearchEntry.objects.count()
    assert titles(found(client, "Oktopus")) == []
    assert titles(found(client, "Ratsinformation")) == []


@pytest.mark.elasticsearch
def test_a_rebuild_replaces_the_index_behind_the_alias(cluster, schools):
    rebuild()
    first = set(cluster.indices.get_alias(name=elastic.index_name()))
    rebuild()
    second = set(cluster.indices.get_alias(name=elastic.index_name()))
    assert len(second) == 1 and first != second
    assert not cluster.indices.exists(index=",".join(first))
    assert cluster.count(index=elastic.index_name())["count"] == SearchEntry.objects.count()


@pytest.mark.elasticsearch
def test_wagtail_searches_pages_in_elasticsearch(cluster, schools):
    call_command("update_index", verbosity=0)
    assert "WLAN an allen Schulen" in [
        page.title for page in ProjectPage.objects.live().search("Schulen")
    ]
