"""Who else does this: projects of other organisations that resemble a project.

Resemblance is counted in points: a shared OZG service weighs most, then shared tags and words of
the title, then the Handlungsfeld. Each kind of match is one bounded query, so the project page
and the admin's create form stay fast whatever the size of the register.
"""

import re
from collections import Counter

from projects.models import ProjectOzgLeistung, ProjectPage, ProjectTag

OZG_POINTS = 3
TAG_POINTS = 2
TITLE_WORD_POINTS = 2
HANDLUNGSFELD_POINTS = 1
# Enough candidates of each kind to find the best few; the freshest projects come first.
CANDIDATES = 200
# Words that say nothing about what a project does.
STOP_WORDS = {
    "aber", "auch", "beim", "dass", "digital", "digitale", "digitalen", "digitaler",
    "digitales", "durch", "eine", "einem", "einen", "einer", "eines", "einführung", "für",
    "gemeinde", "kommune", "kommunen", "kreis", "neue", "neuen", "neuer", "oder", "projekt",
    "stadt", "über", "und", "unser", "unsere", "verwaltung", "vom", "von", "zum", "zur",
}  # fmt: skip


def title_words(title):
    """The words of a title that can tell projects apart."""
    words = re.findall(r"\w{4,}", title.lower())
    return [word for word in dict.fromkeys(words) if word not in STOP_WORDS][:5]


def similar_projects(
    user,
    *,
    title="",
    handlungsfeld_id=None,
    leistung_ids=(),
    tag_ids=(),
    organisation_id=None,
    exclude_id=None,
    limit=5,
):
    """Up to `limit` projects the user may see, of organisations other than the given one."""
    visible = ProjectPage.objects.visible_to(user).exclude(pk=exclude_id)
    if organisation_id is not None:
        visible = visible.exclude(lead_organisation_id=organisation_id)
    points = Counter()

    def score(project_ids, weight):
        for project_id in project_ids[:CANDIDATES]:
            points[project_id] += weight

    if leistung_ids:
        matches = ProjectOzgLeistung.objects.filter(
            leistung__in=leistung_ids, project__in=visible.values("pk")
        ).order_by("-project__last_confirmed_at")
        score(matches.values_list("project", flat=True), OZG_POINTS)
    if tag_ids:
        matches = ProjectTag.objects.filter(
            tag__in=tag_ids, content_object__in=visible.values("pk")
        ).order_by("-content_object__last_confirmed_at")
        score(matches.values_list("content_object", flat=True), TAG_POINTS)
    for word in title_words(title):
        matches = visible.filter(title__icontains=word).order_by("-last_confirmed_at")
        score(matches.values_list("pk", flat=True), TITLE_WORD_POINTS)
    if points:
        candidates = visible.filter(pk__in=[pk for pk, _ in points.most_common(CANDIDATES)])
    elif handlungsfeld_id is not None:
        # Nothing more specific matched: the freshest projects of the same Handlungsfeld.
        candidates = visible.filter(handlungsfeld_id=handlungsfeld_id).order_by(
            "-last_confirmed_at"
        )[:limit]
    else:
        return []
    candidates = list(candidates.select_related("lead_organisation"))
    for project in candidates:
        project.similarity = points[project.pk] + (
            HANDLUNGSFELD_POINTS if project.handlungsfeld_id == handlungsfeld_id else 0
        )
    candidates.sort(
        key=lambda project: (-project.similarity, -project.last_confirmed_at.timestamp())
    )
    return candidates[:limit]


def similar_to(project, user, limit=5):
    """Projects resembling a saved project."""
    return similar_projects(
        user,
        title=project.title,
        handlungsfeld_id=project.handlungsfeld_id,
        leistung_ids=[link.leistung_id for link in project.ozg_leistungen.all()],
        tag_ids=[tag.pk for tag in project.tags.all()],
        organisation_id=project.lead_organisation_id,
        exclude_id=project.pk,
        limit=limit,
    )
