from urllib.parse import urlencode

from django import template
from django.db.models import Count, F, Max, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string

from projects.models import (
    ProjectOzgLeistung,
    ProjectPage,
    ProjectStatus,
    Reifegrad,
    register_url,
)

register = template.Library()

# A town with hundreds of projects lists the first of each status; the register has them all.
PROJECTS_SHOWN_PER_STATUS = 10


@register.simple_tag(takes_context=True)
def organisation_projects(context, organisation):
    """An organisation's projects by status, the first few of each with a link to all of them
    in the register, and the OZG services they put online."""
    request = context["request"]
    visible = ProjectPage.objects.visible_to(request.user)
    return render_to_string(
        "projects/includes/organisation_projects.html",
        organisation_projects_context(visible, organisation, request),
    )


def organisation_projects_context(visible, organisation, request):
    projects = visible.participated_by(organisation)
    counts = dict(projects.order_by().values_list("status").annotate(count=Count("pk")))
    shown = (
        projects.annotate(
            place=Window(
                RowNumber(), partition_by=F("status"), order_by=[F("title").asc(), F("pk").asc()]
            )
        )
        .filter(place__lte=PROJECTS_SHOWN_PER_STATUS)
        .select_related("lead_organisation")
        .order_by("title", "pk")
    )
    by_status = {value: [] for value in counts}
    for project in shown:
        by_status[project.status].append(project)
    register = register_url()
    coverage = (
        ProjectOzgLeistung.objects.filter(project__in=projects.values("pk"))
        .values("leistung__ozg_id", "leistung__name")
        .annotate(reifegrad=Max("reifegrad"))
        .order_by("leistung__name")
    )
    reifegrade = dict(Reifegrad.choices)
    return {
        "organisation": organisation,
        "project_count": sum(counts.values()),
        "by_status": [
            {
                "label": label,
                "count": counts[value],
                "projects": by_status[value],
                "all_url": register
                and f"{register}?{urlencode({'kommune': organisation.slug, 'status': value})}",
            }
            for value, label in ProjectStatus.choices
            if value in counts
        ],
        "coverage": [{**row, "reifegrad_label": reifegrade[row["reifegrad"]]} for row in coverage],
        "request": request,
    }
