"""What people search for: one row per query and day, for the coordinators' overview."""

from datetime import timedelta

from django.db.models import F, Sum
from django.utils import timezone

from portal.models import SearchQuery
from portal.search.german import words

DAYS_SHOWN = 30
QUERIES_SHOWN = 30


def record(query, results):
    """Count the query (lower case, words only: no personal data beyond what was typed)."""
    normalised = " ".join(words(query))[:200]
    if not normalised:
        return
    row, _ = SearchQuery.objects.get_or_create(query=normalised, day=timezone.localdate())
    SearchQuery.objects.filter(pk=row.pk).update(count=F("count") + 1, results=results)


def recent(days=DAYS_SHOWN):
    return SearchQuery.objects.filter(day__gte=timezone.localdate() - timedelta(days=days))


def top_queries(days=DAYS_SHOWN):
    return list(
        recent(days)
        .values("query")
        .annotate(total=Sum("count"))
        .order_by("-total", "query")[:QUERIES_SHOWN]
    )


def unanswered_queries(days=DAYS_SHOWN):
    """Queries whose latest search found nothing: gaps in what the network has written down."""
    return list(
        recent(days)
        .filter(results=0)
        .values("query")
        .annotate(total=Sum("count"))
        .order_by("-total", "query")[:QUERIES_SHOWN]
    )
