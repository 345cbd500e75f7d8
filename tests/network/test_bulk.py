"""Pages and rows in bulk: a tree Wagtail and treebeard accept, values as the ORM writes them."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from network.bulk import PageAppender, insert_rows, refresh_all_statistics
from network.models import OrganisationKind, OrganisationPage
from projects.models import PartnerRole, ProjectPage, ProjectPartner, ProjectStatus, StatusUpdate
from tests.factories.network import OrganisationPageFactory
from tests.factories.projects import ProjectPageFactory

pytestmark = pytest.mark.django_db


def tree_problems():
    """What treebeard finds wrong in the tree: bad characters, steps, orphans, depth, numchild."""
    return [problems for problems in Page.find_problems() if problems]


def test_appended_pages_follow_the_existing_children_in_a_sound_tree(client, organisation_index):
    existing = OrganisationPageFactory(title="Brakel")
    organisation_index.refresh_from_db()

    added = PageAppender(OrganisationPage).append(
        (organisation_index, {"title": title, "kind": OrganisationKind.STADT})
        for title in ["Höxter", "Brakel", "Brakel", "Nieheim"]
    )

    assert tree_problems() == []
    children = organisation_index.get_children()
    assert [page.slug for page in children] == [
        "brakel",
        "hoexter",
        "brakel-2",
        "brakel-3",
        "nieheim",
    ]
    assert children.first().pk == existing.pk
    assert organisation_index.numchild == 5
    assert Page.objects.get(pk=organisation_index.pk).numchild == 5
    hoexter = OrganisationPage.objects.get(pk=added[0]["id"])
    assert hoexter.kind == OrganisationKind.STADT
    assert hoexter.url_path == f"{organisation_index.url_path}hoexter/"
    assert hoexter.live and hoexter.first_published_at and not hoexter.has_unpublished_changes
    assert hoexter.locale_id == organisation_index.locale_id
    assert hoexter.specific_class is OrganisationPage
    assert client.get("/kommunen/hoexter/").status_code == 200


def test_wagtail_adds_pages_after_the_appended_ones(organisation_index):
    PageAppender(OrganisationPage).append(
        (organisation_index, {"title": f"Ort {n}", "kind": OrganisationKind.GEMEINDE})
        for n in range(3)
    )
    organisation_index.refresh_from_db()

    later = OrganisationPageFactory(title="Später")

    assert tree_problems() == []
    assert organisation_index.get_children().last().pk == later.pk
    assert Page.objects.get(pk=organisation_index.pk).numchild == 4


def test_one_appender_fills_many_parents_in_chunks(organisation_index):
    brakel, hoexter = OrganisationPageFactory(title="Brakel"), OrganisationPageFactory()
    ProjectPageFactory(parent=brakel, title="E-Akte")
    brakel.refresh_from_db()
    appender = PageAppender(ProjectPage)

    for chunk in range(3):
        appender.append(
            (parent, {"title": "E-Akte", "summary": f"Teil {chunk}"})
            for parent in (brakel, hoexter)
        )

    assert tree_problems() == []
    assert [page.slug for page in brakel.get_children()] == [
        "e-akte",
        "e-akte-2",
        "e-akte-3",
        "e-akte-4",
    ]
    assert Page.objects.get(pk=hoexter.pk).numchild == hoexter.numchild == 3


def test_values_are_stored_as_the_orm_stores_them(brakel):
    confirmed = timezone.now() - timedelta(days=100)
    [added] = PageAppender(ProjectPage).append(
        [
            (
                brakel,
                {
                    "title": "Geoportal",
                    "summary": "Karten für alle.",
                    "lead_organisation_id": brakel.pk,
                    "start_date": date(2025, 3, 1),
                    "budget": Decimal("12500.50"),
                    "last_confirmed_at": confirmed,
                },
            )
        ]
    )

    project = ProjectPage.objects.get(pk=added["id"])
    assert project.start_date == date(2025, 3, 1)
    assert project.budget == Decimal("12500.50")
    assert project.last_confirmed_at == confirmed
    assert project.is_stale
    # What the form would have left to the defaults.
    assert project.status == ProjectStatus.IDEA
    assert project.progress == 0
    assert list(project.description) == []
    assert project.translation_key


def test_insert_rows_applies_callable_defaults_per_row(brakel):
    project = ProjectPageFactory(parent=brakel)

    before = timezone.now()
    assert insert_rows(StatusUpdate, [{"project_id": project.pk, "text": "Los."}] * 3) == 3

    updates = StatusUpdate.objects.filter(project=project)
    assert updates.count() == 3
    assert all(update.created_at >= before and update.status == "" for update in updates)


def test_unknown_fields_are_refused(organisation_index, brakel):
    with pytest.raises(ValueError, match="colour"):
        PageAppender(OrganisationPage).append([(organisation_index, {"title": "X", "colour": 1})])
    with pytest.raises(ValueError, match="colour"):
        insert_rows(StatusUpdate, [{"text": "x", "colour": 1}])
    with pytest.raises(TypeError):
        PageAppender(Page)


def test_insert_rows_overwrites_the_rows_whose_unique_values_are_taken(brakel, hoexter, kreis):
    project = ProjectPageFactory(parent=brakel, partners=[(hoexter, PartnerRole.INVOLVED)])
    involved = project.partners.get(organisation=hoexter)

    rows = [
        {"project_id": project.pk, "organisation_id": hoexter.pk, "role": PartnerRole.INTERESTED},
        {"project_id": project.pk, "organisation_id": kreis.pk, "role": PartnerRole.INVOLVED},
    ]
    assert insert_rows(ProjectPartner, rows, update_conflicts=("project", "organisation")) == 2

    roles = dict(project.partners.values_list("organisation", "role"))
    assert roles == {
        brakel.pk: PartnerRole.LEAD,
        hoexter.pk: PartnerRole.INTERESTED,
        kreis.pk: PartnerRole.INVOLVED,
    }
    assert project.partners.get(organisation=hoexter).pk == involved.pk


def test_statistics_cover_every_table_also_the_empty_ones(organisation_index):
    refresh_all_statistics()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl, stat FROM sqlite_stat1 WHERE idx IS NULL")
            assert ("wagtailcore_pageviewrestriction", "1") in cursor.fetchall()
        else:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'wagtailcore_page'")
            assert cursor.fetchone()[0] > 0
