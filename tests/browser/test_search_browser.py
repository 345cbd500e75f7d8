"""The site search in a real browser: results, facets, paging, help, suggestions, tags, analytics.

Every page is checked with axe-core and at 320 px; facets are chosen and removed by keyboard,
suggestions come into the search box's <datalist> while typing, and without JavaScript as a page.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from kb.models import GlossaryPage, TemplateDocument
from network import permissions
from network.models import OrganisationPage, Visibility
from projects.models import ProjectStatus
from tests.browser.signing_in import sign_in
from tests.factories.kb import (
    FundingCallPageFactory,
    GlossaryTermFactory,
    HandlungsfeldFactory,
    TemplateDocumentFactory,
)
from tests.factories.network import ContactPersonFactory, UserFactory
from tests.factories.projects import ProjectPageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# More templates about schools than fit on one page of results (20).
SCHOOL_TEMPLATES = 21


@pytest.fixture
def search_site(hoexter_site):
    """Projects, a funding call and templates about schools, a glossary term, one user a role.

    The member sees Maria Nacktmull, a contact shown to members only.
    """
    brakel = OrganisationPage.objects.get(ags="05762016")
    hoexter = OrganisationPage.objects.get(ags="05762020")
    bildung = HandlungsfeldFactory(name="Bildung", slug="bildung")
    ProjectPageFactory(
        parent=brakel,
        title="WLAN an allen Schulen",
        summary="Jede Schule bekommt ein schnelles Netz.",
        status=ProjectStatus.IN_PROGRESS,
        handlungsfeld=bildung,
        tags=["WLAN", "Schule"],
    )
    ProjectPageFactory(
        parent=hoexter,
        title="Tablets für die Grundschule",
        summary="Klassensätze für den Unterricht.",
        status=ProjectStatus.PLANNED,
        handlungsfeld=bildung,
        tags=["Schule"],
    )
    FundingCallPageFactory(
        title="Förderung digitaler Lernorte",
        summary="Geld für Netzwerke in Schulgebäuden.",
        handlungsfelder=[bildung],
    )
    for number in range(1, SCHOOL_TEMPLATES + 1):
        TemplateDocumentFactory(
            title=f"Musterschreiben an die Schule {number}",
            description="Vorlage für die Schulverwaltung.",
        )
    TemplateDocument.objects.get(title="Musterschreiben an die Schule 1").tags.add("Schule")
    GlossaryTermFactory(term="WLAN-Ausleuchtung", definition="Wie weit das Funknetz reicht.")
    contact = ContactPersonFactory(
        name="Maria Nacktmull", organisation=hoexter, consent=Visibility.MEMBERS
    )
    contact.expertise.set(["Schul-IT"])
    contact.save()
    coordinator = UserFactory(username="koordination", organisation=brakel)
    permissions.add_to_role(coordinator, permissions.COORDINATORS)
    return {
        "url": hoexter_site,
        "visitor": None,
        "member": UserFactory(username="mitglied", organisation=hoexter),
        "coordinator": coordinator,
    }


def assert_fits_320_pixels(page, path):
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"


PAGES = [
    ("visitor", "/suche/"),
    ("visitor", "/suche/?q=Schule"),
    ("visitor", "/suche/?q=Schule&seite=2"),
    ("visitor", "/suche/?q=Schule&art=projekt&status=in_umsetzung"),
    ("visitor", "/suche/?q=Schule&art=termin"),  # a facet that leaves nothing
    ("visitor", "/suche/?q=Schhulen"),
    ("visitor", "/suche/?q=Ausleuchtung+Mondlandung"),
    ("member", "/suche/?q=Nacktmull"),
    ("visitor", "/suche/vorschlaege/"),
    ("visitor", "/suche/vorschlaege/?q=Tabl"),
    ("visitor", "/suche/vorschlaege/?q=Zzyzx"),
    ("visitor", "/tags/schule/"),
    ("visitor", "/tags/schule/?art=vorlage"),
    ("coordinator", "/suche/auswertung/"),
]


@pytest.mark.parametrize(("role", "path"), PAGES)
def test_search_pages_have_no_axe_violations_and_fit_320_pixels(
    page, search_site, axe_violations, role, path
):
    sign_in(page, search_site["url"], search_site[role])
    page.goto(search_site["url"] + path)
    assert axe_violations(page) == []
    assert_fits_320_pixels(page, path)
    # At 320 px the facets sit above the results, side by side: checked again there.
    assert axe_violations(page) == []


def query_of(page):
    return parse_qs(urlsplit(page.url).query)


def result_titles(page):
    return page.locator(".search-result__title").all_inner_texts()


# Computed colours come as rgb() or oklch(): a canvas turns either into sRGB bytes.
SRGB = """element => [getComputedStyle(element).color, getComputedStyle(element).backgroundColor]
    .map(colour => {
        const canvas = document.createElement("canvas");
        canvas.width = canvas.height = 1;
        const context = canvas.getContext("2d");
        context.fillStyle = colour;
        context.fillRect(0, 0, 1, 1);
        return Array.from(context.getImageData(0, 0, 1, 1).data.slice(0, 3));
    })"""


def contrast(foreground, background):
    """WCAG contrast ratio of two sRGB colours, (r, g, b) in 0–255."""

    def luminance(colour):
        channels = [part / 255 for part in colour]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_matches_are_marked_legibly_in_titles_and_excerpts(page, search_site, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(search_site["url"] + "/suche/?q=Netz")
    result = page.locator(".search-result").filter(has_text="WLAN an allen Schulen")
    # "Netz" matches the word in the summary; the title has none of it.
    expect(result.locator("p mark")).to_have_text(["Netz"])
    page.goto(search_site["url"] + "/suche/?q=Schulen")
    marks = page.locator(".search-result__title mark")
    expect(marks.first).to_be_visible()
    # KERN's dark scheme makes text light: the yellow behind a match must keep its text dark.
    colours = marks.first.evaluate(SRGB)
    assert contrast(*colours) >= 4.5, colours


def press_tab_until(page, name, limit=60):
    """Tab through the page until the link or button with this accessible text has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.innerText.trim()")
        if focused == name:
            return
    raise AssertionError(f"{name!r} is not reachable with the Tab key")


