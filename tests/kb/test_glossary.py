"""The glossary: its page at /wissen/glossar/, and terms that explain themselves in texts."""

import importlib

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import mark_safe
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import rich_text

from kb.models import GlossaryPage, GlossaryTerm, KnowledgeIndexPage
from network import permissions
from tests.factories.kb import GlossaryTermFactory
from tests.factories.network import UserFactory

pytestmark = pytest.mark.django_db

glossary_migration = importlib.import_module("kb.migrations.0005_glossary_page")


def explain(html):
    """The rich text as a template shows it through the filter."""
    template = Template("{% load glossary %}{{ html|explain_terms }}")
    return template.render(Context({"html": mark_safe(html)}))  # noqa: S308 - test input


def explained_terms(html):
    """(text, link target) of each explained term, in the order of the text."""
    soup = BeautifulSoup(html, "html.parser")
    return [(link.get_text(), link["href"]) for link in soup.select(".glossary-term__link")]


@pytest.fixture
def glossary(db):
    terms = [
        GlossaryTermFactory(
            term="OZG",
            long_form="Onlinezugangsgesetz",
            spellings="Onlinezugangsgesetz",
            definition="Verpflichtet die Verwaltung zu Online-Diensten.",
        ),
        GlossaryTermFactory(term="OZG-Rahmenarchitektur", definition="Der Bauplan."),
        GlossaryTermFactory(
            term="E-Akte",
            spellings="eAkte, elektronische Akte",
            definition="Die Akte in digitaler Form.",
        ),
        GlossaryTermFactory(term="Akte", definition="Die Sammlung der Dokumente eines Vorgangs."),
        GlossaryTermFactory(term="Open Data", definition="Offene Daten der Verwaltung."),
    ]
    return {term.slug: term for term in terms}


# The filter


def test_first_occurrence_of_each_term_is_explained_and_no_other(glossary):
    html = explain("<p>Das OZG verlangt die E-Akte.</p><p>Ohne OZG keine E-Akte, sagt das OZG.</p>")

    assert explained_terms(html) == [
        ("OZG", "/wissen/glossar/#ozg"),
        ("E-Akte", "/wissen/glossar/#e-akte"),
    ]
    assert html.endswith("<p>Ohne OZG keine E-Akte, sagt das OZG.</p>")


def test_terms_in_links_headings_code_and_abbreviations_are_left_alone(glossary):
    html = explain(
        "<h2>Das OZG</h2>"
        '<p><a href="/projekte/">OZG-Projekte</a>, <code>OZG</code>, <abbr title="x">OZG</abbr>, '
        "<button>OZG</button></p><pre>OZG</pre><p>Erst <strong>hier das OZG</strong>.</p>"
    )

    soup = BeautifulSoup(html, "html.parser")
    assert explained_terms(html) == [("OZG", "/wissen/glossar/#ozg")]
    assert soup.select_one(".glossary-term").parent.name == "strong"


def test_any_spelling_counts_and_the_longest_match_wins(glossary):
    assert explained_terms(explain("<p>Die e-Akte ersetzt die Akte im Aktenschrank.</p>")) == [
        ("e-Akte", "/wissen/glossar/#e-akte"),
        ("Akte", "/wissen/glossar/#akte"),
    ]
    assert explained_terms(explain("<p>Die elektronische\nAkte, die eAkte.</p>")) == [
        ("elektronische\nAkte", "/wissen/glossar/#e-akte")
    ]
    assert explained_terms(explain("<p>Zur OZG-Rahmenarchitektur gehört das OZG.</p>")) == [
        ("OZG-Rahmenarchitektur", "/wissen/glossar/#ozg-rahmenarchitektur"),
        ("OZG", "/wissen/glossar/#ozg"),
    ]


def test_abbreviations_match_only_in_capitals_other_terms_in_any_case(glossary):
    html = explain("<p>Kein ozg, keine eakte, kein OZGler, aber OPEN DATA und OZG-Leistungen.</p>")

    assert explained_terms(html) == [
        ("OPEN DATA", "/wissen/glossar/#open-data"),
        ("OZG", "/wissen/glossar/#ozg"),
    ]


def test_tooltip_describes_the_link_with_long_form_and_definition(glossary):
    soup = BeautifulSoup(explain("<p>Das OZG und die Akte.</p>"), "html.parser")

    ozg, akte = soup.select(".glossary-term")
    tooltip = ozg.select_one('[role="tooltip"]')
    assert ozg.a["aria-describedby"] == tooltip["id"]
    assert tooltip.name == "span" and tooltip.parent is ozg and ozg.parent.name == "p"
    assert tooltip.get_text() == (
        "Onlinezugangsgesetz: Verpflichtet die Verwaltung zu Online-Diensten."
    )
    assert akte.select_one('[role="tooltip"]').get_text() == (
        "Die Sammlung der Dokumente eines Vorgangs."
    )


