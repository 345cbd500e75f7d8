"""Stale projects remind their editors once, until a sign of life makes them fresh again."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from network.models import Notification, NotificationKind
from projects.models import ProjectPage, ProjectStatus
from projects.reminders import send_reminder
from projects.updates import confirm_project
from tests.factories.projects import ProjectPageFactory


def age(project, days):
    ProjectPage.objects.filter(pk=project.pk).update(
        last_confirmed_at=timezone.now() - timedelta(days=days)
    )


def reminders():
    return Notification.objects.filter(kind=NotificationKind.REMINDER)


@pytest.fixture
def fresh_and_stale(people, brakel, hoexter):
    fresh = ProjectPageFactory(parent=brakel, title="Frisch")
    age(fresh, 89)
    stale = ProjectPageFactory(parent=brakel, title="Verstaubt")
    age(stale, 91)
    return fresh, stale


def test_the_editors_of_a_stale_project_are_reminded_once(people, fresh_and_stale):
    call_command("send_project_reminders", verbosity=0)
    assert list(reminders().values_list("recipient__username", "subject_id")) == [
        ("brakel", fresh_and_stale[1].pk)
    ]
    call_command("send_project_reminders", verbosity=0)
    assert reminders().count() == 1


def test_a_confirmed_project_may_be_reminded_again_when_stale_once_more(people, fresh_and_stale):
    stale = fresh_and_stale[1]
    call_command("send_project_reminders", verbosity=0)
    confirm_project(ProjectPage.objects.get(pk=stale.pk), people["editor_brakel"])
    call_command("send_project_reminders", verbosity=0)
    assert reminders().count() == 1  # fresh now
    age(stale, 100)
    call_command("send_project_reminders", verbosity=0)
    assert reminders().count() == 2


def test_without_editors_the_coordinators_are_reminded(people, kreis):
    project = ProjectPageFactory(parent=kreis, title="Kreisprojekt")
    age(project, 200)
    call_command("send_project_reminders", verbosity=0)
    assert list(reminders().values_list("recipient__username", flat=True)) == ["koordination"]


def test_stopped_projects_are_not_reminded(people, brakel):
    stopped = ProjectPageFactory(parent=brakel, status=ProjectStatus.STOPPED)
    age(stopped, 400)
    call_command("send_project_reminders", verbosity=0)
    assert not reminders().exists()
    assert not ProjectPage.objects.get(pk=stopped.pk).is_stale


def test_the_daily_reminder_speaks_for_the_platform_a_coordinators_names_them(
    client, people, fresh_and_stale
):
    call_command("send_project_reminders", verbosity=0)
    send_reminder(fresh_and_stale[1], actor=people["coordinator"])
    daily, by_coordinator = reminders().order_by("pk")
    assert not daily.names_actor
    assert by_coordinator.names_actor
    client.force_login(people["editor_brakel"])
    content = client.get("/netzwerk/benachrichtigungen/").content.decode()
    assert "ehemaliges Mitglied" not in content
    assert "bittet um eine Statusmeldung" in content
