"""A network drawn at random for the coordination dashboard's tests, and its figures in Python.

generate() writes organisations, projects (every status and partner role, members-only and
unpublished ones, stale and fresh), OZG links with Reifegrade, funding and strategy measures
with the bulk tools, and keeps every row it wrote as a plain dict. The functions below compute
from those dicts alone what the dashboard should show, the slow and obvious way: the tests hold
projects.dashboard.figures, which asks the database, against them.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from kb.models import Handlungsfeld
from network.bulk import PageAppender, insert_rows
from network.models import OrganisationKind, Visibility
from projects.dashboard.figures import STATUS_RANK
from projects.models import (
    STALE_AFTER,
    PartnerRole,
    ProjectFunding,
    ProjectOzgLeistung,
    ProjectPage,
    ProjectPartner,
    ProjectStatus,
    Reifegrad,
)
from tests.factories.kb import FundingCallPageFactory
from tests.factories.projects import StrategyMeasureFactory
from tests.projects.scale import add_organisations, ozg_leistungen

# ASCII or umlauts only where no other title starts alike: the order is the same under every
# collation. "Neustadt" twice, as in real networks.
TOWNS = [
    "Bad Driburg", "Beverungen", "Borgentreich", "Marienmuenster", "Neustadt", "Neustadt",
    "Nieheim", "Steinheim", "Warburg", "Willebadessen", "Zierenberg",
]  # fmt: skip
FIELDS = ["Verwaltung", "Bildung", "Mobilitaet", "Gesundheit", "Infrastruktur"]
# (name, Massenverfahren): the names' order is not the order of the columns.
LEISTUNGEN = [
    ("Anwohnerparken", False), ("Baugenehmigung", True), ("Elterngeld", False),
    ("Hundesteuer", False), ("Kita-Platz", False), ("Meldebescheinigung", True),
    ("Wohngeld", True), ("Zulassung", False),
]  # fmt: skip
SUBJECTS = ["E-Akte", "Bauantrag", "Terminvergabe", "Schul-WLAN", "Geoportal", "Fundbuero"]


@dataclass
class Generated:
    """The rows generate() wrote, as dicts by attribute name, and the objects it made."""

    organisations: list
    handlungsfelder: list
    leistungen: list
    calls: list
    measures: list
    now: object
    projects: list = field(default_factory=list)
    partners: list = field(default_factory=list)
    ozg_links: list = field(default_factory=list)
    funding: list = field(default_factory=list)
    measure_links: list = field(default_factory=list)

    def organisation(self, pk):
        return next(o for o in self.organisations if o.pk == pk)

    def project(self, pk):
        return next(p for p in self.projects if p["id"] == pk)


def generate(organisations=(), *, seed=0, towns=TOWNS, projects=120, now=None):
    """A network of the given organisation pages and `towns` more, with `projects` projects.

    Some organisations only show interest, or carry only unpublished projects; each partner
    role, status, Reifegrad and visibility occurs. The projects' titles start with a code of
    their own ("P007"), which no other text of the reports contains.
    """
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    now = now or timezone.now()
    organisations = list(organisations) + add_organisations(
        {"title": title, "kind": OrganisationKind.GEMEINDE, "ags": f"0576{n:04d}"}
        for n, title in enumerate(towns)
    )
    handlungsfelder = Handlungsfeld.objects.bulk_create(
        Handlungsfeld(name=name, slug=name.lower(), position=len(FIELDS) - n)
        for n, name in enumerate(FIELDS)
    )
    data = Generated(
        organisations=organisations,
        handlungsfelder=handlungsfelder,
        leistungen=ozg_leistungen(LEISTUNGEN),
        calls=[
            FundingCallPageFactory(title="Digitale Modellregion", deadlines=[30]),
            FundingCallPageFactory(title="Smart Cities", deadlines=[120]),
            FundingCallPageFactory(title="Gigabit", deadlines=[10], live=False),
        ],
        measures=[
            StrategyMeasureFactory(code=f"{n // 2 + 1}.{n % 2 + 1}", handlungsfeld=handlungsfeld)
            for n, handlungsfeld in enumerate(handlungsfelder[:2] * 2)
        ],
        now=now,
    )
    # The last town only shows interest; the one before it leads an unpublished project only.
    leads = organisations[:-2]
    pages = []
    for number in range(projects):
        lead = leads[number % len(leads)] if number < len(leads) else rng.choice(leads)
        live = rng.random() > 0.06
        if number == len(leads):
            lead, live = organisations[-2], False
        pages.append((lead, new_project(rng, number, lead, data, live)))
    data.projects = PageAppender(ProjectPage).append(pages)
    for project in data.projects:
        add_rows(rng, project, data)
    insert_rows(ProjectPartner, data.partners)
    insert_rows(ProjectOzgLeistung, data.ozg_links)
    insert_rows(ProjectFunding, data.funding)
    insert_rows(ProjectPage.measures.through, data.measure_links)
    return data


def new_project(rng, number, lead, data, live):
    status = ProjectStatus.values[number % len(ProjectStatus.values)]
    if number >= len(ProjectStatus.values):
        status = rng.choice(ProjectStatus.values)
    # Fresh (up to 80 days) or stale (from 100 days): never near the line, however long the
    # test runs. Published this month (now) or before it (40 days and more ago).
    days = rng.choice([rng.uniform(0, 80), rng.uniform(100, 300)])
    published = now_or_earlier(rng, data.now)
    project = {
        "title": f"P{number:03d} {rng.choice(SUBJECTS)} {lead.title}",
        "summary": "Ein Vorhaben aus den Testdaten.",
        "lead_organisation_id": lead.pk,
        "status": status,
        "progress": rng.randint(0, 100),
        "handlungsfeld_id": (rng.choice(data.handlungsfelder).pk if rng.random() < 0.9 else None),
        "visibility": Visibility.MEMBERS if rng.random() < 0.15 else Visibility.PUBLIC,
        "last_confirmed_at": data.now - timedelta(days=days),
        "live": live,
    }
    if live:
        project["first_published_at"] = published
        project["last_published_at"] = max(published, now_or_earlier(rng, data.now))
    return project


def now_or_earlier(rng, now):
    return now if rng.random() < 0.3 else now - timedelta(days=rng.randint(40, 400))


def add_rows(rng, project, data):
    """Partners (the lead first), OZG links, funding and measures of one project."""
    lead_id = project["lead_organisation_id"]
    others = [o for o in data.organisations[:-2] if o.pk != lead_id]
    roles = [PartnerRole.LEAD] + rng.choices(
        [PartnerRole.INVOLVED, PartnerRole.INTERESTED], k=rng.choice([0, 0, 1, 1, 2, 3])
    )
    chosen = [lead_id] + [o.pk for o in rng.sample(others, len(roles) - 1)]
    if data.organisations[-1].pk not in chosen and rng.random() < 0.2:
        chosen.append(data.organisations[-1].pk)
        roles.append(PartnerRole.INTERESTED)
    for position, (organisation_id, role) in enumerate(zip(chosen, roles, strict=True)):
        data.partners.append(
            {
                "project_id": project["id"],
                "organisation_id": organisation_id,
                "role": role,
                "sort_order": position,
            }
        )
    for position, leistung in enumerate(rng.sample(data.leistungen, rng.choice([0, 1, 1, 2]))):
        data.ozg_links.append(
            {
                "project_id": project["id"],
                "leistung_id": leistung.pk,
                "reifegrad": rng.choice(Reifegrad.values),
                "sort_order": position,
            }
        )
    for position in range(rng.choice([0, 0, 1, 2])):
        call = rng.choice([*data.calls, None])
        data.funding.append(
            {
                "project_id": project["id"],
                "funding_call_id": call.pk if call else None,
                "amount": Decimal(rng.randint(1, 400) * 250),
                "year": rng.choice([2024, 2025, 2026]),
                "sort_order": position,
            }
        )
    for measure in data.measures:
        if measure.handlungsfeld_id == project["handlungsfeld_id"] and rng.random() < 0.5:
            data.measure_links.append(
                {"projectpage_id": project["id"], "strategymeasure_id": measure.pk}
            )


# What the dashboard should show, from the rows alone.


def carriers(data):
    """Organisation ids by project id: those that lead it or take part (not the interested)."""
    result = defaultdict(set)
    for row in data.partners:
        if row["role"] in (PartnerRole.LEAD, PartnerRole.INVOLVED):
            result[row["project_id"]].add(row["organisation_id"])
    return result


def in_scope(data, organisation=None):
    """Published projects (members-only ones too); an organisation's: those it carries."""
    carried = carriers(data)
    return [
        project
        for project in data.projects
        if project["live"] and (organisation is None or organisation.pk in carried[project["id"]])
    ]


