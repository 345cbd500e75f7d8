"""Every page type in a real browser: axe-core WCAG 2.1 AA, 320 px width and keyboard use."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGES = [
    "/",
    "/kommunen/",
    "/kommunen/?kreis=05762&art=kreis",
    "/kommunen/?kreis=kaputt",
    "/kommunen/brakel/",
    "/kommunen/kreis-hoexter/",
    "/impressum/",
    "/netzwerk/",
    "/suche/?q=Brakel",
    "/konto/login/",
    "/gibt-es-nicht/",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations_and_fits_320_pixels(page, hoexter_site, axe_violations, path):
    page.goto(hoexter_site + path)
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"


def test_keyboard_user_skips_to_the_content(page, hoexter_site):
    page.goto(hoexter_site + "/kommunen/")
    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    assert skip_link.inner_text() == "Zum Inhalt springen"
    assert skip_link.evaluate("element => getComputedStyle(element).top") != "-64px"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"


def test_login_form_signs_in_with_the_email_address(page, hoexter_site, django_user_model):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user(
        "brakel", "brakel@digitalnetz.example", "demo-passwort"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    page.goto(hoexter_site + "/konto/login/")
    page.get_by_label("Anmeldung").fill("brakel@digitalnetz.example")
    page.get_by_label("Passwort").first.fill("demo-passwort")
    page.get_by_role("button", name="Anmeldung").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def test_axe_reports_a_real_violation(page, axe_violations):
    """Guards the harness: an image without alternative text must be reported."""
    page.set_content('<!DOCTYPE html><html lang="de"><title>t</title><img src="x.png"></html>')
    assert any(violation.startswith("image-alt") for violation in axe_violations(page))
