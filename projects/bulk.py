"""Projects by the thousand: scale data for load tests and `manage.py generate_scale_data`.

Each project gets what the register, the project page, the exports and the dashboard read: its
lead organisation among the partners (as ProjectPage.save() adds it), further partners, a
Handlungsfeld, tags, OZG services and status updates. Pages are appended through
network.bulk.PageAppender and the related rows with network.bulk.insert_rows, a chunk of projects
at a time, so memory stays flat. The same seed, organisations and `now` give the same data.

No revisions are written and nothing reaches the search index; `manage.py update_index` indexes
the projects afterwards.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from network.bulk import CHUNK_SIZE, PageAppender, insert_rows, unique_slug, update_statistics
from network.models import Visibility
from network.sampling import Weighted
from projects.models import (
    PartnerRole,
    ProjectFunding,
    ProjectOzgLeistung,
    ProjectPage,
    ProjectPartner,
    ProjectStatus,
    ProjectTag,
    Reifegrad,
    StatusUpdate,
)

SUBJECTS = [
    "Einführung E-Akte",
    "Digitaler Bauantrag",
    "Online-Terminvergabe",
    "Ratsinformationssystem",
    "Open-Data-Portal",
    "WLAN in Schulen",
    "Digitale Wohngeldstelle",
    "Geodatenportal",
    "Bürgerportal mit Servicekonto",
    "E-Rechnung im Rechnungswesen",
    "Digitales Fundbüro",
    "Kita-Platzvergabe online",
    "Smarte Straßenbeleuchtung",
    "Mobiles Arbeiten in der Verwaltung",
    "Digitale Personalakte",
    "Hundesteuer online",
    "Videoberatung im Bürgerbüro",
    "Sensoren für Hochwasserwarnung",
    "Digitale Sitzungsdienste",
    "Parkraummanagement mit Sensoren",
    "Breitbandausbau im Außenbereich",
    "Schuldigitalisierung nach DigitalPakt",
    "Chatbot für Bürgeranfragen",
    "Digitaler Zwilling der Innenstadt",
]
SUMMARIES = [
    "bringt den Antrag vollständig online, vom Formular bis zum Bescheid.",
    "ersetzt Papierakten und Umlaufmappen durch einen digitalen Arbeitsablauf.",
    "macht Daten der Verwaltung offen und maschinenlesbar zugänglich.",
    "erprobt die Lösung zuerst in einem Fachbereich und rollt sie dann aus.",
    "setzt eine Lösung nach dem Prinzip „Einer für alle“ ein.",
]
TAG_NAMES = [
    "E-Akte", "DMS", "OZG", "EfA", "Open Data", "Open Source", "Servicekonto", "BundID",
    "Schule", "Kita", "Bauen", "Geodaten", "KI", "Cloud", "IT-Sicherheit", "Barrierefreiheit",
    "E-Rechnung", "Sensorik", "LoRaWAN", "Breitband", "Smart City", "Bürgerbeteiligung",
    "Interkommunal", "Förderung", "Schulung", "Prozessoptimierung", "Low Code", "Mobilität",
    "Klimaschutz", "Energie", "Tourismus", "Ehrenamt", "Gesundheit", "Personal",
]  # fmt: skip
PRODUCTS = [("", ""), ("d.velop documents", "d.velop"), ("Civento", "Vitako-Partner"),
            ("Allris", "CC e-gov"), ("CKAN", ""), ("Nextcloud", "Nextcloud GmbH")]  # fmt: skip
UPDATE_TEXTS = [
    "Die Ausschreibung ist veröffentlicht.",
    "Der Zuschlag ist erteilt, die Einrichtung beginnt.",
    "Schulung der Mitarbeitenden abgeschlossen.",
    "Pilotbetrieb im ersten Fachbereich gestartet.",
    "Rückmeldungen aus dem Pilotbetrieb eingearbeitet.",
    "Der Rat hat die Mittel freigegeben.",
    "Schnittstelle zum Fachverfahren läuft.",
    "Verzögerung durch fehlende Zulieferung des Herstellers.",
]
# How often each status occurs, and the progress it goes with.
STATUS_WEIGHTS = {
    ProjectStatus.IDEA: 10,
    ProjectStatus.PLANNED: 20,
    ProjectStatus.IN_PROGRESS: 40,
    ProjectStatus.IN_OPERATION: 20,
    ProjectStatus.PAUSED: 6,
    ProjectStatus.STOPPED: 4,
}
PROGRESS = {
    ProjectStatus.IDEA: (0, 0),
    ProjectStatus.PLANNED: (0, 10),
    ProjectStatus.IN_PROGRESS: (10, 90),
    ProjectStatus.IN_OPERATION: (100, 100),
    ProjectStatus.PAUSED: (10, 60),
    ProjectStatus.STOPPED: (0, 50),
}


@dataclass
class CreatedProjects:
    """What create_projects() wrote."""

    project_ids: list = field(default_factory=list)
    partners: int = 0
    tags: int = 0
    ozg_links: int = 0
    funding: int = 0
    status_updates: int = 0


def create_projects(
    count,
    organisations,
    *,
    seed=0,
    status_updates=0,
    handlungsfelder=(),
    leistungen=(),
    funding_calls=(),
    tag_names=TAG_NAMES,
    lead_weights=None,
    tag_weights=None,
    members_only_share=0.1,
    now=None,
    chunk_size=CHUNK_SIZE,
    progress=None,
):
    """Create `count` published projects below the given organisation pages.

    `status_updates` in all are spread at random over the projects. Handlungsfelder, OZG
    Leistungen and funding calls (for one project in seven) are drawn from the given ones, tags
    from `tag_names` (created where missing). Leads and tags are drawn by `lead_weights` and
    `tag_weights` (one per organisation, per tag name), or evenly.
    `progress(number)` is called after each chunk with the number of projects it held.
    """
    organisations = list(organisations)
    if not organisations:
        raise ValueError("Projects need at least one organisation to stand under.")
    rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
    now = now or timezone.now()
    handlungsfeld_ids = [handlungsfeld.pk for handlungsfeld in handlungsfelder]
    leistung_ids = [leistung.pk for leistung in leistungen]
    call_ids = [call.pk for call in funding_calls]
    leads = Weighted(organisations, lead_weights)
    tags = Weighted(tag_names, tag_weights)
    tag_ids = ensure_tags(tags.population)
    appender = PageAppender(ProjectPage)
    created = CreatedProjects()
    for start in range(0, count, chunk_size):
        size = min(chunk_size, count - start)
        # This chunk's share of the status updates, rounded so that the shares add up.
        updates = status_updates * (start + size) // count - status_updates * start // count
        with transaction.atomic():
            projects = appender.append(
                (lead, new_project(rng, lead, handlungsfeld_ids, members_only_share, now))
                for lead in leads.draw(rng, size)
            )
            created.partners += insert_rows(
                ProjectPartner,
                [row for project in projects for row in partners(rng, project, organisations)],
            )
            created.tags += insert_rows(
                ProjectTag,
                [
                    {"content_object_id": project["id"], "tag_id": tag_ids[name]}
                    for project in projects
                    for name in tags.distinct(rng, rng.choice((0, 1, 2, 3)))
                ],
            )
            created.ozg_links += insert_rows(
                ProjectOzgLeistung,
                [
                    {
                        "project_id": project["id"],
                        "leistung_id": leistung_id,
                        "reifegrad": rng.choice(Reifegrad.values),
                        "sort_order": position,
                    }
                    for project in projects
                    for position, leistung_id in enumerate(
                        rng.sample(leistung_ids, min(len(leistung_ids), rng.choice((0, 0, 1, 2))))
                    )
                ],
            )
            created.funding += insert_rows(
                ProjectFunding,
                [
                    {
                        "project_id": project["id"],
                        "funding_call_id": rng.choice(call_ids),
                        "amount": Decimal(rng.randrange(5, 500) * 1000),
                        "year": project["start_date"].year,
                        "sort_order": 0,
                    }
                    for project in projects
                    if call_ids and rng.random() < 1 / 7
                ],
            )
            created.status_updates += insert_rows(
                StatusUpdate,
                [new_status_update(rng, rng.choice(projects)) for _ in range(updates)],
            )
        created.project_ids.extend(project["id"] for project in projects)
        if progress:
            progress(size)
    update_statistics(
        ProjectPage, ProjectPartner, ProjectTag, ProjectOzgLeistung, ProjectFunding, StatusUpdate
    )
    return created


def create_status_updates(project, count, *, seed=0):
    """`count` status updates on one saved project, from its lead organisation."""
    rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
    values = {
        "id": project.pk,
        "lead_organisation_id": project.lead_organisation_id,
        "status": project.status,
        "progress": project.progress,
        "start_date": project.start_date,
        "last_confirmed_at": project.last_confirmed_at,
    }
    return insert_rows(StatusUpdate, [new_status_update(rng, values) for _ in range(count)])


def ensure_tags(names):
    """Tag ids by name; missing tags are created, with taggit's slugs."""
    existing = dict(Tag.objects.values_list("name", "pk"))
    slugs = set(Tag.objects.values_list("slug", flat=True))
    missing = []
    for name in dict.fromkeys(names):
        if name not in existing:
            tag = Tag(name=name)
            tag.slug = unique_slug(tag.slugify(name), slugs)
            missing.append(tag)
    existing.update((tag.name, tag.pk) for tag in Tag.objects.bulk_create(missing))
    return existing


