"""The register, the project page and what members do there; routed by the page models."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from network.ids import id_from, ids_from
from network.models import ContactPerson, OrganisationPage
from network.page_cache import remembered
from network.permissions import is_member
from projects import updates
from projects.exports import csv_response, xlsx_response
from projects.forms import ProjectFilterForm, ProjectImportForm, StatusUpdateForm
from projects.importing import COLUMNS, FileError, ProjectImport
from projects.models import (
    PartnerRole,
    ProjectOzgLeistung,
    ProjectPage,
    StrategyPage,
    register_url,
)
from projects.permissions import (
    may_import_projects,
    may_post_status_update,
    may_register_interest,
)
from projects.similar import similar_projects, similar_to

TIMELINE_PAGE_SIZE = 20


def register(request, index):
    """The register: filters with counts, one page of matching projects."""
    form = ProjectFilterForm(request.GET)
    visible = ProjectPage.objects.visible_to(request.user)
    form.count_facets(visible)
    paginator = Paginator(form.filter(visible), index.page_size)
    paginator.count = form.match_count
    page = paginator.get_page(request.GET.get("seite"))
    # The audience's projects (its query) and the filters say which projects a page shows;
    # the page's cards are kept rendered until the content changes. Skipping thousands of
    # projects to reach a deep page took longer than the rest of the page.
    shown = (str(visible.query), sorted(request.GET.lists()))
    page.object_list, project_list_html = remembered(
        "register-cards", (shown, page.number), lambda: register_page_cards(page, request)
    )
    # The form's some 300 options with their counts took half of the page's time to render;
    # they change with the filters, the audience (its query) and the content, nothing else.
    filter_form_html = remembered(
        "register-filter-form",
        shown,
        lambda: render_to_string(
            "includes/filter_form.html",
            {"form": form, "label": _("Projekte filtern"), "request": request},
        ),
    )
    return index.render(
        request,
        context_overrides={
            "filter_form": form,
            "filter_form_html": filter_form_html,
            "projects": page,
            "project_list_html": project_list_html,
            "query_string": request.GET.urlencode(),
            "strategy": StrategyPage.objects.child_of(index).live().first(),
        },
    )


def register_page_cards(page, request):
    """The ids of a register page's projects, and their cards."""
    # The ids first, then the projects: on a deep page the database skips thousands of ids,
    # not thousands of projects joined to their organisations.
    ids = list(page.object_list.values_list("pk", flat=True))
    projects = ProjectPage.objects.select_related("lead_organisation", "handlungsfeld").in_bulk(ids)
    cards = render_to_string(
        "projects/includes/project_list.html",
        {"projects": [projects[pk] for pk in ids], "show_lead": True},
        request,
    )
    return ids, cards


def export(request, file_format):
    """The filtered register as a file, in the register's order."""
    form = ProjectFilterForm(request.GET)
    projects = form.filter(ProjectPage.objects.visible_to(request.user))
    response = csv_response if file_format == "csv" else xlsx_response
    return response(projects, request)


def project_page(request, project):
    """The project with its timeline, partners and similar projects elsewhere."""
    user = request.user
    member = is_member(user)
    # What the page tells about the project is the same for every member, and for every
    # visitor: rendered once per change of content, it costs neither its dozen queries nor
    # its markup. Only the forms below depend on who asks.
    sections = remembered(
        "project-sections",
        (project.pk, member),
        lambda: project_sections(project, request),
    )
    timeline = remembered(
        "project-timeline",
        (project.pk, request.GET.get("seite"), member),
        lambda: render_to_string(
            "projects/includes/timeline.html",
            {"updates": timeline_page(project, request), "is_member": member},
            request,
        ),
    )
    may_post = may_post_status_update(user, project)
    return project.render(
        request,
        template="projects/project_page.html",
        context_overrides={
            **sections,
            "timeline": timeline,
            "status_form": StatusUpdateForm() if may_post else None,
            "may_register_interest": may_register_interest(user, project),
        },
    )


