"""Members write forum posts in Markdown; what the site shows is HTML cleaned against an allow-list.

Markdown lets authors write raw HTML, so the rendered HTML is untrusted: bleach removes everything
not on the lists below (scripts, styles, event handlers, other URL schemes) and every link gets
rel="nofollow ugc noopener".
"""

import re
from functools import partial
from html import unescape

import bleach
import markdown
from bleach.linkifier import LinkifyFilter, build_url_re
from bs4 import BeautifulSoup

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "abbr": ["title"]}
ALLOWED_PROTOCOLS = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

# @name: letters, digits and the characters Django allows in user names, not inside a word
# (so that e-mail addresses stay what they are).
MENTION = re.compile(r"(?<![\w@.])@([\w.+-]*\w)")


# //host, /\host, \\host: browsers read these as links to another site.
OFFSITE_RELATIVE = re.compile(r"[\x00-\x20]*[/\\][\t\n\r]*[/\\]")


def set_link_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


def drop_offsite_relative(attrs, new=False):
    """Remove protocol-relative targets, which pass bleach's scheme check but leave the site."""
    # At this stage bleach has not yet decoded entities in attribute values.
    if OFFSITE_RELATIVE.match(unescape(attrs.get((None, "href"), ""))):
        del attrs[(None, "href")]
    return attrs


# Linkifying inside the cleaner: bleach's separate Linker escapes code blocks a second time.
cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[
        partial(
            LinkifyFilter,
            callbacks=[set_link_rel, drop_offsite_relative],
            skip_tags={"pre", "code"},
            parse_email=True,
            # Only the allowed schemes become links, not every scheme bleach knows (ftp:).
            url_re=build_url_re(protocols=ALLOWED_PROTOCOLS),
        )
    ],
)


def render_markdown(source):
    """Safe HTML for a post written in Markdown."""
    html = markdown.markdown(source, extensions=["fenced_code", "tables", "sane_lists", "nl2br"])
    return cleaner.clean(html)


# Text there is not the author's own call: a link target, code, or somebody else's words.
NOT_MENTIONING = {"a", "code", "pre", "blockquote"}


def mentioned_usernames(html):
    """The user names a rendered post calls with @, in order of appearance, each once.

    Read from the HTML, so that an @ in a link, in code or in a quoted post mentions nobody.
    """
    names = []
    for text in BeautifulSoup(html, "html.parser").find_all(string=True):
        if not any(parent.name in NOT_MENTIONING for parent in text.parents):
            names.extend(MENTION.findall(text))
    return list(dict.fromkeys(names))