def test_tooltip_ids_are_unique_across_texts_on_one_page(glossary):
    soup = BeautifulSoup(explain("<p>OZG</p>") + explain("<p>OZG</p>"), "html.parser")

    ids = [tooltip["id"] for tooltip in soup.select('[role="tooltip"]')]
    assert len(ids) == len(set(ids)) == 2


def test_definitions_and_plain_text_are_escaped(glossary):
    GlossaryTermFactory(term="XSS", definition='<script>alert("x")</script> & <b>fett</b>')

    html = explain("<p>Vorsicht vor XSS &amp; Co.</p>")
    assert "<script>" not in html and "<b>" not in html
    assert '&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;fett&lt;/b&gt;' in html
    assert "XSS</a>" in html and "&amp; Co." in html

    template = Template("{% load glossary %}{{ text|explain_terms }}")
    html = template.render(Context({"text": "<img src=x onerror=alert(1)> OZG"}))
    assert html.startswith("&lt;img src=x onerror=alert(1)&gt; <span")


def test_text_without_terms_is_returned_unchanged(glossary):
    html = '<p data-x="1">Keine Fachbegriffe, nur <br/>&nbsp;Text &amp; <a href="/">Links</a>.</p>'

    assert explain(html) == html
    assert explain("") == ""


def test_glossary_changes_reach_the_texts_at_once(glossary):
    assert explained_terms(explain("<p>Das DMS</p>")) == []

    dms = GlossaryTermFactory(term="DMS", definition="Alt.")
    assert explained_terms(explain("<p>Das DMS</p>")) == [("DMS", "/wissen/glossar/#dms")]
    dms.definition = "Neu."
    dms.save()
    assert "Neu.</span>" in explain("<p>Das DMS</p>")
    dms.delete()
    assert explained_terms(explain("<p>Das DMS</p>")) == []


def test_without_a_live_glossary_page_texts_are_left_alone(glossary):
    GlossaryPage.objects.get().unpublish()

    assert explain("<p>Das OZG</p>") == "<p>Das OZG</p>"


def test_terms_are_loaded_once_not_for_every_text(glossary, django_assert_num_queries):
    explain("<p>OZG</p>")

    with django_assert_num_queries(0):
        for _ in range(10):
            explain("<p>Das OZG und die E-Akte.</p>")


def test_a_long_text_explains_each_term_once(glossary):
    # Forty terms with three spellings each, as the demo has, and a text of some 20,000 characters.
    # How fast this is, is for the benchmarks to measure (make bench), not for a timed test.
    for number in range(40):
        GlossaryTermFactory(term=f"Fachwort{number}", spellings=f"Fachworts{number}, FW{number}")
    paragraph = (
        "<p>Die Stadt führt die <strong>E-Akte</strong> ein, setzt das OZG mit "
        '<a href="/projekte/">Open-Data-Projekten</a> um und spricht mit Fachwort39 und FW7 '
        "über die Akte.</p>"
    )
    result = explain(paragraph * 120)
    assert len(explained_terms(result)) == 5


# The glossary page


def test_migration_created_the_glossary_below_the_knowledge_base(client):
    page = GlossaryPage.objects.get()

    assert page.live and page.url == "/wissen/glossar/"
    assert page.get_parent().specific_class is KnowledgeIndexPage
    assert all(problems == [] for problems in Page.find_problems())
    assert client.get("/wissen/glossar/").status_code == 200


def test_migration_adds_the_page_only_where_it_is_missing(client):
    apps = MigrationExecutor(connection).loader.project_state(("kb", "0005_glossary_page")).apps
    glossary_migration.create_glossary_page(apps, None)
    assert GlossaryPage.objects.count() == 1

    glossary_migration.remove_glossary_page(apps, None)
    assert not GlossaryPage.objects.exists()
    assert all(problems == [] for problems in Page.find_problems())

    glossary_migration.create_glossary_page(apps, None)
    assert GlossaryPage.objects.get().url == "/wissen/glossar/"
    assert all(problems == [] for problems in Page.find_problems())


class TestGlossaryPageTree(WagtailPageTestCase):
    def test_glossary_lives_once_in_the_knowledge_base(self):
        self.assertCanCreateAt(KnowledgeIndexPage, GlossaryPage)
        self.assertAllowedParentPageTypes(GlossaryPage, {KnowledgeIndexPage})
        self.assertAllowedSubpageTypes(GlossaryPage, set())
        # The migration has created it, and there is only one.
        self.assertFalse(GlossaryPage.can_create_at(KnowledgeIndexPage.objects.get()))

    def test_glossary_page_is_routable_and_renders(self):
        page = GlossaryPage.objects.get()
        GlossaryTermFactory(term="OZG")
        self.assertPageIsRoutable(page)
        self.assertPageIsRenderable(page)


