"""The figures of the coordination dashboard, each from a fixed number of queries.

A scope says which organisations the figures are about: the whole network for coordinators,
one organisation for its editors. Matrices show one page of organisations at a time, so that
a network of thousands of towns costs no more queries than one Kreis.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, Sum, When, Window
from django.db.models.functions import DenseRank, RowNumber
from django.utils import timezone

from kb.models import FundingCallPage, FundingDeadline, Handlungsfeld, today
from network.models import OrganisationPage, OzgLeistung
from projects.models import (
    PartnerRole,
    ProjectFunding,
    ProjectOzgLeistung,
    ProjectPage,
    ProjectPartner,
    ProjectStatus,
)

# How far a project got; "furthest status" of a cell is the highest of these.
STATUS_RANK = {
    ProjectStatus.STOPPED: 0,
    ProjectStatus.PAUSED: 1,
    ProjectStatus.IDEA: 2,
    ProjectStatus.PLANNED: 3,
    ProjectStatus.IN_PROGRESS: 4,
    ProjectStatus.IN_OPERATION: 5,
}
DEADLINES_AHEAD = timedelta(days=90)


@dataclass
class Scope:
    """The organisations the dashboard is about; None stands for the whole network."""

    organisation: OrganisationPage | None = None

    @property
    def is_network(self):
        return self.organisation is None

    def projects(self):
        """Every published project in scope, members-only ones included (coordinators are
        members), led or carried by the organisation for an organisation's scope."""
        projects = ProjectPage.objects.live()
        if self.organisation is not None:
            projects = projects.participated_by(self.organisation)
        return projects

    def organisations(self):
        """The matrix rows: organisations that carry at least one project."""
        if self.organisation is not None:
            return OrganisationPage.objects.filter(pk=self.organisation.pk)
        carrying = ProjectPartner.objects.filter(
            role__in=PartnerRole.participating(), project__live=True
        ).values("organisation")
        # By title, then a unique key: pages of the matrices must neither skip nor repeat
        # one of two towns of the same name.
        return OrganisationPage.objects.filter(pk__in=carrying).order_by("title", "pk")


def participations(projects, organisations=None):
    """Rows of (organisation, project) for those who carry the projects."""
    rows = ProjectPartner.objects.filter(
        project__in=projects.values("pk"), role__in=PartnerRole.participating()
    )
    if organisations is not None:
        rows = rows.filter(organisation__in=organisations)
    return rows


@dataclass
class Overview:
    total: int
    by_status: list  # [(status, label, count)]
    by_handlungsfeld: list  # [(handlungsfeld or None, count)]
    by_organisation: list  # [(organisation title, count)], the most active first
    new_this_month: int
    changed_this_month: int


def overview(scope, top_organisations=10):
    projects = scope.projects()
    month_start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    status_counts = dict(projects.order_by().values_list("status").annotate(count=Count("pk")))
    field_counts = dict(
        projects.order_by().values_list("handlungsfeld").annotate(count=Count("pk"))
    )
    fields = Handlungsfeld.objects.filter(pk__in=[pk for pk in field_counts if pk])
    # By organisation, then named: two towns of one name are two bars.
    organisation_counts = (
        participations(projects)
        .values("organisation", "organisation__title")
        .annotate(count=Count("project", distinct=True))
        .order_by("-count", "organisation__title", "organisation")
        .values_list("organisation__title", "count")[:top_organisations]
    )
    dates = projects.aggregate(
        total=Count("pk"),
        new=Count("pk", filter=Q(first_published_at__gte=month_start)),
        changed=Count("pk", filter=Q(last_published_at__gte=month_start)),
    )
    return Overview(
        total=dates["total"],
        by_status=[
            (status, label, status_counts.get(status, 0)) for status, label in ProjectStatus.choices
        ],
        by_handlungsfeld=[(item, field_counts[item.pk]) for item in fields]
        + ([(None, field_counts[None])] if None in field_counts else []),
        by_organisation=list(organisation_counts),
        new_this_month=dates["new"],
        changed_this_month=dates["changed"],
    )


