"""Home, legal pages, navigation, search and the error pages."""

import pytest
from django.http import Http404
from django.test import Client, RequestFactory, override_settings
from django.urls import path, reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from config import urls as project_urls
from portal.models import HomePage, LegalPage
from projects.models import ProjectIndexPage, ProjectPage
from tests.factories.network import KreisPageFactory, OrganisationPageFactory
from tests.factories.projects import ProjectPageFactory

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    def test_home_and_legal_pages(self):
        self.assertAllowedParentPageTypes(LegalPage, {HomePage})
        self.assertPageIsRenderable(HomePage.objects.get())
        for page in LegalPage.objects.all():
            self.assertPageIsRenderable(page)


def test_home_lists_the_first_kreise_by_name_with_their_number_of_towns(client):
    busy = KreisPageFactory(title="Kreis Aachen-Test")
    KreisPageFactory(title="Kreis B")  # no towns
    for _ in range(3):
        OrganisationPageFactory(parent_kreis=busy)
    for number in range(HomePage.kreise_shown):
        KreisPageFactory(title=f"Kreis Z{number:02d}")

    items = [
        " ".join(item.split())
        for item in client.get("/")
        .content.decode()
        .split('<section aria-labelledby="netzwerk">')[1]
        .split("</section>")[0]
        .split("<li>")[1:]
    ]

    assert len(items) == HomePage.kreise_shown
    assert "Kreis Aachen-Test</a> – 3 Kommunen" in items[0]
    assert "Kreis B</a> – 0 Kommunen" in items[1]


def test_every_page_has_the_navigation_and_the_legal_links(client):
    html = client.get("/").content.decode()
    assert '<html lang="de">' in html
    assert 'href="#inhalt"' in html and 'id="inhalt"' in html
    for label, url in [
        ("Kommunen", "/kommunen/"),
        ("Projekte", "/projekte/"),
        ("Wissen", "/wissen/"),
        ("Förderung", "/foerderung/"),
        ("Netzwerk", "/netzwerk/"),
        ("Suche", "/suche/"),
        ("Impressum", "/impressum/"),
        ("Datenschutz", "/datenschutz/"),
        ("Barrierefreiheit", "/barrierefreiheit/"),
    ]:
        assert f'<a href="{url}"' in html and f">{label}</a>" in html


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/impressum/", "Angaben gemäß § 5 DDG"),
        ("/datenschutz/", "Ihre Rechte"),
        ("/barrierefreiheit/", "Barrieren melden"),
        ("/projekte/", "Projekte"),
        ("/wissen/", "Wissen"),
        ("/foerderung/", "Förderung"),
        ("/netzwerk/", "Das Netzwerk"),
    ],
)
def test_contract_pages_exist_from_the_migrations(client, url, heading):
    response = client.get(url)
    assert response.status_code == 200
    assert heading in response.content.decode()


def test_pages_from_the_migrations_open_in_the_editor(admin_client):
    # The operator's first job is to fill in the Impressum's placeholders.
    pages = Page.objects.filter(depth__gt=1)
    assert LegalPage.objects.filter(slug="impressum").exists()
    for page in pages:
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page.title


def test_the_admins_page_search_takes_quotes(admin_client):
    # Wagtail's SQLite search failed on these (portal.search.wagtail_backend).
    kommune = OrganisationPageFactory(title="Quastenhausen")
    explorer = reverse("wagtailadmin_explore", args=[HomePage.objects.get().pk])
    for query in ['"', '""""', 'Quastenhausen"', '"Quastenhausen']:
        response = admin_client.get(explorer, {"q": query})
        assert response.status_code == 200, query
        found = [page.pk for page in response.context["pages"]]
        assert found == ([kommune.pk] if "Quastenhausen" in query else []), query


def test_current_section_is_marked_in_the_navigation(client):
    html = client.get("/impressum/").content.decode()
    assert 'href="/kommunen/" aria-current="page"' not in html
    html = client.get("/kommunen/").content.decode()
    assert '<a href="/kommunen/" aria-current="page">' in html


def test_unknown_address_gets_the_german_404_page(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Seite nicht gefunden" in html and 'href="/impressum/"' in html


def failing_view(request):
    raise RuntimeError("Testfehler")


urlpatterns = [path("kaputt/", failing_view), *project_urls.urlpatterns]
handler500 = project_urls.handler500


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_gets_the_german_500_page():
    client = Client(raise_request_exception=False)
    response = client.get("/kaputt/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Technischer Fehler" in html and 'href="/datenschutz/"' in html


def test_search_finds_an_organisation_and_paginates(client):
    OrganisationPageFactory(title="Nieheim", official_name="Nieheim, Stadt")
    response = client.get("/suche/", {"q": "Nieheim"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/kommunen/nieheim/"' in html and "1 Treffer für „Nieheim“" in html
    assert "Nichts gefunden" in client.get("/suche/", {"q": "Quxzwelf"}).content.decode()
    assert client.get("/suche/", {"q": "x" * 500}).status_code == 200


class TestRouting:
    """The home page finds any page below it with one query for the whole path."""

    @staticmethod
    def route(path, home=None):
        home = home or HomePage.objects.get()
        return home.route(RequestFactory().get(path), [part for part in path.split("/") if part])

    @pytest.fixture
    def project(self):
        return ProjectPageFactory(parent=OrganisationPageFactory(title="Brakel"), title="E-Akte")

    def test_a_deep_page_costs_two_queries_whatever_its_depth(
        self, project, django_assert_num_queries
    ):
        home = HomePage.objects.get()
        with django_assert_num_queries(2):  # the pages on the path, then the project's own row
            result = self.route(project.url, home)
        assert result.page == project
        assert isinstance(result.page, ProjectPage)
        assert result.page.get_parent().title == "Brakel"

    def test_a_routable_page_answers_for_its_routes(self, project):
        result = self.route(f"{project.url}statusmeldung/")
        view, _args, _kwargs = result.args
        assert (result.page, view.__name__) == (project, "status_update")
        result = self.route("/projekte/export.csv/")
        view, _args, _kwargs = result.args
        assert (type(result.page), view.__name__) == (ProjectIndexPage, "export_csv")

    def test_unknown_and_unpublished_pages_are_not_found(self, project):
        for unknown in [f"{project.url}gibt-es-nicht/", "/gibt-es-nicht/", "/kommunen/x/y/"]:
            with pytest.raises(Http404):
                self.route(unknown)
        project.unpublish()
        with pytest.raises(Http404):
            self.route(project.url)
