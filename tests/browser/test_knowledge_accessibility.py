"""The knowledge base's pages in a real browser: axe-core clean and usable at 320 px."""

import pytest

from kb.models import KnowledgeIndexPage, ReadingPathPage, TemplateLibraryPage
from network.models import OrganisationPage, Visibility
from tests.factories.kb import BestPracticePageFactory, GuidePageFactory, TemplateDocumentFactory
from tests.factories.network import ContactPersonFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def knowledge(hoexter_site):
    brakel = OrganisationPage.objects.get(ags="05762016")
    index = KnowledgeIndexPage.objects.get()
    practice = BestPracticePageFactory(
        title="E-Akte in Brakel", slug="e-akte-brakel", organisations=[brakel], cost=48000
    )
    practice.contact_people.set(
        [ContactPersonFactory(organisation=brakel, consent=Visibility.PUBLIC)]
    )
    practice.tags.set(["E-Akte"])
    practice.save_revision().publish()
    GuidePageFactory(title="Eine E-Akte einführen", slug="e-akte-leitfaden")
    path = index.add_child(instance=ReadingPathPage(title="Einstieg", slug="einstieg"))
    path.steps.create(page=practice, note="So hat Brakel angefangen.")
    index.add_child(instance=TemplateLibraryPage(title="Vorlagen", slug="vorlagen"))
    TemplateDocumentFactory(title="Dienstanweisung E-Mail", organisation=brakel)
    return hoexter_site


PAGES = [
    "/wissen/",
    "/wissen/?art=leitfaeden",
    "/wissen/?groesse=kaputt",
    "/wissen/e-akte-brakel/",
    "/wissen/e-akte-leitfaden/",
    "/wissen/einstieg/",
    "/wissen/vorlagen/",
]


@pytest.mark.parametrize("path", PAGES)
def test_knowledge_pages_have_no_axe_violations_and_fit_320_pixels(
    page, knowledge, axe_violations, path
):
    page.goto(knowledge + path)
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"


def test_table_of_contents_leads_to_the_chapter(page, knowledge):
    page.goto(knowledge + "/wissen/e-akte-leitfaden/")
    page.get_by_role("link", name="Ausschreibung & Vergabe").click()
    assert page.evaluate("location.hash") == "#kapitel-2-ausschreibung-vergabe"
