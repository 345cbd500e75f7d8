"""The XSS corpus and a second opinion on rendered posts, for the unit and the browser tests.

unsafe_parts() reads HTML with Python's own parser, not with html5lib that bleach uses, so that a
flaw in the cleaner's parser is not shared by the check. It is strict on purpose: it names
everything that bleach should have removed, whether or not a browser would run it.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

from network.markup import ALLOWED_ATTRIBUTES, ALLOWED_PROTOCOLS, ALLOWED_TAGS, LINK_REL

CORPUS = Path(__file__).resolve().parent.parent / "data" / "xss_vectors.txt"

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}
# Stricter than a browser, which ignores only tabs and line breaks inside a URL's scheme and
# control characters and spaces before it: all whitespace and control characters go; a backslash
# counts as a slash, as it does for http(s) URLs.
IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f-\x9f]")
SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def xss_vectors():
    """The vectors of the corpus, one a line, with '\\n' for a line break; '#' and '# ...' are
    comments. split(), not splitlines(): form feeds and the like are part of some vectors."""
    lines = CORPUS.read_text(encoding="utf-8").split("\n")
    is_comment = re.compile(r"#( |$)").match
    return [line.replace("\\n", "\n") for line in lines if line.strip() and not is_comment(line)]


def url_problem(url):
    """Why a URL is not allowed in a post, or None (relative URLs within the site are allowed)."""
    url = IGNORED_IN_SCHEME.sub("", url).replace("\\", "/").lower()
    if url.startswith("//"):
        return "protocol-relative URL"
    scheme = SCHEME.match(url)
    if scheme and scheme.group(1) not in ALLOWED_PROTOCOLS:
        return f"{scheme.group(1)}: URL"
    return None


class _Checker(HTMLParser):
    def __init__(self):
        # convert_charrefs: text and attribute values arrive entity-decoded, as a browser sees them.
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"element <{tag}>")
        allowed = ALLOWED_ATTRIBUTES.get(tag, [])
        for name, value in attrs:
            where = f"<{tag} {name}={value!r}>"
            if name not in allowed:
                self.problems.append(f"attribute {where}")
            if name.startswith("on"):
                self.problems.append(f"event handler {where}")
            if name == "style":
                self.problems.append(f"style {where}")
            elif name in URL_ATTRIBUTES and (why := url_problem(value or "")):
                self.problems.append(f"{why} in {where}")
        # A browser takes the first of repeated attributes.
        rel = next((value or "" for name, value in attrs if name == "rel"), "")
        if tag == "a" and not set(LINK_REL.split()) <= set(rel.lower().split()):
            self.problems.append(f"link without rel={LINK_REL!r}: <a rel={rel!r}>")

    def handle_comment(self, data):
        self.problems.append(f"comment <!--{data}-->")

    def handle_decl(self, decl):
        self.problems.append(f"declaration <!{decl}>")

    def unknown_decl(self, data):
        self.problems.append(f"declaration <![{data}]>")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction <?{data}>")


def unsafe_parts(html):
    """What in the HTML of a rendered post is not on network.markup's allow-list (empty if safe)."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    return checker.problems
