"""The project register in a real browser: reporting progress, axe-core, 320 px and keyboard."""

import re
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from playwright.sync_api import expect

from network import permissions
from network.models import OrganisationPage
from projects.models import ProjectStatus
from tests.browser.signing_in import sign_in
from tests.factories.network import UserFactory
from tests.factories.projects import ProjectPageFactory, filled_register

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def register_site(hoexter_site):
    """Brakel's project with everything shown, Höxter's similar one, the strategy; one user a role.

    `brakel` edits Brakel's pages and wrote the status updates; the coordinator belongs to the
    Kreis, which has no part in either project.
    """
    brakel = OrganisationPage.objects.get(ags="05762016")
    hoexter = OrganisationPage.objects.get(ags="05762020")
    kreis = OrganisationPage.objects.get(ags="05762")
    editor = UserFactory(username="brakel", organisation=brakel)
    permissions.make_editor(editor, brakel)
    coordinator = UserFactory(username="koordination", organisation=kreis)
    permissions.add_to_role(coordinator, permissions.COORDINATORS)
    register = filled_register(brakel, hoexter, editor)
    return {
        "url": hoexter_site,
        "visitor": None,
        "editor": editor,
        "coordinator": coordinator,
        "kreis": kreis,
        "project": register["project"].url,
        "similar": register["similar"].url,
    }


def assert_fits_320_pixels(page, path):
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"


PAGES = [
    ("visitor", "/projekte/"),
    ("visitor", "/projekte/?status=in_umsetzung&kommune=brakel&ozg=kaputt"),
    ("visitor", "/projekte/?q=Raumfahrt"),
    ("coordinator", "/projekte/?thema=verwaltung-digital&sortierung=titel"),
    ("visitor", "{project}"),
    ("editor", "{project}"),
    ("coordinator", "{similar}"),
    ("editor", "{project}statusmeldung/"),
    ("visitor", "/projekte/strategie/"),
    ("coordinator", "/projekte/strategie/"),
    ("visitor", "/kommunen/brakel/"),
    ("coordinator", "/kommunen/hoexter/"),
]


@pytest.mark.parametrize(("role", "path"), PAGES)
def test_project_pages_have_no_axe_violations_and_fit_320_pixels(
    page, register_site, axe_violations, role, path
):
    sign_in(page, register_site["url"], register_site[role])
    path = path.format(**register_site)
    page.goto(register_site["url"] + path)
    # The status form is folded away; open it, so that axe checks what the editor will see.
    for summary in page.locator("details summary").all():
        summary.click()
    assert axe_violations(page) == []
    assert_fits_320_pixels(page, path)


def test_project_page_shows_what_the_checks_above_need(page, register_site):
    """Guards the page checks: the parts they are meant to cover are on the pages they load."""
    sign_in(page, register_site["url"], register_site["coordinator"])
    page.goto(register_site["url"] + register_site["similar"])
    expect(page.get_by_role("button", name="Noch aktuell")).to_have_accessible_description(
        "Nichts Neues? Ein Klick bestätigt, dass die Angaben stimmen."
    )
    expect(page.get_by_role("button", name="Wir wollen das auch (Kreis Höxter)")).to_be_visible()
    page.goto(register_site["url"] + register_site["project"])
    title = page.get_by_role("heading", level=1).bounding_box()
    summary = page.get_by_text("Die Stadtverwaltung arbeitet papierlos").bounding_box()
    assert summary["y"] > title["y"], "the summary shows above the project's title"
    expect(page.locator(".timeline__item")).to_have_count(2)
    expect(page.get_by_role("table")).to_contain_text("Bewohnerparkausweis")
    expect(page.get_by_role("region", name="Wer macht das noch?")).to_contain_text(
        "Digitale Bauakte"
    )
    page.goto(register_site["url"] + "/projekte/strategie/")
    expect(page.locator(".measure")).to_have_count(2)
    expect(page.get_by_role("progressbar", name="Umsetzungsstand Maßnahme 1.1")).to_be_visible()
    page.goto(register_site["url"] + "/kommunen/hoexter/")
    projects = page.get_by_role("region", name="Projekte")
    expect(projects.get_by_role("heading", name="in Umsetzung (1)")).to_be_visible()
    expect(projects).to_contain_text("federführend: Brakel")
    expect(projects).to_contain_text("Interne Telefonanlage · nur für Mitglieder")
    expect(page.get_by_role("region", name="OZG-Leistungen")).to_contain_text("Baugenehmigung")


