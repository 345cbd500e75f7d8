"""The members' forum: posting, reading, quoting, solutions, flags, moderation and limits."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from network import forum, permissions
from network.models import Post, Thread
from network.personal_data import erase_personal_data
from tests.factories.network import ForumCategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return ForumCategoryFactory(name="Dokumentenmanagement", slug="dms")


@pytest.fixture
def moderator(brakel):
    user = UserFactory(username="moderation", organisation=brakel)
    permissions.add_to_role(user, permissions.MODERATORS)
    return user


def established(user):
    """A member for long enough that the stricter limits for newcomers no longer apply."""
    user.approval_decided_at = timezone.now() - forum.NEW_MEMBER_PERIOD - timedelta(days=1)
    user.save(update_fields=["approval_decided_at"])
    return user


def age_posts(thread, by=timedelta(hours=1)):
    """Move a thread's posts into the past, as if written a while ago."""
    for post in thread.posts.all():
        Post.objects.filter(pk=post.pk).update(created_at=post.created_at - by)
    forum.recount(thread)


@pytest.fixture
def thread(category, people):
    author = established(people["member"])
    thread = forum.start_thread(
        category=category,
        author=author,
        title="Welches DMS nutzt ihr?",
        body="Wir suchen ein **Dokumentenmanagementsystem**. Erfahrungen?",
    )
    age_posts(thread)
    return thread


FORUM_URLS = [
    "/netzwerk/forum/",
    "/netzwerk/forum/kategorie/dms/",
    "/netzwerk/forum/kategorie/dms/neu/",
    "/netzwerk/forum/thema/{thread}/",
    "/netzwerk/forum/beitrag/{post}/verlauf/",
    "/netzwerk/forum/beitrag/{post}/melden/",
    "/netzwerk/forum/mitglieder.json?q=mit",
    "/netzwerk/benachrichtigungen/",
]


@pytest.mark.parametrize("role", ["visitor", "pending"])
def test_visitors_and_pending_accounts_see_no_forum_content(client, people, thread, role):
    if people[role]:
        client.force_login(people[role])
    post = thread.posts.get()
    for url in FORUM_URLS:
        response = client.get(url.format(thread=thread.pk, post=post.pk))
        assert response.status_code == 302, url
        assert "Dokumentenmanagementsystem" not in response.content.decode()
    search = client.get("/suche/", {"q": "Dokumentenmanagementsystem"}).content.decode()
    assert "Welches DMS" not in search


def test_member_starts_a_thread_and_others_reply(client, people, category):
    member = established(people["member"])
    client.force_login(member)

    response = client.post(
        "/netzwerk/forum/kategorie/dms/neu/",
        {"title": "E-Akte im Bauamt", "body": "Wer hat *Erfahrung*?", "tags": "E-Akte, Bauen"},
    )

    thread = Thread.objects.get(title="E-Akte im Bauamt")
    assert response["Location"] == f"/netzwerk/forum/thema/{thread.pk}/"
    assert sorted(thread.tags.names()) == ["Bauen", "E-Akte"]
    assert thread.posts.get().body_html == "<p>Wer hat <em>Erfahrung</em>?</p>"
    client.force_login(established(people["editor_brakel"]))
    reply = client.post(f"/netzwerk/forum/thema/{thread.pk}/antworten/", {"body": "Wir in Brakel."})
    post = thread.posts.latest("created_at")
    assert reply["Location"] == f"/netzwerk/forum/thema/{thread.pk}/#beitrag-{post.pk}"
    thread.refresh_from_db()
    assert thread.post_count == 2
    assert thread.last_post_at == post.created_at
    page = client.get(f"/netzwerk/forum/thema/{thread.pk}/").content.decode()
    assert "Wir in Brakel." in page
    assert "Wer hat <em>Erfahrung</em>?" in page


def test_posts_are_sanitised(client, people, thread):
    client.force_login(established(people["editor_brakel"]))
    client.post(
        f"/netzwerk/forum/thema/{thread.pk}/antworten/",
        {"body": 'Siehe <a href="javascript:alert(1)" onclick="x()">hier</a><script>x()</script>'},
    )
    html = thread.posts.latest("created_at").body_html
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onclick" not in html


