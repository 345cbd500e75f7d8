"""The demo's Digitalisierungsstrategie and its projects, each with two years of status updates.

A project's history is replayed as the platform would have recorded it: the page is created
with the state of its first status update, every later change of status or progress is
published as a revision of its own (projects.updates.new_status_update), and the updates, the
revisions and their log entries are then dated into the past.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from wagtail.models import PageLogEntry, ReferenceIndex, Revision
from wagtail.signal_handlers import disable_reference_index_auto_update

from kb.models import FundingCallPage, Handlungsfeld
from network.models import ContactPerson, OzgLeistung
from portal.demo import organisations_by_ags, publish_changes
from projects.models import (
    PartnerRole,
    ProjectFunding,
    ProjectIndexPage,
    ProjectOzgLeistung,
    ProjectPage,
    ProjectPartner,
    StatusUpdate,
    StrategyMeasure,
    StrategyPage,
)
from projects.updates import new_status_update

# Status updates without a time of day in the demo file were written in the morning.
DEFAULT_TIME = time(10, 0)
PARTNER_ROLES = {"involved": PartnerRole.INVOLVED, "interested": PartnerRole.INTERESTED}


def load_strategy(strategy):
    """The measures (matched by code) and the strategy page below the register."""
    handlungsfelder = {field.slug: field for field in Handlungsfeld.objects.all()}
    this_year = timezone.localdate().year
    for entry in strategy["measures"]:
        StrategyMeasure.objects.update_or_create(
            code=entry["code"],
            defaults={
                "title": entry["title"],
                "description": entry["description"],
                "handlungsfeld": handlungsfelder[entry["handlungsfeld"]],
                "target_year": this_year + entry["target_in_years"],
            },
        )
    index = ProjectIndexPage.objects.get()
    values = {
        "title": strategy["title"],
        "draft_title": strategy["title"],
        "intro": strategy["intro"],
        "adopted_on": timezone.localdate() - timedelta(days=strategy["adopted_days_ago"]),
    }
    page = StrategyPage.objects.child_of(index).first()
    if page is None:
        page = StrategyPage(slug=strategy["slug"], **values)
        index.add_child(instance=page)
        page.save_revision(log_action=True).publish()
    else:
        publish_changes(page, values)


def load_projects(projects, users):
    """Projects below their lead organisations; one already there (by slug) stays as it is."""
    organisations = organisations_by_ags(
        {ags for entry in projects for ags in organisations_named(entry)}
    )
    existing = {
        (organisation.pk, slug)
        for organisation in organisations.values()
        for slug in organisation.get_children().values_list("slug", flat=True)
    }
    lookups = {
        "handlungsfelder": {field.slug: field for field in Handlungsfeld.objects.all()},
        "measures": {measure.code: measure for measure in StrategyMeasure.objects.all()},
        "calls": {call.slug: call for call in FundingCallPage.objects.all()},
        "leistungen": {
            leistung.ozg_id: leistung
            for leistung in OzgLeistung.objects.filter(
                ozg_id__in={link["leistung"] for entry in projects for link in entry.get("ozg", [])}
            )
        },
        "contacts": {contact.name: contact for contact in ContactPerson.objects.all()},
        "organisations": organisations,
    }
    for entry in projects:
        lead = organisations[entry["lead"]]
        if (lead.pk, entry["slug"]) not in existing:
            # Each of the many saves of a replayed history would index the page's references
            # again (in development, as one background task each): once at the end is enough.
            with disable_reference_index_auto_update():
                page = load_project(entry, lead, lookups, users)
            ReferenceIndex.create_or_update_for_object(page)


def organisations_named(entry):
    """The AGS of the lead and of every partner of a project in the demo file."""
    return [entry["lead"], *(ags for key in PARTNER_ROLES for ags in entry.get(key, []))]


def load_project(entry, lead, lookups, users):
    """Create the page in the state of its first update, then replay the later ones."""
    organisations = lookups["organisations"]
    today = timezone.localdate()
    history = sorted(entry["updates"], key=lambda update: -update["days_ago"])
    first = history[0]
    page = ProjectPage(
        title=entry["title"],
        slug=entry["slug"],
        summary=entry["summary"],
        description=[
            {"type": "paragraph", "value": paragraph} for paragraph in entry.get("description", [])
        ],
        status=first["status"],
        progress=first.get("progress", 0),
        start_date=today - timedelta(days=entry["start_days_ago"])
        if "start_days_ago" in entry
        else None,
        end_date=today + timedelta(days=entry["end_in_days"]) if "end_in_days" in entry else None,
        handlungsfeld=lookups["handlungsfelder"][entry["handlungsfeld"]],
        reusable=entry.get("reusable", False),
        product=entry.get("product", ""),
        vendor=entry.get("vendor", ""),
        repository_url=entry.get("repository_url", ""),
        budget=Decimal(entry["budget"]) if "budget" in entry else None,
        lessons_learned=entry.get("lessons_learned", ""),
        visibility=entry.get("visibility", "public"),
    )
    page.partners = [
        ProjectPartner(organisation=organisations[ags], role=role)
        for key, role in PARTNER_ROLES.items()
        for ags in entry.get(key, [])
    ]
    page.ozg_leistungen = [
        ProjectOzgLeistung(
            leistung=lookups["leistungen"][link["leistung"]], reifegrad=link["reifegrad"]
        )
        for link in entry.get("ozg", [])
    ]
    page.funding = [
        ProjectFunding(
            funding_call=lookups["calls"][funding["call"]],
            amount=Decimal(funding["amount"]),
            year=today.year - funding["years_ago"],
        )
        for funding in entry.get("funding", [])
    ]
    page.measures = [lookups["measures"][code] for code in entry.get("measures", [])]
    page.contact_people = [lookups["contacts"][name] for name in entry.get("contacts", [])]
    # A cluster's tags are written by save(), so they are set before it.
    page.tags.set(entry.get("tags", []))
    lead.add_child(instance=page)
    author = users.get(first.get("author"))
    revision = page.save_revision(user=author, log_action=True)
    revision.publish(user=author, skip_permission_checks=True)
    updates = [
        StatusUpdate(
            project=page,
            author=author,
            organisation=author.organisation if author else lead,
            text=first["text"],
            status=page.status,
            progress=page.progress,
            created_at=written_at(first, today),
            revision=revision,
        )
    ]
    for data in history[1:]:
        updates.append(replay_update(page, data, users.get(data.get("author")), lead, today))
    StatusUpdate.objects.bulk_create(updates)
    date_history(page, updates)
    return page


def replay_update(page, data, author, lead, today):
    """An update as members post it (projects.updates), a revision where something changes."""
    return new_status_update(
        page,
        author,
        data["text"],
        data.get("status", ""),
        data.get("progress"),
        organisation=author.organisation if author else lead,
        created_at=written_at(data, today),
    )


def written_at(data, today):
    """The update's time: days_ago before today, at its time of day, never in the future."""
    day = today - timedelta(days=data["days_ago"])
    moment = timezone.make_aware(datetime.combine(day, data.get("at", DEFAULT_TIME)))
    return min(moment, timezone.now())


def date_history(page, updates):
    """Move the revisions, their log entries and the page's dates to the updates' times."""
    for update in updates:
        if update.revision is not None:
            Revision.objects.filter(pk=update.revision.pk).update(created_at=update.created_at)
            PageLogEntry.objects.filter(revision=update.revision).update(
                timestamp=update.created_at
            )
    changes = [update for update in updates if update.revision is not None]
    ProjectPage.objects.filter(pk=page.pk).update(
        first_published_at=updates[0].created_at,
        last_published_at=changes[-1].created_at,
        latest_revision_created_at=changes[-1].created_at,
        last_confirmed_at=updates[-1].created_at,
    )
