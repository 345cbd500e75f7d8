"""Members-only projects never reach visitors: not in pages, lists, files, feeds or search."""

import io

import openpyxl
import pytest
from wagtail.models import PageViewRestriction

from network.models import Visibility
from projects.models import ProjectIndexPage, StrategyPage
from tests.factories.network import OrganisationPageFactory
from tests.factories.projects import (
    ProjectPageFactory,
    StatusUpdateFactory,
    StrategyMeasureFactory,
)

TOKEN = "Quastenflosser"


@pytest.fixture
def secret(brakel, hoexter, leistung):
    """A members-only project of Brakel, and a public one of Höxter that resembles it."""
    measure = StrategyMeasureFactory()
    hidden = ProjectPageFactory(
        parent=brakel,
        title=f"{TOKEN} Rechenzentrum",
        summary=f"Vertraulich: {TOKEN}-Härtung",
        visibility=Visibility.MEMBERS,
        ozg=[(leistung, 2)],
        tags=["ISMS"],
        measures=[measure],
    )
    hidden.save_revision().publish()
    StatusUpdateFactory(project=hidden, text=f"{TOKEN}: Audit bestanden")
    public = ProjectPageFactory(
        parent=hoexter, title="Rechenzentrum Höxter", ozg=[(leistung, 3)], tags=["ISMS"]
    )
    public.save_revision().publish()
    return {"hidden": hidden, "public": public, "measure": measure}


def visitor_and_member_urls(secret, strategy_url):
    hidden, public = secret["hidden"], secret["public"]
    return [
        "/projekte/",
        "/projekte/?tag=isms",
        "/projekte/?q=Rechenzentrum",
        "/projekte/export.csv",
        "/projekte/export.xlsx",
        "/projekte/feed/",
        public.url,  # similar projects
        hidden.get_parent().url,  # the organisation's projects
        strategy_url,
        "/suche/?q=Rechenzentrum",
    ]


@pytest.fixture
def strategy_url(secret):
    index = ProjectIndexPage.objects.get()
    strategy = index.add_child(instance=StrategyPage(title="Strategie", slug="strategie"))
    return strategy.url


def content_of(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


def test_visitors_never_see_members_only_projects(client, secret, strategy_url):
    hidden = secret["hidden"]
    response = client.get(hidden.url)
    assert response.status_code == 302
    assert "/konto/" in response["Location"]
    for route in ("statusmeldung/", "bestaetigen/", "interesse/"):
        assert client.get(hidden.url + route).status_code == 302
    for url in visitor_and_member_urls(secret, strategy_url):
        response = client.get(url)
        assert response.status_code == 200, url
        body = content_of(response)
        assert TOKEN.encode() not in body, url
        # XLSX is a zip; its strings are compressed, so look at the cells instead.
        if url.endswith(".xlsx"):
            sheet = openpyxl.load_workbook(io.BytesIO(body)).active
            assert all(
                TOKEN not in str(value)
                for row in sheet.iter_rows(values_only=True)
                for value in row
            )


def test_search_finds_the_public_project_for_visitors(client, secret):
    results = client.get("/suche/?q=Rechenzentrum").context["results"]
    assert [entry.title for entry in results] == ["Rechenzentrum Höxter"]


def test_members_see_them_everywhere_but_in_the_feed(client, people, secret, strategy_url):
    client.force_login(people["member"])
    assert TOKEN in client.get(secret["hidden"].url).content.decode()
    urls = ["/projekte/", "/projekte/export.csv", secret["public"].url, strategy_url]
    for url in [*urls, "/suche/?q=Rechenzentrum"]:
        assert TOKEN.encode() in content_of(client.get(url)), url
    assert TOKEN.encode() not in client.get("/projekte/feed/").content


def test_pending_accounts_are_members_of_nothing(client, people, secret):
    client.force_login(people["pending"])
    response = client.get(secret["hidden"].url)
    assert response.status_code == 302
    assert TOKEN.encode() not in client.get("/projekte/").content


def test_the_privacy_setting_of_the_admin_is_not_offered_for_projects(people, secret):
    tester = secret["hidden"].permissions_for_user(people["coordinator"])
    assert tester.can_edit()
    assert not tester.can_set_view_restrictions()


def test_projects_in_a_private_section_stay_out_of_the_register_and_its_files(client, kreis):
    """A coordinator may restrict an organisation's page; its projects are then private too,
    and the register and its exports leave them out for visitors as the pages do."""
    private = OrganisationPageFactory(title="Kiwiburg", parent_kreis=kreis)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    project = ProjectPageFactory(parent=private, title="Kakapo-Portal")
    assert client.get(project.url).status_code == 302
    for url in ["/projekte/", "/projekte/export.csv", "/projekte/export.xlsx"]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = content_of(response)
        if url.endswith(".xlsx"):
            sheet = openpyxl.load_workbook(io.BytesIO(body)).active
            body = repr(list(sheet.iter_rows(values_only=True))).encode()
        assert b"Kakapo" not in body, url
        assert b"Kiwiburg" not in body, url
