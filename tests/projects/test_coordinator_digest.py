"""The coordinators' weekly digest: one notification each, with the week's figures, once a week."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from kb.models import FundingCallPage, FundingDeadline, today
from network import permissions
from network.models import EmailFrequency, Notification, NotificationKind, Visibility
from projects.digest import MAX_TEXT, WeeklyFigures, digest_text, send_coordinator_digest
from projects.models import CoordinatorDigest, ProjectPage, ProjectStatus
from projects.updates import post_status_update
from tests.factories.kb import FundingCallPageFactory
from tests.factories.network import PendingUserFactory, UserFactory
from tests.factories.projects import ProjectPageFactory

EXPECTED = (
    "Diese Woche im Netzwerk: 3 Projekte neu oder geändert (Interne Telefonanlage, "
    "Bürgerportal Brakel, Ratsinformationssystem); 1 Projekt seit 90 Tagen ohne Neuigkeit; "
    "2 Förderfristen in den nächsten 14 Tagen (Digitale Schule {soon}, Smart City {later}); "
    "1 Konto wartet auf Freischaltung."
)


def age(project, days, confirmed_days=None):
    """Make the project look published `days` ago and confirmed `confirmed_days` ago."""
    then = timezone.now() - timedelta(days=days)
    ProjectPage.objects.filter(pk=project.pk).update(
        first_published_at=then,
        last_published_at=then,
        last_confirmed_at=timezone.now() - timedelta(days=confirmed_days or days),
    )


def digests():
    return Notification.objects.filter(kind=NotificationKind.COORDINATOR_DIGEST)


@pytest.fixture
def week(people, brakel, hoexter):
    """A week in the network: new, reported, quiet and stale projects, deadlines, a sign-up."""
    # Published as editors publish, which records when.
    ProjectPageFactory(parent=brakel, title="Bürgerportal Brakel").save_revision().publish()
    ProjectPageFactory(
        parent=hoexter, title="Interne Telefonanlage", visibility=Visibility.MEMBERS
    ).save_revision().publish()
    reported = ProjectPageFactory(parent=hoexter, title="Ratsinformationssystem")
    age(reported, 40)
    post_status_update(reported, people["editor_hoexter"], "Die Schulung ist terminiert.")
    ProjectPage.objects.filter(pk=reported.pk).update(
        last_published_at=timezone.now() - timedelta(days=40)
    )
    quiet = ProjectPageFactory(parent=brakel, title="Ruhiges Projekt")
    age(quiet, 30, confirmed_days=10)
    stale = ProjectPageFactory(parent=brakel, title="Verstaubt")
    age(stale, 200)
    stopped = ProjectPageFactory(parent=brakel, title="Beendet", status=ProjectStatus.STOPPED)
    age(stopped, 300)
    FundingCallPageFactory(title="Smart City", deadlines=[10, 40])
    FundingCallPageFactory(title="Digitale Schule", deadlines=[3])
    FundingCallPageFactory(title="Später", deadlines=[15])
    FundingCallPageFactory(title="Zurückgezogen", deadlines=[5]).unpublish()
    # Waiting: people["pending"]; not waiting: an unconfirmed address, a deactivated account.
    PendingUserFactory(username="unbestaetigt").emailaddress_set.update(verified=False)
    PendingUserFactory(username="deaktiviert", is_active=False)
    return people


def expected_text():
    return EXPECTED.format(
        soon=(today() + timedelta(days=3)).strftime("%d.%m."),
        later=(today() + timedelta(days=10)).strftime("%d.%m."),
    )


def test_each_coordinator_hears_of_the_week(week):
    call_command("send_coordinator_digest", verbosity=0)
    notification = digests().get()
    assert notification.recipient == week["coordinator"]
    assert notification.text == expected_text()
    assert notification.url == "/koordination/"
    assert notification.actor is None
    assert not notification.names_actor
    digest = CoordinatorDigest.objects.get()
    assert (notification.subject_type.model, notification.subject_id) == (
        "coordinatordigest",
        digest.pk,
    )
    number = timezone.localdate().isocalendar()[1]
    assert notification.subject_title.startswith(f"Wochenüberblick der Koordination, KW {number}/")


def test_only_coordinators_get_it(week, kreis):
    second = UserFactory(username="koordination2", organisation=kreis)
    permissions.add_to_role(second, permissions.COORDINATORS)
    waiting = PendingUserFactory(username="koordination3", organisation=kreis)
    permissions.add_to_role(waiting, permissions.COORDINATORS)
    gone = UserFactory(username="koordination4", organisation=kreis, is_active=False)
    permissions.add_to_role(gone, permissions.COORDINATORS)
    assert send_coordinator_digest() == 2
    assert sorted(digests().values_list("recipient__username", flat=True)) == [
        "koordination",
        "koordination2",
    ]


def test_a_week_is_reported_once(week):
    now = timezone.now()
    call_command("send_coordinator_digest", verbosity=0)
    call_command("send_coordinator_digest", verbosity=0)
    end_of_week = now + timedelta(days=6 - timezone.localdate(now).weekday())
    assert send_coordinator_digest(now=end_of_week) == 0
    assert digests().count() == 1
    # The next week has its own digest: the stale project is still there.
    assert send_coordinator_digest(now=now + timedelta(days=7)) == 1
    assert digests().count() == 2
    assert "1 Projekt seit 90 Tagen ohne Neuigkeit" in digests().first().text
    assert CoordinatorDigest.objects.count() == 2


def test_nothing_is_sent_when_nothing_happened(brakel, kreis):
    coordinator = UserFactory(username="koordination", organisation=kreis)
    permissions.add_to_role(coordinator, permissions.COORDINATORS)
    quiet = ProjectPageFactory(parent=brakel, title="Ruhiges Projekt")
    age(quiet, 30, confirmed_days=10)
    FundingCallPageFactory(title="Später", deadlines=[30])
    assert send_coordinator_digest() == 0
    assert not digests().exists()
    # Nor is the week used up: something happening later in the week is reported.
    assert not CoordinatorDigest.objects.exists()
    PendingUserFactory(username="neu")
    assert send_coordinator_digest() == 1
    assert digests().get().text == ("Diese Woche im Netzwerk: 1 Konto wartet auf Freischaltung.")


def test_long_titles_give_way_and_the_text_fits(db):
    call = FundingCallPage(title="Förderprogramm " + "sehr " * 30)
    figures = WeeklyFigures(
        changed=[ProjectPage(title=f"Projekt {number} " + "x" * 200) for number in range(40)],
        stale=12,
        deadlines=[
            FundingDeadline(call=call, date=today() + timedelta(days=day)) for day in range(9)
        ],
        pending=3,
    )
    text = digest_text(figures)
    assert len(text) <= MAX_TEXT
    assert "40 Projekte neu oder geändert (Projekt 0" in text
    assert "12 Projekte seit 90 Tagen ohne Neuigkeit" in text
    assert "9 Förderfristen in den nächsten 14 Tagen" in text
    assert text.endswith("3 Konten warten auf Freischaltung.")


@pytest.mark.parametrize(
    ("frequency", "digest_run", "mailed"),
    [
        (EmailFrequency.IMMEDIATELY, None, True),
        (EmailFrequency.DAILY, "daily", True),
        (EmailFrequency.WEEKLY, "daily", False),
        (EmailFrequency.WEEKLY, "weekly", True),
        (EmailFrequency.OFF, "weekly", False),
    ],
)
def test_mailed_as_the_coordinator_chose(
    week, django_capture_on_commit_callbacks, frequency, digest_run, mailed
):
    coordinator = week["coordinator"]
    coordinator.notification_frequency = frequency
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_coordinator_digest", verbosity=0)
    if digest_run:
        assert not mail.outbox
        call_command("send_notification_digests", digest_run, verbosity=0)
    assert len(mail.outbox) == int(mailed)
    if mailed:
        message = mail.outbox[0]
        assert message.to == [coordinator.email]
        assert message.subject.startswith("Neues in „Wochenüberblick der Koordination, KW")
        assert expected_text() in message.body
        assert "/koordination/" in message.body
        assert "ehemaliges Mitglied" not in message.body


def test_shown_on_the_site_as_a_sentence_of_its_own(client, week):
    send_coordinator_digest()
    client.force_login(week["coordinator"])
    page = client.get("/netzwerk/benachrichtigungen/").content.decode()
    assert "Diese Woche im Netzwerk: 3 Projekte neu oder geändert" in page
    assert "ehemaliges Mitglied" not in page
