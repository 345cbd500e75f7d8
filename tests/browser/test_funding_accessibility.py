"""The funding pages in a real browser: axe-core clean and 320 px wide, for visitors and members."""

import pytest
from playwright.sync_api import expect

from kb.models import DeadlineLabel
from tests.factories.kb import ApplicantGroupFactory, FundingCallPageFactory, HandlungsfeldFactory
from tests.factories.network import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def calls(hoexter_site):
    """Calls of every status, one with every field filled in and long names to wrap."""
    handlungsfelder = [
        HandlungsfeldFactory(name="Smart Region und Daten"),
        HandlungsfeldFactory(name="Klima, Energie und Umwelt"),
    ]
    groups = [
        ApplicantGroupFactory(name="Interkommunaler Verbund"),
        ApplicantGroupFactory(name="Zweckverband"),
    ]
    full = FundingCallPageFactory(
        title="Smart Region im ländlichen Raum: Daten für Planung und Daseinsvorsorge",
        programme="EFRE NRW: Innovation und Digitalisierung",
        funder="Europäischer Fonds für regionale Entwicklung, verwaltet vom Land",
        deadlines=[(DeadlineLabel.SKIZZE, 0), (DeadlineLabel.ANTRAG, 70)],
        handlungsfelder=handlungsfelder,
        applicant_groups=groups,
        description="<h2>Gefördert werden</h2><ul><li>Datenplattformen</li><li>Sensorik</li></ul>",
        funding_rate_note="80 Prozent für Verbünde aus mindestens drei Kommunen",
        max_amount=1500000,
        link="https://efre.nrw.example/aufrufe/smart-region-mit-einem-sehr-langen-pfad",
        contact_name="EFRE-Verwaltungsbehörde, Team Digitalisierung",
        contact_email="smart-region-digitalisierung@efre.nrw.example",
        contact_phone="0211 0000-610",
    )
    FundingCallPageFactory(title="Gigabitförderung", deadlines=[31])
    closed = FundingCallPageFactory(title="Treffpunkte digital", deadlines=[-1])
    return {"full": full.slug, "closed": closed.slug}


PAGES = [
    "/foerderung/",
    "/foerderung/?status=endet-bald&thema=kaputt",
    "/foerderung/archiv/",
    "/foerderung/{full}/",
    "/foerderung/{closed}/",
]


@pytest.mark.parametrize("path", PAGES)
def test_funding_pages_have_no_axe_violations_and_fit_320_pixels(
    page, hoexter_site, calls, axe_violations, path
):
    path = path.format(**calls)
    page.goto(hoexter_site + path)
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"


def test_member_follows_a_handlungsfeld_by_keyboard(page, hoexter_site, calls, axe_violations):
    UserFactory(username="mitglied")
    page.goto(hoexter_site + "/konto/login/?next=/foerderung/{full}/".format(**calls))
    page.get_by_label("Anmeldung").fill("mitglied")
    page.get_by_label("Passwort").first.fill("demo-passwort")
    page.get_by_role("button", name="Anmeldung").click()
    page.set_viewport_size({"width": 320, "height": 640})
    assert axe_violations(page) == []

    page.get_by_role("button", name="„Klima, Energie und Umwelt“ folgen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    unfollow = page.get_by_role("button", name="„Klima, Energie und Umwelt“ nicht mehr folgen")
    expect(unfollow).to_be_visible()
    assert "Sie folgen „Klima, Energie und Umwelt“" in page.locator("main").inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