def new_project(rng, lead, handlungsfeld_ids, members_only_share, now):
    """A project's field values, drawn at random."""
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    start_date = (now - timedelta(days=rng.randint(0, 1500))).date()
    product, vendor = rng.choice(PRODUCTS)
    # Drawn in a fixed order whatever the outcome, so that one seed gives one data set.
    draws = [rng.random() for _ in range(5)]
    return {
        "title": f"{rng.choice(SUBJECTS)} {lead.title}",
        "summary": f"{lead.title} {rng.choice(SUMMARIES)}",
        "lead_organisation_id": lead.pk,
        "status": status,
        "progress": rng.randint(*PROGRESS[status]),
        "start_date": start_date,
        "end_date": start_date + timedelta(days=rng.randint(90, 900)) if draws[0] < 0.8 else None,
        "handlungsfeld_id": (
            rng.choice(handlungsfeld_ids) if handlungsfeld_ids and draws[1] < 0.95 else None
        ),
        "reusable": draws[2] < 0.15,
        "product": product,
        "vendor": vendor,
        "budget": Decimal(rng.randrange(5, 2000) * 1000) if draws[3] < 0.7 else None,
        "visibility": Visibility.MEMBERS if draws[4] < members_only_share else Visibility.PUBLIC,
        # Up to 400 days ago: some are stale (STALE_AFTER), as in a real network.
        "last_confirmed_at": now - timedelta(minutes=rng.randint(0, 400 * 24 * 60)),
    }


