"""The forum in a real browser: accessible pages, and hostile posts that run nothing."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from network import forum, permissions
from network.models import OrganisationPage, Post
from tests.browser.signing_in import sign_in
from tests.factories.network import ForumCategoryFactory, UserFactory
from tests.network.markup_checks import xss_vectors

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Chromium reports every dialog, and these stand in for whatever a vector would call.
TRAP_SCRIPT = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (...args) => window.__xss.push(name + ": " + args.join(" "));
}
"""
# What must not be found in any post on the page, checked in the browser's own DOM.
DOM_PROBLEMS = """
() => {
    const problems = [];
    for (const element of document.querySelectorAll(".post__body, .post__body *")) {
        const tag = element.tagName.toLowerCase();
        if (["script", "iframe", "object", "embed", "style", "img", "svg", "form", "input",
             "base", "link", "meta"].includes(tag)) {
            problems.push("element " + tag);
        }
        for (const attribute of element.attributes) {
            const name = attribute.name.toLowerCase();
            if (name.startsWith("on") || name === "style" || name === "src") {
                problems.push("attribute " + name + " on " + tag);
            }
        }
        if (tag === "a" && element.href && !/^(https?|mailto):/.test(element.href)) {
            problems.push("link to " + element.href);
        }
    }
    return problems;
}
"""


@pytest.fixture
def forum_site(hoexter_site):
    brakel = OrganisationPage.objects.get(ags="05762016")
    moderator = UserFactory(username="moderation", organisation=brakel)
    permissions.add_to_role(moderator, permissions.MODERATORS)
    member = UserFactory(username="mitglied", organisation=brakel)
    category = ForumCategoryFactory(name="Dokumentenmanagement", slug="dms")
    thread = forum.start_thread(
        category=category,
        author=member,
        title="Welches DMS nutzt ihr?",
        body="Wir suchen ein **DMS**. Erfahrungen, @moderation?",
        about_page=brakel,
    )
    forum.add_post(thread, moderator, "> Wir suchen ein DMS\n\nWir nutzen eins seit 2021.")
    return {"url": hoexter_site, "member": member, "moderator": moderator, "thread": thread}


PAGES = [
    "/netzwerk/forum/",
    "/netzwerk/forum/kategorie/dms/",
    "/netzwerk/forum/kategorie/dms/neu/",
    "/netzwerk/forum/thema/{thread}/",
    "/netzwerk/forum/thema/{thread}/?zitat={post}",
    "/netzwerk/forum/beitrag/{post}/melden/",
    "/netzwerk/forum/beitrag/{post}/bearbeiten/",
    "/netzwerk/forum/moderation/",
    "/netzwerk/benachrichtigungen/",
    "/konto/benachrichtigungen/",
    "/kommunen/brakel/",
]


@pytest.mark.parametrize("path", PAGES)
def test_forum_pages_have_no_axe_violations_and_fit_320_pixels(
    page, forum_site, axe_violations, path
):
    sign_in(page, forum_site["url"], forum_site["moderator"])
    thread = forum_site["thread"]
    post = thread.posts.last()
    page.goto(forum_site["url"] + path.format(thread=thread.pk, post=post.pk))
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"


def test_new_thread_form_errors_are_accessible(page, forum_site, axe_violations):
    sign_in(page, forum_site["url"], forum_site["member"])
    page.goto(forum_site["url"] + "/netzwerk/forum/kategorie/dms/neu/")
    page.get_by_role("button", name="Thema veröffentlichen").click()
    expect(page.get_by_text("Dieses Feld muss ausgefüllt werden.").first).to_be_visible()
    assert axe_violations(page) == []


def test_mention_suggestions_by_keyboard(page, forum_site):
    sign_in(page, forum_site["url"], forum_site["member"])
    thread = forum_site["thread"]
    page.goto(forum_site["url"] + f"/netzwerk/forum/thema/{thread.pk}/")
    field = page.get_by_label("Text")
    field.press_sequentially("Danke @moder")
    # Suggestions for "@m" may still be shown while "@moder" is asked for: wait for its answer.
    suggestions = page.locator(".mention-suggestions button")
    expect(suggestions).to_have_text([re.compile(r"^@moderation ")])
    field.press("ArrowDown")
    page.keyboard.press("Enter")
    assert field.input_value() == "Danke @moderation "


# Every reply rewrites its thread's search entry from the thread's posts (the first
# portal.search.entries.INDEXED_POSTS of them): threads of this many vectors keep that short.
VECTORS_PER_THREAD = 200


def test_hostile_posts_run_nothing_in_chromium(page, forum_site):
    """Every vector of the corpus, posted through the reply form, then read in Chromium."""
    poster = Client()
    poster.force_login(forum_site["moderator"])  # moderators are not slowed by posting limits
    vectors = xss_vectors()
    threads = []
    for start in range(0, len(vectors), VECTORS_PER_THREAD):
        thread = forum.start_thread(
            category=forum_site["thread"].category,
            author=forum_site["member"],
            title=f"Vektoren ab Nummer {start + 1}",
            body="Gesammelte Vektoren.",
        )
        for vector in vectors[start : start + VECTORS_PER_THREAD]:
            poster.post(f"/netzwerk/forum/thema/{thread.pk}/antworten/", {"body": vector})
        threads.append(thread)
    posts = Post.objects.filter(thread__in=threads).count()
    # The form refuses what is blank once trimmed; every other vector must have become a post.
    assert posts == len(threads) + len([vector for vector in vectors if vector.strip()])

    page.add_init_script(TRAP_SCRIPT)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, forum_site["url"], forum_site["member"])
    problems = {}
    for thread in threads:
        pages = (thread.posts.count() - 1) // forum.POSTS_PER_PAGE + 1
        for number in range(1, pages + 1):
            page.goto(f"{forum_site['url']}/netzwerk/forum/thema/{thread.pk}/?seite={number}")
            found = page.evaluate(DOM_PROBLEMS) + page.evaluate("window.__xss")
            if found:
                problems[thread.title, number] = found
    assert problems == {}
    assert dialogs == []


def test_the_traps_catch_a_real_injection(page):
    """Guards the test above: script that runs and markup that may run must be reported."""
    page.add_init_script(TRAP_SCRIPT)
    page.goto("about:blank")  # a navigation, so that the traps are set
    page.set_content(
        '<!DOCTYPE html><html lang="de"><title>t</title><div class="post__body">'
        '<img src="x" onerror="alert(1)"><a href="javascript:alert(2)">x</a></div></html>'
    )
    page.wait_for_function("window.__xss.length > 0")
    assert page.evaluate("window.__xss") == ["alert: 1"]
    problems = page.evaluate(DOM_PROBLEMS)
    assert "element img" in problems
    assert "attribute onerror on img" in problems
    assert "link to javascript:alert(2)" in problems
