"""Deadline reminders: members hear of a funding call's deadlines 14 and 3 days before them.

Whoever follows a call, or one of its Handlungsfelder, is reminded through the notification
service, on the site and by e-mail as they chose. `manage.py send_deadline_reminders` runs
this once a day.
"""

from datetime import timedelta

from django.db import transaction
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kb.models import DeadlineReminder, FundingCallPage, FundingDeadline, today
from network.models import NotificationKind
from network.notifications import followers_of, notify

# Days before a deadline on which followers are reminded. A run that missed the day still
# reminds once, while the deadline is no further away than that and has not passed.
REMINDER_DAYS = (14, 3)


def due_reminder(days_left):
    """The reminder due this many days before a deadline (3 or 14), or None."""
    return min((days for days in REMINDER_DAYS if 0 <= days_left <= days), default=None)


def send_deadline_reminders():
    """Remind the followers of every deadline that is due for a reminder; returns how many.

    Only deadlines still ahead, of published public calls, are reminded: never those of a
    closed call.
    """
    # A call whose earlier deadline passed at midnight counts as closed until its next
    # deadline is recorded; then it is reminded of that one.
    FundingCallPage.objects.refresh_next_deadlines()
    on_day = today()
    deadlines = (
        FundingDeadline.objects.filter(
            date__range=(on_day, on_day + timedelta(days=max(REMINDER_DAYS))),
            call__in=FundingCallPage.objects.live().public().current(),
        )
        .select_related("call")
        .prefetch_related("call__handlungsfelder")
        .order_by("date", "pk")
    )
    return sum(remind(deadline, (deadline.date - on_day).days) for deadline in deadlines)


@transaction.atomic
def remind(deadline, days_left):
    """Remind those of the followers who have not had this reminder of this deadline yet.

    The record and the notification are written together: a second run, even one that
    overlaps this one, finds the record or fails on its unique constraint and sends nothing.
    """
    days_before = due_reminder(days_left)
    call = deadline.call
    already_reminded = DeadlineReminder.objects.filter(
        deadline=deadline, days_before=days_before, date=deadline.date
    ).values("recipient")
    recipients = list(
        followers_of(call, *call.handlungsfelder.all()).exclude(pk__in=already_reminded)
    )
    if not recipients:
        return 0
    DeadlineReminder.objects.bulk_create(
        [
            DeadlineReminder(
                deadline=deadline, recipient=recipient, days_before=days_before, date=deadline.date
            )
            for recipient in recipients
        ]
    )
    notify(
        recipients,
        kind=NotificationKind.DEADLINE,
        subject=call,
        text=reminder_text(deadline, days_left),
        url=call.url,
    )
    return len(recipients)


def reminder_text(deadline, days_left):
    values = {
        "name": deadline.name,
        # Notification texts hold 300 characters; a page title may have 255.
        "title": Truncator(deadline.call.title).chars(150),
        "date": date_format(deadline.date, "j. F Y"),
        "days": days_left,
    }
    if days_left == 0:
        return _("Heute endet die Frist „%(name)s“ für „%(title)s“.") % values
    return (
        ngettext(
            "Morgen, am %(date)s, endet die Frist „%(name)s“ für „%(title)s“.",
            "In %(days)d Tagen, am %(date)s, endet die Frist „%(name)s“ für „%(title)s“.",
            days_left,
        )
        % values
    )
