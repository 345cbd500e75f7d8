"""The people and membership pages in a real browser: axe-core clean, 320 px wide, per role."""

import pytest
from playwright.sync_api import expect

from network import permissions
from network.models import Invitation, OrganisationPage, Visibility
from tests.browser.signing_in import sign_in
from tests.factories.network import ContactPersonFactory, PendingUserFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def network_people(hoexter_site):
    brakel = OrganisationPage.objects.get(ags="05762016")
    coordinator = UserFactory(username="koordination", organisation=brakel)
    permissions.add_to_role(coordinator, permissions.COORDINATORS)
    contact = ContactPersonFactory(
        name="Bernd Brüggemann", organisation=brakel, user=coordinator, consent=Visibility.MEMBERS
    )
    contact.expertise.set(["E-Akte", "Dokumentenmanagement"])
    contact.save()
    ContactPersonFactory(name="Ina Wiesemann", organisation=brakel)
    Invitation.objects.create(
        email="eingeladen@brakel.example", organisation=brakel, invited_by=coordinator
    )
    return {
        "coordinator": coordinator,
        "pending": PendingUserFactory(username="neu", organisation=brakel),
        "visitor": None,
    }


PAGES = [
    ("visitor", "/netzwerk/personen/"),
    ("visitor", "/konto/signup/"),
    ("visitor", "/konto/password/reset/"),
    ("pending", "/konto/freischaltung/"),
    ("pending", "/konto/meine-daten/"),
    ("coordinator", "/netzwerk/personen/"),
    ("coordinator", "/netzwerk/personen/?function=unbekannt"),
    ("coordinator", "/kommunen/brakel/"),
    ("coordinator", "/suche/?q=Wiesemann"),
    ("coordinator", "/konto/profil/"),
    ("coordinator", "/konto/meine-daten/"),
    ("coordinator", "/netzwerk/freischaltungen/"),
    ("coordinator", "/netzwerk/einladungen/"),
    ("coordinator", "/netzwerk/mitglieder/"),
    ("coordinator", "/admin/pages/1/delete/"),
]


@pytest.mark.parametrize(("role", "path"), PAGES)
def test_people_pages_have_no_axe_violations_and_fit_320_pixels(
    page, hoexter_site, network_people, axe_violations, role, path
):
    sign_in(page, hoexter_site, network_people[role])
    page.goto(hoexter_site + path)
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"


def test_profile_errors_are_accessible(page, hoexter_site, network_people, axe_violations):
    sign_in(page, hoexter_site, network_people["coordinator"])
    page.goto(hoexter_site + "/konto/profil/")
    page.get_by_label("Name").fill("")
    page.get_by_label("E-Mail-Adresse").fill("keine-adresse")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Bitte gültige E-Mail-Adresse eingeben.")).to_be_visible()
    assert axe_violations(page) == []


def test_approval_by_keyboard(page, hoexter_site, network_people):
    sign_in(page, hoexter_site, network_people["coordinator"])
    page.goto(hoexter_site + "/netzwerk/freischaltungen/")
    page.get_by_role("button", name="Freischalten").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Zurzeit wartet niemand auf Freischaltung.")).to_be_visible()
    network_people["pending"].refresh_from_db()
    assert not network_people["pending"].is_pending
