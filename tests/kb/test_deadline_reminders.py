"""Deadline reminders: 14 and 3 days before, once per follower and deadline, never when closed."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from kb.models import DeadlineLabel, DeadlineReminder, FundingCallPage
from kb.reminders import send_deadline_reminders
from network import notifications
from network.models import EmailFrequency, Notification, NotificationKind
from network.personal_data import erase_personal_data, export_personal_data
from tests.factories.kb import FundingCallPageFactory
from tests.factories.network import UserFactory

pytestmark = pytest.mark.django_db


def days_later(clock, days):
    clock(datetime(2026, 4, 16, 10, tzinfo=UTC) + timedelta(days=days))


def texts_for(user):
    return list(
        Notification.objects.filter(recipient=user).order_by("pk").values_list("text", flat=True)
    )


@pytest.fixture
def call(clock, handlungsfeld):
    """A call with its Antrag deadline in 14 days, on 30 April 2026."""
    return FundingCallPageFactory(
        title="Modellprojekte Verwaltung", deadlines=[14], handlungsfelder=[handlungsfeld]
    )


def test_followers_of_the_call_and_of_its_handlungsfeld_are_reminded_once(
    call, handlungsfeld, member
):
    by_field = UserFactory()
    by_both = UserFactory()
    bystander = UserFactory()
    notifications.follow(member, call)
    notifications.follow(by_field, handlungsfeld)
    for target in (call, handlungsfeld):
        notifications.follow(by_both, target)

    assert send_deadline_reminders() == 3

    expected = (
        "In 14 Tagen, am 30. April 2026, endet die Frist „Antrag“ für „Modellprojekte Verwaltung“."
    )
    for user in (member, by_field, by_both):
        assert texts_for(user) == [expected]
    assert texts_for(bystander) == []
    notification = Notification.objects.get(recipient=member)
    assert notification.kind == NotificationKind.DEADLINE
    assert notification.actor is None
    assert notification.subject == call.page_ptr
    assert notification.url == "/foerderung/modellprojekte-verwaltung/"
    assert DeadlineReminder.objects.filter(days_before=14).count() == 3


def test_running_again_sends_nothing(call, member):
    notifications.follow(member, call)
    call_command("send_deadline_reminders", verbosity=0)

    call_command("send_deadline_reminders", verbosity=0)

    assert send_deadline_reminders() == 0
    assert len(texts_for(member)) == 1
    assert DeadlineReminder.objects.count() == 1


def test_fourteen_and_three_days_before_and_nothing_in_between_or_after(clock, call, member):
    notifications.follow(member, call)
    sent = {}
    for day in range(20):
        days_later(clock, day)
        sent[day] = send_deadline_reminders()

    assert {day: count for day, count in sent.items() if count} == {0: 1, 11: 1}
    assert texts_for(member)[1] == (
        "In 3 Tagen, am 30. April 2026, endet die Frist „Antrag“ für „Modellprojekte Verwaltung“."
    )


def test_a_missed_day_is_caught_up_once(clock, call, member):
    notifications.follow(member, call)
    days_later(clock, 4)  # the run 14 days before did not happen

    assert send_deadline_reminders() == 1
    assert send_deadline_reminders() == 0
    days_later(clock, 13)  # one day before: the 3-day reminder, nothing more
    assert send_deadline_reminders() == 1
    days_later(clock, 14)
    assert send_deadline_reminders() == 0

    assert texts_for(member) == [
        "In 10 Tagen, am 30. April 2026, endet die Frist „Antrag“ für „Modellprojekte Verwaltung“.",
        "Morgen, am 30. April 2026, endet die Frist „Antrag“ für „Modellprojekte Verwaltung“.",
    ]


def test_a_deadline_first_reminded_on_its_day_says_today(clock, member):
    call = FundingCallPageFactory(title="Bürgerbeteiligung", deadlines=[0])
    notifications.follow(member, call)

    assert send_deadline_reminders() == 1
    assert texts_for(member) == ["Heute endet die Frist „Antrag“ für „Bürgerbeteiligung“."]


def test_closed_drafts_and_far_deadlines_are_not_reminded(clock, member):
    targets = [
        FundingCallPageFactory(deadlines=[-1]),  # closed yesterday
        FundingCallPageFactory(deadlines=[3], live=False),  # a draft
        FundingCallPageFactory(deadlines=[15]),  # not yet
    ]
    for target in targets:
        notifications.follow(member, target)

    assert send_deadline_reminders() == 0
    assert texts_for(member) == []


def test_each_deadline_of_a_call_is_reminded(clock, member):
    call = FundingCallPageFactory(
        title="Smart Region", deadlines=[(DeadlineLabel.SKIZZE, 3), (DeadlineLabel.ANTRAG, 14)]
    )
    notifications.follow(member, call)

    assert send_deadline_reminders() == 2
    assert sorted(texts_for(member)) == [
        "In 14 Tagen, am 30. April 2026, endet die Frist „Antrag“ für „Smart Region“.",
        "In 3 Tagen, am 19. April 2026, endet die Frist „Skizze“ für „Smart Region“.",
    ]


def test_the_next_deadline_is_reminded_after_an_earlier_one_passed(clock, member):
    call = FundingCallPageFactory(deadlines=[(DeadlineLabel.SKIZZE, 1), (DeadlineLabel.ANTRAG, 5)])
    notifications.follow(member, call)
    assert send_deadline_reminders() == 2
    days_later(clock, 2)  # the Skizze deadline passed; the call's next deadline is the Antrag's

    assert send_deadline_reminders() == 1

    assert FundingCallPage.objects.get(pk=call.pk).next_deadline == date(2026, 4, 21)


def test_a_moved_deadline_is_reminded_again(clock, call, member):
    notifications.follow(member, call)
    send_deadline_reminders()
    deadline = call.deadlines.get()
    deadline.date = date(2026, 4, 27)  # the funder brings it forward
    call.deadlines = [deadline]
    call.save_revision().publish()

    assert send_deadline_reminders() == 1
    assert "am 27. April 2026" in texts_for(member)[1]


def test_reminder_reads_without_a_name_on_the_site_and_in_the_email(
    client, call, member, django_capture_on_commit_callbacks
):
    member.notification_frequency = EmailFrequency.IMMEDIATELY
    member.save()
    notifications.follow(member, call)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        send_deadline_reminders()

    [message] = mail.outbox
    assert "- In 14 Tagen, am 30. April 2026, endet die Frist" in message.body
    assert "ehemaliges Mitglied" not in message.body
    assert message.subject == "Neues in „Modellprojekte Verwaltung“"
    client.force_login(member)
    html = client.get("/netzwerk/benachrichtigungen/").content.decode()
    assert '">In 14 Tagen, am 30. April 2026, endet die Frist' in html
    assert "ehemaliges Mitglied" not in html


def test_reminders_are_part_of_a_members_data(call, member):
    notifications.follow(member, call)
    send_deadline_reminders()

    records = export_personal_data(member)["related_records"]
    [exported] = records["kb.DeadlineReminder.recipient"]
    assert exported.pop("sent_at")
    assert exported == {
        "deadline__call__title": "Modellprojekte Verwaltung",
        "days_before": 14,
        "date": date(2026, 4, 30),
    }
    erase_personal_data(member)
    assert not DeadlineReminder.objects.exists()


def test_command_reports_what_it_sent(call, member, capsys):
    notifications.follow(member, call)
    call_command("send_deadline_reminders")
    assert capsys.readouterr().out == "1 Erinnerung(en) verschickt.\n"
