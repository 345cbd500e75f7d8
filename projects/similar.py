"""Who else does this: projects of other organisations that resemble a project.

Resemblance is counted in points: a shared OZG service weighs most, then shared tags and words of
the title, then the Handlungsfeld. Each kind of match is one bounded query, so the project page
and the admin's create form stay fast whatever the size of the register; only the few projects
shown are loaded as pages, and the ranking is kept until content changes.
"""

import re
from collections import Counter
from functools import reduce
from operator import or_

from django.db.models import Case, Q, Value, When

from network.page_cache import remembered
from network.permissions import is_member
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
    leistung_ids, tag_ids = sorted(leistung_ids), sorted(tag_ids)

    def rank():
        visible = ProjectPage.objects.visible_to(user).exclude(pk=exclude_id)
        if organisation_id is not None:
            visible = visible.exclude(lead_organisation_id=organisation_id)
        return most_similar(visible, title, handlungsfeld_id, leistung_ids, tag_ids, limit)

    ranked = remembered(
        "similar-projects",
        # What the user may see depends on membership alone (ProjectQuerySet.visible_to).
        (
            is_member(user),
            title,
            handlungsfeld_id,
            leistung_ids,
            tag_ids,
            organisation_id,
            exclude_id,
            limit,
        ),
        rank,
    )
    # Ranked among the projects the user may see, in this generation of the content: loaded
    # without checking again (which for visitors costs a query for view restrictions).
    projects = ProjectPage.objects.filter(pk__in=[pk for pk, _ in ranked]).select_related(
        "lead_organisation"
    )
    loaded = {project.pk: project for project in projects}
    similar = []
    for pk, similarity in ranked:
        if pk in loaded:
            loaded[pk].similarity = similarity
            similar.append(loaded[pk])
    return similar


def most_similar(visible, title, handlungsfeld_id, leistung_ids, tag_ids, limit):
    """(id, points) of the `limit` visible projects that resemble most, best first."""
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
    words = title_words(title)
    if words:
        # One pass over the titles for all words: each a point of its own.
        shared_words = sum(
            (Case(When(title__icontains=word, then=1), default=0) for word in words), Value(0)
        )
        matches = (
            visible.filter(reduce(or_, (Q(title__icontains=word) for word in words)))
            .annotate(shared_words=shared_words)
            .order_by("-shared_words", "-last_confirmed_at")
        )
        for project_id, shared in matches.values_list("pk", "shared_words")[:CANDIDATES]:
            points[project_id] += shared * TITLE_WORD_POINTS
    if points:
        candidates = visible.filter(pk__in=[pk for pk, _ in points.most_common(CANDIDATES)])
    elif handlungsfeld_id is not None:
        # Nothing more specific matched: the freshest projects of the same Handlungsfeld.
        candidates = visible.filter(handlungsfeld_id=handlungsfeld_id).order_by(
            "-last_confirmed_at"
        )[:limit]
    else:
        return []
    rows = [
        (
            pk,
            points[pk] + (HANDLUNGSFELD_POINTS if handlungsfeld == handlungsfeld_id else 0),
            confirmed_at,
        )
        for pk, handlungsfeld, confirmed_at in candidates.values_list(
            "pk", "handlungsfeld_id", "last_confirmed_at"
        )
    ]
    rows.sort(key=lambda row: (-row[1], -row[2].timestamp()))
    return [(pk, similarity) for pk, similarity, _ in rows[:limit]]


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
