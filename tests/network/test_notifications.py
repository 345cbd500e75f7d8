"""Following and notifications: one notification per recipient, e-mails as each member wishes."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from network import forum, notifications
from network.models import EmailFrequency, Notification, NotificationKind, Post, Thread
from tests.factories.network import ForumCategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return ForumCategoryFactory(name="OZG-Umsetzung", slug="ozg")


def member(people, name, frequency=EmailFrequency.OFF):
    user = people[name]
    user.notification_frequency = frequency
    user.approval_decided_at = timezone.now() - timedelta(days=30)
    user.save()
    return user


def start(category, author, body="Wie setzt ihr das Wohngeld online um?", **kwargs):
    thread = forum.start_thread(
        category=category, author=author, title="Wohngeld online", body=body, **kwargs
    )
    Post.objects.filter(thread=thread).update(created_at=timezone.now() - timedelta(hours=1))
    return thread


def kinds_for(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_reply_notifies_each_thread_follower_once(people, category):
    author = member(people, "member")
    replier = member(people, "editor_brakel")
    follower = member(people, "editor_hoexter")
    thread = start(category, author)
    notifications.follow(follower, thread)

    forum.add_post(thread, replier, "Wir nutzen das Landesportal.")

    assert kinds_for(author) == [NotificationKind.REPLY]
    assert kinds_for(follower) == [NotificationKind.REPLY]
    assert kinds_for(replier) == []  # the one who wrote knows already
    notification = Notification.objects.get(recipient=author)
    assert notification.actor == replier
    assert notification.subject == thread
    assert notification.text == "hat in „Wohngeld online“ geantwortet"


def test_a_mentioned_follower_hears_once_as_mentioned(people, category):
    author = member(people, "member")
    replier = member(people, "editor_brakel")
    thread = start(category, author)

    forum.add_post(thread, replier, "@mitglied, schau mal. @mitglied @unbekannt")

    assert kinds_for(author) == [NotificationKind.MENTION]


def test_quoting_a_mention_does_not_mention_again(people, category):
    author = member(people, "member")
    replier = member(people, "editor_brakel")
    mentioned = member(people, "editor_hoexter")
    thread = start(category, author, body="Frage an @hoexter")
    Notification.objects.all().delete()

    forum.add_post(thread, replier, "> Frage an @hoexter\n\nIch antworte statt Höxter.")

    assert kinds_for(mentioned) == []


def test_followers_of_category_page_tag_and_organisation_hear_of_new_threads(
    people, category, brakel
):
    author = member(people, "editor_brakel")
    by_category = member(people, "member")
    by_page = member(people, "editor_hoexter")
    by_several = member(people, "coordinator")
    notifications.follow(by_category, category)
    notifications.follow(by_page, brakel)
    for target in (category, brakel):
        notifications.follow(by_several, target)

    thread = start(category, author, about_page=brakel.page_ptr, tags=["Wohngeld"])

    assert kinds_for(by_category) == [NotificationKind.FOLLOWED]
    assert kinds_for(by_page) == [NotificationKind.FOLLOWED]
    assert kinds_for(by_several) == [NotificationKind.FOLLOWED]
    assert Notification.objects.get(recipient=by_page).url.startswith(
        f"/netzwerk/forum/thema/{thread.pk}/"
    )
    # Replies go to the thread's followers, not to the whole category.
    forum.add_post(thread, member(people, "editor_hoexter"), "Antwort")
    assert kinds_for(by_category) == [NotificationKind.FOLLOWED]


def test_followers_of_a_tag_and_of_the_authors_organisation(people, category, brakel):
    author = member(people, "editor_brakel")  # works for Brakel
    by_tag = member(people, "member")
    by_organisation = member(people, "editor_hoexter")
    thread = Thread(category=category, title="x")
    thread.tags.set(["Wohngeld"])
    thread.save()
    notifications.follow(by_tag, thread.tags.get())
    notifications.follow(by_organisation, brakel)

    start(category, author, tags=["Wohngeld"])

    assert kinds_for(by_tag) == [NotificationKind.FOLLOWED]
    assert kinds_for(by_organisation) == [NotificationKind.FOLLOWED]


def test_follow_button_toggles(client, people, category):
    user = member(people, "member")
    client.force_login(user)
    back = "/netzwerk/forum/kategorie/ozg/"

    client.post("/netzwerk/folgen/", {"typ": "kategorie", "id": category.pk, "zurueck": back})
    assert notifications.is_following(user, category)
    response = client.post(
        "/netzwerk/folgen/", {"typ": "kategorie", "id": category.pk, "zurueck": back}
    )
    assert response["Location"] == back
    assert not notifications.is_following(user, category)
    # Anything but a path on this site leads to the notifications; a word is not a view's name.
    for elsewhere in ["https://evil.example/", "ozg", "-1"]:
        data = {"typ": "kategorie", "id": category.pk, "zurueck": elsewhere}
        assert client.post("/netzwerk/folgen/", data)["Location"] == "/netzwerk/benachrichtigungen/"
    assert client.post("/netzwerk/folgen/", {"typ": "benutzer", "id": 1}).status_code == 404


def test_immediate_mail_after_commit_with_preferences_link(
    client, people, category, django_capture_on_commit_callbacks
):
    author = member(people, "member", EmailFrequency.IMMEDIATELY)
    thread = start(category, author)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        forum.add_post(thread, member(people, "editor_brakel"), "Antwort aus Brakel")
        assert mail.outbox == []  # nothing leaves before the post is saved

    assert len(callbacks) == 1
    [message] = mail.outbox
    assert message.to == [author.email]
    assert message.subject == "Neues in „Wohngeld online“"
    assert "hat in „Wohngeld online“ geantwortet" in message.body
    link = re.search(r"https?://\S+/konto/benachrichtigungen/\S+/", message.body).group(0)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert Notification.objects.get(recipient=author).emailed_at is not None

    # The link works without logging in; a one-click unsubscribe turns e-mails off.
    path = re.sub(r"^https?://[^/]+", "", link)
    assert client.get(path).status_code == 200
    client.post(path, {"List-Unsubscribe": "One-Click"})
    author.refresh_from_db()
    assert author.notification_frequency == EmailFrequency.OFF
    assert client.get("/konto/benachrichtigungen/kaputt/").status_code == 404


def test_digests_group_by_subject_never_repeat_and_skip_empty(people, category):
    reader = member(people, "member", EmailFrequency.DAILY)
    member(people, "coordinator", EmailFrequency.DAILY)  # nothing happened for them
    weekly = member(people, "editor_hoexter", EmailFrequency.WEEKLY)
    writer = member(people, "editor_brakel")
    first = start(category, reader)
    second = start(category, reader, body="Zweite Frage")
    Thread.objects.filter(pk=second.pk).update(title="Zweites Thema")
    second.refresh_from_db()
    notifications.follow(weekly, first)
    for thread in (first, second, first):
        forum.add_post(thread, writer, f"Antwort {Post.objects.count()}")
        Post.objects.filter(author=writer).update(created_at=timezone.now() - timedelta(minutes=5))
    mail.outbox.clear()

    call_command("send_notification_digests", "daily", verbosity=0)

    [digest] = mail.outbox
    assert digest.to == [reader.email]
    assert digest.subject == "Neues im Digitalnetz"
    assert digest.body.count("Wohngeld online\n") == 1
    assert digest.body.count("Zweites Thema\n") == 1
    assert digest.body.count("geantwortet") == 3

    mail.outbox.clear()
    call_command("send_notification_digests", "daily", verbosity=0)
    assert mail.outbox == []  # nothing new: no empty digest, no repeats

    call_command("send_notification_digests", "weekly", verbosity=0)
    [weekly_digest] = mail.outbox
    assert weekly_digest.to == [weekly.email]


def test_read_notifications_are_not_mailed_again(client, people, category):
    reader = member(people, "member", EmailFrequency.DAILY)
    thread = start(category, reader)
    forum.add_post(thread, member(people, "editor_brakel"), "Antwort")
    client.force_login(reader)
    notification = Notification.objects.get(recipient=reader)

    response = client.get(f"/netzwerk/benachrichtigungen/{notification.pk}/")

    assert response["Location"] == notification.url
    mail.outbox.clear()
    call_command("send_notification_digests", "daily", verbosity=0)
    assert mail.outbox == []


def test_a_failing_mail_server_does_not_lose_the_post(
    client, people, category, settings, django_capture_on_commit_callbacks
):
    author = member(people, "member", EmailFrequency.IMMEDIATELY)
    thread = start(category, author)
    # A real SMTP connection to a port where nothing listens.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    client.force_login(member(people, "editor_brakel"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/netzwerk/forum/thema/{thread.pk}/antworten/", {"body": "Trotz Mailausfall"}
        )

    assert response.status_code == 302
    assert thread.posts.filter(body="Trotz Mailausfall").exists()
    assert Notification.objects.get(recipient=author).emailed_at is None


def test_notification_list_and_unread_count(client, people, category):
    reader = member(people, "member")
    thread = start(category, reader)
    forum.add_post(thread, member(people, "editor_brakel"), "Antwort")
    client.force_login(reader)

    page = client.get("/netzwerk/benachrichtigungen/").content.decode()

    assert "hat in „Wohngeld online“ geantwortet" in page
    assert "Benachrichtigungen (1)" in page
    client.post("/netzwerk/benachrichtigungen/gelesen/")
    assert (
        "Benachrichtigungen (1)" not in client.get("/netzwerk/benachrichtigungen/").content.decode()
    )


def test_preferences_page(client, people):
    user = member(people, "member")
    client.force_login(user)
    client.post("/konto/benachrichtigungen/", {"notification_frequency": EmailFrequency.WEEKLY})
    user.refresh_from_db()
    assert user.notification_frequency == EmailFrequency.WEEKLY


def test_new_members_get_daily_digests_by_default():
    assert UserFactory().notification_frequency == EmailFrequency.DAILY


def test_tags_of_a_thread_can_be_followed_from_it(client, people, category):
    reader = member(people, "member")
    thread = start(category, member(people, "editor_brakel"), tags=["Wohngeld"])
    client.force_login(reader)
    tag = thread.tags.get()

    page = client.get(f"/netzwerk/forum/thema/{thread.pk}/").content.decode()
    assert "„Wohngeld“ folgen" in page
    client.post("/netzwerk/folgen/", {"typ": "schlagwort", "id": tag.pk})

    assert notifications.is_following(reader, tag)
    page = client.get(f"/netzwerk/forum/thema/{thread.pk}/").content.decode()
    assert "„Wohngeld“ nicht mehr folgen" in page


def test_one_refused_address_does_not_stop_the_other_digests(people, category):
    refused = member(people, "member", EmailFrequency.DAILY)
    refused.email = "kaputt\n@example.org"  # a header injection the mail library refuses
    refused.save()
    reader = member(people, "editor_hoexter", EmailFrequency.DAILY)
    thread = start(category, member(people, "coordinator"))
    notifications.follow(refused, thread)
    notifications.follow(reader, thread)
    forum.add_post(thread, member(people, "editor_brakel"), "Antwort")
    mail.outbox.clear()

    call_command("send_notification_digests", "daily", verbosity=0)

    assert [message.to for message in mail.outbox] == [[reader.email]]
    assert Notification.objects.get(recipient=refused).emailed_at is None


def test_mail_text_is_not_html_escaped(people, category):
    reader = member(people, "member", EmailFrequency.DAILY)
    thread = start(category, reader)
    Thread.objects.filter(pk=thread.pk).update(title="Tom & Jerry's Plan")
    thread.refresh_from_db()
    forum.add_post(thread, member(people, "editor_brakel"), "Antwort")
    mail.outbox.clear()

    call_command("send_notification_digests", "daily", verbosity=0)

    [digest] = mail.outbox
    assert digest.subject == "Neues in „Tom & Jerry's Plan“"
    assert "&amp;" not in digest.body
