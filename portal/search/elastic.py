"""The site search in Elasticsearch, used when ELASTICSEARCH_URL is set.

One index holds every search entry (portal.search.entries: pages, templates, events, forum threads,
contact people …) as a document with the entry's primary key as its id. Matching uses the
German stems the entries already carry (portal.search.german), so that Elasticsearch finds what
the database finds; the German-analysed title and text rank the results and mark the matches.

The index is reached through an alias, "<ELASTICSEARCH_INDEX>-suche": `rebuild()` fills a new
index and then moves the alias, so that the search keeps answering while it runs. After each
change of an entry, `follow()` queues the `mirror` task, which brings the entry's document up to
date; saving content never waits for Elasticsearch and never fails because of it.

Anything that goes wrong on the way to the cluster raises `Unavailable`; portal.search.engine then
answers from the database. The client gives up after TIMEOUT seconds and does not retry, so that
the fallback stays within two seconds.
"""

import contextvars
import logging
from contextlib import contextmanager, suppress
from functools import lru_cache, partial
from html import unescape

from django.conf import settings
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.safestring import mark_safe
from django_tasks import task
from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.helpers import BulkIndexError, bulk, streaming_bulk
from elasticsearch_dsl import (
    Date,
    Document,
    Keyword,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)
from tqdm import tqdm

from portal.models import Kind, SearchEntry, SearchEntryOrganisation, SearchEntryTag
from portal.search.engine import (
    FACET_VALUES,
    FACETS,
    RESULTS_PER_PAGE,
    FacetValue,
    OnePage,
    SearchResponse,
    audiences_for,
    query_terms,
    visible_entries,
)
from portal.search.german import words
from portal.search.highlight import EXCERPT_LENGTH
from portal.search.suggestions import AUTOCOMPLETE_RESULTS

logger = logging.getLogger(__name__)

# Seconds a search may take before the database answers instead (see engine.search).
TIMEOUT = 1.5
# Building the index sends large requests; nobody waits for them in a browser.
REBUILD_TIMEOUT = 120
BULK_CHUNK = 500
# Elasticsearch returns at most this many hits of one search (index.max_result_window).
MAX_RESULTS = 10_000


class Unavailable(Exception):
    """Elasticsearch did not answer, answered too late, or answered with an error."""


# What the client raises when the cluster is down, slow, or refuses a request.
ERRORS = (ApiError, TransportError, BulkIndexError)

# The same steps as portal.search.german: lower case, Snowball's German stemmer, then umlauts and
# ß folded ("Förderungen" → "forder"). Title and text analysed this way match the query words the
# stems match, which makes Elasticsearch mark the same words as portal.search.highlight.
german = analyzer(
    "german_stems",
    tokenizer="standard",
    filter=[
        "lowercase",
        token_filter("german_snowball", type="snowball", language="German"),
        "german_normalization",
    ],
)
# The beginnings of title words (2 to 20 letters), folded but not stemmed: the word being typed
# in the search box is a beginning of what is meant, not a stem of it.
title_beginnings = analyzer(
    "title_beginnings",
    tokenizer="standard",
    filter=[
        "lowercase",
        "german_normalization",
        token_filter("beginnings", type="edge_ngram", min_gram=2, max_gram=20),
    ],
)
typed_words = analyzer(
    "typed_words", tokenizer="standard", filter=["lowercase", "german_normalization"]
)


class SearchEntryDocument(Document):
    """A SearchEntry as Elasticsearch holds it. Slugs are what the facet filters match; each
    facet field holds "slug|label" pairs, so that the facets show names without asking the
    database."""

    kind = Keyword()
    audience = Keyword()
    title = Text(
        analyzer=german,
        fields={
            "beginnings": Text(analyzer=title_beginnings, search_analyzer=typed_words),
        },
    )
    text = Text(analyzer=german)
    # Precomputed by portal.search.german, as in the database: only split at the spaces.
    title_stems = Text(analyzer="whitespace")
    stems = Text(analyzer="whitespace")
    url = Keyword(index=False)
    organisations = Keyword(multi=True)
    organisation_facet = Keyword(multi=True)
    handlungsfeld = Keyword()
    handlungsfeld_facet = Keyword()
    status = Keyword()
    status_facet = Keyword()
    tags = Keyword(multi=True)
    tag_facet = Keyword(multi=True)
    date = Date()

    class Index:
        # A placeholder: the real name follows the settings (index_name()).
        name = "digitalnetz-suche"
        settings = {"number_of_shards": 1}


