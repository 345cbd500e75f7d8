"""The coordination dashboard costs as many queries for 11,004 organisations and 100,000 projects
as for a network of eight towns.

One network per module, built as in test_register_scale.py: a small one (a generated network of
eight towns and 20 projects, tests/projects/dashboard_data.py), where every view is counted for a
coordinator and for an editor; then the same network grown to every German municipality's worth
of organisations (11,004) and 100,000 projects with partners, OZG links, funding and strategy
measures, the editor's organisation with 2,000 of them. Each view must then cost exactly the
small network's count. The small network's lists are shorter than the dashboard's limits (stale
projects, overlaps and their organisations), so that a query per listed item shows.

The data is written in bulk inside one transaction, rolled back when the module is done.
"""

import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from kb.models import Handlungsfeld
from network import permissions
from network.bulk import insert_rows, update_statistics
from network.models import OrganisationKind, OrganisationPage, OzgLeistung
from projects.bulk import create_projects
from projects.dashboard import figures
from projects.dashboard.views import MATRIX_ROWS
from projects.models import (
    Introduction,
    PartnerRole,
    ProjectFunding,
    ProjectPage,
    ProjectPartner,
    StrategyMeasure,
)
from tests.caches import empty_caches
from tests.factories.network import UserFactory
from tests.projects import dashboard_data
from tests.projects.scale import add_organisations, grown_network, ozg_leistungen

BIG_ORGANISATIONS = 11_004
BIG_PROJECTS = 100_000
EDITORS_PROJECTS = 2_000
LEISTUNGEN = 500
SMALL_TOWNS = ["Altenbeken", "Bueren", "Delbrueck", "Lichtenau", "Salzkotten"]
ROLES = ["coordinator", "editor"]

pytestmark = [pytest.mark.django_db, pytest.mark.scale]


