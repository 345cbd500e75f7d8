"""Matches marked in titles and excerpts: the words whose stems begin with a query term."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from portal.search.german import WORD, stem

EXCERPT_LENGTH = 240


def matches(text, terms):
    """(start, end) of each word in the text that the terms match."""
    return [
        (word.start(), word.end())
        for word in WORD.finditer(text)
        if any(stem(word.group().lower()).startswith(term) for term in terms)
    ]


def highlight(text, terms):
    """The text, escaped, with each matching word in <mark>."""
    parts, position = [], 0
    for start, end in matches(text, terms) if terms else []:
        parts += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


def excerpt(text, terms, length=EXCERPT_LENGTH):
    """A piece of the text around its first match (or its beginning), highlighted."""
    found = matches(text, terms) if terms else []
    start = max(0, found[0][0] - length // 3) if found else 0
    if start:
        # Begin at a word, not in the middle of one.
        start = text.find(" ", start) + 1 or start
    piece = text[start : start + length]
    if start + length < len(text):
        piece = piece.rsplit(" ", 1)[0]
    prefix = "… " if start else ""
    suffix = " …" if start + len(piece) < len(text) else ""
    return mark_safe(f"{prefix}{highlight(piece, terms)}{suffix}")  # noqa: S308 - escaped
