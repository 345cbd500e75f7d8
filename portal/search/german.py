"""German words for the search: one form for every spelling and inflection of a word.

"Förderung", "Foerderung" and "Förderungen" all become "forder"; "Schulen" and "Schule"
become "schul". Text is indexed and queries are searched in this form, on every backend, so
that SQLite, PostgreSQL and Elasticsearch find the same things.
"""

import re
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+")
# Umlauts written out ("Foerderung") and the sharp s as "ss" are common in German input.
FOLDING = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_stemmer = snowballstemmer.stemmer("german")


def words(text):
    """The words of a text, lower case."""
    return WORD.findall(text.lower())


@lru_cache(maxsize=50_000)
def stem(word):
    """The stem of one lower-case word, without umlauts."""
    return _stemmer.stemWord(word).translate(FOLDING)


def prefix(word):
    """A word being typed, as the beginning of a stem: folded, but not cut back."""
    return word.lower().translate(FOLDING)


def stems(text):
    """The stems of a text's words, in order, as one string of space-separated stems."""
    return " ".join(stem(word) for word in words(text))
