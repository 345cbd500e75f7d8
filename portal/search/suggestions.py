"""Help for searches that find nothing, and for the search box while typing."""

import difflib

from django.core.cache import cache
from django.db.models import Count

from portal.models import SearchEntry, SearchEntryTag
from portal.search import fulltext
from portal.search.german import is_stop_word, prefix, stem, words

VOCABULARY_KEY = "portal.search.vocabulary"
VOCABULARY_SECONDS = 60 * 60
AUTOCOMPLETE_RESULTS = 8


def vocabulary():
    """The words of all public titles, for spelling suggestions; rebuilt hourly."""
    known = cache.get(VOCABULARY_KEY)
    if known is None:
        known = set()
        titles = SearchEntry.objects.filter(audience="public").values_list("title", flat=True)
        for title in titles.iterator(chunk_size=2000):
            known.update(word for word in words(title) if len(word) > 3)
        known = sorted(known)
        cache.set(VOCABULARY_KEY, known, VOCABULARY_SECONDS)
    return known


def spelling_suggestion(query, entries):
    """The query with misspelt words replaced by known ones, if that finds something."""
    known = vocabulary()
    replaced = []
    for word in words(query):
        close = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
        replaced.append(close[0] if close and word not in known else word)
    suggestion = " ".join(replaced)
    if suggestion == " ".join(words(query)):
        return None
    # Stop words are not indexed (portal.search.german.stems).
    terms = [stem(word) for word in replaced if not is_stop_word(word)]
    return suggestion if terms and fulltext.match(entries, terms).exists() else None


def popular_tags(entries, limit=12):
    """The tags most used by what the user may find: ideas for another search."""
    return list(
        SearchEntryTag.objects.filter(entry__in=entries.values("pk"))
        .values_list("tag__slug", "tag__name")
        .annotate(count=Count("entry"))
        .order_by("-count", "tag__name")[:limit]
    )


def autocomplete(query, entries):
    """Titles for the search box: entries whose words begin with what was typed."""
    typed = words(query)
    if not typed or len(query.strip()) < 2:
        return []
    # Stop words are not indexed; the word being typed is a prefix of what is meant ("Ein" of
    # "Einführung"), not a stem of it.
    terms = [stem(word) for word in typed[:-1] if not is_stop_word(word)]
    terms.append(prefix(typed[-1]))
    return list(
        fulltext.match(entries, terms, titles_only=True)
        .order_by("-rank", "-date")
        .values("title", "url", "kind")[:AUTOCOMPLETE_RESULTS]
    )