@dataclass
class Network:
    generated: dashboard_data.Generated
    users: dict
    budgets: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)
    # The Handlungsfeld on which the editor's organisation works alone (an overlap).
    editors_field: Handlungsfeld = None

    @property
    def editors_organisation(self):
        return self.users["editor"].organisation

    def paths(self, role):
        """The dashboard's views by name, the matrices' first and last pages among them."""
        scope = figures.Scope(None if role == "coordinator" else self.editors_organisation)
        last = max(-(-scope.organisations().count() // MATRIX_ROWS), 1)
        return {
            "Überblick": "/koordination/",
            "Abdeckung": "/koordination/abdeckung/",
            "Abdeckung, letzte Seite": f"/koordination/abdeckung/?seite={last}",
            "OZG": "/koordination/ozg/",
            "OZG, letzte Seite": f"/koordination/ozg/?seite={last}",
            "Überschneidungen": "/koordination/ueberschneidungen/",
            "Abdeckung als XLSX": "/koordination/abdeckung.xlsx",
            "OZG als XLSX": "/koordination/ozg.xlsx",
            "Sachstandsbericht": "/koordination/sachstandsbericht.pdf",
            "Sachstandsbericht einer Kommune": (
                f"/koordination/sachstandsbericht.pdf?kommune={self.editors_organisation.slug}"
            ),
        }


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def count_queries(client, path):
    """The queries and seconds one request costs, with the caches as empty as in a test."""
    empty_caches()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured), time.perf_counter() - started, response


def small_network():
    generated = dashboard_data.generate(towns=SMALL_TOWNS + ["Borchen", "Hoevelhof"], projects=20)
    coordinator = UserFactory(username="koordination")
    permissions.add_to_role(coordinator, permissions.COORDINATORS)
    organisation = generated.organisations[0]
    editor = UserFactory(username="redaktion", organisation=organisation)
    permissions.make_editor(editor, organisation)
    introduce_all(coordinator, OzgLeistung.objects.all(), generated.organisations[:2])
    introduce_all(coordinator, Handlungsfeld.objects.all(), generated.organisations[:2])
    network = Network(generated, {"coordinator": coordinator, "editor": editor})
    # Both kinds of overlap for both roles, so that each query of the overlaps runs.
    for scope in [figures.Scope(), figures.Scope(organisation)]:
        assert kinds_of_overlaps(scope) == {OzgLeistung, Handlungsfeld}
    network.editors_field = next(
        overlap.subject
        for overlap in figures.overlaps(figures.Scope(organisation))
        if isinstance(overlap.subject, Handlungsfeld)
    )
    return network


def kinds_of_overlaps(scope):
    return {type(overlap.subject) for overlap in figures.overlaps(scope)}


def introduce_all(coordinator, subjects, organisations):
    """An introduction about each subject, so that the overlaps page has some to show."""
    subjects = list(subjects)
    content_type = ContentType.objects.get_for_model(subjects[0])
    introductions = Introduction.objects.bulk_create(
        Introduction(subject_type=content_type, subject_id=s.pk, introduced_by=coordinator)
        for s in subjects
    )
    Introduction.organisations.through.objects.bulk_create(
        Introduction.organisations.through(introduction=i, organisationpage=o)
        for i in introductions
        for o in organisations
    )


def measure(network):
    """Count every view on the small network, for a coordinator and an editor."""
    for role in ROLES:
        client = client_for(network.users[role])
        paths = network.paths(role)
        for path in paths.values():
            # Once to fill what lives as long as the process (content types, for instance).
            client.get(path)
        for name, path in paths.items():
            network.budgets[name, role], _seconds, _response = count_queries(client, path)


def grow(network):
    """The small network grown to 11,004 organisations and 100,000 projects."""
    rng = random.Random(5)  # noqa: S311 - test data, not secrets
    organisations = network.generated.organisations + add_organisations(
        {"title": f"Gemeinde {n:05d}", "kind": OrganisationKind.GEMEINDE}
        for n in range(BIG_ORGANISATIONS - OrganisationPage.objects.count())
    )
    leistungen = [
        *network.generated.leistungen,
        *ozg_leistungen([(f"Leistung {n}", n % 20 == 0) for n in range(LEISTUNGEN)], start=100),
    ]
    handlungsfelder = list(Handlungsfeld.objects.all())
    created = create_projects(
        EDITORS_PROJECTS,
        [network.editors_organisation],
        seed=3,
        handlungsfelder=handlungsfelder,
        leistungen=leistungen,
    ).project_ids
    created += create_projects(
        BIG_PROJECTS - ProjectPage.objects.count(),
        organisations,
        seed=2,
        handlungsfelder=handlungsfelder,
        leistungen=leistungen,
    ).project_ids
    calls = [*network.generated.calls, None]
    insert_rows(
        ProjectFunding,
        (
            {
                "project_id": pk,
                "funding_call_id": call.pk if call else None,
                "amount": Decimal(rng.randint(1, 400) * 250),
                "year": rng.choice([2024, 2025, 2026]),
            }
            for pk in rng.sample(created, len(created) // 3)
            for call in [rng.choice(calls)]
        ),
    )
    measures = list(StrategyMeasure.objects.all())
    insert_rows(
        ProjectPage.measures.through,
        (
            {"projectpage_id": pk, "strategymeasure_id": rng.choice(measures).pk}
            for pk in rng.sample(created, len(created) // 5)
        ),
    )
    Page.objects.filter(pk__in=rng.sample(created, 1000)).update(live=False)
    # The editor's organisation still works alone in its Handlungsfeld: its 2,000 projects
    # have no partners; in the others, no one takes part with it there.
    editors = network.editors_organisation
    ProjectPartner.objects.filter(
        Q(organisation=editors) | Q(project__lead_organisation=editors),
        role=PartnerRole.INVOLVED,
        project__handlungsfeld=network.editors_field,
    ).exclude(project__in=[project["id"] for project in network.generated.projects]).delete()
    introduce_all(
        network.users["coordinator"],
        leistungen[len(network.generated.leistungen) :],
        organisations[:2],
    )
    update_statistics(
        Page, ProjectFunding, ProjectPage.measures.through, Introduction, OrganisationPage
    )
    # Every foreign key of the bulk rows holds; checked once here (see test_register_scale.py).
    connection.check_constraints()


@pytest.fixture(scope="module")
def big_network(django_db_setup, django_db_blocker):
    yield from grown_network(django_db_blocker, small_network, measure, grow)


def test_the_network_is_big(big_network):
    assert OrganisationPage.objects.count() == BIG_ORGANISATIONS
    assert ProjectPage.objects.count() == BIG_PROJECTS
    assert ProjectFunding.objects.count() > BIG_PROJECTS / 4
    assert figures.Scope().organisations().count() > 10_000
    scope = figures.Scope(big_network.editors_organisation)
    assert scope.projects().count() > EDITORS_PROJECTS


@pytest.mark.parametrize("role", ROLES)
def test_each_dashboard_view_costs_what_it_costs_for_eight_towns(
    django_assert_num_queries, big_network, role
):
    client = client_for(big_network.users[role])

    for name, path in big_network.paths(role).items():
        empty_caches()
        started = time.perf_counter()
        with django_assert_num_queries(big_network.budgets[name, role], info=f"{role}: {path}"):
            response = client.get(path)
        big_network.seconds[name, role] = time.perf_counter() - started

        assert response.status_code == 200, path
        context = response.context
        if name.startswith(("Abdeckung", "OZG")) and not name.endswith("XLSX"):
            rows = context["rows"]
            assert len(context["matrix"].rows) == len(rows) > 0
            if role == "coordinator":
                assert rows.paginator.count > 10_000
                assert len(rows) == MATRIX_ROWS or name.endswith("letzte Seite")
            if name.endswith("letzte Seite"):
                assert rows.number == rows.paginator.num_pages
        elif name == "Überschneidungen":
            overlaps = context["overlaps"]
            assert {type(o.subject) for o in overlaps} == {OzgLeistung, Handlungsfeld}
            assert max(o.organisation_count for o in overlaps) > figures.ORGANISATIONS_SHOWN
            assert "weitere Organisationen" in response.content.decode()
        elif name.endswith("XLSX"):
            assert response.content.startswith(b"PK")
        elif name.startswith("Sachstandsbericht"):
            assert response.content.startswith(b"%PDF")
        else:
            assert context["tables"]["overview"].total > EDITORS_PROJECTS
            assert len(context["stale"]) == 50
