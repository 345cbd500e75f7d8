"""Posts in Markdown: the usual features work, and hostile input renders as harmless HTML."""

import pytest

from network.markup import mentioned_usernames, render_markdown
from tests.network.markup_checks import unsafe_parts, xss_vectors

REL = 'rel="nofollow ugc noopener"'


def test_corpus_is_loaded_whole():
    vectors = xss_vectors()
    assert len(vectors) >= 400
    assert len(set(vectors)) == len(vectors)
    assert "<IMG SRC=\"jav\tascript:alert('XSS');\">" in vectors
    assert "[x][r]\n\n[r]: javascript:alert(1)" in vectors
    assert not [vector for vector in vectors if vector.startswith("# ")]


@pytest.fixture(scope="module")
def corpus_problems():
    """Each vector of the corpus with its HTML and what unsafe_parts() finds there, if anything."""
    rendered = ((vector, render_markdown(vector)) for vector in xss_vectors())
    return {vector: (html, unsafe_parts(html)) for vector, html in rendered}


def test_no_vector_of_the_corpus_renders_anything_unsafe(corpus_problems):
    failures = {}
    for vector, (html, problems) in corpus_problems.items():
        if problems:
            failures[vector] = (html, problems)
    report = "\n".join(f"{v!r}\n  -> {h!r}\n  {p}" for v, (h, p) in failures.items())
    assert not failures, f"{len(failures)} vectors render unsafe HTML:\n{report}"


# The checker itself: if it found nothing, the corpus test would pass whatever markup.py does.


def test_checker_finds_a_planted_event_handler():
    problems = unsafe_parts("<p>Hallo <img src=x onerror=alert(1)></p>")
    assert "element <img>" in problems
    assert "event handler <img onerror='alert(1)'>" in problems
    assert "attribute <img src='x'>" in problems


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java&#x09;script:alert(1)",
        "&#106;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example",
        "/\\evil.example",
    ],
)
def test_checker_finds_a_planted_bad_url(href):
    html = f'<a href="{href}" {REL}>x</a>'
    assert len(unsafe_parts(html)) == 1


@pytest.mark.parametrize(
    "html",
    [
        '<a href="https://example.com" rel="nofollow">x</a>',
        "<a>x</a>",
        '<p style="color:red">x</p>',
        '<abbr title="x" class="y">z</abbr>',
        "<p><!-- x --></p>",
        "<script>alert(1)</script>",
        "<svg><a xlink:href='https://example.com' " + REL + ">x</a></svg>",
    ],
)
def test_checker_finds_other_planted_problems(html):
    assert unsafe_parts(html)


def test_checker_accepts_what_the_allow_list_allows():
    html = (
        f'<h3>T</h3><p><a href="https://example.com/?a=1&amp;b=2" title="t" {REL}>x</a> '
        f'<a href="/forum/1" {REL}>y</a> <a href="mailto:a@example.com" {REL}>z</a> '
        '<abbr title="Amtlicher Gemeindeschlüssel">AGS</abbr> <code>&lt;b&gt;</code></p>'
    )
    assert unsafe_parts(html) == []


# Markdown still works.


def test_emphasis_and_line_breaks():
    assert render_markdown("*kursiv* **fett**\nneue Zeile") == (
        "<p><em>kursiv</em> <strong>fett</strong><br>\nneue Zeile</p>"
    )


def test_lists():
    html = render_markdown("- eins\n- zwei\n\n1. erstens\n2. zweitens")
    assert html == (
        "<ul>\n<li>eins</li>\n<li>zwei</li>\n</ul>\n"
        "<ol>\n<li>erstens</li>\n<li>zweitens</li>\n</ol>"
    )


def test_headings_quotes_and_rules():
    html = render_markdown("### Termine\n\n> Zitat\n\n---")
    assert html == "<h3>Termine</h3>\n<blockquote>\n<p>Zitat</p>\n</blockquote>\n<hr>"