@dataclass
class Cell:
    count: int = 0
    furthest: str = ""

    @property
    def furthest_label(self):
        return str(ProjectStatus(self.furthest).label) if self.furthest else ""


@dataclass
class Matrix:
    rows: list  # organisations of this page
    columns: list  # Handlungsfelder or OZG-Leistungen
    cells: dict = field(default_factory=dict)  # (row pk, column pk) → Cell or Reifegrad

    def cell(self, row, column):
        return self.cells.get((row.pk, column.pk))

    def table(self):
        """[(row, [(column, cell) per column])] for templates and spreadsheets."""
        return [
            (row, [(column, self.cell(row, column)) for column in self.columns])
            for row in self.rows
        ]


def coverage_matrix(scope, organisations):
    """Organisations × Handlungsfelder: how many projects, and the furthest status of them."""
    rows = list(organisations)
    counts = (
        participations(scope.projects(), rows)
        .values_list("organisation", "project__handlungsfeld", "project__status")
        .annotate(count=Count("project", distinct=True))
    )
    cells = defaultdict(Cell)
    for organisation_id, handlungsfeld_id, status, count in counts:
        if handlungsfeld_id is None:
            continue
        cell = cells[(organisation_id, handlungsfeld_id)]
        cell.count += count
        if not cell.furthest or STATUS_RANK[status] > STATUS_RANK[cell.furthest]:
            cell.furthest = status
    return Matrix(rows=rows, columns=list(Handlungsfeld.objects.all()), cells=dict(cells))


def ozg_matrix(scope, organisations):
    """Organisations × OZG-Leistungen: the highest Reifegrad each organisation reached.

    Massenverfahren (high-volume services, marked by the coordinators) come first.
    """
    rows = list(organisations)
    projects = participations(scope.projects(), rows)
    used = ProjectOzgLeistung.objects.filter(project__in=projects.values("project")).values(
        "leistung"
    )
    reached = (
        ProjectOzgLeistung.objects.filter(project__partners__in=projects)
        .values_list("project__partners__organisation", "leistung")
        .annotate(reifegrad=Max("reifegrad"))
    )
    columns = list(OzgLeistung.objects.filter(pk__in=used).order_by("-mass_procedure", "name"))
    return Matrix(
        rows=rows,
        columns=columns,
        cells={
            (organisation_id, leistung_id): level for organisation_id, leistung_id, level in reached
        },
    )


# An overlap shows this many of its organisations, and this many projects of each.
ORGANISATIONS_SHOWN = 10
PROJECTS_SHOWN = 3
# What an overlap may be about, reached from a project's partners.
SUBJECTS = [
    (OzgLeistung, "project__ozg_leistungen__leistung"),
    (Handlungsfeld, "project__handlungsfeld"),
]


@dataclass
class Overlap:
    """Organisations that do the same thing, each alone, without a shared project."""

    subject: object  # an OzgLeistung or a Handlungsfeld
    organisation_count: int  # how many organisations in all
    organisations: list = field(default_factory=list)  # the first ORGANISATIONS_SHOWN of them
    projects: list = field(default_factory=list)  # their projects on the subject, a few each

    @property
    def more(self):
        """How many organisations the overlap does not show."""
        return self.organisation_count - len(self.organisations)


def working_alone(path):
    """Partner rows of organisations working alone on a subject, with the subject's id.

    An organisation works alone on a subject where it carries a published project about it
    and none of its projects about it has another carrier. `path` leads from the partner row
    to the subject (see SUBJECTS). The database does the work: a network of thousands of towns
    would not fit into Python's sets on every request.
    """
    carrying = ProjectPartner.objects.filter(
        role__in=PartnerRole.participating(), project__live=True
    )
    shared = (
        ProjectPartner.objects.filter(role__in=PartnerRole.participating())
        .values("project")
        .annotate(carriers=Count("pk"))
        .filter(carriers__gte=2)
        .values("project")
    )
    together = carrying.filter(
        organisation=OuterRef("organisation"), project__in=shared, **{path: OuterRef("subject")}
    )
    return (
        carrying.exclude(project__in=shared)
        .annotate(subject=F(path))
        .filter(subject__isnull=False)
        .exclude(Exists(together))
    )