def by_title(organisations):
    return sorted(organisations, key=lambda o: (o.title, o.pk))


def rows(data, organisation=None):
    """The matrices' organisations: those carrying a published project, by title."""
    if organisation is not None:
        return [organisation]
    carried = carriers(data)
    ids = {pk for project in in_scope(data) for pk in carried[project["id"]]}
    return by_title(o for o in data.organisations if o.pk in ids)


def coverage(data, organisation=None):
    """{(organisation id, Handlungsfeld id): (count, furthest status)} of the matrix rows."""
    carried = carriers(data)
    cells = {}
    for project in in_scope(data, organisation):
        if project["handlungsfeld_id"] is None:
            continue
        for organisation_id in carried[project["id"]]:
            if organisation is not None and organisation_id != organisation.pk:
                continue
            key = (organisation_id, project["handlungsfeld_id"])
            count, furthest = cells.get(key, (0, None))
            if furthest is None or STATUS_RANK[project["status"]] > STATUS_RANK[furthest]:
                furthest = project["status"]
            cells[key] = (count + 1, furthest)
    return cells


def ozg(data, organisation=None):
    """{(organisation id, Leistung id): highest Reifegrad} of the matrix rows."""
    carried = carriers(data)
    scope = {project["id"] for project in in_scope(data, organisation)}
    cells = {}
    for link in data.ozg_links:
        if link["project_id"] not in scope:
            continue
        for organisation_id in carried[link["project_id"]]:
            if organisation is not None and organisation_id != organisation.pk:
                continue
            key = (organisation_id, link["leistung_id"])
            cells[key] = max(cells.get(key, -1), link["reifegrad"])
    return cells


