"""Building the search index in bulk (rebuild_search): the same entries as writing them one object
at a time, and as many queries for many objects as for a few."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kb.models import Handlungsfeld
from network import forum
from network.models import OrganisationKind, Visibility
from portal.models import Kind, SearchEntry, SearchEntryOrganisation, SearchEntryTag
from portal.search import entries
from portal.search.engine import SearchRequest, search
from portal.search.entries import SOURCES, GlossaryTermSource, update_entry
from projects.bulk import create_projects
from tests.factories.kb import (
    BestPracticePageFactory,
    FundingCallPageFactory,
    GlossaryTermFactory,
    GuidePageFactory,
    TemplateDocumentFactory,
)
from tests.factories.network import (
    ContactPersonFactory,
    EventFactory,
    ForumCategoryFactory,
    OrganisationPageFactory,
)
from tests.factories.projects import ProjectPageFactory
from tests.projects.scale import add_organisations

pytestmark = pytest.mark.django_db

QUERIES = ["Projekt", "Musterort", "Vorlage", "Netzwerktreffen", "Zitteraal", "Begriff", "Wissen"]


def grow(size, people):
    """`size` more objects of every kind the search indexes, with all their relations."""
    organisations = add_organisations(
        {"title": f"Musterort {n}", "kind": OrganisationKind.GEMEINDE, "description": "Ein Ort."}
        for n in range(size)
    )
    handlungsfeld = Handlungsfeld.objects.create(name=f"Feld {size}", slug=f"feld-{size}")
    # Projects with partners in every role, tags and members-only ones (projects.bulk).
    create_projects(
        size * 4, organisations, seed=size, handlungsfelder=[handlungsfeld], members_only_share=0.3
    )
    category = ForumCategoryFactory()
    for n, organisation in enumerate(organisations):
        practice = BestPracticePageFactory(
            organisations=[organisation], handlungsfeld=handlungsfeld
        )
        practice.tags.add("E-Akte", f"Praxis {n}")
        practice.save_revision().publish()
        GuidePageFactory().tags.add("Leitfaden")
        FundingCallPageFactory(handlungsfelder=[handlungsfeld])
        TemplateDocumentFactory(organisation=organisation).tags.add("Muster")
        EventFactory(organiser=organisation)
        contact = ContactPersonFactory(organisation=organisation, consent=Visibility.MEMBERS)
        contact.expertise.add("DMS", "OZG")
        ContactPersonFactory(organisation=organisation, consent=Visibility.HIDDEN)
        thread = forum.start_thread(
            category=category,
            author=people["member"],
            title=f"Frage {n}",
            body="Wer kennt Zitteraale?",
            tags=["Forum"],
        )
        forum.add_post(thread, people["member"], "Eine Antwort.")
        hidden = forum.add_post(thread, people["member"], "Werbung")
        forum.set_hidden(hidden, True, people["coordinator"])
        GlossaryTermFactory()


def index_one_by_one():
    """The entries as the saves of single objects write them (signals), without prefetching."""
    for source in SOURCES:
        for obj in source.indexable():
            update_entry(obj)


def snapshot(with_ids=True):
    """Every entry with its organisations and tags, by the object it describes."""
    organisations, tags = {}, {}
    for entry_id, organisation_id in SearchEntryOrganisation.objects.values_list(
        "entry_id", "organisation_id"
    ):
        organisations.setdefault(entry_id, set()).add(organisation_id)
    for entry_id, tag_id in SearchEntryTag.objects.values_list("entry_id", "tag_id"):
        tags.setdefault(entry_id, set()).add(tag_id)
    rows = {}
    for entry in SearchEntry.objects.values():
        entry_id = entry["id"] if with_ids else entry.pop("id")
        del entry["indexed_at"]
        entry["organisations"] = organisations.get(entry_id, set())
        entry["tags"] = tags.get(entry_id, set())
        rows[entry["content_type_id"], entry["object_id"]] = entry
    return rows


def found(user):
    """What each query finds for the user, on all its pages.

    All pages, not the first: among results that rank alike the newer entry comes first, and a
    rebuild from an empty index numbers the entries anew, so which of them fill the first page
    may change (it did when other tests had moved the factories' sequences).
    """

    def every_page(query):
        first = search(SearchRequest(query=query, user=user)).page
        pages = [first] + [
            search(SearchRequest(query=query, user=user, page=number)).page
            for number in first.paginator.page_range[1:]
        ]
        return {entry.title for page in pages for entry in page}

    return {query: every_page(query) for query in QUERIES}


def test_a_rebuild_writes_the_entries_that_single_saves_write(people, monkeypatch):
    grow(3, people)
    # Objects without a date of their own (contacts, pages never published by a revision) are
    # dated when their entry is written: at this one moment.
    moment = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: moment)
    index_one_by_one()
    written, findings = snapshot(), found(people["member"])
    assert {entry["kind"] for entry in written.values()} == set(Kind.values)
    assert findings["Zitteraal"] == {"Frage 0", "Frage 1", "Frage 2"}
    # Several chunks of each kind.
    monkeypatch.setattr(entries, "CHUNK_SIZE", 4)
    call_command("rebuild_search", verbosity=0)
    assert snapshot() == written
    assert found(people["member"]) == findings
    # From an empty index: the same, but for the entries' ids.
    SearchEntry.objects.all().delete()
    call_command("rebuild_search", verbosity=0)
    assert snapshot(with_ids=False) == {
        key: {name: value for name, value in entry.items() if name != "id"}
        for key, entry in written.items()
    }
    assert found(people["member"]) == findings


def rebuild_queries():
    """The queries of a rebuild of an index that is up to date (after one that is not)."""
    call_command("rebuild_search", verbosity=0)
    with CaptureQueriesContext(connection) as captured:
        call_command("rebuild_search", verbosity=0)
    return len(captured)


def test_a_rebuild_costs_as_many_queries_for_many_objects_as_for_a_few(people):
    grow(1, people)
    few = rebuild_queries()
    grow(6, people)
    assert rebuild_queries() == few


def test_glossary_terms_are_described_with_one_look_up_of_the_glossary():
    source = GlossaryTermSource()
    terms = GlossaryTermFactory.create_batch(6)
    source.describe(terms[:1])  # the site's root paths, once cached

    def queries(terms):
        with CaptureQueriesContext(connection) as captured:
            source.describe(terms)
        return len(captured)

    assert queries(terms) == queries(terms[:1])


def progress_bars(output):
    """The last state of each progress bar in the output, by its label ("Projekt")."""
    bars = {}
    for line in re.split(r"[\r\n]+", output):
        label, colon, rest = line.partition(": ")
        if colon and "Einträge" in rest:
            bars[label] = rest
    return bars


def test_a_rebuild_shows_its_progress_with_the_number_of_entries_of_each_kind(capsys):
    organisation = OrganisationPageFactory(title="Musterhausen")
    for number in range(3):
        ProjectPageFactory(parent=organisation, title=f"Projekt {number}")
    for number in range(2):
        TemplateDocumentFactory(title=f"Vorlage {number}")
    stale = SearchEntry.objects.get(title="Projekt 0")
    stale.pk, stale.object_id = None, 999999
    stale.save()
    capsys.readouterr()

    call_command("rebuild_search")
    out, err = capsys.readouterr()
    bars = progress_bars(err)
    entries_of = {str(kind.label): SearchEntry.objects.filter(kind=kind).count() for kind in Kind}
    assert entries_of["Projekt"] == 3 and entries_of["Vorlage"] == 2
    # A bar for every kind, which ends at the number of its entries (a kind without any says so).
    assert set(bars) == set(entries_of)
    for label, count in entries_of.items():
        if count:
            assert bars[label].startswith("100%|"), (label, bars[label])
            assert f"| {count}/{count} [" in bars[label], (label, bars[label])
        else:
            assert bars[label].startswith("0 Einträge "), (label, bars[label])
    written = SearchEntry.objects.count()
    assert out == f"{written} Einträge geschrieben, 1 veraltete entfernt.\n"

    # With --art, the one kind; quiet with verbosity 0.
    call_command("rebuild_search", art="vorlage")
    out, err = capsys.readouterr()
    assert set(progress_bars(err)) == {"Vorlage"}
    assert "| 2/2 [" in progress_bars(err)["Vorlage"]
    assert out == "2 Einträge geschrieben, 0 veraltete entfernt.\n"
    call_command("rebuild_search", verbosity=0)
    assert capsys.readouterr() == ("", "")
