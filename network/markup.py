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


def mentioned_usernames(source):
    """The user names mentioned with @ in a post, in order of appearance, each once."""
    return list(dict.fromkeys(MENTION.findall(source)))


def emphasise_mentions(source, usernames):
    """Set the @mentions of the given members in bold, so that readers see whom a post calls."""

    def emphasise(match):
        return f"**{match.group(0)}**" if match.group(1) in usernames else match.group(0)

    return MENTION.sub(emphasise, source)
