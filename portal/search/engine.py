"""The site search: one query over every kind of content, with facets and permissions.

`search()` answers a SearchRequest from the database (portal.search.fulltext) or, when
ELASTICSEARCH_URL is set, from Elasticsearch (portal.search.elastic), falling back to the
database when Elasticsearch fails. Who may find what is decided here, in `audiences_for()`.
"""

import logging
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


def apply_filters(entries, filters, leave_out=None):
    for name, value in filters.items():
        if name != leave_out and value and name in FILTERS:
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
    paginator = Paginator(results.order_by("pk"), RESULTS_PER_PAGE)
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
        "facets": count_facets(matched, request.filters),
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


def count_facets(matched, filters):
    """For each facet, its values with the number of results the other filters leave."""

    def ids(leave_out):
        return apply_filters(matched, filters, leave_out).order_by().values("pk")

    counted = {
        "art": [
            (row["kind"], Kind(row["kind"]).label, row["count"])
            for row in SearchEntry.objects.filter(pk__in=ids("art"))
            .values("kind")
            .annotate(count=Count("pk"))
            .order_by("-count", "kind")
        ],
        "kommune": top(
            SearchEntryOrganisation.objects.filter(entry__in=ids("kommune")),
            "organisation__slug",
            "organisation__title",
            "entry",
        ),
        "handlungsfeld": top(
            SearchEntry.objects.filter(pk__in=ids("handlungsfeld"), handlungsfeld__isnull=False),
            "handlungsfeld__slug",
            "handlungsfeld__name",
            "pk",
        ),
        "status": top(
            SearchEntry.objects.filter(pk__in=ids("status")).exclude(status=""),
            "status",
            "status_label",
            "pk",
        ),
        "schlagwort": top(
            SearchEntryTag.objects.filter(entry__in=ids("schlagwort")),
            "tag__slug",
            "tag__name",
            "entry",
        ),
    }
    return {
        name: [
            FacetValue(value, label, count, selected=filters.get(name) == value)
            for value, label, count in rows
        ]
        for name, rows in counted.items()
    }


def top(rows, value, label, counted):
    return list(
        rows.values_list(value, label)
        .annotate(count=Count(counted, distinct=True))
        .order_by("-count", label)[:FACET_VALUES]
    )
