"""From a query's stems to the terms the database matches, each with its alternatives.

People search for "DMS" where the network writes "Dokumentenmanagementsystem", type compounds
that the texts spell out ("Ratstablet" for "Tablets von Ratsmitgliedern"), and miss a letter in
long words ("Dokumentenmanagment"). So each stem of the query (engine.query_terms) becomes a
term, a tuple of stems any of which may match:

- the glossary's other names of the same thing are alternatives ("dms",
  "dokumentenmanagementsystem");
- a long stem that nothing the user may see contains is split into two that something does
  ("ratstabl": "rats…", "tabl"), or else cut back to its longest beginning that something
  contains ("dokumentenmanag"), which forgives a typo towards the end of a long word.

Whether something contains a stem is asked of the entries the user may see, so that the
expansion never depends on, or reveals, what is hidden from them.
"""

import math

from kb.models import GlossaryTerm
from portal.search import fulltext
from portal.search.german import stem, words

# Shorter stems are left as they are: too little to split or to cut back.
SHORTEST_REPAIRED = 8
# Each part of a split compound has at least this many letters.
SHORTEST_PART = 4
# A stem is cut back to no less than this share of its letters.
KEPT_SHARE = 2 / 3


def expand(terms, entries):
    """The terms to match for the query stems `terms`, for a user who may see `entries`."""
    same_as = glossary_names()
    return [
        tuple(dict.fromkeys(name for stem in term for name in [stem, *same_as.get(stem, ())]))
        for query_stem in terms
        for term in repaired(query_stem, entries)
    ]


def glossary_names():
    """Each one-word name of a glossary term (term, long form, spellings), as a stem, with the
    stems of its other one-word names: {"dms": ["dokumentenmanagementsystem"], …}."""
    same_as = {}
    for term, long_form, spellings in GlossaryTerm.objects.values_list(
        "term", "long_form", "spellings"
    ):
        names = [name_stem(name) for name in [term, long_form, *spellings.split(",")]]
        names = list(dict.fromkeys(name for name in names if name))
        for name in names:
            same_as.setdefault(name, []).extend(other for other in names if other != name)
    return same_as


def name_stem(name):
    """The stem of a one-word name ("E-Akte" is one word, "elektronische Akte" two), or None."""
    found = words(name.replace("-", ""))
    return stem(found[0]) if len(found) == 1 else None


def repaired(term, entries):
    """The terms (tuples of alternative stems) to search for one query stem: the stem itself,
    if the entries contain it or it is short; else the two parts of a compound, or its longest
    beginning that they contain."""
    if len(term) < SHORTEST_REPAIRED or fulltext.finds(entries, (term,)):
        return [(term,)]
    return split_compound(term, entries) or cut_back(term, entries) or [(term,)]


def split_compound(term, entries):
    """The compound as a first word the entries contain and a last word they contain whole,
    the longest first word first ("ratstabl": "rats…" as in "Ratsmitglieder", and "tabl"), or
    None. The first word is searched as written and as its stem ("quastenflosser",
    "quastenfloss"): it is not the end of the compound, which was all the stemmer cut back."""
    for cut in range(len(term) - SHORTEST_PART, SHORTEST_PART - 1, -1):
        head, tail = term[:cut], term[cut:]
        head = tuple(dict.fromkeys([head, stem(head)]))
        if fulltext.finds(entries, (tail,), whole_words=True) and fulltext.finds(entries, head):
            return [head, (tail,)]
    return None


def cut_back(term, entries):
    """The term's longest beginning the entries contain, keeping most of it, or None."""
    shortest = max(SHORTEST_REPAIRED - 2, math.ceil(len(term) * KEPT_SHARE))
    for cut in range(len(term) - 1, shortest - 1, -1):
        if fulltext.finds(entries, (term[:cut],)):
            return [(term[:cut],)]
    return None
