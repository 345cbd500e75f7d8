"""Who else does this: projects of other organisations that resemble a project.

Resemblance is counted in points: a shared OZG service weighs most, then shared tags and words of
the title, then the Handlungsfeld. All kinds of match are ranked in one bounded query, so the
project page and the admin's create form stay fast whatever the size of the register; the
project page keeps what it shows until content changes.
"""

import re
from functools import reduce
from operator import or_

from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

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
    """Up to `limit` projects the user may see, of organisations other than the given one, best
    match first."""
    visible = ProjectPage.objects.visible_to(user).exclude(pk=exclude_id)
    if organisation_id is not None:
        visible = visible.exclude(lead_organisation_id=organisation_id)
    similar = visible.select_related("lead_organisation")
    ranked = most_similar(similar, title, handlungsfeld_id, leistung_ids, tag_ids)
    if ranked is not None:
        found = list(ranked[:limit])
        if found:
            return found
    if handlungsfeld_id is None:
        return []
    # Nothing more specific matched: the freshest projects of the same Handlungsfeld.
    return list(
        similar.filter(handlungsfeld_id=handlungsfeld_id).order_by("-last_confirmed_at")[:limit]
    )


def most_similar(visible, title, handlungsfeld_id, leistung_ids, tag_ids):
    """The visible projects sharing an OZG service, a tag or a word of the title, ranked by their
    points in one query; None if there is nothing to share.

    The candidates are the freshest few of each kind of match, so the query stays bounded when an
    OZG service or a tag is shared by a third of the network.
    """
    candidates = []
    points = Value(0)
    if handlungsfeld_id is not None:
        points += HANDLUNGSFELD_POINTS * Case(
            When(handlungsfeld_id=handlungsfeld_id, then=1), default=0
        )
    # The rows linking projects to the OZG services and tags they share, by their project field.
    shared_links = []
    if leistung_ids:
        links = ProjectOzgLeistung.objects.filter(leistung__in=leistung_ids)
        shared_links.append((links, "project", OZG_POINTS))
    if tag_ids:
        links = ProjectTag.objects.filter(tag__in=tag_ids)
        shared_links.append((links, "content_object", TAG_POINTS))
    for links, project, weight in shared_links:
        candidates.append(
            links.filter(**{f"{project}__in": visible.values("pk")})
            .order_by(f"-{project}__last_confirmed_at")
            .values(project)[:CANDIDATES]
        )
        points += weight * count_of(links.filter(**{project: OuterRef("pk")}))
    words = title_words(title)
    if words:
        # Each shared word a point of its own; the titles sharing most are the candidates.
        shared_words = sum(
            (Case(When(title__icontains=word, then=1), default=0) for word in words), Value(0)
        )
        candidates.append(
            visible.filter(reduce(or_, (Q(title__icontains=word) for word in words)))
            .annotate(shared_words=shared_words)
            .order_by("-shared_words", "-last_confirmed_at")
            .values("pk")[:CANDIDATES]
        )
        points += TITLE_WORD_POINTS * shared_words
    if not candidates:
        return None
    return (
        visible.filter(reduce(or_, (Q(pk__in=ids) for ids in candidates)))
        .annotate(similarity=points)
        .order_by("-similarity", "-last_confirmed_at")
    )


def count_of(rows):
    """How many of `rows` there are, as a subquery: rows filtered on an OuterRef."""
    counted = rows.order_by().values(one=Value(1)).annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted), 0)


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
