"""Register, project page and exports cost as many queries for 100,000 projects as for 15.

One network is built per module, in two steps: a small one (five organisations, 15 projects, a
project with two status updates), where every request below is counted; then the same network
grown to 1,000 organisations and 100,000 projects, the project with 200 status updates. The tests
send each request to the big network and expect exactly the small network's count. The small
network's lists are shorter than a page, so that a query per listed project, per status update
or per filter option shows as a difference.

The data is written in bulk (network.bulk, projects.bulk) inside one transaction that is rolled
back when the module is done; each test runs in a savepoint of it, as usual, so the other test
modules never see it. Building it takes about half a minute on SQLite and on PostgreSQL.
"""

import csv
import io
import math
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kb.models import Handlungsfeld
from network.models import (
    OrganisationKind,
    OrganisationPage,
    OzgLeistung,
    Visibility,
)
from projects.bulk import create_projects, create_status_updates, ensure_tags
from projects.exports import CHUNK_SIZE
from projects.forms import ProjectFilterForm
from projects.models import PartnerRole, ProjectIndexPage, ProjectPage, ProjectStatus, ProjectTag
from tests.caches import empty_caches
from tests.factories.network import UserFactory
from tests.factories.projects import ProjectPageFactory
from tests.projects.scale import add_organisations, grown_network, ozg_leistungen

SMALL_PROJECTS = 15
BIG_PROJECTS = 100_000
BIG_ORGANISATIONS = 1_000
PROBE_UPDATES = 200
EXPORT_SMALL = 10
EXPORT_BIG = 5_000
# What each chunk of CHUNK_SIZE exported projects costs: partners with their organisations, OZG
# services with their Leistung, tags (one prefetch query each).
QUERIES_PER_EXPORT_CHUNK = 3
# The filters whose last page is requested too: deep (thousands of pages), shallow, sorted.
LAST_PAGES = {"ungefiltert", "status", "kommune", "kommune-fortschritt"}

pytestmark = [pytest.mark.django_db, pytest.mark.scale]


@dataclass
class Network:
    """The data every request below reads, and the query counts of the small network."""

    organisations: list
    handlungsfeld: Handlungsfeld
    leistung: OzgLeistung
    probe: ProjectPage
    member: object
    budgets: dict = field(default_factory=dict)

    def register_paths(self, user):
        """The register requests by name: filtered and not, first and last pages.

        The probe project matches every filter, so that no list is empty in the small network
        either: an empty page skips the query for its rows.
        """
        organisation = self.organisations[0].slug
        filters = {
            "ungefiltert": "",
            "status": "status=in_umsetzung",
            "kommune": f"kommune={organisation}",
            "thema": f"thema={self.handlungsfeld.slug}",
            "tag": "tag=bauen",
            "ozg": f"ozg={self.leistung.ozg_id}",
            "suche": "q=bauantrag",
            "alle": (
                f"status=in_umsetzung&kommune={organisation}&thema={self.handlungsfeld.slug}"
                f"&tag=bauen&ozg={self.leistung.ozg_id}&q=bauantrag&sortierung=titel"
            ),
            "kommune-fortschritt": f"kommune={organisation}&sortierung=fortschritt",
        }
        if user.is_authenticated:
            # What differs for members (their session, members-only projects) shows on these.
            filters = {name: filters[name] for name in ["ungefiltert", "kommune", "alle"]}
        paths = {}
        for name, query in filters.items():
            paths[name] = f"/projekte/?{query}"
            if name in LAST_PAGES:
                last = last_page(query, user)
                paths[f"{name}, letzte Seite"] = f"/projekte/?{query}&seite={last}"
        return paths

    def project_paths(self):
        return {
            "Projektseite": self.probe.url,
            "Projektseite, Seite 5": f"{self.probe.url}?seite=5",
            "Projektseite, letzte Seite": f"{self.probe.url}?seite={PROBE_UPDATES // 20}",
        }

    def export_path(self, tag):
        return f"/projekte/export.csv?tag={tag}"


def last_page(query, user):
    form = ProjectFilterForm(QueryDict(query))
    count = form.filter(ProjectPage.objects.visible_to(user)).count()
    return max(math.ceil(count / ProjectIndexPage.page_size), 1)


def count_queries(client, path):
    """The queries one request costs, with the caches as empty as at the start of a test.

    Returns the number and the response's content (a file is read to its end).
    """
    empty_caches()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        content = b"".join(response) if response.streaming else response.content
    assert response.status_code == 200, path
    return len(captured), content


def measure(network):
    """Count every request on the small network, as a visitor and as a member."""
    clients = {"visitor": (Client(), AnonymousUser()), "member": (Client(), network.member)}
    clients["member"][0].force_login(network.member)
    for role, (client, user) in clients.items():
        paths = {
            **network.register_paths(user),
            **network.project_paths(),
            "Export": network.export_path("export-klein"),
        }
        for path in paths.values():
            # Once to fill what lives as long as the process (content types, for instance).
            client.get(path)
        for name, path in paths.items():
            network.budgets[name, role], _content = count_queries(client, path)