def test_editing_keeps_the_earlier_wording(client, people, thread):
    post = thread.posts.get()
    client.force_login(people["member"])

    client.post(f"/netzwerk/forum/beitrag/{post.pk}/bearbeiten/", {"body": "Neue Fassung"})

    post.refresh_from_db()
    assert post.body == "Neue Fassung"
    assert post.edited_at is not None
    assert post.revisions.get().body.startswith("Wir suchen ein **Dokumentenmanagementsystem**")
    history = client.get(f"/netzwerk/forum/beitrag/{post.pk}/verlauf/").content.decode()
    assert "Neue Fassung" in history
    assert "Wir suchen ein **Dokumentenmanagementsystem**" in history


def test_others_cannot_edit_a_post(client, people, thread):
    post = thread.posts.get()
    client.force_login(people["editor_brakel"])
    response = client.post(f"/netzwerk/forum/beitrag/{post.pk}/bearbeiten/", {"body": "Gekapert"})
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.body != "Gekapert"


def test_quote_prefills_the_reply(client, people, thread):
    post = thread.posts.get()
    client.force_login(people["editor_brakel"])
    response = client.get(f"/netzwerk/forum/thema/{thread.pk}/", {"zitat": post.pk})
    body = response.context["form"]["body"].value()
    assert body.startswith("@mitglied schrieb:\n> Wir suchen ein **Dokumentenmanagementsystem**.")


def test_thread_author_marks_the_solution(client, people, thread):
    forum.add_post(thread, established(people["editor_brakel"]), "Wir nutzen d.velop.")
    answer = thread.posts.latest("created_at")
    client.force_login(people["editor_hoexter"])
    assert client.post(f"/netzwerk/forum/beitrag/{answer.pk}/loesung/").status_code == 403

    client.force_login(people["member"])
    client.post(f"/netzwerk/forum/beitrag/{answer.pk}/loesung/")

    thread.refresh_from_db()
    assert thread.solution == answer
    listing = client.get("/netzwerk/forum/kategorie/dms/").content.decode()
    assert "gelöst" in listing


def test_unread_markers_follow_what_the_member_has_read(client, people, thread):
    client.force_login(people["editor_brakel"])
    assert "neu</span>" in client.get("/netzwerk/forum/kategorie/dms/").content.decode()
    client.get(f"/netzwerk/forum/thema/{thread.pk}/")
    assert "neu</span>" not in client.get("/netzwerk/forum/kategorie/dms/").content.decode()

    forum.add_post(thread, people["editor_hoexter"], "Neuigkeit aus Höxter")

    assert "neu</span>" in client.get("/netzwerk/forum/kategorie/dms/").content.decode()
    page = client.get(f"/netzwerk/forum/thema/{thread.pk}/")
    assert page.context["seen_until"] < thread.posts.latest("created_at").created_at
    assert "neu</span>" not in client.get("/netzwerk/forum/kategorie/dms/").content.decode()
    again = client.get(f"/netzwerk/forum/thema/{thread.pk}/")
    assert again.context["seen_until"] == thread.posts.latest("created_at").created_at
    assert "neu</span>" not in again.content.decode()


def test_posting_limits_hold_new_members_back(client, people, thread):
    newcomer = UserFactory(organisation=people["member"].organisation)
    client.force_login(newcomer)
    first = client.post(f"/netzwerk/forum/thema/{thread.pk}/antworten/", {"body": "Hallo zusammen"})
    assert first.status_code == 302

    too_soon = client.post(f"/netzwerk/forum/thema/{thread.pk}/antworten/", {"body": "Noch was"})
    assert "Bitte warten Sie noch" in too_soon.content.decode()
    assert "Noch was" in too_soon.content.decode()  # what was typed is kept

    Post.objects.filter(author=newcomer).update(created_at=timezone.now() - timedelta(minutes=2))
    same = client.post(f"/netzwerk/forum/thema/{thread.pk}/antworten/", {"body": "Hallo zusammen"})
    assert "Diesen Text haben Sie gerade schon veröffentlicht." in same.content.decode()

    links = "https://a.de https://b.de [c](https://c.de)"
    many_links = client.post(f"/netzwerk/forum/thema/{thread.pk}/antworten/", {"body": links})
    assert "höchstens 2 Links" in many_links.content.decode()
    assert thread.posts.filter(author=newcomer).count() == 1