# Facet name (as in the query string) → the field its filter matches, and the field it counts.
FACET_FIELDS = {
    "art": ("kind", "kind"),
    "kommune": ("organisations", "organisation_facet"),
    "handlungsfeld": ("handlungsfeld", "handlungsfeld_facet"),
    "status": ("status", "status_facet"),
    "schlagwort": ("tags", "tag_facet"),
}


def index_name():
    """The alias searches and updates go to."""
    return f"{settings.ELASTICSEARCH_INDEX}-suche"


def search_index(name=None):
    """The index definition (settings, analysers, mappings) under the given name."""
    return SearchEntryDocument._index.clone(name=name or index_name())


@lru_cache(maxsize=4)
def _client(url, timeout):
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


def client(timeout=TIMEOUT):
    """The client for ELASTICSEARCH_URL: one try, then `timeout` seconds at most."""
    try:
        return _client(settings.ELASTICSEARCH_URL, timeout)
    except ValueError as error:  # an address the client cannot read
        raise Unavailable(f"ELASTICSEARCH_URL: {error}") from error


# Documents


def facet(slug, label):
    return f"{slug}|{label}"


def split_facet(value):
    slug, _bar, label = value.partition("|")
    return slug, label or slug


def documented_entries(entries):
    """The entries with what their documents need, in one query per relation."""
    return entries.select_related("handlungsfeld").prefetch_related(
        Prefetch(
            "organisations",
            queryset=SearchEntryOrganisation.objects.select_related("organisation"),
        ),
        Prefetch("tags", queryset=SearchEntryTag.objects.select_related("tag")),
    )


def document(entry):
    """The document of an entry (from documented_entries)."""
    organisations = [link.organisation for link in entry.organisations.all()]
    tags = [link.tag for link in entry.tags.all()]
    handlungsfeld = entry.handlungsfeld
    return SearchEntryDocument(
        meta={"id": entry.pk},
        kind=entry.kind,
        audience=entry.audience,
        title=entry.title,
        text=entry.text,
        title_stems=entry.title_stems,
        stems=entry.stems,
        url=entry.url,
        organisations=[organisation.slug for organisation in organisations],
        organisation_facet=[facet(org.slug, org.title) for org in organisations],
        handlungsfeld=handlungsfeld.slug if handlungsfeld else None,
        handlungsfeld_facet=facet(handlungsfeld.slug, handlungsfeld.name)
        if handlungsfeld
        else None,
        status=entry.status or None,
        status_facet=facet(entry.status, entry.status_label) if entry.status else None,
        tags=[tag.slug for tag in tags],
        tag_facet=[facet(tag.slug, tag.name) for tag in tags],
        date=entry.date,
    )


def index_action(entry, index):
    return {"_index": index, "_id": str(entry.pk), "_source": document(entry).to_dict()}


# Following the changes


# Set while rebuild_search writes every entry: the rebuild at its end sends them all at once.
_paused = contextvars.ContextVar("elastic_mirroring_paused", default=False)


@contextmanager
def paused():
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def follow(entry_ids):
    """Once the transaction is committed, bring these entries' documents up to date."""
    if not _paused.get():
        # robust: the change is saved whatever happens to the queueing; errors are logged.
        transaction.on_commit(partial(mirror.enqueue, list(entry_ids)), robust=True)


@task()
def mirror(entry_ids):
    """Index the entries that exist, delete the documents of those that are gone.

    A background task (`manage.py db_worker`), so that no save waits for the cluster. Failures are
    logged, never raised: `manage.py rebuild_search` brings the index back in step.
    """
    entries = documented_entries(SearchEntry.objects.filter(pk__in=entry_ids))
    index = index_name()
    actions = [index_action(entry, index) for entry in entries]
    written = {int(action["_id"]) for action in actions}
    actions += [
        {"_op_type": "delete", "_index": index, "_id": str(pk)}
        for pk in entry_ids
        if pk not in written
    ]
    try:
        # require_alias: a write to a missing index would create one without our mappings;
        # until rebuild_search has made the index, the writes fail instead.
        _done, failed = bulk(client(), actions, require_alias=True, raise_on_error=False)
    except (*ERRORS, Unavailable):
        logger.exception(
            "Elasticsearch is unavailable; search entries %s wait for a rebuild", entry_ids
        )
        return
    # A document to delete that was never indexed is no failure.
    failed = [item for item in failed if "error" in next(iter(item.values()))]
    if failed:
        logger.error(
            "Elasticsearch refused search entries (run manage.py rebuild_search): %s", failed
        )


