"""Organisation pages and the directory at /kommunen/."""

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.test.utils import WagtailPageTestCase

from network.models import OrganisationIndexPage, OrganisationPage
from portal.models import HomePage
from tests.factories.network import KreisPageFactory, OrganisationPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hoexter_network(organisation_index):
    call_command(
        "import_gemeindeverzeichnis",
        str(settings.BASE_DIR / "fixtures" / "gemeindeverzeichnis_destatis.csv"),
        kreis="05762",
        verbosity=0,
    )


class TestPageTree(WagtailPageTestCase):
    def test_organisations_live_only_in_the_directory(self):
        self.assertCanCreateAt(OrganisationIndexPage, OrganisationPage)
        self.assertCanNotCreateAt(HomePage, OrganisationPage)
        self.assertAllowedSubpageTypes(OrganisationIndexPage, {OrganisationPage})

    def test_organisation_page_renders(self):
        page = OrganisationPageFactory(title="Brakel")
        self.assertPageIsRenderable(page)


def test_directory_lists_kreis_hoexter_and_its_towns(client, hoexter_network):
    html = client.get("/kommunen/").content.decode()
    for name in [
        "Kreis Höxter",
        "Bad Driburg",
        "Beverungen",
        "Borgentreich",
        "Brakel",
        "Höxter",
        "Marienmünster",
        "Nieheim",
        "Steinheim",
        "Warburg",
        "Willebadessen",
    ]:
        assert f">{name}</a>" in html
    assert "05762016" in html and "16.137" in html
    assert "05762020" in html and "28.808" in html
    assert "11 Organisationen" in html


def test_organisation_page_shows_master_data_and_its_kreis(client, hoexter_network):
    response = client.get("/kommunen/brakel/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and ">Brakel</h1>" in html
    assert "Brakel, Stadt" in html
    assert "05762016" in html and "16.137" in html and "173,92 km²" in html
    assert 'href="/kommunen/kreis-hoexter/"' in html


def test_kreis_page_lists_its_towns(client, hoexter_network):
    html = client.get("/kommunen/kreis-hoexter/").content.decode()
    assert "Kommunen im Kreis Höxter" in html
    assert html.count('href="/kommunen/') >= 11


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ({"q": "brak"}, ["Brakel"], ["Warburg"]),
        ({"q": "05762036"}, ["Warburg"], ["Brakel"]),
        ({"art": "kreis"}, ["Kreis Höxter"], ["Brakel"]),
        ({"kreis": "05762"}, ["Kreis Höxter", "Brakel"], ["Musterstadt"]),
    ],
)
def test_directory_filters(client, hoexter_network, query, expected, absent):
    OrganisationPageFactory(title="Musterstadt")
    html = client.get("/kommunen/", query).content.decode()
    for name in expected:
        assert f">{name}</a>" in html
    for name in absent:
        assert f">{name}</a>" not in html


def test_invalid_filter_shows_a_german_message_not_an_error(client, hoexter_network):
    response = client.get("/kommunen/", {"kreis": "99999", "art": "rathaus", "seite": "x"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in html
    assert ">Brakel</a>" in html


def test_directory_paginates(client, organisation_index):
    kreis = KreisPageFactory()
    OrganisationPageFactory.create_batch(55, parent_kreis=kreis)
    first = client.get("/kommunen/").content.decode()
    second = client.get("/kommunen/", {"seite": 2}).content.decode()
    assert "Seite 1 von 2" in first and 'rel="next"' in first
    assert "Seite 2 von 2" in second and 'rel="prev"' in second
    assert first.count("<tr class=") + second.count("<tr class=") == 56 + 2