def project_sections(project, request):
    """The project page's account of the project, and the similar projects, as HTML."""
    # Read once here: the similar projects are scored on the same tags and OZG services the
    # details list.
    prefetch_related_objects(
        [project],
        Prefetch("ozg_leistungen", queryset=ProjectOzgLeistung.objects.select_related("leistung")),
        "tags",
    )
    details = {
        "page": project,
        "partners": project.partners.select_related("organisation").order_by(
            PartnerRole.lead_first(), "organisation__title"
        ),
        "ozg_leistungen": project.ozg_leistungen.all(),
        "funding": project.funding.select_related("funding_call"),
        "contacts": ContactPerson.objects.visible_to(request.user)
        .filter(projects=project)
        .for_listing(),
        "register_url": register_url(),
    }
    return {
        "details": render_to_string("projects/includes/project_details.html", details, request),
        "similar": render_to_string(
            "projects/includes/similar_projects.html",
            {"similar": similar_to(project, request.user)},
            request,
        ),
    }


def timeline_page(project, request):
    """One page of the project's status updates, newest first."""
    return Paginator(
        project.status_updates.select_related("author", "organisation").order_by(
            "-created_at", "-pk"
        ),
        TIMELINE_PAGE_SIZE,
    ).get_page(request.GET.get("seite"))


def status_update(request, project):
    """The status update form on a page of its own; the project page posts here too."""
    if not may_post_status_update(request.user, project):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    form = StatusUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        update = updates.post_status_update(project, request.user, **form.cleaned_data)
        messages.success(request, _("Ihre Statusmeldung ist veröffentlicht."))
        return redirect(f"{project.url}#statusmeldung-{update.pk}")
    return TemplateResponse(
        request,
        "projects/status_update_form.html",
        {"page": project, "self": project, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
def confirm(request, project):
    """ "Noch aktuell": one click tells the network nothing changed."""
    if not may_post_status_update(request.user, project):
        raise PermissionDenied
    updates.confirm_project(project, request.user)
    messages.success(request, _("Danke! Das Projekt ist als aktuell bestätigt."))
    return redirect(project.url)


@require_POST
def register_interest(request, project):
    """ "Wir wollen das auch": the member's organisation joins as interested."""
    if not may_register_interest(request.user, project):
        raise PermissionDenied
    updates.register_interest(project, request.user)
    messages.success(
        request,
        _(
            "%(organisation)s ist jetzt als interessiert eingetragen; "
            "die Federführung weiß Bescheid."
        )
        % {"organisation": request.user.organisation.title},
    )
    return redirect(project.url)


def similar_projects_fragment(request):
    """Similar projects for the admin's project form, as the editor fills it in."""
    organisation = OrganisationPage.objects.filter(
        pk=id_from(request.GET.get("organisation"))
    ).first()
    projects = similar_projects(
        request.user,
        title=request.GET.get("titel", "")[:255],
        handlungsfeld_id=id_from(request.GET.get("handlungsfeld")),
        leistung_ids=ids_from(request.GET.getlist("ozg")),
        tag_ids=[],
        organisation_id=organisation.pk if organisation else None,
        exclude_id=id_from(request.GET.get("projekt")),
    )
    return TemplateResponse(
        request, "projects/includes/similar_projects.html", {"similar": projects, "admin": True}
    )


class ProjectImportView(WagtailAdminTemplateMixin, FormView):
    """The coordinators' upload of a list of projects, answered with the import's report."""

    form_class = ProjectImportForm
    template_name = "projects/admin/import.html"
    page_title = gettext_lazy("Projekte importieren")
    header_icon = "upload"
    breadcrumbs_items = [
        *WagtailAdminTemplateMixin.breadcrumbs_items,
        {"url": "", "label": page_title},
    ]

    def dispatch(self, request, *args, **kwargs):
        if not may_import_projects(request.user):
            # Raised, PermissionDenied would become Wagtail's redirect to the dashboard; the
            # network answers a forbidden admin action with 403 (see network.middleware).
            return defaults.permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=COLUMNS, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            report = ProjectImport(self.request.user, form.cleaned_data["dry_run"]).run(
                upload, upload.name, max_rows=form.max_rows
            )
        except FileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        # A fresh form below the report, ready for the corrected file.
        return self.render_to_response(
            self.get_context_data(form=self.get_form_class()(), report=report)
        )

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response
