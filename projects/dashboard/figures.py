"""The figures of the coordination dashboard, each from a fixed number of queries.

A scope says which organisations the figures are about: the whole network for coordinators,
one organisation for its editors. Matrices show one page of organisations at a time, so that
a network of thousands of towns costs no more queries than one Kreis.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, F, Max, Q, Sum, Window
from django.db.models.functions import RowNumber
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
        return OrganisationPage.objects.filter(pk__in=carrying).order_by("title")


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
    organisation_counts = (
        participations(projects)
        .values_list("organisation__title")
        .annotate(count=Count("project", distinct=True))
        .order_by("-count", "organisation__title")[:top_organisations]
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


@dataclass
class Overlap:
    """Organisations that do the same thing in separate projects, without a shared one."""

    subject: object  # an OzgLeistung or a Handlungsfeld
    organisations: list = field(default_factory=list)
    projects: list = field(default_factory=list)


def overlaps(scope, limit=30):
    """Same OZG-Leistung or Handlungsfeld in two or more organisations that share no project."""
    carried = participations(ProjectPage.objects.live())
    by_project = defaultdict(set)
    for project_id, organisation_id in carried.values_list("project", "organisation"):
        by_project[project_id].add(organisation_id)
    found = []
    subjects = [
        (
            OzgLeistung,
            ProjectOzgLeistung.objects.filter(project__live=True).values_list(
                "leistung", "project"
            ),
        ),
        (
            Handlungsfeld,
            ProjectPage.objects.live()
            .filter(handlungsfeld__isnull=False)
            .values_list("handlungsfeld", "pk"),
        ),
    ]
    for model, pairs in subjects:
        projects_by_subject = defaultdict(set)
        for subject_id, project_id in pairs:
            projects_by_subject[subject_id].add(project_id)
        for subject_id, project_ids in projects_by_subject.items():
            separate = unconnected(project_ids, by_project)
            if scope.organisation is not None and scope.organisation.pk not in separate:
                continue
            if len(separate) >= 2:
                found.append((model, subject_id, separate, project_ids))
    found.sort(key=lambda item: (item[0] is Handlungsfeld, -len(item[2])))
    found = found[:limit]
    return resolve_overlaps(found)


def unconnected(project_ids, by_project):
    """The organisations among these projects' carriers that share none of the projects."""
    counts = Counter(
        organisation for project_id in project_ids for organisation in by_project[project_id]
    )
    return (
        {organisation for organisation, count in counts.items() if count == 1}
        if len(project_ids) > 1
        else set()
    )


def resolve_overlaps(found):
    """Load the subjects, organisations and projects named by the overlaps, a query each."""
    organisation_ids = set().union(*(item[2] for item in found)) if found else set()
    project_ids = set().union(*(item[3] for item in found)) if found else set()
    organisations = OrganisationPage.objects.in_bulk(organisation_ids)
    projects = ProjectPage.objects.select_related("lead_organisation").in_bulk(project_ids)
    subjects = {
        model: model.objects.in_bulk({item[1] for item in found if item[0] is model})
        for model in (OzgLeistung, Handlungsfeld)
    }
    return [
        Overlap(
            subject=subjects[model][subject_id],
            organisations=sorted(
                (organisations[pk] for pk in organisation_ids_of), key=lambda o: o.title
            ),
            projects=sorted((projects[pk] for pk in project_ids_of), key=lambda p: p.title),
        )
        for model, subject_id, organisation_ids_of, project_ids_of in found
    ]


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
    shown = entries.annotate(
        place=Window(RowNumber(), partition_by=F("funding_call"), order_by="project__title")
    ).filter(place__lte=projects_shown)
    for entry in shown.select_related("project").order_by("project__title"):
        if entry.project not in programmes[entry.funding_call_id].projects:
            programmes[entry.funding_call_id].projects.append(entry.project)
    totals = entries.values_list("year").annotate(total=Sum("amount")).order_by("year")
    return FundingFigures(
        deadlines=deadlines, programmes=list(programmes.values()), totals_by_year=list(totals)
    )