def test_links_get_rel_and_keep_title():
    html = render_markdown('[Kreis](https://www.kreis-hoexter.de "Kreis Höxter")')
    assert html == (
        f'<p><a href="https://www.kreis-hoexter.de" title="Kreis Höxter" {REL}>Kreis</a></p>'
    )


def test_rel_of_raw_html_links_is_replaced():
    html = render_markdown('<a href="https://example.com" rel="opener" target="_blank">x</a>')
    assert html == f'<p><a href="https://example.com" {REL}>x</a></p>'


def test_fenced_and_inline_code_are_escaped_once():
    html = render_markdown("```\n<b>fett</b> & mehr\n```\n\n`<b>`")
    assert "<pre><code>&lt;b&gt;fett&lt;/b&gt; &amp; mehr\n</code></pre>" in html
    assert "<p><code>&lt;b&gt;</code></p>" in html
    assert "&amp;lt;" not in html


def test_code_is_not_linkified():
    html = render_markdown("```\nwww.example.com\n```")
    assert html == "<pre><code>www.example.com\n</code></pre>"


def test_tables():
    html = render_markdown("| Ort | AGS |\n|-----|-----|\n| Brakel | 05762016 |")
    assert html == (
        "<table>\n<thead>\n<tr>\n<th>Ort</th>\n<th>AGS</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>Brakel</td>\n<td>05762016</td>\n</tr>\n</tbody>\n</table>"
    )


def test_www_and_email_addresses_are_autolinked():
    html = render_markdown("Siehe www.example.com oder schreib an info@example.com.")
    assert f'<a href="http://www.example.com" {REL}>www.example.com</a>' in html
    assert f'<a href="mailto:info@example.com" {REL}>info@example.com</a>' in html


def test_mailto_links():
    html = render_markdown("[Schreib uns](mailto:info@example.com)")
    assert html == f'<p><a href="mailto:info@example.com" {REL}>Schreib uns</a></p>'


# Hostile links lose their href, and the text stays.


@pytest.mark.parametrize(
    "source",
    [
        "[Klick](javascript:alert(1))",
        "[Klick](JAVASCRIPT:alert(1))",
        "[Klick](java&#x09;script:alert(1))",
        "[Klick](<javascript:alert(1)>)",
        "[Klick][r]\n\n[r]: javascript:alert(1)",
        '<a href="javascript:alert(1)">Klick</a>',
        '<a href="&#106;avascript:alert(1)">Klick</a>',
        '<a href=" javascript:alert(1)">Klick</a>',
        "[Klick](vbscript:msgbox(1))",
        "[Klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="data:text/html,<script>alert(1)</script>">Klick</a>',
    ],
)
def test_script_and_data_links_are_removed(source):
    assert render_markdown(source) == f"<p><a {REL}>Klick</a></p>"


@pytest.mark.parametrize(
    "source", ["<javascript:alert(1)>", "![Bild](javascript:alert(1))", "![Bild](data:x,y)"]
)
def test_script_autolinks_and_images_vanish(source):
    assert render_markdown(source) == "<p></p>"


def test_scripts_and_event_handlers_are_removed():
    html = render_markdown('<script>alert(1)</script>\n\nHallo <b onclick="alert(2)">du</b>')
    assert "<script" not in html
    assert "onclick" not in html
    assert "<b" not in html


# Mentions.


def mentions(source):
    return mentioned_usernames(render_markdown(source))


def test_mentioned_usernames_in_order_each_once():
    assert mentions("@zoe, @bernd.k und @zoe; danke @anna.") == ["zoe", "bernd.k", "anna"]


def test_email_addresses_are_no_mentions():
    assert mentions("anna@example.com und x.y@example.org, foo@bar") == []
    assert mentions("(@anna) schreibt anna@example.com") == ["anna"]


def test_an_at_in_links_code_or_quotes_mentions_nobody():
    source = (
        "[Profil](https://mastodon.social/@bob) und `@carl` und\n\n"
        "```\n@dora\n```\n\n> @emil schrieb etwas\n\nAber @fritz ist gemeint."
    )
    assert mentions(source) == ["fritz"]
    assert 'href="https://mastodon.social/@bob"' in render_markdown(source)
