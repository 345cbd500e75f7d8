from django import template
from django.db.models import Max

from projects.models import ProjectOzgLeistung, ProjectPage, ProjectStatus, Reifegrad

register = template.Library()


@register.inclusion_tag("projects/includes/organisation_projects.html", takes_context=True)
def organisation_projects(context, organisation):
    """An organisation's projects by status, and the OZG services they put online."""
    request = context["request"]
    projects = list(
        ProjectPage.objects.visible_to(request.user)
        .participated_by(organisation)
        .select_related("lead_organisation", "handlungsfeld")
        .order_by("title")
    )
    by_status = [
        (label, [project for project in projects if project.status == value])
        for value, label in ProjectStatus.choices
    ]
    coverage = (
        ProjectOzgLeistung.objects.filter(project__in=[project.pk for project in projects])
        .values("leistung__ozg_id", "leistung__name")
        .annotate(reifegrad=Max("reifegrad"))
        .order_by("leistung__name")
    )
    reifegrade = dict(Reifegrad.choices)
    return {
        "organisation": organisation,
        "project_count": len(projects),
        "by_status": [(label, group) for label, group in by_status if group],
        "coverage": [{**row, "reifegrad_label": reifegrade[row["reifegrad"]]} for row in coverage],
        "request": request,
    }