def test_enough_flags_hide_a_post_from_members_but_not_moderators(
    client, people, thread, moderator
):
    post = thread.posts.get()
    for flagger in ("editor_brakel", "editor_hoexter", "coordinator"):
        client.force_login(people[flagger])
        client.post(f"/netzwerk/forum/beitrag/{post.pk}/melden/", {"reason": "spam"})
        post.refresh_from_db()
    assert post.is_hidden
    assert post.flags.count() == 3

    client.force_login(people["editor_brakel"])
    member_view = client.get(f"/netzwerk/forum/thema/{thread.pk}/").content.decode()
    assert "Dokumentenmanagementsystem" not in member_view
    assert "ausgeblendet" in member_view
    client.force_login(moderator)
    moderator_view = client.get(f"/netzwerk/forum/thema/{thread.pk}/").content.decode()
    assert "Dokumentenmanagementsystem" in moderator_view
    assert "3 Meldungen" in moderator_view
    entry = ModelLogEntry.objects.get(action="network.forum.hide")
    assert entry.user is None
    assert entry.data == {"by_flags": True}


def test_every_moderator_action_is_logged(client, people, thread, moderator, category):
    other = ForumCategoryFactory(name="Sicherheit", slug="sicherheit")
    forum.add_post(thread, established(people["editor_brakel"]), "Zweiter Beitrag")
    forum.add_post(thread, established(people["editor_hoexter"]), "Dritter Beitrag")
    second, third = thread.posts.order_by("created_at")[1:]
    client.force_login(moderator)
    url = f"/netzwerk/forum/thema/{thread.pk}/moderieren/"

    for action in ("schliessen", "oeffnen", "anheften", "nicht_anheften"):
        client.post(url, {"aktion": action})
    client.post(url, {"aktion": "verschieben", "category": other.pk})
    client.post(f"/netzwerk/forum/beitrag/{second.pk}/moderieren/", {"aktion": "ausblenden"})
    client.post(f"/netzwerk/forum/beitrag/{second.pk}/moderieren/", {"aktion": "einblenden"})
    client.post(f"/netzwerk/forum/beitrag/{second.pk}/bearbeiten/", {"body": "Moderiert"})
    client.post(
        f"/netzwerk/forum/beitrag/{third.pk}/abtrennen/",
        {"title": "Abgetrennt", "category": category.pk},
    )
    client.post(f"/netzwerk/forum/beitrag/{second.pk}/moderieren/", {"aktion": "loeschen"})

    actions = list(
        ModelLogEntry.objects.filter(action__startswith="network.forum.")
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "network.forum.lock",
        "network.forum.unlock",
        "network.forum.pin",
        "network.forum.unpin",
        "network.forum.move",
        "network.forum.hide",
        "network.forum.unhide",
        "network.forum.edit",
        "network.forum.split",
        "network.forum.delete",
    ]
    assert ModelLogEntry.objects.filter(user=moderator).count() == len(actions)
    thread.refresh_from_db()
    assert thread.category == other
    assert thread.post_count == 1
    split = Thread.objects.get(title="Abgetrennt")
    assert list(split.posts.values_list("body", flat=True)) == ["Dritter Beitrag"]
    log_page = client.get("/netzwerk/forum/moderation/").content.decode()
    assert "Beitrag ausgeblendet" in log_page


def test_members_cannot_moderate(client, people, thread):
    client.force_login(people["editor_brakel"])
    url = f"/netzwerk/forum/thema/{thread.pk}/moderieren/"
    assert client.post(url, {"aktion": "schliessen"}).status_code == 403
    assert client.get("/netzwerk/forum/moderation/").status_code == 403
    thread.refresh_from_db()
    assert not thread.is_locked


def test_locked_thread_takes_no_replies(client, people, thread, moderator):
    forum.set_locked(thread, True, moderator)
    client.force_login(established(people["editor_brakel"]))
    client.post(f"/netzwerk/forum/thema/{thread.pk}/antworten/", {"body": "Trotzdem"})
    assert thread.posts.count() == 1


def test_mention_suggestions_list_members_only(client, people):
    client.force_login(people["editor_brakel"])
    data = client.get("/netzwerk/forum/mitglieder.json", {"q": "ne"}).json()
    assert [m["username"] for m in data["members"]] == []  # "neu" is still pending
    data = client.get("/netzwerk/forum/mitglieder.json", {"q": "mit"}).json()
    assert data["members"][0]["username"] == "mitglied"


