"""allauth's pages and e-mails address visitors formally ("Sie"), as the administration does.

django-allauth's own German uses "du"; locale/de/LC_MESSAGES/django.po overrides it.
"""

import html
import re

import pytest
from django.utils.html import strip_tags

from tests.factories.network import OrganisationPageFactory, UserFactory

pytestmark = pytest.mark.django_db

INFORMAL = re.compile(
    r"\b(du|dein|deine|deinen|deinem|deiner|dich|dir|hast|bist|kannst|musst|gib|bestätige)\b",
    re.IGNORECASE,
)


def visible_text(page):
    """The text a reader sees: without script and style elements, tags and entities."""
    page = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", page, flags=re.DOTALL | re.IGNORECASE)
    return html.unescape(strip_tags(page))


def informal_words(text):
    return sorted({match.group(0) for match in INFORMAL.finditer(text)})


@pytest.mark.parametrize(
    ("url", "formal"),
    [
        ("/konto/login/", "Sie haben noch kein Konto?"),
        ("/konto/signup/", "Sie haben bereits ein Konto?"),
        ("/konto/password/reset/", "Geben Sie unten Ihre E-Mail-Adresse ein."),
        ("/konto/password/reset/done/", "Wir haben Ihnen eine E-Mail gesendet."),
        ("/konto/confirm-email/", "Bestätigen Sie Ihre E-Mail-Adresse"),
    ],
)
def test_visitor_pages_address_the_reader_formally(client, url, formal):
    response = client.get(url)

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert informal_words(text) == []
    assert formal in text


def test_logout_question_is_formal(client):
    client.force_login(UserFactory())

    response = client.get("/konto/logout/")

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert informal_words(text) == []
    assert "Möchten Sie sich wirklich abmelden?" in text


def test_signup_confirmation_mail_is_formal(client, mailoutbox, django_capture_on_commit_callbacks):
    organisation = OrganisationPageFactory()
    data = {
        "first_name": "Erika",
        "last_name": "Muster",
        "email": "erika.muster@musterstadt.example",
        "username": "emuster",
        "organisation": organisation.pk,
        "function": "cdo",
        "password1": "ein-langes-passwort-2026",
        "password2": "ein-langes-passwort-2026",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/signup/", data)

    assert response.status_code == 302
    [mail] = [mail for mail in mailoutbox if mail.to == ["erika.muster@musterstadt.example"]]
    bodies = [mail.body] + [content for content, _mimetype in getattr(mail, "alternatives", [])]
    # The confirmation link carries a random key: leave URLs out of the word check.
    text = re.sub(r"https?://\S+", " ", "\n".join([mail.subject, *map(visible_text, bodies)]))
    assert informal_words(text) == []
    assert mail.subject.endswith("Bitte bestätigen Sie Ihre E-Mail-Adresse")
    assert re.search(r"\bSie\b", mail.body)
    assert re.search(r"\bIhre\b", mail.body)
