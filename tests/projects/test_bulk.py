"""Projects in bulk: what ProjectPage.save() would add is there, and one seed gives one network."""

import pytest
from django.db import transaction
from django.utils import timezone

from network.models import OrganisationPage
from projects.bulk import create_projects, create_status_updates
from projects.models import (
    PartnerRole,
    ProjectOzgLeistung,
    ProjectPage,
    ProjectPartner,
    ProjectTag,
    StatusUpdate,
)
from tests.factories.kb import HandlungsfeldFactory
from tests.factories.network import OzgLeistungFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def inputs(brakel, hoexter, bad_driburg):
    return {
        "organisations": [brakel, hoexter, bad_driburg],
        "handlungsfelder": [HandlungsfeldFactory(), HandlungsfeldFactory()],
        "leistungen": [OzgLeistungFactory() for _ in range(3)],
        "now": NOW,
    }


def snapshot():
    """The network as a reader sees it, without database ids."""
    return [
        (
            project.url_path,
            project.status,
            project.progress,
            project.handlungsfeld.name if project.handlungsfeld else None,
            project.last_confirmed_at,
            sorted((p.organisation.title, p.role) for p in project.partners.all()),
            sorted(tag.name for tag in project.tags.all()),
            sorted(link.leistung.ozg_id for link in project.ozg_leistungen.all()),
            sorted((u.created_at, u.text) for u in project.status_updates.all()),
        )
        for project in ProjectPage.objects.order_by("path")
        .select_related("handlungsfeld")
        .prefetch_related("partners__organisation", "tags", "ozg_leistungen__leistung")
        .prefetch_related("status_updates")
    ]


def test_every_project_has_its_lead_among_the_partners(inputs):
    created = create_projects(40, seed=3, status_updates=100, **inputs)

    projects = ProjectPage.objects.filter(pk__in=created.project_ids).select_related(
        "lead_organisation"
    )
    assert len(projects) == 40
    for project in projects:
        assert project.get_parent().pk == project.lead_organisation_id
        leads = project.partners.filter(role=PartnerRole.LEAD)
        assert [partner.organisation_id for partner in leads] == [project.lead_organisation_id]
        assert project.live and project.title.endswith(project.lead_organisation.title)
    assert ProjectPartner.objects.count() == created.partners >= 40
    assert ProjectTag.objects.count() == created.tags
    assert ProjectOzgLeistung.objects.count() == created.ozg_links
    assert StatusUpdate.objects.count() == created.status_updates == 100
    for update in StatusUpdate.objects.select_related("project"):
        assert update.created_at <= update.project.last_confirmed_at
    assert set(OrganisationPage.objects.values_list("numchild", flat=True)) != {0}


def test_one_seed_gives_one_network(inputs):
    def build(seed):
        with transaction.atomic():
            create_projects(25, seed=seed, status_updates=30, tag_names=["A", "B", "C"], **inputs)
            network = snapshot()
            transaction.set_rollback(True)
        return network

    first = build(seed=7)
    assert build(seed=7) == first
    assert build(seed=8) != first


def test_a_bulk_project_is_served_and_edited_like_any_other(client, inputs, brakel):
    created = create_projects(3, seed=1, **{**inputs, "organisations": [brakel]})
    project = ProjectPage.objects.get(pk=created.project_ids[0])
    create_status_updates(project, 25)

    response = client.get(project.url)
    assert response.status_code == 200
    assert response.content.decode().count('class="timeline__item"') == 20
    assert "Seite 1 von 2" in response.content.decode()
    register = client.get("/projekte/")
    assert project.title in register.content.decode()

    project.title = "Neuer Titel"
    project.save_revision().publish()
    project.refresh_from_db()
    assert project.title == "Neuer Titel"
    assert project.partners.filter(role=PartnerRole.LEAD).count() == 1