def test_thread_about_a_page_is_shown_on_both_sides(client, people, category, brakel):
    client.force_login(established(people["member"]))
    client.post(
        f"/netzwerk/forum/kategorie/dms/neu/?seite_id={brakel.pk}",
        {"title": "Frage zu Brakel", "body": "Wie macht ihr das?", "seite_id": brakel.pk},
    )
    thread = Thread.objects.get(title="Frage zu Brakel")
    assert thread.about_page_id == brakel.pk
    thread_page = client.get(f"/netzwerk/forum/thema/{thread.pk}/").content.decode()
    assert f'href="{brakel.url}"' in thread_page
    assert "Frage zu Brakel" in client.get(brakel.url).content.decode()
    client.logout()
    assert "Frage zu Brakel" not in client.get(brakel.url).content.decode()


def test_long_thread_pages_cost_a_fixed_number_of_queries(
    client, people, thread, moderator, django_assert_num_queries, django_assert_max_num_queries
):
    authors = [people[name] for name in ("member", "editor_brakel", "editor_hoexter")]
    start = timezone.now() - timedelta(days=30)
    Post.objects.bulk_create(
        Post(
            thread=thread,
            author=authors[number % 3],
            body=f"Beitrag {number}",
            body_html=f"<p>Beitrag {number}</p>",
            created_at=start + timedelta(minutes=number),
        )
        for number in range(999)
    )
    forum.recount(thread)
    for viewer in (people["editor_brakel"], moderator):
        client.force_login(viewer)
        client.get(f"/netzwerk/forum/thema/{thread.pk}/")  # the first visit creates its record
        with django_assert_max_num_queries(25) as first_page:
            client.get(f"/netzwerk/forum/thema/{thread.pk}/")
        queries = len(first_page)
        for page in (25, 50):
            # Two more: the opening post's id, which the first page has among its posts, and
            # moving the read marker forward, where the first page had been read before.
            with django_assert_num_queries(queries + 2):
                response = client.get(f"/netzwerk/forum/thema/{thread.pk}/", {"seite": page})
            assert len(response.context["posts"]) == forum.POSTS_PER_PAGE
            assert response.context["posts"].paginator.num_pages == 50


def test_posts_of_a_deleted_account_stay_as_former_member(client, people, thread):
    erase_personal_data(people["member"])

    client.force_login(people["editor_brakel"])
    page = client.get(f"/netzwerk/forum/thema/{thread.pk}/").content.decode()
    assert "Dokumentenmanagementsystem" in page
    assert "ehemaliges Mitglied" in page


def test_edit_history_is_for_the_author_and_moderators(client, people, thread, moderator):
    post = thread.posts.get()
    forum.edit_post(post, moderator, "Ohne die Telefonnummer")
    url = f"/netzwerk/forum/beitrag/{post.pk}/verlauf/"
    client.force_login(people["editor_brakel"])
    assert client.get(url).status_code == 403
    for reader in (people["member"], moderator):
        client.force_login(reader)
        assert client.get(url).status_code == 200


def test_unhiding_settles_the_flags(client, people, thread, moderator):
    post = thread.posts.get()
    for flagger in ("editor_brakel", "editor_hoexter", "coordinator"):
        forum.flag_post(post, people[flagger], "spam")
    forum.set_hidden(post, False, moderator)

    forum.flag_post(post, people["editor_brakel"], "spam")

    post.refresh_from_db()
    assert not post.is_hidden
    assert post.flags.count() == 1


def test_new_members_cannot_add_links_by_editing(client, people, thread):
    newcomer = UserFactory(organisation=people["member"].organisation)
    post = forum.add_post(thread, newcomer, "Hallo")
    client.force_login(newcomer)
    links = "https://a.de https://b.de https://c.de"
    response = client.post(f"/netzwerk/forum/beitrag/{post.pk}/bearbeiten/", {"body": links})
    assert "höchstens 2 Links" in response.content.decode()
    post.refresh_from_db()
    assert post.body == "Hallo"


def test_a_thread_cannot_be_split_at_its_first_post(client, thread, moderator):
    client.force_login(moderator)
    first = thread.posts.get()
    response = client.post(
        f"/netzwerk/forum/beitrag/{first.pk}/abtrennen/",
        {"title": "Neu", "category": thread.category_id},
    )
    assert response["Location"] == f"/netzwerk/forum/thema/{thread.pk}/"
    assert Thread.objects.count() == 1
