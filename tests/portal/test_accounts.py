"""Signing in with django-allauth, by user name or e-mail, also for the Wagtail admin."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    user = get_user_model().objects.create_user(
        "brakel", "brakel@digitalnetz.example", "demo-passwort", is_superuser=True
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.mark.parametrize(
    "login", ["brakel", "brakel@digitalnetz.example", "BRAKEL@digitalnetz.example"]
)
def test_login_by_user_name_or_email(client, editor, login):
    response = client.post("/konto/login/", {"login": login, "password": "demo-passwort"})
    assert response.status_code == 302
    assert client.get("/").context["user"] == editor


def test_wrong_password_gets_a_german_message(client, editor):
    response = client.post("/konto/login/", {"login": "brakel", "password": "falsch"})
    assert response.status_code == 200
    assert "Anmeldename und/oder das Passwort sind leider falsch" in response.content.decode()


def test_admin_sends_visitors_to_the_allauth_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=/admin/")
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response["Location"] == "/konto/login/?next=/admin/pages/"


def test_signed_in_editor_reaches_the_admin(client, editor):
    client.post("/konto/login/", {"login": "brakel", "password": "demo-passwort"})
    assert client.get("/admin/").status_code == 200


def test_password_reset_does_not_reveal_whether_an_address_is_known(client, editor):
    known = client.post("/konto/password/reset/", {"email": editor.email})
    unknown = client.post("/konto/password/reset/", {"email": "niemand@digitalnetz.example"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    page_known = client.get(known["Location"]).content.decode()
    page_unknown = client.get(unknown["Location"]).content.decode()
    assert page_known.replace(editor.email, "") == page_unknown.replace(
        "niemand@digitalnetz.example", ""
    )


def test_sixth_wrong_login_in_a_row_is_refused(client, editor):
    for _attempt in range(5):
        response = client.post("/konto/login/", {"login": "brakel", "password": "falsch"})
        assert "Anmeldename und/oder das Passwort sind leider falsch" in response.content.decode()

    response = client.post("/konto/login/", {"login": "brakel", "password": "demo-passwort"})

    assert "Zu viele gescheiterte Anmeldeversuche" in response.content.decode()
    assert not client.get("/").context["user"].is_authenticated