def test_editor_reports_a_new_status_seen_on_the_page_in_the_register_and_in_the_feed(
    page, register_site
):
    site = register_site["url"]
    project = register_site["project"]
    page.goto(f"{site}/konto/login/?next={project}")
    page.get_by_label("Anmeldung").fill("brakel")
    page.get_by_label("Passwort").first.fill("demo-passwort")
    page.get_by_role("button", name="Anmeldung").click()

    page.get_by_text("Statusmeldung schreiben").click()
    page.get_by_label("Was ist passiert?").fill("Alle Ämter arbeiten jetzt mit der E-Akte.")
    page.get_by_label("Neuer Status").select_option(ProjectStatus.IN_OPERATION)
    page.get_by_label("Neuer Fortschritt in Prozent").fill("100")
    page.get_by_role("button", name="Statusmeldung veröffentlichen").click()

    expect(page.get_by_text("Ihre Statusmeldung ist veröffentlicht.")).to_be_visible()
    assert urlsplit(page.url).path == project
    newest = page.locator(".timeline__item").first
    anchor = newest.get_attribute("id")
    assert urlsplit(page.url).fragment == anchor
    expect(newest).to_contain_text("Neuer Status: in Betrieb, Fortschritt 100 %")
    expect(newest).to_contain_text("Alle Ämter arbeiten jetzt mit der E-Akte.")
    expect(page.locator(".facts .project-status")).to_have_text("in Betrieb")

    page.goto(site + "/projekte/")
    entry = page.locator(".project-list > li").filter(has_text="Einführung E-Akte")
    expect(entry.locator(".project-status")).to_have_text("in Betrieb")
    expect(entry.get_by_role("progressbar")).to_have_attribute("value", "100")

    feed = feedparser.parse(page.request.get(site + "/projekte/feed/").body())
    newest_entry = feed.entries[0]
    assert newest_entry.title == "Einführung E-Akte: jetzt in Betrieb (100 %)"
    assert newest_entry.summary == "Alle Ämter arbeiten jetzt mit der E-Akte."
    assert newest_entry.link == f"{site}{project}#{anchor}"


def test_status_form_opens_by_keyboard_and_shows_errors_accessibly(
    page, register_site, axe_violations
):
    sign_in(page, register_site["url"], register_site["editor"])
    page.goto(register_site["url"] + register_site["project"])
    summary = page.get_by_text("Statusmeldung schreiben")
    summary.focus()
    page.keyboard.press("Enter")
    field = page.get_by_label("Was ist passiert?")
    expect(field).to_be_visible()
    page.get_by_label("Neuer Fortschritt in Prozent").fill("120")
    page.get_by_role("button", name="Statusmeldung veröffentlichen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Refused: the form comes back on a page of its own, with the messages next to the fields.
    assert urlsplit(page.url).path == register_site["project"] + "statusmeldung/"
    expect(page).to_have_title(re.compile(r"^Fehler: Statusmeldung – Einführung E-Akte"))
    expect(page.get_by_text("Dieses Feld muss ausgefüllt werden.")).to_be_visible()
    expect(page.get_by_text("Dieser Wert muss kleiner oder gleich 100 sein.")).to_be_visible()
    expect(page.get_by_label("Neuer Fortschritt in Prozent")).to_have_value("120")
    assert axe_violations(page) == []
    assert_fits_320_pixels(page, page.url)


def test_noch_aktuell_and_wir_wollen_das_auch(page, register_site, axe_violations):
    sign_in(page, register_site["url"], register_site["coordinator"])
    page.goto(register_site["url"] + register_site["similar"])

    page.get_by_role("button", name="Noch aktuell").click()
    expect(page.get_by_text("Danke! Das Projekt ist als aktuell bestätigt.")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Wir wollen das auch (Kreis Höxter)").click()
    expect(page.get_by_text("Kreis Höxter ist jetzt als interessiert eingetragen")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("Kreis Höxter (interessiert)")
    expect(page.get_by_role("button", name="Wir wollen das auch (Kreis Höxter)")).to_have_count(0)
    assert axe_violations(page) == []


def test_filter_form_works_without_javascript(browser, register_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(register_site["url"] + "/projekte/")
    expect(page.locator(".project-list > li")).to_have_count(2)

    page.get_by_label("Status").select_option(ProjectStatus.IN_PROGRESS)
    page.get_by_label("Kommune").select_option("brakel")
    page.get_by_role("button", name="Filtern").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    query = parse_qs(urlsplit(page.url).query)
    assert query["status"] == [ProjectStatus.IN_PROGRESS]
    assert query["kommune"] == ["brakel"]
    expect(page.get_by_role("heading", name="1 Projekt", exact=True)).to_be_visible()
    expect(page.locator(".project-list h3")).to_have_text(["Einführung E-Akte"])
    expect(page.get_by_label("Status")).to_have_value(ProjectStatus.IN_PROGRESS)
    context.close()


def test_register_pages_keep_the_filters(page, register_site, axe_violations):
    brakel = OrganisationPage.objects.get(ags="05762016")
    for number in range(26):
        ProjectPageFactory(parent=brakel, title=f"Sitzungsdienst {number:02d}")
    page.goto(register_site["url"] + "/projekte/?kommune=brakel&sortierung=titel")
    expect(page.get_by_role("heading", name="27 Projekte")).to_be_visible()
    page.get_by_role("link", name="Nächste Seite").click()

    query = parse_qs(urlsplit(page.url).query)
    assert query == {"kommune": ["brakel"], "sortierung": ["titel"], "seite": ["2"]}
    expect(page.get_by_text("Seite 2 von 2")).to_be_visible()
    expect(page.locator(".project-list > li")).to_have_count(2)
    assert axe_violations(page) == []
    assert_fits_320_pixels(page, page.url)
