"""The first use of a glossary term in a knowledge-base text explains itself.

`explain_terms` links the first occurrence of each term to its entry in the glossary and adds a
tooltip with the short definition. The tooltip shows while the pointer is over the term or the
tooltip, or while the link has keyboard focus (CSS), and Escape closes it (static/js/glossary.js):
content on hover or focus that is dismissible, hoverable and persistent (WCAG 1.4.13). Without
JavaScript or CSS the term is still a link to its entry.

Texts are rendered far more often than terms change, so the terms live in the cache, shared by
all processes, and kb.signals clears it when a term or the glossary page changes. A page with many
texts thus costs no query for them, and each process compiles the terms' pattern once.
"""

import re
from functools import lru_cache
from html import unescape
from typing import NamedTuple
from uuid import uuid4

from bs4 import BeautifulSoup, NavigableString, Tag
from django.core.cache import cache

from kb.models import GlossaryPage, GlossaryTerm

CACHE_KEY = "kb:glossary"
# Where no term is explained: links and buttons (a link inside them is invalid, and a tooltip
# would fight their own purpose), abbreviations (they explain themselves), code, headings, and
# elements whose content is not running text.
SKIPPED_ELEMENTS = frozenset(
    {
        "a",
        "abbr",
        "button",
        "code",
        "kbd",
        "pre",
        "samp",
        "script",
        "style",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "label",
        "option",
        "select",
        "summary",
        "svg",
        "math",
        "template",
        "textarea",
        "title",
    }
)
WRAPPER_CLASS = "glossary-term"
# Splits a spelling into words: "E-Akte" into "E" and "Akte", "XÖV/XTA" into "XÖV" and "XTA".
NON_WORD = re.compile(r"[\W_]+")


class Entry(NamedTuple):
    """What a text needs of a term, as plain data for the cache."""

    slug: str
    spellings: tuple[str, ...]
    description: str


def explain_terms(html):
    """The HTML with the first occurrence of each glossary term explained.

    `html` must be safe to show (rich text from the editors, or escaped text); the result is too.
    """
    glossary = current_glossary()
    return glossary.explain(html) if glossary else html


def current_glossary():
    """The compiled glossary, or None when there is nothing to explain or nowhere to link to."""
    data = cache.get(CACHE_KEY)
    if data is None:
        data = load_glossary()
        cache.set(CACHE_KEY, data, timeout=None)
    return compile_glossary(data) if data else None


def forget_glossary():
    cache.delete(CACHE_KEY)


def load_glossary():
    """The glossary page's address and the terms as plain data for the cache; empty if none."""
    page = GlossaryPage.objects.live().first()
    url = page.url if page else None
    terms = tuple(
        Entry(term.slug, tuple(term.all_spellings), term.description)
        for term in GlossaryTerm.objects.all()
    )
    return (url, terms) if url and terms else ()


@lru_cache(maxsize=2)
def compile_glossary(data):
    return Glossary(*data)


def is_abbreviation(spelling):
    """Whether a capital stands inside a word ("OZG", "EfA", "LeiKa"), not only at its start."""
    return any(char.isupper() for word in NON_WORD.split(spelling) for char in word[1:])


def spelling_pattern(spelling):
    """Abbreviations match as written, other spellings in any case; any space matches any."""
    pattern = r"\s+".join(re.escape(word) for word in spelling.split())
    return pattern if is_abbreviation(spelling) else f"(?i:{pattern})"


class Glossary:
    """The terms as one pattern, and the markup that explains them."""

    def __init__(self, url, entries):
        self.url = url
        self.entry_count = len(entries)
        # At any position the longest spelling wins: "OZG-Rahmenarchitektur" before "OZG".
        spellings = sorted(
            ((spelling, entry) for entry in entries for spelling in entry.spellings),
            key=lambda item: -len(item[0]),
        )
        # Spellings are grouped by their first letter, which is looked at first: most positions
        # in a text begin no spelling, and trying every spelling there makes the search slow.
        groups = {}
        for spelling, entry in spellings:
            groups.setdefault(spelling[0].lower(), []).append((spelling, entry))
        branches = []
        # One capturing group per spelling: the number of the group that matched names the entry.
        self.entry_of_group = []
        for group in groups.values():
            initials = re.escape(
                "".join({spelling[0] + spelling[0].swapcase() for spelling, _ in group})
            )
            alternatives = "|".join(f"({spelling_pattern(spelling)})" for spelling, _ in group)
            branches.append(f"(?=[{initials}])(?:{alternatives})")
            self.entry_of_group += [entry for _spelling, entry in group]
        self.pattern = re.compile(rf"(?<!\w)(?:{'|'.join(branches)})(?!\w)")

    def explain(self, html):
        # Most texts mention no term at all; they are left as they are, without being parsed.
        if not self.pattern.search(unescape(html)):
            return html
        soup = BeautifulSoup(html, "html.parser")
        # Tooltip ids must be unique on the page, which may show several texts.
        id_prefix = f"begriff-{uuid4().hex[:8]}"
        explained = set()
        for node in list(text_nodes(soup)):
            pieces, position = [], 0
            for match in self.pattern.finditer(node):
                entry = self.entry_of_group[match.lastindex - 1]
                if entry.slug in explained:
                    continue
                explained.add(entry.slug)
                pieces.append(NavigableString(node[position : match.start()]))
                pieces.append(self.markup(soup, match.group(), entry, id_prefix))
                position = match.end()
            if pieces:
                pieces.append(NavigableString(node[position:]))
                node.replace_with(*(piece for piece in pieces if piece))
            if len(explained) == self.entry_count:
                break
        return str(soup)

    def markup(self, soup, text, entry, id_prefix):
        """The term as a link to its entry, described by a tooltip (a span: valid inside p)."""
        tooltip_id = f"{id_prefix}-{entry.slug}"
        wrapper = soup.new_tag("span", attrs={"class": WRAPPER_CLASS})
        wrapper.append(
            soup.new_tag(
                "a",
                attrs={
                    "class": "glossary-term__link",
                    "href": f"{self.url}#{entry.slug}",
                    "aria-describedby": tooltip_id,
                },
                string=text,
            )
        )
        wrapper.append(
            soup.new_tag(
                "span",
                attrs={"class": "glossary-term__tooltip", "id": tooltip_id, "role": "tooltip"},
                string=entry.description,
            )
        )
        return wrapper


def text_nodes(element):
    """The element's text where terms may be explained, in document order."""
    for child in element.children:
        if isinstance(child, Tag):
            if child.name not in SKIPPED_ELEMENTS and WRAPPER_CLASS not in child.get("class", []):
                yield from text_nodes(child)
        # Comments, CDATA and the like are NavigableString's subclasses, and no text.
        elif type(child) is NavigableString:
            yield child