def small_network():
    organisations = add_organisations(
        {"title": title, "kind": OrganisationKind.STADT, "ags": f"0576{n:04d}"}
        for n, title in enumerate(["Brakel", "Höxter", "Beverungen", "Nieheim", "Steinheim"])
    )
    handlungsfelder = Handlungsfeld.objects.bulk_create(
        Handlungsfeld(name=name, slug=slug, position=position)
        for position, (name, slug) in enumerate(
            [("Digitale Verwaltung", "verwaltung"), ("Bildung", "bildung"), ("Mobilität", "mobil")]
        )
    )
    leistungen = ozg_leistungen(leistung_names(0, 5))
    member = UserFactory(username="mitglied", organisation=organisations[1])
    probe = ProjectPageFactory(
        parent=organisations[0],
        title="Digitaler Bauantrag Brakel",
        status=ProjectStatus.IN_PROGRESS,
        handlungsfeld=handlungsfelder[0],
        partners=[(organisations[1], PartnerRole.INVOLVED)],
        ozg=[(leistungen[0], 3)],
        tags=["Bauen", "OZG"],
    )
    create_status_updates(probe, 2)
    created = create_projects(
        SMALL_PROJECTS - 1,
        organisations,
        seed=1,
        status_updates=10,
        handlungsfelder=handlungsfelder,
        leistungen=leistungen,
        tag_names=["Bauen", "OZG", "E-Akte", "Schule", "Open Data"],
    )
    tag_projects("export-klein", [probe.pk, *created.project_ids], EXPORT_SMALL)
    return Network(organisations, handlungsfelder[0], leistungen[0], probe, member)


def grow(network):
    """The small network grown to 1,000 organisations and 100,000 projects."""
    organisations = network.organisations + add_organisations(
        {"title": f"Musterstadt {n}", "kind": OrganisationKind.GEMEINDE}
        for n in range(BIG_ORGANISATIONS - len(network.organisations))
    )
    created = create_projects(
        BIG_PROJECTS - ProjectPage.objects.count(),
        organisations,
        seed=2,
        status_updates=20_000,
        handlungsfelder=Handlungsfeld.objects.all(),
        leistungen=[network.leistung, *ozg_leistungen(leistung_names(100, 500), start=100)],
        tag_names=["Bauen", "OZG", *(f"Schlagwort {n}" for n in range(300))],
    )
    tag_projects("export-gross", created.project_ids, EXPORT_BIG)
    create_status_updates(network.probe, PROBE_UPDATES - network.probe.status_updates.count())
    # Every foreign key of the bulk rows holds. PostgreSQL checks its deferred constraints here,
    # once: left pending, every test's teardown would check them again in its savepoint.
    connection.check_constraints()


def leistung_names(start, count):
    return [(f"Leistung {n}", False) for n in range(start, start + count)]


def tag_projects(name, project_ids, count):
    """Tag `count` public projects of the given ones, for an export of known length."""
    public = ProjectPage.objects.filter(pk__in=project_ids[: count * 2]).filter(
        visibility=Visibility.PUBLIC
    )
    tag_id = ensure_tags([name])[name]
    ProjectTag.objects.bulk_create(
        ProjectTag(content_object_id=pk, tag_id=tag_id)
        for pk in public.order_by("pk").values_list("pk", flat=True)[:count]
    )


@pytest.fixture(scope="module")
def big_network(django_db_setup, django_db_blocker):
    yield from grown_network(django_db_blocker, small_network, measure, grow)


def test_the_network_is_big(big_network):
    assert ProjectPage.objects.count() == BIG_PROJECTS
    assert OrganisationPage.objects.count() == BIG_ORGANISATIONS
    assert big_network.probe.status_updates.count() == PROBE_UPDATES
    assert ProjectTag.objects.filter(tag__name="export-gross").count() == EXPORT_BIG


@pytest.mark.parametrize("role", ["visitor", "member"])
def test_each_register_page_costs_what_it_costs_for_15_projects(
    client, django_assert_num_queries, big_network, role
):
    user = big_network.member if role == "member" else AnonymousUser()
    if role == "member":
        client.force_login(user)

    for name, path in big_network.register_paths(user).items():
        empty_caches()
        with django_assert_num_queries(big_network.budgets[name, role], info=f"{role}: {path}"):
            response = client.get(path)

        assert response.status_code == 200, path
        projects = response.context_data["projects"]
        if name.endswith("letzte Seite"):
            assert projects.number == projects.paginator.num_pages, path
        if name == "ungefiltert":
            assert len(projects) == ProjectIndexPage.page_size
            assert projects.paginator.count > BIG_PROJECTS * 0.8


@pytest.mark.parametrize("role", ["visitor", "member"])
def test_a_project_page_with_200_updates_costs_what_it_costs_with_2(
    client, django_assert_num_queries, big_network, role
):
    if role == "member":
        client.force_login(big_network.member)

    for name, path in big_network.project_paths().items():
        empty_caches()
        with django_assert_num_queries(big_network.budgets[name, role], info=f"{role}: {path}"):
            response = client.get(path)

        assert response.status_code == 200, path
        page = response.content.decode()
        assert page.count('class="timeline__item"') == 20
        assert f"von {PROBE_UPDATES // 20}</span>" in page


def test_the_export_costs_queries_per_chunk_of_rows_not_per_row(client, big_network):
    small, _content = count_queries(client, big_network.export_path("export-klein"))
    big, content = count_queries(client, big_network.export_path("export-gross"))

    assert small == big_network.budgets["Export", "visitor"]
    chunks = math.ceil(EXPORT_BIG / CHUNK_SIZE)
    assert big == small + (chunks - 1) * QUERIES_PER_EXPORT_CHUNK
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + EXPORT_BIG