def partners(rng, project, organisations):
    """The lead, as ProjectPage.save() adds it, and up to three other organisations."""
    lead_id = project["lead_organisation_id"]
    yield {
        "project_id": project["id"],
        "organisation_id": lead_id,
        "role": PartnerRole.LEAD,
        "sort_order": 0,
    }
    number = rng.choice((0, 0, 1, 1, 2, 3))
    others = rng.sample(organisations, min(len(organisations), number + 1))
    others = [organisation for organisation in others if organisation.pk != lead_id][:number]
    for position, organisation in enumerate(others, start=1):
        yield {
            "project_id": project["id"],
            "organisation_id": organisation.pk,
            "role": PartnerRole.INVOLVED if rng.random() < 0.7 else PartnerRole.INTERESTED,
            "sort_order": position,
        }


def new_status_update(rng, project):
    """An update from the lead, dated between the project's start and its last confirmation."""
    end = project["last_confirmed_at"]
    start = end - timedelta(days=365)
    if project["start_date"]:
        start = min(timezone.make_aware(datetime.combine(project["start_date"], time())), start)
    changes = rng.random() < 0.3
    return {
        "project_id": project["id"],
        "organisation_id": project["lead_organisation_id"],
        "text": rng.choice(UPDATE_TEXTS),
        "status": project["status"] if changes else "",
        "progress": project["progress"] if changes else None,
        "created_at": start + timedelta(seconds=rng.randint(0, int((end - start).total_seconds()))),
    }