def rebuild(verbose=False):
    """Build a new index of every entry, then point the alias at it and drop the old ones."""
    es = client(REBUILD_TIMEOUT)
    alias = index_name()
    name = f"{alias}-{timezone.now():%Y%m%d%H%M%S%f}"
    try:
        es.indices.create(index=name, **search_index(name).to_dict())
        try:
            fill(es, name, verbose)
            old = (
                list(es.indices.get_alias(name=alias))
                if es.indices.exists_alias(name=alias)
                else []
            )
            if not old and es.indices.exists(index=alias):
                # An index by the alias's name (made by hand, or by a write before the first
                # rebuild) has to give way.
                es.indices.delete(index=alias)
            es.indices.update_aliases(
                actions=[
                    *({"remove": {"index": index, "alias": alias}} for index in old),
                    {"add": {"index": name, "alias": alias}},
                ]
            )
        except BaseException:
            with suppress(*ERRORS):
                es.indices.delete(index=name, ignore_unavailable=True)
            raise
        for index in old:
            es.indices.delete(index=index)
    except ERRORS as error:
        raise Unavailable(str(error)) from error


def fill(es, index, verbose):
    entries = documented_entries(SearchEntry.objects.order_by("pk"))
    progress = tqdm(
        total=entries.count(), desc="Elasticsearch", unit=" Einträge", disable=not verbose
    )
    actions = (index_action(entry, index) for entry in entries.iterator(chunk_size=BULK_CHUNK))
    for _ok, _item in streaming_bulk(es, actions, chunk_size=BULK_CHUNK):
        progress.update()
    progress.close()
    es.indices.refresh(index=index)


# Searching


def matching(query):
    """Every query stem begins a stem of the entry, as in the database (fulltext.match), the
    title counting five times the text; whole German words add to the score."""
    return Q(
        "bool",
        must=[
            # Plain prefix queries: unlike phrase_prefix they never stop at 50 expansions.
            Q(
                "bool",
                should=[
                    Q("prefix", title_stems={"value": term, "boost": 5}),
                    Q("prefix", stems={"value": term}),
                ],
            )
            for term in query_terms(query)
        ],
        should=[Q("multi_match", query=query, fields=["title^5", "text"])],
    )


def marking(query):
    """What the highlighter marks: the words of title and text that begin with a query stem."""
    terms = query_terms(query)
    return Q(
        "bool",
        should=[Q("prefix", **{field: term}) for term in terms for field in ("title", "text")],
    )


def facet_filters(filters):
    """Facet name → the filter of the chosen value."""
    return {
        name: Q("term", **{FACET_FIELDS[name][0]: value})
        for name, value in filters.items()
        if value and name in FACET_FIELDS
    }


def build(request, offset=0):
    """The search for a SearchRequest: one page of hits, the facets, the marked words.

    The standard pattern for facets: the chosen values filter the hits as a post_filter, and each
    facet is counted under the other facets' filters only, so that it still offers its other values.
    """
    search = (
        Search(index=index_name())
        .filter("terms", audience=audiences_for(request.user))
        .extra(from_=offset, size=RESULTS_PER_PAGE, track_total_hits=True)
        .source(False)
    )
    if request.query and query_terms(request.query):
        search = (
            search.query(matching(request.query))
            .sort("_score", {"date": "desc"})
            .highlight_options(
                encoder="html",  # the text is escaped, only the marks are markup
                pre_tags=["<mark>"],
                post_tags=["</mark>"],
                highlight_query=marking(request.query).to_dict(),
            )
            .highlight("title", number_of_fragments=0)
            .highlight("text", fragment_size=EXCERPT_LENGTH, number_of_fragments=1)
        )
    else:
        search = search.sort({"date": "desc"})
    chosen = facet_filters(request.filters)
    if chosen:
        search = search.post_filter("bool", filter=list(chosen.values()))
    for name in FACETS:
        others = [value for other, value in chosen.items() if other != name]
        field = FACET_FIELDS[name][1]
        size = len(Kind) if name == "art" else FACET_VALUES
        scope = Q("bool", filter=others) if others else Q("match_all")
        search.aggs.bucket(name, "filter", filter=scope).bucket(
            "values", "terms", field=field, size=size
        )
    return search