def overlaps(scope, limit=30):
    """Subjects on which two or more organisations work alone: OZG-Leistungen first, then
    Handlungsfelder, the most organisations first. An organisation sees those it is part of."""
    found = []
    for model, path in SUBJECTS:
        rows = working_alone(path)
        if scope.organisation is not None:
            rows = rows.filter(
                subject__in=rows.filter(organisation=scope.organisation).values("subject")
            )
        counts = list(
            rows.values_list("subject")
            .annotate(organisations=Count("organisation", distinct=True))
            .filter(organisations__gte=2)
            .order_by("-organisations", "subject")[:limit]
        )
        subjects = model.objects.in_bulk([subject_id for subject_id, _count in counts])
        members = shown_members(rows.filter(subject__in=subjects), scope)
        found += [
            Overlap(
                subject=subjects[subject_id],
                organisation_count=count,
                organisations=list(members[subject_id]),
                projects=[p for projects in members[subject_id].values() for p in projects],
            )
            for subject_id, count in counts
        ]
    return found[:limit]


def shown_members(rows, scope):
    """{subject id: {organisation: [projects]}}: the first organisations of each subject by
    title (the scope's own first), each with its first projects by title, in one query."""
    own_first = (
        [Case(When(organisation=scope.organisation, then=0), default=1).asc()]
        if scope.organisation is not None
        else []
    )
    shown = (
        rows.annotate(
            organisation_place=Window(
                DenseRank(),
                partition_by=F("subject"),
                order_by=[*own_first, F("organisation__title").asc(), F("organisation").asc()],
            ),
            project_place=Window(
                RowNumber(),
                partition_by=[F("subject"), F("organisation")],
                order_by=[F("project__title").asc(), F("project").asc()],
            ),
        )
        .filter(organisation_place__lte=ORGANISATIONS_SHOWN, project_place__lte=PROJECTS_SHOWN)
        .select_related("organisation", "project__lead_organisation")
        .order_by("subject", "organisation_place", "project_place")
    )
    members = defaultdict(dict)
    for row in shown:
        members[row.subject].setdefault(row.organisation, []).append(row.project)
    return members


def stale_projects(scope, limit=50):
    return list(
        scope.projects()
        .stale()
        .select_related("lead_organisation")
        .order_by("last_confirmed_at")[:limit]
    )


@dataclass
class Programme:
    call: object  # a FundingCallPage, None where the call was deleted
    project_count: int
    total: object
    projects: list = field(default_factory=list)  # the first few, by title


@dataclass
class FundingFigures:
    deadlines: list  # upcoming FundingDeadline with their call
    programmes: list  # [Programme], the most money first
    totals_by_year: list  # [(year, total)]


def funding(scope, projects_shown=5):
    entries = ProjectFunding.objects.filter(project__in=scope.projects().values("pk"))
    deadlines = list(
        FundingDeadline.objects.filter(
            date__range=(today(), today() + DEADLINES_AHEAD), call__live=True
        )
        .select_related("call")
        .order_by("date")
    )
    sums = (
        entries.values_list("funding_call")
        .annotate(projects=Count("project", distinct=True), total=Sum("amount"))
        .order_by("-total")
    )
    calls = FundingCallPage.objects.in_bulk([call for call, _count, _total in sums if call])
    programmes = {
        call_id: Programme(calls.get(call_id), count, total) for call_id, count, total in sums
    }
    # The first projects of each programme, in one query however many programmes there are.
    # Ranked by project, not by entry: a project funded in several years is one project.
    shown = entries.annotate(
        place=Window(
            DenseRank(),
            partition_by=F("funding_call"),
            order_by=[F("project__title").asc(), F("project").asc()],
        )
    ).filter(place__lte=projects_shown)
    for entry in shown.select_related("project").order_by("project__title", "project"):
        if entry.project not in programmes[entry.funding_call_id].projects:
            programmes[entry.funding_call_id].projects.append(entry.project)
    totals = entries.values_list("year").annotate(total=Sum("amount")).order_by("year")
    return FundingFigures(
        deadlines=deadlines, programmes=list(programmes.values()), totals_by_year=list(totals)
    )
