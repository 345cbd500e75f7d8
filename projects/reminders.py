"""Stale projects: editors hear once when a project had no update or confirmation for 90 days.

`manage.py send_project_reminders` runs this once a day. A status update or "Noch aktuell"
makes the project fresh again (projects.updates.mark_confirmed), and so it may be reminded
again when it goes stale once more.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.models import NotificationKind
from network.notifications import notify
from network.permissions import COORDINATORS, approved_accounts
from projects.models import ProjectPage


def send_project_reminders(now=None):
    """Remind the editors of every stale project not reminded yet; returns how many projects."""
    now = now or timezone.now()
    projects = (
        ProjectPage.objects.live()
        .stale(now)
        .filter(stale_reminder_sent_at__isnull=True)
        .select_related("lead_organisation")
        .order_by("pk")
    )
    return sum(remind(project, now) for project in projects.iterator())


@transaction.atomic
def remind(project, now):
    # Claimed first: a run overlapping this one finds the project reminded and skips it. No page
    # shows the column, so visitors' cached pages stay (network.page_cache).
    claimed = ProjectPage.objects.filter(pk=project.pk, stale_reminder_sent_at__isnull=True).update(
        stale_reminder_sent_at=now
    )
    if not claimed:
        return 0
    send_reminder(project)
    return 1


def send_reminder(project, actor=None):
    """Ask the project's editors for a status update; from the daily run or a coordinator.

    A coordinator's reminder names them: its text goes on from their name.
    """
    values = {"title": project.title[:150]}
    if actor is None:
        text = _(
            "„%(title)s“ hat seit über 90 Tagen keine Statusmeldung. Stimmt der Stand noch? "
            "Eine kurze Meldung oder „Noch aktuell“ genügt."
        )
    else:
        text = _(
            "bittet um eine Statusmeldung zu „%(title)s“: Seit über 90 Tagen gab es keine. "
            "Eine kurze Meldung oder „Noch aktuell“ genügt."
        )
    notify(
        editors_of(project),
        kind=NotificationKind.REMINDER,
        subject=project,
        text=text % values,
        url=project.url,
        actor=actor,
    )


def editors_of(project):
    """The lead organisation's editors; where it has none, the coordinators look after it."""
    group_id = project.lead_organisation.editors_group_id if project.lead_organisation else None
    editors = approved_accounts().filter(groups=group_id) if group_id else None
    if editors is None or not editors.exists():
        editors = approved_accounts().filter(groups__name=COORDINATORS)
    return editors
