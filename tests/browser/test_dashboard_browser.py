"""The coordination dashboard in a real browser: axe-core, 320 px, charts, matrices and keyboard.

Every dashboard view is checked with axe-core (WCAG 2.1 A/AA) and at 320 px, where only the wide
matrices may scroll, inside a container of their own that the keyboard can reach. Each chart
names its numbers to screen readers and shows the same numbers as the table beside it.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import formats, timezone
from playwright.sync_api import expect

from network import permissions
from network.models import Notification, NotificationKind, OrganisationPage
from projects.models import Introduction, PartnerRole
from tests.browser.conftest import AXE_SCRIPT
from tests.browser.signing_in import sign_in
from tests.factories.network import OrganisationPageFactory, UserFactory
from tests.factories.projects import ProjectPageFactory, filled_register, overlapping_projects

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COVERAGE = "Projekte je Organisation und Handlungsfeld"
OZG = "Reifegrad je Organisation und OZG-Leistung"


@pytest.fixture
def dashboard_site(hoexter_site):
    """Five projects of four towns in Kreis Höxter; Brakel's editor and the Kreis' coordinator.

    Brakel leads "Einführung E-Akte" (in Umsetzung), in which Höxter takes part; Höxter has two
    more (both geplant, one members-only). Steinheim (in Betrieb) and Warburg (Idee) each work on
    the Massenverfahren Kfz-Zulassung in the Handlungsfeld Mobilität, separately: two overlaps.
    Warburg's project is stale; Warburg has an editor of its own.
    """
    brakel = OrganisationPage.objects.get(ags="05762016")
    hoexter = OrganisationPage.objects.get(ags="05762020")
    steinheim = OrganisationPage.objects.get(ags="05762032")
    warburg = OrganisationPage.objects.get(ags="05762036")
    kreis = OrganisationPage.objects.get(ags="05762")
    editor = UserFactory(username="brakel", organisation=brakel)
    permissions.make_editor(editor, brakel)
    permissions.make_editor(UserFactory(username="warburg", organisation=warburg), warburg)
    coordinator = UserFactory(username="koordination", organisation=kreis)
    permissions.add_to_role(coordinator, permissions.COORDINATORS)
    filled_register(brakel, hoexter, editor)
    overlap = overlapping_projects(steinheim, warburg)
    return {
        "url": hoexter_site,
        "editor": editor,
        "coordinator": coordinator,
        "stale": overlap["stale"],
        "leistung": overlap["leistung"],
    }


def assert_fits_320_pixels(page, path):
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"


def low_contrast(page):
    """Text that axe-core leaves for review, yet measured below the contrast WCAG asks for.

    axe-core does not judge text too short to be sure it is text, such as the lone digit of a
    heat map cell; it still measures it.
    """
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("async () => await axe.run(document, {runOnly: ['color-contrast']})")
    found = []
    for rule in result["incomplete"]:
        for node in rule["nodes"]:
            for check in node["any"]:
                data = check.get("data") or {}
                ratio, expected = data.get("contrastRatio"), data.get("expectedContrastRatio")
                if ratio and expected and ratio < float(expected.split(":")[0]):
                    found.append(f"{node['target']}: {ratio}, expected {expected}")
    return found


PAGES = [
    ("coordinator", "/koordination/"),
    ("coordinator", "/koordination/abdeckung/"),
    ("coordinator", "/koordination/ozg/"),
    ("coordinator", "/koordination/ueberschneidungen/"),
    ("editor", "/koordination/"),
    ("editor", "/koordination/abdeckung/"),
    ("editor", "/koordination/ozg/"),
    ("editor", "/koordination/ueberschneidungen/"),
]


@pytest.mark.parametrize(("role", "path"), PAGES)
def test_dashboard_pages_have_no_axe_violations_and_fit_320_pixels(
    page, dashboard_site, axe_violations, role, path
):
    sign_in(page, dashboard_site["url"], dashboard_site[role])
    response = page.goto(dashboard_site["url"] + path)
    assert response.status == 200
    assert axe_violations(page) == []
    assert low_contrast(page) == []
    assert_fits_320_pixels(page, path)
    # At 320 px the matrices scroll inside their containers: axe checks them again there.
    assert axe_violations(page) == []


def test_dashboard_pages_show_what_the_checks_above_need(page, dashboard_site):
    """Guards the page checks: the parts they are meant to cover are on the pages they load."""
    site = dashboard_site["url"]
    sign_in(page, site, dashboard_site["coordinator"])
    page.goto(site + "/koordination/")
    expect(page.get_by_role("main").get_by_role("img")).to_have_count(3)
    expect(
        page.get_by_role("button", name="Redaktion an „Zulassung digital“ erinnern")
    ).to_be_visible()
    expect(
        page.get_by_role("table", name=re.compile("^Maßnahmen je Handlungsfeld"))
    ).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("^Förderprogramme"))).to_be_visible()
    page.goto(site + "/koordination/ueberschneidungen/")
    expect(page.get_by_role("button", name=re.compile("^Kontakt herstellen"))).to_have_count(2)
    # The darkest shade of the heat map, with light text: low_contrast() measures it.
    page.goto(site + "/koordination/ozg/")
    expect(page.locator(".heat-4")).to_have_count(2)


# (chart title, [(label, count)]): what the dashboard_site's projects add up to.
NETWORK_CHARTS = [
    (
        "Projekte nach Status",
        [
            ("Idee", "1"),
            ("geplant", "2"),
            ("in Umsetzung", "1"),
            ("in Betrieb", "1"),
            ("pausiert", "0"),
            ("eingestellt", "0"),
        ],
    ),
    ("Projekte nach Handlungsfeld", [("Mobilität", "2"), ("Verwaltung digital", "3")]),
    (
        "Die aktivsten Organisationen",
        [("Höxter", "3"), ("Brakel", "1"), ("Steinheim", "1"), ("Warburg", "1")],
    ),
]
BRAKEL_CHARTS = [
    (
        "Projekte nach Status",
        [
            ("Idee", "0"),
            ("geplant", "0"),
            ("in Umsetzung", "1"),
            ("in Betrieb", "0"),
            ("pausiert", "0"),
            ("eingestellt", "0"),
        ],
    ),
    ("Projekte nach Handlungsfeld", [("Verwaltung digital", "1")]),
]


@pytest.mark.parametrize(
    ("role", "charts"), [("coordinator", NETWORK_CHARTS), ("editor", BRAKEL_CHARTS)]
)
def test_each_chart_names_its_numbers_and_shows_the_same_as_its_table(
    page, dashboard_site, role, charts
):
    sign_in(page, dashboard_site["url"], dashboard_site[role])
    page.goto(dashboard_site["url"] + "/koordination/")
    expect(page.get_by_role("main").get_by_role("img")).to_have_count(len(charts))
    for title, expected in charts:
        table = page.get_by_role("table", name=title, exact=True)
        rows = [
            (row.get_by_role("rowheader").inner_text(), row.get_by_role("cell").inner_text())
            for row in table.locator("tbody tr").all()
        ]
        assert rows == expected, title
        chart = page.get_by_role("img", name=title, exact=True)
        expect(chart).to_have_accessible_description(
            "; ".join(f"{label}: {count}" for label, count in expected)
        )
        # What the eye sees: a bar per row with its label and value, as long as its share.
        labels = [text.strip() for text in chart.locator(".bar-chart__label").all_text_contents()]
        values = [text.strip() for text in chart.locator(".bar-chart__value").all_text_contents()]
        assert list(zip(labels, values, strict=True)) == expected, title
        widths = [float(bar.get_attribute("width")) for bar in chart.locator("rect").all()]
        largest = max(int(count) for _label, count in expected)
        assert [round(width / max(widths) * largest, 2) for width in widths] == [
            int(count) for _label, count in expected
        ], title


# The text of a cell as screen readers get it: without what is hidden from them (aria-hidden),
# with a space where a line breaks.
HEARD = """(cells) => cells.map((cell) => {
    const copy = cell.cloneNode(true);
    copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
    copy.querySelectorAll("br").forEach((br) => br.replaceWith(" "));
    return copy.textContent.split(/\\s+/).filter(Boolean).join(" ");
})"""


def matrix(page, name):
    """The header row and {row header: {column header: cell text}} of a matrix table."""
    table = page.get_by_role("table", name=name, exact=True)
    columns = table.locator("thead th").evaluate_all(HEARD)
    rows = {}
    for row in table.locator("tbody tr").all():
        cells = row.locator("td").evaluate_all(HEARD)
        rows[row.locator("th").inner_text()] = dict(zip(columns[1:], cells, strict=True))
    return columns, rows


def test_coverage_matrix_counts_projects_and_their_furthest_status(page, dashboard_site):
    sign_in(page, dashboard_site["url"], dashboard_site["coordinator"])
    page.goto(dashboard_site["url"] + "/koordination/abdeckung/")
    columns, rows = matrix(page, COVERAGE)
    assert list(rows) == ["Brakel", "Höxter", "Steinheim", "Warburg"]
    assert rows["Brakel"]["Verwaltung digital"] == "1 in Umsetzung"
    assert rows["Höxter"]["Verwaltung digital"] == "3 in Umsetzung"
    assert rows["Steinheim"]["Mobilität"] == "1 in Betrieb"
    assert rows["Warburg"]["Mobilität"] == "1 Idee"
    assert rows["Brakel"]["Mobilität"] == "keine"
    # A count leads to the projects behind it, in the register.
    page.get_by_role("link", name="3", exact=True).click()
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"kommune": ["hoexter"], "thema": ["verwaltung-digital"]}


def test_ozg_matrix_shows_the_massenverfahren_first_with_the_highest_reifegrad(
    page, dashboard_site
):
    sign_in(page, dashboard_site["url"], dashboard_site["coordinator"])
    page.goto(dashboard_site["url"] + "/koordination/ozg/")
    columns, rows = matrix(page, OZG)
    assert columns == [
        "Organisation",
        "Kfz-Zulassung Massenverfahren",
        "Baugenehmigung",
        "Bewohnerparkausweis",
    ]
    assert rows == {
        "Brakel": {
            "Kfz-Zulassung Massenverfahren": "keine",
            "Baugenehmigung": "2",
            "Bewohnerparkausweis": "4",
        },
        # Höxter reached 2 with Brakel's project and 1 with its own: the highest counts.
        "Höxter": {
            "Kfz-Zulassung Massenverfahren": "keine",
            "Baugenehmigung": "2",
            "Bewohnerparkausweis": "4",
        },
        "Steinheim": {
            "Kfz-Zulassung Massenverfahren": "3",
            "Baugenehmigung": "keine",
            "Bewohnerparkausweis": "keine",
        },
        "Warburg": {
            "Kfz-Zulassung Massenverfahren": "1",
            "Baugenehmigung": "keine",
            "Bewohnerparkausweis": "keine",
        },
    }


@pytest.mark.parametrize(("path", "name"), [("abdeckung/", COVERAGE), ("ozg/", OZG)])
def test_wide_matrix_scrolls_in_its_own_container_by_keyboard(
    page, dashboard_site, axe_violations, path, name
):
    sign_in(page, dashboard_site["url"], dashboard_site["coordinator"])
    page.goto(dashboard_site["url"] + "/koordination/" + path)
    page.set_viewport_size({"width": 320, "height": 640})
    region = page.get_by_role("region", name=name, exact=True)
    assert region.evaluate("(element) => element.scrollWidth > element.clientWidth")
    # The region is a tab stop of its own, right after the link before it.
    page.get_by_role("link", name="Als Excel-Datei (XLSX)").focus()
    page.keyboard.press("Tab")
    expect(region).to_be_focused()
    for _press in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "(element) => element.scrollLeft > 0", arg=region.element_handle(), timeout=2000
    )
    assert axe_violations(page) == []


def test_coverage_matrix_pages_through_more_than_fifty_organisations(
    page, dashboard_site, axe_violations
):
    """Four towns carry projects already; 47 more take part in one project: 51 rows."""
    partners = [
        (OrganisationPageFactory(title=f"Musterdorf {number:02d}"), PartnerRole.INVOLVED)
        for number in range(47)
    ]
    ProjectPageFactory(
        parent=OrganisationPage.objects.get(ags="05762016"),
        title="Gemeinsamer Serverraum",
        partners=partners,
    )
    sign_in(page, dashboard_site["url"], dashboard_site["coordinator"])
    page.goto(dashboard_site["url"] + "/koordination/abdeckung/")
    _columns, rows = matrix(page, COVERAGE)
    assert len(rows) == 50
    assert list(rows)[:2] == ["Brakel", "Höxter"]
    expect(page.get_by_text("Seite 1 von 2")).to_be_visible()
    assert axe_violations(page) == []
    assert_fits_320_pixels(page, page.url)

    page.get_by_role("link", name="Nächste Seite").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert parse_qs(urlsplit(page.url).query) == {"seite": ["2"]}
    expect(page.get_by_text("Seite 2 von 2")).to_be_visible()
    _columns, rows = matrix(page, COVERAGE)
    assert list(rows) == ["Warburg"]
    assert axe_violations(page) == []
    assert_fits_320_pixels(page, page.url)


def test_kontakt_herstellen_by_keyboard(page, dashboard_site, axe_violations):
    site = dashboard_site["url"]
    sign_in(page, site, dashboard_site["coordinator"])
    page.goto(site + "/koordination/ueberschneidungen/")
    overlap = page.locator(".overlap").filter(
        has=page.get_by_role("heading", name="Kfz-Zulassung (99100)", exact=True)
    )
    expect(overlap).to_contain_text("Steinheim, Warburg")
    expect(overlap).not_to_contain_text("Kontakt hergestellt am")

    overlap.get_by_role("button", name="Kontakt herstellen: Kfz-Zulassung (99100)").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert urlsplit(page.url).path == "/koordination/ueberschneidungen/"
    expect(
        page.get_by_text("Die Redaktionen von Steinheim, Warburg sind benachrichtigt.")
    ).to_be_visible()
    today = formats.date_format(timezone.localdate(), "j. F Y")
    expect(overlap).to_contain_text(f"Kontakt hergestellt am {today}.")
    mobility = page.locator(".overlap").filter(
        has=page.get_by_role("heading", name="Mobilität", exact=True)
    )
    expect(mobility).not_to_contain_text("Kontakt hergestellt am")
    introduction = Introduction.objects.get()
    assert introduction.subject_id == dashboard_site["leistung"].pk
    assert sorted(introduction.organisations.values_list("title", flat=True)) == [
        "Steinheim",
        "Warburg",
    ]
    assert axe_violations(page) == []
    assert_fits_320_pixels(page, page.url)


def test_reminder_button_of_a_stale_project_by_keyboard(page, dashboard_site, axe_violations):
    site = dashboard_site["url"]
    stale = dashboard_site["stale"]
    sign_in(page, site, dashboard_site["coordinator"])
    page.goto(site + "/koordination/")
    stale_list = page.get_by_role("region", name="Seit 90 Tagen ohne Neuigkeit")
    expect(stale_list.get_by_role("listitem")).to_have_count(1)
    expect(stale_list).to_contain_text("Zulassung digital – Warburg")

    stale_list.get_by_role("button", name="Redaktion an „Zulassung digital“ erinnern").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert urlsplit(page.url).path == "/koordination/"
    expect(page.get_by_text("Die Redaktion von „Zulassung digital“ ist erinnert.")).to_be_visible()
    assert list(
        Notification.objects.filter(
            kind=NotificationKind.REMINDER, subject_id=stale.pk
        ).values_list("recipient__username", flat=True)
    ) == ["warburg"]
    assert axe_violations(page) == []


def test_editor_sees_the_overview_of_their_organisation_only(page, dashboard_site):
    sign_in(page, dashboard_site["url"], dashboard_site["editor"])
    page.goto(dashboard_site["url"] + "/koordination/")
    expect(page.get_by_text("Überblick für Brakel")).to_be_visible()
    expect(page.get_by_text("1 Projekt; in diesem Monat")).to_be_visible()
    expect(page.get_by_role("img", name="Die aktivsten Organisationen")).to_have_count(0)
    stale_list = page.get_by_role("region", name="Seit 90 Tagen ohne Neuigkeit")
    expect(stale_list).to_contain_text("Alle Projekte sind aktuell.")
    expect(page.get_by_role("button", name=re.compile("erinnern$"))).to_have_count(0)
    page.goto(dashboard_site["url"] + "/koordination/abdeckung/")
    _columns, rows = matrix(page, COVERAGE)
    assert list(rows) == ["Brakel"]
