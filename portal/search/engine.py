"""The site search: one query over every kind of content, with facets and permissions.

`search()` answers a SearchRequest from the database (portal.search.fulltext) or, when
ELASTICSEARCH_URL is set, from Elasticsearch (portal.search.elastic), falling back to the
database when Elasticsearch fails. Who may find what is decided here, in `audiences_for()`.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from network.page_cache import remembered
from network.permissions import is_member
from portal.models import Audience, Kind, SearchEntry, SearchEntryOrganisation, SearchEntryTag
from portal.search import expansion, fulltext
from portal.search.german import is_stop_word, stem, words
from portal.search.suggestions import autocomplete

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 20
FACET_VALUES = 15
FACETS = ["art", "kommune", "handlungsfeld", "status", "schlagwort"]


def audiences_for(user):
    """What the user may find: members everything, visitors what is public."""
    if is_member(user):
        return [Audience.PUBLIC, Audience.MEMBERS]
    return [Audience.PUBLIC]


def query_terms(query):
    """The stems to match: one term for each word of the query but its stop words.

    "Wer hat schon ein DMS?" searches for "dms". A query of stop words alone keeps them all.
    """
    typed = words(query)
    meaningful = [word for word in typed if not is_stop_word(word)] or typed
    return list(dict.fromkeys(stem(word) for word in meaningful))


def required_terms(count):
    """How many of a query's terms a result must match: all of one or two, and one in three
    may be missing from longer queries ("Vorlage Dienstanweisung mobiles Arbeiten" finds the
    template, which never calls itself a Vorlage). Results that match more come first."""
    return count - count // 3


@dataclass
class SearchRequest:
    query: str
    user: object
    filters: dict = field(default_factory=dict)  # facet name → value, as in the query string
    page: str | int = 1


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResponse:
    page: object  # a Paginator page of SearchEntry objects, best first
    facets: dict  # facet name → [FacetValue]
    terms: list
    notice: str = ""


def search(request):
    if settings.ELASTICSEARCH_URL:
        # Imported here: the Elasticsearch client is only needed where a cluster is configured.
        from portal.search import elastic

        try:
            return elastic.search(request)
        except elastic.Unavailable:
            logger.warning("Elasticsearch unavailable; searching the database", exc_info=True)
            response = database_search(request)
            response.notice = _(
                "Die Suche läuft gerade eingeschränkt: Die Ergebnisse kommen aus der "
                "Datenbank und können weniger genau sein."
            )
            return response
    return database_search(request)


def suggest(query, user):
    """Titles for the search box while typing: [{title, url, kind}], best first."""
    if settings.ELASTICSEARCH_URL:
        from portal.search import elastic

        try:
            return elastic.suggest(query, user)
        except elastic.Unavailable:
            logger.warning("Elasticsearch unavailable; suggesting from the database", exc_info=True)
    return autocomplete(query, visible_entries(user))


def visible_entries(user):
    return SearchEntry.objects.filter(audience__in=audiences_for(user))


FILTERS = {
    "art": lambda entries, value: entries.filter(kind=value),
    "kommune": lambda entries, value: entries.filter(
        pk__in=SearchEntryOrganisation.objects.filter(organisation__slug=value).values("entry")
    ),
    "handlungsfeld": lambda entries, value: entries.filter(handlungsfeld__slug=value),
    "status": lambda entries, value: entries.filter(status=value),
    "schlagwort": lambda entries, value: entries.filter(
        pk__in=SearchEntryTag.objects.filter(tag__slug=value).values("entry")
    ),
}


def apply_filters(entries, filters, leave_out=()):
    """The entries the filters leave, but those named in `leave_out`."""
    for name, value in filters.items():
        if name not in leave_out and value and name in FILTERS:
            entries = FILTERS[name](entries, value)
    return entries


def database_search(request):
    """The search from the database; what it found is kept until content changes, since a
    common word matches a good part of the network (network.page_cache.remembered)."""
    visible = visible_entries(request.user)
    found = remembered(
        "search",
        # The audience is in the visible entries' SQL.
        (str(visible.query), request.query, sorted(request.filters.items()), str(request.page)),
        lambda: find(visible, request),
    )
    rows = visible.in_bulk(found["ids"])
    entries = [rows[pk] for pk in found["ids"] if pk in rows]
    offset = (found["number"] - 1) * RESULTS_PER_PAGE
    page = Paginator(OnePage(entries, found["total"], offset), RESULTS_PER_PAGE).page(
        found["number"]
    )
    return SearchResponse(page=page, facets=found["facets"], terms=found["terms"])


def find(visible, request):
    """The ids of the requested page of results, best first, their total, facets and stems."""
    terms = expansion.expand(query_terms(request.query), visible)
    matched = visible
    if terms:
        matched = fulltext.match_most(visible, terms, required=required_terms(len(terms)))
    results = apply_filters(matched, request.filters)
    facets, total = count_facets(matched, request.filters)
    paginator = Paginator(results.order_by("pk"), RESULTS_PER_PAGE)
    paginator.count = total
    number = page_number(paginator, request.page)
    start = (number - 1) * RESULTS_PER_PAGE
    if terms:
        # Results that match more of the query come first; among them those whose title the
        # query describes best, then the better matches in the text.
        ids = fulltext.best_first(results, terms, start, RESULTS_PER_PAGE)
    else:
        ids = list(
            results.order_by("-date", "-pk").values_list("pk", flat=True)[
                start : start + RESULTS_PER_PAGE
            ]
        )
    return {
        "ids": ids,
        "total": paginator.count,
        "number": number,
        "facets": facets,
        # Every stem searched for, the alternatives too, is marked in titles and excerpts.
        "terms": list(dict.fromkeys(stem for alternatives in terms for stem in alternatives)),
    }


def page_number(paginator, value):
    """The page Paginator.get_page would show, without fetching it."""
    try:
        return paginator.validate_number(value)
    except PageNotAnInteger:
        return 1
    except EmptyPage:
        return paginator.num_pages


class OnePage:
    """The results of one page standing in for all of them, for a Paginator: it counts the
    total and hands out the page it holds."""

    def __init__(self, entries, total, offset):
        self.entries = entries
        self.total = total
        self.offset = offset

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        if isinstance(key, slice) and key.start == self.offset:
            return self.entries
        raise IndexError("only the page that was searched is at hand")


# The facets of the entries' own columns, counted together (own_column_facets).
OWN_COLUMN_FACETS = {"art", "status", "handlungsfeld"}


def count_facets(matched, filters):
    """For each facet, its values with the number of results the other filters leave; and
    the number of results."""

    def ids(leave_out):
        return apply_filters(matched, filters, leave_out).order_by().values("pk")

    own, total = own_column_facets(ids(OWN_COLUMN_FACETS), filters)
    counted = {
        **own,
        "kommune": top(
            SearchEntryOrganisation.objects.filter(entry__in=ids({"kommune"})),
            "organisation__slug",
            "organisation__title",
            "entry",
        ),
        "schlagwort": top(
            SearchEntryTag.objects.filter(entry__in=ids({"schlagwort"})),
            "tag__slug",
            "tag__name",
            "entry",
        ),
    }
    facets = {
        name: [
            FacetValue(value, label, count, selected=filters.get(name) == value)
            for value, label, count in counted[name]
        ]
        for name in FACETS
    }
    return facets, total


def own_column_facets(ids, filters):
    """The kind, status and Handlungsfeld facets and the number of results, from one query.

    The entries the other filters leave are counted per combination of the three; each facet
    sums the combinations the choices of the other two leave, the results those all three
    leave.
    """
    rows = (
        SearchEntry.objects.filter(pk__in=ids)
        .values_list("kind", "status", "status_label", "handlungsfeld__slug", "handlungsfeld__name")
        .annotate(count=Count("pk"))
        .order_by()
    )
    chosen = {name: filters.get(name) or None for name in OWN_COLUMN_FACETS}
    counts = {name: Counter() for name in OWN_COLUMN_FACETS}
    labels = {}
    total = 0
    for kind, status, status_label, slug, name, count in rows:
        values = {"art": kind, "status": status, "handlungsfeld": slug}
        left_out = {
            facet for facet, value in chosen.items() if value is not None and values[facet] != value
        }
        if not left_out:
            total += count
        for facet in OWN_COLUMN_FACETS:
            if left_out <= {facet}:
                counts[facet][values[facet]] += count
        labels["status", status] = status_label
        labels["handlungsfeld", slug] = name
    facets = {
        "art": sorted(
            ((kind, Kind(kind).label, count) for kind, count in counts["art"].items()),
            key=lambda row: (-row[2], row[0]),
        ),
        **{
            facet: most_frequent(
                (value, labels[facet, value], count)
                for value, count in counts[facet].items()
                if value
            )
            for facet in ("status", "handlungsfeld")
        },
    }
    return facets, total


def most_frequent(rows):
    """The FACET_VALUES (value, label, count) with the highest counts, then by label."""
    return sorted(rows, key=lambda row: (-row[2], row[1]))[:FACET_VALUES]


def top(rows, value, label, counted):
    return list(
        rows.values_list(value, label)
        .annotate(count=Count(counted, distinct=True))
        .order_by("-count", label)[:FACET_VALUES]
    )
