"""The coordination dashboard at /koordination/: the network at a glance, and its reports.

Coordinators see the whole network; an organisation's editors see their own organisation.
The views that make a file import projects.dashboard.reports themselves: openpyxl and reportlab
hold some 35 MB that every worker would otherwise carry for the few requests that want a file.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kb.models import Handlungsfeld, today
from network.ids import id_from, ids_from
from network.models import NotificationKind, OrganisationPage, OzgLeistung
from network.notifications import notify
from network.page_cache import remembered
from network.permissions import approved_accounts, is_member, role_required, roles_of
from projects.dashboard import figures
from projects.dashboard.charts import bar_chart
from projects.models import Introduction
from projects.reminders import send_reminder

MATRIX_ROWS = 50
# The programmes with the most money are listed, the others counted.
PROGRAMMES_SHOWN = 20


def may_coordinate(user):
    return user.has_perm("projects.coordinate_network")


def may_see_dashboard(user):
    return may_coordinate(user) or roles_of(user)["editor"]


def scope_of(user):
    """The whole network for coordinators, their organisation for editors."""
    if may_coordinate(user):
        return figures.Scope()
    return figures.Scope(organisation=user.organisation)


dashboard_required = role_required(may_see_dashboard)


@dashboard_required
def dashboard(request):
    scope = scope_of(request.user)
    day = today()
    # Counted over the whole network for coordinators: once per change of content, and each
    # day (deadlines, stale projects), not for every look at the dashboard.
    counted_for = (scope.organisation and scope.organisation.pk, is_member(request.user), day)
    return render(
        request,
        "projects/dashboard/dashboard.html",
        {
            "scope": scope,
            "today": day,
            # Listed per request: each project comes with a form carrying the user's CSRF token.
            "stale": remembered(
                "dashboard-stale", counted_for, lambda: figures.stale_projects(scope)
            ),
            # The template keeps the tables rendered, with the same counting: they are only
            # counted when it renders them anew.
            "tables": SimpleLazyObject(lambda: dashboard_tables(scope, request.user)),
        },
    )


def dashboard_tables(scope, user):
    """The figures of the dashboard's charts and tables."""
    overview = figures.overview(scope)
    return {
        "overview": overview,
        "status_chart": bar_chart(
            _("Projekte nach Status"),
            [(label, count) for _status, label, count in overview.by_status],
        ),
        "field_chart": bar_chart(
            _("Projekte nach Handlungsfeld"),
            [
                (item.name if item else _("ohne Handlungsfeld"), count)
                for item, count in overview.by_handlungsfeld
            ],
        ),
        "organisation_chart": bar_chart(
            _("Die aktivsten Organisationen"), overview.by_organisation
        ),
        "strategy": figures.strategy(user),
        "funding": figures.funding(scope, programmes_shown=PROGRAMMES_SHOWN),
    }


def matrix_rows(request, scope):
    return Paginator(scope.organisations(), MATRIX_ROWS).get_page(request.GET.get("seite"))


@dashboard_required
def coverage(request):
    scope = scope_of(request.user)
    rows = matrix_rows(request, scope)
    return render(
        request,
        "projects/dashboard/coverage.html",
        {"scope": scope, "rows": rows, "matrix": figures.coverage_matrix(scope, rows)},
    )


@dashboard_required
def ozg(request):
    scope = scope_of(request.user)
    rows = matrix_rows(request, scope)
    return render(
        request,
        "projects/dashboard/ozg.html",
        {"scope": scope, "rows": rows, "matrix": figures.ozg_matrix(scope, rows)},
    )


@dashboard_required
def overlaps(request):
    scope = scope_of(request.user)
    found = figures.overlaps(scope)
    introduced = introductions_of(found)
    for overlap in found:
        overlap.introduced = introduced.get(key_of(overlap.subject, overlap.organisations))
    return render(
        request,
        "projects/dashboard/overlaps.html",
        {"scope": scope, "overlaps": found, "may_introduce": may_coordinate(request.user)},
    )


def key_of(subject, organisations):
    return (
        ContentType.objects.get_for_model(subject).pk,
        subject.pk,
        frozenset(organisation.pk for organisation in organisations),
    )


def introductions_of(found):
    """The latest introduction of each overlap's organisations about its subject."""
    if not found:
        return {}
    about = Q()
    for overlap in found:
        about |= Q(
            subject_type=ContentType.objects.get_for_model(overlap.subject),
            subject_id=overlap.subject.pk,
        )
    introductions = (
        Introduction.objects.filter(about).prefetch_related("organisations").order_by("created_at")
    )
    return {
        (
            item.subject_type_id,
            item.subject_id,
            frozenset(o.pk for o in item.organisations.all()),
        ): item
        for item in introductions
    }


SUBJECTS = {"ozg": OzgLeistung, "handlungsfeld": Handlungsfeld}


@require_POST
@role_required(may_coordinate)
def introduce(request):
    """ "Kontakt herstellen": the editors of each organisation hear of the others."""
    model = SUBJECTS.get(request.POST.get("art"))
    if model is None:
        raise Http404
    subject = get_object_or_404(model, pk=id_from(request.POST.get("id")))
    organisations = list(
        OrganisationPage.objects.filter(pk__in=ids_from(request.POST.getlist("organisation")))
    )
    if len(organisations) < 2:
        raise Http404
    introduction = Introduction.objects.create(
        subject_type=ContentType.objects.get_for_model(model),
        subject_id=subject.pk,
        introduced_by=request.user,
    )
    introduction.organisations.set(organisations)
    names = ", ".join(organisation.title for organisation in organisations)
    notify(
        approved_accounts().filter(
            groups__in=[o.editors_group_id for o in organisations if o.editors_group_id]
        ),
        kind=NotificationKind.FOLLOWED,
        subject=subject,
        text=_(
            "bringt Sie zusammen: %(names)s arbeiten getrennt an „%(subject)s“. "
            "Vielleicht lohnt sich ein Austausch."
        )
        % {"names": names, "subject": subject},
        url=request.build_absolute_uri("/projekte/"),
        actor=request.user,
    )
    messages.success(
        request, _("Die Redaktionen von %(names)s sind benachrichtigt.") % {"names": names}
    )
    return redirect("coordination:overlaps")


@require_POST
@dashboard_required
def remind(request, pk):
    """A reminder to a stale project's editors, in one click."""
    scope = scope_of(request.user)
    project = get_object_or_404(scope.projects().stale(), pk=pk)
    send_reminder(project, actor=request.user)
    messages.success(
        request, _("Die Redaktion von „%(title)s“ ist erinnert.") % {"title": project.title}
    )
    return redirect("coordination:dashboard")


@dashboard_required
def coverage_xlsx(request):
    from projects.dashboard import reports

    scope = scope_of(request.user)
    return reports.matrix_workbook(figures.coverage_matrix(scope), "abdeckung", coverage=True)


@dashboard_required
def ozg_xlsx(request):
    from projects.dashboard import reports

    scope = scope_of(request.user)
    return reports.matrix_workbook(figures.ozg_matrix(scope), "ozg-leistungen", coverage=False)


@dashboard_required
def status_report(request):
    """The Sachstandsbericht as PDF: for the network, or (?kommune=slug) one organisation."""
    from projects.dashboard import reports

    scope = scope_of(request.user)
    slug = request.GET.get("kommune")
    if slug:
        organisation = get_object_or_404(OrganisationPage, slug=slug)
        if not scope.is_network and organisation != scope.organisation:
            raise PermissionDenied
        scope = figures.Scope(organisation=organisation)
    return reports.status_report_pdf(scope, request.user)
