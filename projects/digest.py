"""The coordinators' weekly digest: what changed, what is stale, which deadlines come, who waits.

`manage.py send_coordinator_digest` runs this once a week (cron). Each coordinator gets one
notification, mailed through the notification service as they chose (at once, in their daily or
weekly e-mail, or not at all); the notification links to the dashboard, where the details are.
A week with nothing to report sends nothing; a week reported once is not reported again.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kb.models import FundingDeadline, today
from network.models import NotificationKind
from network.notifications import notify
from network.permissions import awaiting_approval, coordinators
from projects.dashboard.figures import Scope
from projects.models import CoordinatorDigest, StatusUpdate

LOOK_BACK = timedelta(days=7)
DEADLINES_AHEAD = timedelta(days=14)
# A notification's text holds 300 characters (network.Notification.text); titles give way first.
MAX_TEXT = 300
MAX_TITLES = 3
TITLE_LENGTH = 40


@dataclass
class WeeklyFigures:
    changed: list = field(default_factory=list)  # projects new or changed, the latest first
    stale: int = 0
    deadlines: list = field(default_factory=list)  # FundingDeadline, the soonest first
    pending: int = 0

    def __bool__(self):
        return bool(self.changed or self.stale or self.deadlines or self.pending)


def weekly_figures(now):
    """The week up to `now` across the whole network, members-only projects included (the
    digest goes to coordinators only)."""
    since = now - LOOK_BACK
    projects = Scope().projects()
    # A status update without a new status or progress publishes nothing, yet it is news.
    reported = StatusUpdate.objects.filter(created_at__gte=since).values("project")
    changed = projects.filter(
        Q(first_published_at__gte=since) | Q(last_published_at__gte=since) | Q(pk__in=reported)
    ).order_by("-last_published_at", "title")
    deadlines = (
        FundingDeadline.objects.filter(
            date__range=(today(), today() + DEADLINES_AHEAD), call__live=True
        )
        .select_related("call")
        .order_by("date", "pk")
    )
    return WeeklyFigures(
        changed=list(changed.only("title")),
        stale=projects.stale(now).count(),
        deadlines=list(deadlines),
        pending=awaiting_approval().count(),
    )


def short(title):
    return Truncator(title).chars(TITLE_LENGTH)


def listing(names, shown):
    """The first few names, and an ellipsis for the others."""
    text = ", ".join(names[:shown])
    return f"{text} …" if len(names) > shown else text


def digest_text(figures, shown=MAX_TITLES):
    """One paragraph of up to MAX_TEXT characters, naming fewer titles where space runs out."""
    parts = []
    if figures.changed:
        count = len(figures.changed)
        part = ngettext(
            "%(count)d Projekt neu oder geändert", "%(count)d Projekte neu oder geändert", count
        ) % {"count": count}
        if shown:
            part += f" ({listing([short(project.title) for project in figures.changed], shown)})"
        parts.append(part)
    if figures.stale:
        parts.append(
            ngettext(
                "%(count)d Projekt seit 90 Tagen ohne Neuigkeit",
                "%(count)d Projekte seit 90 Tagen ohne Neuigkeit",
                figures.stale,
            )
            % {"count": figures.stale}
        )
    if figures.deadlines:
        count = len(figures.deadlines)
        part = ngettext(
            "%(count)d Förderfrist in den nächsten 14 Tagen",
            "%(count)d Förderfristen in den nächsten 14 Tagen",
            count,
        ) % {"count": count}
        if shown:
            names = [
                f"{short(deadline.call.title)} {formats.date_format(deadline.date, 'd.m.')}"
                for deadline in figures.deadlines
            ]
            part += f" ({listing(names, shown)})"
        parts.append(part)
    if figures.pending:
        parts.append(
            ngettext(
                "%(count)d Konto wartet auf Freischaltung",
                "%(count)d Konten warten auf Freischaltung",
                figures.pending,
            )
            % {"count": figures.pending}
        )
    text = _("Diese Woche im Netzwerk: %(parts)s.") % {"parts": "; ".join(parts)}
    if len(text) > MAX_TEXT and shown:
        return digest_text(figures, shown - 1)
    return Truncator(text).chars(MAX_TEXT)


def send_coordinator_digest(now=None):
    """Send this week's digest to every coordinator, once; returns how many were notified."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    week = day - timedelta(days=day.weekday())
    if CoordinatorDigest.objects.filter(week=week).exists():
        return 0
    figures = weekly_figures(now)
    recipients = list(coordinators())
    if not figures or not recipients:
        return 0
    with transaction.atomic():
        # Claimed first: a run overlapping this one finds the week taken and sends nothing.
        digest, created = CoordinatorDigest.objects.get_or_create(
            week=week, defaults={"sent_at": now}
        )
        if not created:
            return 0
        notify(
            recipients,
            kind=NotificationKind.COORDINATOR_DIGEST,
            subject=digest,
            text=digest_text(figures),
            url=reverse("coordination:dashboard"),
        )
    return len(recipients)
