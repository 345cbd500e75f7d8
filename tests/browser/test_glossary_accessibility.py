"""The glossary in a real browser: axe-core clean, and explanations that open on hover and on
keyboard focus, stay while the pointer is on them and close with Escape (WCAG 1.4.13)."""

import pytest
from playwright.sync_api import expect

from kb.models import KnowledgeIndexPage
from tests.factories.kb import GlossaryTermFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OZG_DESCRIPTION = (
    "Onlinezugangsgesetz: Verpflichtet die Verwaltung, ihre Leistungen online anzubieten."
)


@pytest.fixture
def glossary_site(hoexter_site):
    """A glossary of a few terms, and a knowledge-base introduction that uses them."""
    GlossaryTermFactory(
        term="OZG",
        long_form="Onlinezugangsgesetz",
        definition="Verpflichtet die Verwaltung, ihre Leistungen online anzubieten.",
        explanation="<p>Gilt für Bund, Länder und <b>Kommunen</b>.</p>",
    )
    GlossaryTermFactory(
        term="E-Akte",
        spellings="elektronische Akte",
        definition="Die Akte in digitaler Form, mit allen Dokumenten eines Vorgangs an einem Ort.",
    )
    GlossaryTermFactory(term="Ärztekammer", definition="Berufsvertretung der Ärztinnen und Ärzte.")
    page = KnowledgeIndexPage.objects.get()
    page.intro = (
        "<p>Wie das OZG die Arbeit in den Rathäusern verändert, und warum die elektronische Akte "
        'dazugehört. Mehr unter <a href="/projekte/">Projekte</a>.</p>'
    )
    page.save_revision().publish()
    return hoexter_site


@pytest.mark.parametrize("path", ["/wissen/", "/wissen/glossar/", "/wissen/glossar/#ozg"])
def test_glossary_pages_have_no_axe_violations_and_fit_320_pixels(
    page, glossary_site, axe_violations, path
):
    page.goto(glossary_site + path)
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"


def tab_to(page, text):
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == text:
            return page.locator(":focus")
    raise AssertionError(f"Tab never reached {text!r}")


def test_explanation_opens_on_keyboard_focus_and_escape_closes_it(
    page, glossary_site, axe_violations
):
    page.goto(glossary_site + "/wissen/")
    tooltip = page.locator("[role=tooltip]").first
    expect(tooltip).to_be_hidden()

    link = tab_to(page, "OZG")
    expect(tooltip).to_be_visible()
    assert tooltip.inner_text() == OZG_DESCRIPTION
    assert link.get_attribute("aria-describedby") == tooltip.get_attribute("id")
    # Open, the explanation is checked too: contrast, and how it describes the link.
    assert axe_violations(page) == []

    page.keyboard.press("Escape")
    expect(tooltip).to_be_hidden()
    assert page.evaluate("document.activeElement.textContent") == "OZG"

    tab_to(page, "elektronische Akte")
    expect(tooltip).to_be_hidden()
    page.keyboard.press("Shift+Tab")
    expect(tooltip).to_be_visible()


def test_explanation_opens_on_hover_and_stays_while_the_pointer_is_on_it(page, glossary_site):
    page.goto(glossary_site + "/wissen/")
    link = page.get_by_role("link", name="OZG")
    tooltip = page.locator("[role=tooltip]").first

    link.hover()
    expect(tooltip).to_be_visible()
    tooltip.hover(position={"x": 20, "y": 20})
    expect(tooltip).to_be_visible()

    page.keyboard.press("Escape")
    expect(tooltip).to_be_hidden()
    page.mouse.move(0, 0)
    link.hover()
    expect(tooltip).to_be_visible()
    page.mouse.move(0, 0)
    expect(tooltip).to_be_hidden()


def test_explanation_stays_on_a_320_pixel_screen(page, glossary_site):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(glossary_site + "/wissen/")

    tab_to(page, "elektronische Akte")

    box = page.locator("[role=tooltip]").nth(1).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320


def test_without_javascript_a_term_is_a_link_to_its_entry(browser, glossary_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(glossary_site + "/wissen/")

    page.get_by_role("link", name="OZG").hover()
    expect(page.locator("[role=tooltip]").first).to_be_visible()
    page.get_by_role("link", name="OZG").click()

    assert page.url == glossary_site + "/wissen/glossar/#ozg"
    expect(page.locator("#ozg").get_by_text("Gilt für Bund, Länder")).to_be_visible()
    context.close()