def test_facets_are_chosen_and_removed_by_keyboard(page, search_site, axe_violations):
    page.goto(search_site["url"] + "/suche/")
    page.get_by_label("Suchbegriff").fill("Schule")
    page.keyboard.press("Enter")
    expect(page.locator("#treffer")).to_have_text("24 Treffer für „Schule“")

    press_tab_until(page, "Projekt")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert query_of(page) == {"q": ["Schule"], "art": ["projekt"]}
    expect(page.locator("#treffer")).to_have_text("2 Treffer für „Schule“")
    assert sorted(result_titles(page)) == ["Tablets für die Grundschule", "WLAN an allen Schulen"]
    # The chosen value says so, and leads back to the search without it.
    chosen = page.get_by_role("link", name="Filter entfernen: Projekt")
    expect(chosen).to_have_attribute("aria-current", "true")
    assert "art=" not in chosen.get_attribute("href")

    press_tab_until(page, "Brakel")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert query_of(page) == {"q": ["Schule"], "art": ["projekt"], "kommune": ["brakel"]}
    assert result_titles(page) == ["WLAN an allen Schulen"]
    assert axe_violations(page) == []

    press_tab_until(page, "Filter „Art: Projekt“ entfernen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert query_of(page) == {"q": ["Schule"], "kommune": ["brakel"]}
    expect(page.locator("#treffer")).to_have_text("1 Treffer für „Schule“")


def test_a_filter_that_leaves_nothing_can_be_removed(page, search_site):
    page.goto(search_site["url"] + "/suche/?q=Schule&art=termin")
    expect(page.locator("#treffer")).to_have_text("0 Treffer für „Schule“")
    page.get_by_role("link", name="Filter „Art: Termin“ entfernen").click()
    assert query_of(page) == {"q": ["Schule"]}
    expect(page.locator("#treffer")).to_have_text("24 Treffer für „Schule“")


def test_results_are_paged_and_keep_the_query_and_filters(page, search_site):
    page.goto(search_site["url"] + "/suche/?q=Schule&art=vorlage")
    expect(page.locator("#treffer")).to_have_text("21 Treffer für „Schule“")
    assert len(result_titles(page)) == 20
    expect(page.get_by_text("Seite 1 von 2")).to_be_visible()
    page.get_by_role("link", name="Nächste Seite").click()
    assert query_of(page) == {"q": ["Schule"], "art": ["vorlage"], "seite": ["2"]}
    assert len(result_titles(page)) == 1
    expect(page).to_have_title(re.compile("Suche nach „Schule“ – Seite 2"))
    page.get_by_role("link", name="Vorherige Seite").click()
    assert query_of(page) == {"q": ["Schule"], "art": ["vorlage"], "seite": ["1"]}
    # Choosing another facet starts again on the first page.
    page.goto(search_site["url"] + "/suche/?q=Schule&seite=2")
    page.get_by_role("link", name="Projekt", exact=True).click()
    assert query_of(page) == {"q": ["Schule"], "art": ["projekt"]}


def test_empty_results_offer_a_spelling_tags_and_the_glossary(page, search_site):
    page.goto(search_site["url"] + "/suche/")
    page.get_by_label("Suchbegriff").fill("Schhulen")
    page.get_by_role("button", name="Suchen").click()
    expect(page.locator("#treffer")).to_have_text("0 Treffer für „Schhulen“")
    # The help uses the width of the page: no column is kept free for facets that are not there.
    width = page.locator(".search-results").evaluate("element => element.offsetWidth")
    assert width > page.viewport_size["width"] / 2
    tags = page.get_by_role("heading", name="Häufige Schlagwörter").locator("xpath=..")
    expect(tags.get_by_role("link")).to_have_text(["Schule", "WLAN"])
    expect(tags.get_by_role("link", name="Schule")).to_have_attribute("href", "/tags/schule/")
    glossary = page.get_by_role("link", name=re.compile("^Zum Glossar"))
    expect(glossary).to_have_attribute("href", GlossaryPage.objects.get().url)

    page.get_by_role("link", name="schulen").click()
    assert query_of(page) == {"q": ["schulen"]}
    expect(page.locator("#treffer")).to_have_text("24 Treffer für „schulen“")

    page.goto(search_site["url"] + "/suche/?q=Ausleuchtung+Mondlandung")
    hints = page.get_by_role("heading", name="Im Glossar erklärt").locator("xpath=..")
    hints.get_by_role("link", name="WLAN-Ausleuchtung").click()
    assert page.url.endswith("/wissen/glossar/#wlan-ausleuchtung")


def test_members_find_contacts_as_cards(page, search_site, axe_violations):
    page.goto(search_site["url"] + "/suche/?q=Nacktmull")
    expect(page.locator("#treffer")).to_have_text("0 Treffer für „Nacktmull“")

    sign_in(page, search_site["url"], search_site["member"])
    page.goto(search_site["url"] + "/suche/?q=Nacktmull")
    result = page.locator(".search-result")
    expect(result).to_have_count(1)
    expect(result.locator(".search-result__title mark")).to_have_text("Nacktmull")
    card = result.locator(".contact-card")
    expect(card.get_by_role("link", name="Höxter")).to_be_visible()
    expect(card.get_by_role("link", name=re.compile("@"))).to_be_visible()
    expect(
        card.get_by_role("link", name="Visitenkarte von Maria Nacktmull (vCard)")
    ).to_be_visible()
    expect(card).to_contain_text("Schul-IT")
    # The name is the result's heading, not repeated in the card below it.
    expect(page.get_by_role("heading", name="Maria Nacktmull")).to_have_count(1)
    assert axe_violations(page) == []
    page.get_by_role("link", name="Maria Nacktmull", exact=True).click()
    assert query_of(page) == {"q": ["Maria Nacktmull"]}
    expect(page.get_by_role("heading", name="Maria Nacktmull")).to_be_visible()


def test_tag_pages_list_everything_with_the_tag_by_kind(page, search_site, axe_violations):
    page.goto(search_site["url"] + "/suche/?q=Grundschule")
    page.get_by_role("link", name="Schule", exact=True).click()
    assert urlsplit(page.url).path == "/suche/"  # the facet; the tag page is linked from results

    page.goto(search_site["url"] + "/tags/schule/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Schule")
    expect(page.get_by_role("heading", level=2)).to_have_text("3 Einträge")
    tabs = page.get_by_role("navigation", name="Nach Art")
    expect(tabs.get_by_role("link")).to_have_text(["Alle Arten", "Projekt (2)", "Vorlage (1)"])
    tabs.get_by_role("link", name="Vorlage (1)").click()
    assert query_of(page) == {"art": ["vorlage"]}
    expect(page.get_by_role("heading", level=2)).to_have_text("1 Eintrag der Art „Vorlage“")
    assert result_titles(page) == ["Musterschreiben an die Schule 1"]
    expect(tabs.get_by_role("link", name="Vorlage (1)")).to_have_attribute("aria-current", "page")
    assert axe_violations(page) == []
    tabs.get_by_role("link", name="Alle Arten").click()
    assert query_of(page) == {}
    assert len(result_titles(page)) == 3


def test_suggestions_work_as_a_page_without_javascript(browser, search_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(search_site["url"] + "/suche/?q=Tabl")
    assert page.get_by_label("Suchbegriff").get_attribute("list") is None
    page.get_by_role("link", name="Vorschläge zum Suchbegriff anzeigen").click()
    assert query_of(page) == {"q": ["Tabl"]}
    box = page.get_by_label("Anfang des Suchbegriffs")
    box.fill("Grunds")
    box.press("Enter")
    assert query_of(page) == {"q": ["Grunds"]}
    expect(page.locator("main li")).to_have_text(["Tablets für die Grundschule (Projekt)"])
    page.get_by_role("link", name="Alle Treffer für „Grunds“").click()
    assert urlsplit(page.url).path == "/suche/"
    page.go_back()
    page.get_by_role("link", name="Tablets für die Grundschule").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tablets für die Grundschule")
    context.close()


def test_suggestions_fill_the_search_box_list_while_typing(page, search_site):
    page.goto(search_site["url"] + "/suche/")
    box = page.get_by_label("Suchbegriff")
    expect(box).to_have_attribute("list", "suchvorschlaege")
    options = page.locator("datalist#suchvorschlaege option")
    with page.expect_response(re.compile(r"/suche/vorschlaege/\?format=json&q=Tabl$")) as asked:
        box.press_sequentially("Tabl", delay=30)
    assert asked.value.json()["suggestions"][0]["title"] == "Tablets für die Grundschule"
    expect(options).to_have_count(1)
    expect(options).to_have_attribute("value", "Tablets für die Grundschule")
    expect(options).to_have_attribute("label", "Projekt")
    # What was typed last counts: a word that matches nothing empties the list, one letter too.
    box.press_sequentially("x")
    expect(options).to_have_count(0)
    box.fill("WLAN")
    expect(options).to_have_count(2)
    assert sorted(options.evaluate_all("options => options.map(option => option.value)")) == [
        "WLAN an allen Schulen",
        "WLAN-Ausleuchtung",
    ]
    box.fill("W")
    expect(options).to_have_count(0)
    # Visitors are never offered what only members may find.
    box.fill("Nacktm")
    page.wait_for_timeout(600)
    expect(options).to_have_count(0)
    box.fill("Tablets für die Grundschule")
    box.press("Enter")
    assert result_titles(page)[0] == "Tablets für die Grundschule"


def test_coordinators_see_what_is_searched_and_not_found(page, search_site, axe_violations):
    for path in [
        "/suche/?q=Schule",
        "/suche/?q=Schule&art=termin",  # narrowed down to nothing: not unanswered
        "/suche/?q=Schule&seite=2",
        "/suche/?q=Drohnenabwehr",
    ]:
        page.goto(search_site["url"] + path)
    sign_in(page, search_site["url"], search_site["coordinator"])
    page.goto(search_site["url"] + "/suche/auswertung/")
    top = page.get_by_role("table", name="Häufigste Suchanfragen")
    unanswered = page.get_by_role("table", name="Suchanfragen ohne Treffer")
    expect(top.locator("tbody tr")).to_have_text(
        [re.compile(r"drohnenabwehr\s*1"), re.compile(r"schule\s*1")]
    )
    expect(unanswered.locator("tbody tr")).to_have_text([re.compile(r"drohnenabwehr\s*1")])
    assert axe_violations(page) == []
    assert_fits_320_pixels(page, "/suche/auswertung/")
    top.get_by_role("link", name="schule").click()
    assert query_of(page) == {"q": ["schule"]}
    # The coordinator is a member and finds Maria Nacktmull (Schul-IT) too.
    expect(page.locator("#treffer")).to_have_text("25 Treffer für „schule“")