def page_number(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_RESULTS // RESULTS_PER_PAGE)


def search(request):
    """Answer a SearchRequest from Elasticsearch: a page of SearchEntry objects and the facets."""
    number = page_number(request.page)
    response = execute(build(request, offset=(number - 1) * RESULTS_PER_PAGE))
    total = response.hits.total.value
    last = max(1, -(-min(total, MAX_RESULTS) // RESULTS_PER_PAGE))
    if number > last:
        # Like Paginator.get_page: past the end is the last page.
        number = last
        response = execute(build(request, offset=(number - 1) * RESULTS_PER_PAGE))
    entries = entries_of(response, request.user)
    page = Paginator(
        OnePage(entries, total, (number - 1) * RESULTS_PER_PAGE), RESULTS_PER_PAGE
    ).page(number)
    return SearchResponse(
        page=page,
        facets=facets_of(response, request.filters),
        terms=query_terms(request.query),
    )


def execute(search):
    try:
        return search.using(client()).execute()
    except ERRORS as error:
        raise Unavailable(str(error)) from error


def entries_of(response, user):
    """The SearchEntry rows of the hits, in their order, with the marked title and excerpt.

    Read from the database with the same audience rule as the query: a document that lags
    behind its entry (a mirror that failed) never shows what the user may not see.
    """
    ids = [int(hit.meta.id) for hit in response.hits]
    rows = visible_entries(user).in_bulk(ids)
    entries = []
    for hit in response.hits:
        entry = rows.get(int(hit.meta.id))
        if entry is None:
            continue  # deleted since, or no longer visible to this user
        marks = getattr(hit.meta, "highlight", None)
        if marks is not None and "title" in marks:
            entry.highlighted_title = mark_safe(marks.title[0])  # noqa: S308 - encoder html
        if marks is not None and "text" in marks:
            entry.excerpt = excerpt(marks.text[0], entry.text)
        entries.append(entry)
    return entries


def excerpt(fragment, text):
    """The marked fragment, with "…" where the text goes on before or after it."""
    plain = unescape(fragment.replace("<mark>", "").replace("</mark>", ""))
    prefix = "" if text.startswith(plain[:40]) else "… "
    suffix = "" if text.endswith(plain[-40:]) else " …"
    return mark_safe(f"{prefix}{fragment}{suffix}")  # noqa: S308 - escaped by the encoder


def facets_of(response, filters):
    facets = {}
    for name in FACETS:
        buckets = getattr(response.aggregations, name).values.buckets
        values = []
        for bucket in buckets:
            if name == "art":
                if bucket.key not in Kind.values:
                    continue  # a kind that no longer exists, until the next rebuild
                value, label = bucket.key, str(Kind(bucket.key).label)
            else:
                value, label = split_facet(bucket.key)
            values.append(FacetValue(value, label, bucket.doc_count, filters.get(name) == value))
        # As in the database: most results first, then by name.
        values.sort(key=lambda facet_value: (-facet_value.count, facet_value.label))
        facets[name] = values
    return facets


# Suggestions while typing


def build_suggestions(query, user):
    """Titles whose words begin with the words typed, best first."""
    return (
        Search(index=index_name())
        .filter("terms", audience=audiences_for(user))
        .query(Q("match", **{"title.beginnings": {"query": query, "operator": "and"}}))
        .sort("_score", {"date": "desc"})
        .source(False)
        .extra(size=AUTOCOMPLETE_RESULTS)
    )


def suggest(query, user):
    """Like portal.search.suggestions.autocomplete: [{title, url, kind}].

    The titles come from the database, with the audience rule of the query, as in search().
    """
    if not words(query) or len(query.strip()) < 2:
        return []
    response = execute(build_suggestions(query, user))
    ids = [int(hit.meta.id) for hit in response.hits]
    rows = visible_entries(user).in_bulk(ids)
    return [
        {"title": rows[pk].title, "url": rows[pk].url, "kind": rows[pk].kind}
        for pk in ids
        if pk in rows
    ]