def ozg_columns(data, cells, row_ids):
    """The Leistungen reached by these rows: Massenverfahren first, then by name."""
    used = {leistung_id for organisation_id, leistung_id in cells if organisation_id in row_ids}
    return sorted(
        (leistung for leistung in data.leistungen if leistung.pk in used),
        key=lambda leistung: (not leistung.mass_procedure, leistung.name),
    )


def month_start(now):
    return timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def overview(data, organisation=None, top=10):
    projects = in_scope(data, organisation)
    carried = carriers(data)
    by_field = defaultdict(int)
    for project in projects:
        by_field[project["handlungsfeld_id"]] += 1
    fields = sorted(
        (h for h in data.handlungsfelder if h.pk in by_field), key=lambda h: (h.position, h.name)
    )
    by_organisation = defaultdict(int)
    for project in projects:
        for organisation_id in carried[project["id"]]:
            by_organisation[organisation_id] += 1
    start = month_start(data.now)
    return {
        "total": len(projects),
        "by_status": [
            (status, sum(p["status"] == status for p in projects))
            for status in ProjectStatus.values
        ],
        "by_handlungsfeld": [(h.pk, by_field[h.pk]) for h in fields]
        + ([(None, by_field[None])] if None in by_field else []),
        "by_organisation": sorted(
            ((data.organisation(pk).title, count) for pk, count in by_organisation.items()),
            key=lambda item: (-item[1], item[0]),
        )[:top],
        "new": sum(p["first_published_at"] >= start for p in projects),
        "changed": sum(p["last_published_at"] >= start for p in projects),
    }


def stale(data, organisation=None, limit=50):
    """Project ids without a sign of life for STALE_AFTER, the longest silent first."""
    line = timezone.now() - STALE_AFTER
    projects = [
        p
        for p in in_scope(data, organisation)
        if p["last_confirmed_at"] < line and p["status"] != ProjectStatus.STOPPED
    ]
    return [p["id"] for p in sorted(projects, key=lambda p: p["last_confirmed_at"])][:limit]


def funding(data, organisation=None, shown=5):
    """{call id: (project count, total, first project ids by title)}, {year: total}."""
    scope = {project["id"] for project in in_scope(data, organisation)}
    entries = [entry for entry in data.funding if entry["project_id"] in scope]
    programmes, years = {}, defaultdict(Decimal)
    for call_id in {entry["funding_call_id"] for entry in entries}:
        own = [entry for entry in entries if entry["funding_call_id"] == call_id]
        project_ids = {entry["project_id"] for entry in own}
        first = sorted(project_ids, key=lambda pk: (data.project(pk)["title"], pk))[:shown]
        programmes[call_id] = (len(project_ids), sum(entry["amount"] for entry in own), first)
    for entry in entries:
        years[entry["year"]] += entry["amount"]
    return programmes, dict(years)


def overlaps(data, organisation=None, organisations_shown=10, projects_shown=3, limit=30):
    """Subjects on which two or more organisations work, each alone in projects of its own.

    An organisation works alone on a subject where it carries a published project about it and
    every such project has no other carrier. Returns [(kind, subject id, organisation count,
    organisation ids shown, project ids shown)]: up to `limit` OZG-Leistungen, then as many
    Handlungsfelder, each by size.
    """
    carried = carriers(data)
    live = [project for project in data.projects if project["live"]]
    about = {
        "ozg": [(link["leistung_id"], link["project_id"]) for link in data.ozg_links],
        "handlungsfeld": [(p["handlungsfeld_id"], p["id"]) for p in live if p["handlungsfeld_id"]],
    }
    live_ids = {project["id"] for project in live}
    found = []
    for kind, pairs in about.items():
        found_here = []
        projects_of = defaultdict(set)
        for subject_id, project_id in pairs:
            if project_id in live_ids:
                projects_of[subject_id].add(project_id)
        for subject_id, project_ids in projects_of.items():
            own = defaultdict(set)  # organisation → its projects on the subject
            for project_id in project_ids:
                for organisation_id in carried[project_id]:
                    own[organisation_id].add(project_id)
            alone = {pk: ids for pk, ids in own.items() if all(len(carried[p]) == 1 for p in ids)}
            if len(alone) < 2 or (organisation is not None and organisation.pk not in alone):
                continue
            listed = sorted(
                alone,
                key=lambda pk: (
                    organisation is None or pk != organisation.pk,
                    data.organisation(pk).title,
                    pk,
                ),
            )[:organisations_shown]
            project_ids_shown = [
                project_id
                for pk in listed
                for project_id in sorted(alone[pk], key=lambda p: (data.project(p)["title"], p))[
                    :projects_shown
                ]
            ]
            found_here.append((kind, subject_id, len(alone), listed, project_ids_shown))
        found += sorted(found_here, key=lambda item: (-item[2], item[1]))[:limit]
    return found