def test_glossary_lists_terms_from_a_to_z_with_umlauts_as_in_german(client):
    for term in ["Zweckverband", "Ärztekammer", "OZG", "Akte", "5G", "Behörde", "Öffnungszeiten"]:
        GlossaryTermFactory(term=term)

    html = client.get("/wissen/glossar/").content.decode()

    soup = BeautifulSoup(html, "html.parser")
    groups = [
        (letter.h2.get_text(), [entry.h3.get_text() for entry in letter.select(".glossary-entry")])
        for letter in soup.select("section.glossary-letter")
    ]
    assert groups == [
        ("0–9", ["5G"]),
        ("A", ["Akte", "Ärztekammer"]),
        ("B", ["Behörde"]),
        ("O", ["Öffnungszeiten", "OZG"]),
        ("Z", ["Zweckverband"]),
    ]
    navigation = soup.select_one("nav.letter-nav")
    assert [link.get_text() for link in navigation.select("a")] == ["0–9", "A", "B", "O", "Z"]
    assert len(navigation.select("li")) == 27 and navigation.select_one("span").get_text() == "C"
    assert navigation.select_one("a")["href"] == "#buchstabe-09"
    assert soup.select_one("#buchstabe-09").get_text() == "0–9"
    assert "7 Begriffe" in html


def test_glossary_entry_has_its_anchor_long_form_explanation_and_link(client):
    projects = Page.objects.get(url_path="/home/projekte/")
    GlossaryTermFactory(
        term="EfA",
        long_form="Einer für Alle",
        definition="Einer baut, alle nutzen.",
        explanation=f'<p>Siehe <a linktype="page" id="{projects.pk}">die Projekte</a>.</p>',
        link_page=projects,
    )

    soup = BeautifulSoup(client.get("/wissen/glossar/").content, "html.parser")

    entry = soup.select_one("#efa")
    assert " ".join(entry.h3.get_text().split()) == "EfA (Einer für Alle)"
    assert "Einer baut, alle nutzen." in entry.get_text()
    assert entry.select_one('.rich-text a[href="/projekte/"]').get_text() == "die Projekte"
    assert entry.select("a")[-1]["href"] == "/projekte/"
    assert entry.select("a")[-1].get_text() == "Mehr dazu: Projekte"


def test_glossary_page_costs_the_same_queries_for_few_and_many_terms(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # it would answer the repeated request without rendering
    projects = Page.objects.get(url_path="/home/projekte/")

    def add_terms(count):
        for _ in range(count):
            GlossaryTermFactory(
                explanation=f'<p><a linktype="page" id="{projects.pk}">Projekte</a></p>',
                link_page=projects,
            )

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/wissen/glossar/").status_code == 200
        return len(context.captured_queries)

    add_terms(2)
    client.get("/wissen/glossar/")  # fills the caches of sites and their root paths
    few = queries()
    add_terms(30)
    assert queries() == few


def test_empty_glossary_says_so(client):
    assert "Das Glossar hat noch keine Begriffe." in client.get("/wissen/glossar/").content.decode()


def test_knowledge_base_intro_explains_its_terms_and_links_the_glossary(client, glossary):
    page = KnowledgeIndexPage.objects.get()
    page.intro = "<p>Wie das OZG die Arbeit mit der E-Akte verändert.</p>"
    page.save_revision().publish()

    html = client.get("/wissen/").content.decode()

    assert explained_terms(html.split('class="kern-body rich-text"')[1]) == [
        ("OZG", "/wissen/glossar/#ozg"),
        ("E-Akte", "/wissen/glossar/#e-akte"),
    ]
    assert "js/glossary.js" in html
    assert '<a class="kern-link kern-link--stretched" href="/wissen/glossar/">Glossar</a>' in html


def test_glossary_script_is_only_on_pages_that_explain_terms(client):
    assert "js/glossary.js" not in client.get("/foerderung/").content.decode()


# The admin


def term_form(**values):
    return {
        "term": "LeiKa",
        "slug": "leika",
        "long_form": "Leistungskatalog",
        "definition": "Verzeichnis der Verwaltungsleistungen.",
        "spellings": "",
        "explanation": rich_text(""),
        "link_page": "",
        **values,
    }


def test_coordinators_keep_the_glossary_in_the_admin(client):
    coordinator = UserFactory()
    permissions.add_to_role(coordinator, permissions.COORDINATORS)
    client.force_login(coordinator)

    assert client.get("/admin/snippets/kb/glossaryterm/").status_code == 200
    response = client.post("/admin/snippets/kb/glossaryterm/add/", term_form())
    assert response.status_code == 302
    assert GlossaryTerm.objects.get().long_form == "Leistungskatalog"

    too_long = term_form(term="FIM", slug="fim", definition="x" * 301)
    response = client.post("/admin/snippets/kb/glossaryterm/add/", too_long)
    assert response.status_code == 200
    assert "höchstens 300 Zeichen" in response.content.decode()


def test_members_cannot_edit_the_glossary(client):
    client.force_login(UserFactory())

    response = client.post("/admin/snippets/kb/glossaryterm/add/", term_form())

    assert response.status_code == 302
    assert not GlossaryTerm.objects.exists()
