"""The figures of the coordination dashboard, each from a fixed number of queries.

A scope says which organisations the figures are about: the whole network for coordinators,
one organisation for its editors. Matrices show one page of organisations at a time, so that
a network of thousands of towns costs no more queries than one Kreis.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import groupby

from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, Sum, When, Window
from django.db.models.functions import DenseRank, RowNumber
from django.utils import timezone

from kb.models import FundingCallPage, FundingDeadline, Handlungsfeld, today
from network.models import OrganisationPage, OzgLeistung, Visibility
from network.permissions import is_member
from projects.models import (
    PartnerRole,
    ProjectFunding,
    ProjectPage,
    ProjectPartner,
    ProjectStatus,
    StrategyMeasure,
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

    def related(self, queryset, path="project"):
        """The rows of a queryset whose project (at `path`) is in scope.

        A join on the project, not `project IN (every project in scope)`: SQLite would list
        a hundred thousand projects first, on every request.
        """
        queryset = queryset.filter(**{f"{path}__live": True})
        if self.organisation is not None:
            queryset = queryset.filter(**{f"{path}__in": carried_by(self.organisation)})
        return queryset

    def participations(self, organisations=None):
        """Partner rows of the organisations that carry projects in scope (or of the given
        organisations only)."""
        rows = self.related(ProjectPartner.objects.filter(role__in=PartnerRole.participating()))
        if organisations is not None:
            rows = rows.filter(organisation__in=organisations)
        return rows

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


def carried_by(organisation):
    """The projects the organisation leads or takes part in, as a subquery."""
    return ProjectPartner.objects.filter(
        organisation=organisation, role__in=PartnerRole.participating()
    ).values("project")


def matrix_rows(scope, organisations):
    """The rows of a matrix (a page of organisations, or with None all of the scope's) and
    the partner rows of their projects."""
    if organisations is None:
        rows = list(scope.organisations())
        # The whole network's rows are all organisations carrying a project: no filter.
        return rows, scope.participations(None if scope.is_network else rows)
    rows = list(organisations)
    return rows, scope.participations(rows)


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
    # Counted in one pass: per status and Handlungsfeld, summed up here.
    groups = (
        projects.order_by()
        .values_list("status", "handlungsfeld")
        .annotate(
            count=Count("pk"),
            new=Count("pk", filter=Q(first_published_at__gte=month_start)),
            changed=Count("pk", filter=Q(last_published_at__gte=month_start)),
        )
    )
    status_counts, field_counts = Counter(), Counter()
    dates = Counter()
    for status, handlungsfeld, count, new, changed in groups:
        status_counts[status] += count
        field_counts[handlungsfeld] += count
        dates.update(total=count, new=new, changed=changed)
    fields = Handlungsfeld.objects.filter(pk__in=[pk for pk in field_counts if pk])
    # By organisation, then named: two towns of one name are two bars.
    organisation_counts = (
        scope.participations()
        .values("organisation", "organisation__title")
        .annotate(count=Count("project", distinct=True))
        .order_by("-count", "organisation__title", "organisation")
        .values_list("organisation__title", "count")[:top_organisations]
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
        """[(row, [(column, cell) per column])] for templates."""
        return [
            (row, [(column, self.cell(row, column)) for column in self.columns])
            for row in self.rows
        ]

    def values(self):
        """(row, [cell or None per column]) for spreadsheets, row by row: for thousands of
        organisations by hundreds of Leistungen, a lookup per filled cell, not per cell."""
        places = {column.pk: place for place, column in enumerate(self.columns)}
        by_row = defaultdict(list)
        for (row_id, column_id), cell in self.cells.items():
            by_row[row_id].append((places[column_id], cell))
        for row in self.rows:
            values = [None] * len(self.columns)
            for place, cell in by_row[row.pk]:
                values[place] = cell
            yield row, values


def coverage_matrix(scope, organisations=None):
    """Organisations × Handlungsfelder: how many projects, and the furthest status of them.

    The organisations are a page of the scope's, or all of them (None).
    """
    rows, partners = matrix_rows(scope, organisations)
    counts = partners.values_list(
        "organisation", "project__handlungsfeld", "project__status"
    ).annotate(count=Count("project", distinct=True))
    cells = defaultdict(Cell)
    for organisation_id, handlungsfeld_id, status, count in counts:
        if handlungsfeld_id is None:
            continue
        cell = cells[(organisation_id, handlungsfeld_id)]
        cell.count += count
        if not cell.furthest or STATUS_RANK[status] > STATUS_RANK[cell.furthest]:
            cell.furthest = status
    return Matrix(rows=rows, columns=list(Handlungsfeld.objects.all()), cells=dict(cells))


def ozg_matrix(scope, organisations=None):
    """Organisations × OZG-Leistungen: the highest Reifegrad each organisation reached, in
    the Leistungen these organisations work on.

    Massenverfahren (high-volume services, marked by the coordinators) come first.
    """
    rows, partners = matrix_rows(scope, organisations)
    reached = (
        partners.filter(project__ozg_leistungen__isnull=False)
        .values_list("organisation", "project__ozg_leistungen__leistung")
        .annotate(reifegrad=Max("project__ozg_leistungen__reifegrad"))
    )
    cells = {
        (organisation_id, leistung_id): level for organisation_id, leistung_id, level in reached
    }
    columns = OzgLeistung.objects.filter(pk__in={leistung_id for _o, leistung_id in cells})
    return Matrix(rows=rows, columns=list(columns.order_by("-mass_procedure", "name")), cells=cells)


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


def subject_rows(path):
    """Partner rows of the carriers of published projects, with the subject each project is
    about (`path` leads there, see SUBJECTS) and whether someone else carries it too."""
    others = ProjectPartner.objects.filter(
        project=OuterRef("project"), role__in=PartnerRole.participating()
    ).exclude(organisation=OuterRef("organisation"))
    # Filtered on the path first, so that the join to the subject is an inner one: the
    # database may then start from the subject's index.
    return ProjectPartner.objects.filter(
        role__in=PartnerRole.participating(), project__live=True, **{f"{path}__isnull": False}
    ).annotate(subject=F(path), shared=Exists(others))


def overlaps(scope, limit=30):
    """Subjects on which two or more organisations work alone, up to `limit` of each kind:
    OZG-Leistungen first, then Handlungsfelder, the most organisations first.

    An organisation works alone on a subject where it carries published projects about it,
    none of them with another carrier. An organisation's scope has the overlaps it is part
    of. The database counts, a row at a time: a network of thousands of towns would not fit
    into Python's sets on every request, nor compare each town's projects with each other.
    """
    found = []
    shown = {}  # (model, subject id) → {organisation id: [projects]}
    for model, path in SUBJECTS:
        rows = subject_rows(path)
        if scope.organisation is not None:
            own = rows.filter(organisation=scope.organisation)
            rows = rows.filter(subject__in=own.values("subject")).exclude(
                subject__in=own.filter(shared=True).values("subject")
            )
        # Those on the subject, less those sharing a project about it with someone.
        counts = list(
            rows.values_list("subject")
            .annotate(
                alone=Count("organisation", distinct=True)
                - Count("organisation", distinct=True, filter=Q(shared=True))
            )
            .filter(alone__gte=2)
            .order_by("-alone", "subject")[:limit]
        )
        subjects = model.objects.in_bulk([subject_id for subject_id, _count in counts])
        for subject_id, members in shown_members(rows, list(subjects), scope).items():
            shown[model, subject_id] = members
        found += [(model, subjects[subject_id], count) for subject_id, count in counts]
    organisations = OrganisationPage.objects.in_bulk(
        {pk for members in shown.values() for pk in members}
    )
    return [
        Overlap(
            subject=subject,
            organisation_count=count,
            organisations=[organisations[pk] for pk in shown[model, subject.pk]],
            projects=[p for projects in shown[model, subject.pk].values() for p in projects],
        )
        for model, subject, count in found
    ]


def shown_members(rows, subject_ids, scope):
    """{subject id: {organisation id: [projects]}}: the first ORGANISATIONS_SHOWN of those
    working alone on each subject by title (the scope's own first), each with its first
    PROJECTS_SHOWN projects by title. Two queries, however many subjects."""
    own_first = (
        [Case(When(organisation=scope.organisation, then=0), default=1).asc()]
        if scope.organisation is not None
        else []
    )
    rows = rows.filter(subject__in=subject_ids)
    alone = (
        rows.values("subject", "organisation", "organisation__title")
        .annotate(shared_projects=Count("pk", filter=Q(shared=True)))
        .filter(shared_projects=0)
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=F("subject"),
                order_by=[*own_first, F("organisation__title").asc(), F("organisation").asc()],
            )
        )
        .filter(place__lte=ORGANISATIONS_SHOWN)
        .order_by("subject", "place")
    )
    members = defaultdict(dict)
    for row in alone:
        members[row["subject"]][row["organisation"]] = []
    projects = (
        rows.filter(organisation__in={pk for m in members.values() for pk in m})
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("subject"), F("organisation")],
                order_by=[F("project__title").asc(), F("project").asc()],
            )
        )
        .filter(place__lte=PROJECTS_SHOWN)
        .select_related("project__lead_organisation")
        .order_by("subject", "organisation", "place")
    )
    for row in projects:
        # Other subjects' organisations come along: only those shown for this one count.
        if row.organisation_id in members[row.subject]:
            members[row.subject][row.organisation_id].append(row.project)
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
    more_programmes: int = 0  # programmes with less money, not shown


def funding(scope, projects_shown=5, programmes_shown=None):
    """Deadlines ahead, the programmes with the most money (all, or the first
    `programmes_shown`) with their first projects, and the totals per year."""
    entries = scope.related(ProjectFunding.objects.all())
    deadlines = list(
        FundingDeadline.objects.filter(
            date__range=(today(), today() + DEADLINES_AHEAD), call__live=True
        )
        .select_related("call")
        .order_by("date")
    )
    sums = list(
        entries.values_list("funding_call")
        .annotate(projects=Count("project", distinct=True), total=Sum("amount"))
        .order_by("-total", "funding_call")
    )
    more = 0
    if programmes_shown is not None:
        sums, more = sums[:programmes_shown], max(0, len(sums) - programmes_shown)
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
    if more:
        kept = Q(funding_call__in=[pk for pk in programmes if pk is not None])
        if None in programmes:
            kept |= Q(funding_call__isnull=True)
        shown = shown.filter(kept)
    for entry in shown.select_related("project").order_by("project__title", "project"):
        if entry.project not in programmes[entry.funding_call_id].projects:
            programmes[entry.funding_call_id].projects.append(entry.project)
    totals = entries.values_list("year").annotate(total=Sum("amount")).order_by("year")
    return FundingFigures(
        deadlines=deadlines,
        programmes=list(programmes.values()),
        totals_by_year=list(totals),
        more_programmes=more,
    )


@dataclass
class MeasureFigures:
    """A measure of the strategy, how many of its projects the user may see, and how many of
    those are in Umsetzung or Betrieb."""

    measure: object
    project_count: int
    implemented: int

    @property
    def share(self):
        return round(100 * self.implemented / self.project_count) if self.project_count else 0


def strategy(user):
    """[(Handlungsfeld, [MeasureFigures, …], share implemented), …]: the numbers of
    measures_by_handlungsfeld(), counted by the database in one query. The dashboard and the
    report show how many projects, not which: a network's tens of thousands stay unloaded."""
    visible = Q(projects__live=True)
    if not is_member(user):
        visible &= Q(projects__visibility=Visibility.PUBLIC)
    measures = (
        StrategyMeasure.objects.select_related("handlungsfeld")
        .annotate(
            project_count=Count("projects", filter=visible),
            implemented=Count(
                "projects", filter=visible & Q(projects__status__in=ProjectStatus.implemented())
            ),
        )
        # A query that counts forgets the model's ordering: the strategy's order, once more.
        .order_by(*StrategyMeasure._meta.ordering)
    )
    result = []
    for handlungsfeld, group in groupby(measures, key=lambda measure: measure.handlungsfeld):
        items = [MeasureFigures(m, m.project_count, m.implemented) for m in group]
        count = sum(item.project_count for item in items)
        implemented = sum(item.implemented for item in items)
        result.append((handlungsfeld, items, round(100 * implemented / count) if count else 0))
    return result
