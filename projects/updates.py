"""What happens to a project from its page: status updates, confirmations, new interest.

Changes to the project's content (status, progress, partners) are published as page revisions,
so the admin's history shows who changed what and when. A draft an editor is working on keeps
its edits and receives the change as well.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from network import page_cache
from network.models import NotificationKind
from network.notifications import followers_of, notify
from network.permissions import approved_accounts
from projects.models import PartnerRole, ProjectPage, ProjectPartner, StatusUpdate


@transaction.atomic
def publish_change(project, user, change):
    """Apply `change` (a function of a page) to the live project and to a pending draft."""
    live = ProjectPage.objects.select_for_update().get(pk=project.pk)
    draft = live.get_latest_revision_as_object() if live.has_unpublished_changes else None
    change(live)
    revision = live.save_revision(user=user, log_action=True)
    # Our own rule decided who may report (projects.permissions), not the page permissions.
    revision.publish(user=user, skip_permission_checks=True)
    if draft is not None:
        change(draft)
        draft.save_revision(user=user)
    return revision


def new_status_update(
    project, author, text, status="", progress=None, *, organisation=None, created_at=None
):
    """An unsaved status update; a new status or progress is published as a revision at once.

    Only what differs from the project counts as new. The project object follows the change.
    """
    update = StatusUpdate(
        project=project,
        author=author,
        organisation=organisation or (author.organisation if author else None),
        text=text,
        status=status if status and status != project.status else "",
        progress=progress if progress is not None and progress != project.progress else None,
        created_at=created_at or timezone.now(),
    )
    if update.status or update.progress is not None:

        def change(page):
            if update.status:
                page.status = update.status
            if update.progress is not None:
                page.progress = update.progress

        update.revision = publish_change(project, author, change)
        change(project)
    return update


@transaction.atomic
def post_status_update(project, user, text, status="", progress=None):
    """Record the update, publish a new status or progress, and tell the followers."""
    update = new_status_update(project, user, text, status, progress)
    update.save()
    mark_confirmed(project)
    notify(
        followers_of(project, *followed_with(project)),
        kind=NotificationKind.PROJECT_UPDATE,
        subject=project,
        text=_("hat eine Statusmeldung zu „%(title)s“ geschrieben") % {"title": project.title},
        url=f"{project.url}#statusmeldung-{update.pk}",
        actor=user,
    )
    return update


def followed_with(project):
    """What else a member may follow to hear of the project: its organisations and topics."""
    topics = [project.handlungsfeld] if project.handlungsfeld else []
    return [*project.participating_organisations(), *topics, *project.tags.all()]


def mark_confirmed(project):
    """The project is up to date as of now; it may go stale (and be reminded) again later."""
    now = timezone.now()
    ProjectPage.objects.filter(pk=project.pk).update(
        last_confirmed_at=now, stale_reminder_sent_at=None
    )
    page_cache.content_changed()
    project.last_confirmed_at = now
    project.stale_reminder_sent_at = None


def confirm_project(project, user):
    """ "Noch aktuell": nothing new, and that is news too."""
    mark_confirmed(project)
    log(instance=project, action="projects.confirm", user=user)


@transaction.atomic
def register_interest(project, user):
    """ "Wir wollen das auch": the member's organisation joins as interested; the leads hear."""
    organisation = user.organisation

    def change(page):
        page.partners.add(ProjectPartner(organisation=organisation, role=PartnerRole.INTERESTED))

    publish_change(project, user, change)
    lead_editors = project.partners.filter(role=PartnerRole.LEAD).values(
        "organisation__editors_group"
    )
    notify(
        approved_accounts().filter(groups__in=lead_editors).distinct(),
        kind=NotificationKind.FOLLOWED,
        subject=project,
        text=_("meldet: %(organisation)s möchte „%(title)s“ auch umsetzen")
        % {"organisation": organisation.title, "title": project.title},
        url=project.url,
        actor=user,
    )
