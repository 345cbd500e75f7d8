"""The way into the network: sign-up, waiting for approval, approval, rejection, invitation."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from network import permissions
from network.models import ApprovalStatus, Function, Invitation, User
from tests.factories.network import PendingUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def sign_up(client, organisation, email="nora@brakel.example", username="nora"):
    return client.post(
        "/konto/signup/",
        {
            "first_name": "Nora",
            "last_name": "Neumann",
            "email": email,
            "username": username,
            "organisation": organisation.pk,
            "function": Function.DIGITALISIERUNGSBEAUFTRAGTE,
            "password1": "ein-langes-passwort-2026",
            "password2": "ein-langes-passwort-2026",
        },
    )


def confirm_email(client, email):
    """Follow the confirmation link allauth mailed to the address."""
    message = next(m for m in mail.outbox if email in m.to and "/konto/confirm-email/" in m.body)
    link = re.search(r"https?://[^/\s]+(/konto/confirm-email/\S+)", message.body).group(1)
    return client.post(link)


def log_in(client, login, password="ein-langes-passwort-2026"):
    return client.post("/konto/login/", {"login": login, "password": password})


def test_sign_up_records_organisation_and_function_and_waits(client, people, brakel):
    response = sign_up(client, brakel)

    assert response.status_code == 302
    user = User.objects.get(username="nora")
    assert user.organisation == brakel
    assert user.function == Function.DIGITALISIERUNGSBEAUFTRAGTE
    assert user.approval_status == ApprovalStatus.PENDING
    assert not user.groups.exists()
    waiting = [m for m in mail.outbox if m.to == [people["coordinator"].email]]
    assert len(waiting) == 1
    assert "Nora Neumann (Brakel)" in waiting[0].body
    assert "/netzwerk/freischaltungen/" in waiting[0].body


def test_sign_up_without_organisation_is_refused_in_german(client, brakel):
    response = client.post("/konto/signup/", {"email": "x@example.org", "username": "x"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "organisation" in form.errors
    assert "Dieses Feld muss ausgefüllt werden." in form.errors["function"]
    assert not User.objects.filter(username="x").exists()


def test_pending_member_logs_in_to_the_waiting_page(
    client, people, brakel, django_capture_on_commit_callbacks
):
    # allauth sends the confirmation mail once the sign-up is committed.
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, brakel)
    confirm_email(client, "nora@brakel.example")
    client.logout()

    response = log_in(client, "nora@brakel.example")

    assert response["Location"] == "/konto/freischaltung/"
    page = client.get("/konto/freischaltung/").content.decode()
    assert "wartet auf Freischaltung" in page
    assert client.get("/netzwerk/personen/").status_code == 200
    assert client.get("/konto/profil/")["Location"] == "/konto/freischaltung/"


def test_coordinator_approves_from_the_queue(client, people):
    pending = people["pending"]
    client.force_login(people["coordinator"])
    queue = client.get("/netzwerk/freischaltungen/").content.decode()
    assert pending.email in queue

    response = client.post(f"/netzwerk/freischaltungen/{pending.pk}/", {"decision": "approve"})

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.APPROVED
    assert pending.approval_decided_by == people["coordinator"]
    assert permissions.is_member(User.objects.get(pk=pending.pk))
    assert mail.outbox[-1].to == [pending.email]
    assert "freigeschaltet" in mail.outbox[-1].subject
    assert pending.email not in client.get("/netzwerk/freischaltungen/").content.decode()


def test_coordinator_rejects_with_a_reason_and_the_account_cannot_log_in(client, people):
    pending = people["pending"]
    client.force_login(people["coordinator"])

    client.post(
        f"/netzwerk/freischaltungen/{pending.pk}/",
        {"decision": "reject", "reason": "Keine Verwaltung im Netzwerk."},
    )

    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.REJECTED
    assert not pending.is_active
    assert "Keine Verwaltung im Netzwerk." in mail.outbox[-1].body
    client.logout()
    response = log_in(client, pending.username, "demo-passwort")
    assert response.status_code in (200, 302)
    assert response.get("Location", "") != "/"
    assert not client.get("/").context["user"].is_authenticated


def test_nonsense_decision_changes_nothing(client, people):
    pending = people["pending"]
    client.force_login(people["coordinator"])
    response = client.post(
        f"/netzwerk/freischaltungen/{pending.pk}/", {"decision": "drop"}, follow=True
    )
    assert "Die Entscheidung konnte nicht gelesen werden." in response.content.decode()
    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.PENDING


def test_members_cannot_approve(client, people):
    pending = people["pending"]
    client.force_login(people["member"])
    response = client.post(f"/netzwerk/freischaltungen/{pending.pk}/", {"decision": "approve"})
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.PENDING


def test_invited_person_is_approved_on_sign_up(client, people, brakel, hoexter):
    client.force_login(people["editor_brakel"])
    response = client.post(
        "/netzwerk/einladungen/", {"email": "Eingeladen@Brakel.example", "organisation": brakel.pk}
    )
    assert response.status_code == 302
    invitation_mail = mail.outbox[-1]
    assert invitation_mail.to == ["Eingeladen@Brakel.example"]
    assert "/konto/signup/" in invitation_mail.body
    client.logout()

    sign_up(client, hoexter, email="eingeladen@brakel.example", username="eingeladen")

    user = User.objects.get(username="eingeladen")
    assert user.approval_status == ApprovalStatus.APPROVED
    assert user.organisation == brakel  # the invitation decides the organisation
    assert permissions.is_member(user)
    assert Invitation.objects.get().accepted_by == user
    assert not [m for m in mail.outbox if m.to == [people["coordinator"].email]]


def test_editors_invite_only_into_their_own_organisation(client, people, hoexter):
    client.force_login(people["editor_brakel"])
    page = client.get("/netzwerk/einladungen/")
    assert list(page.context["form"].fields["organisation"].queryset) == [
        people["editor_brakel"].organisation
    ]

    response = client.post(
        "/netzwerk/einladungen/", {"email": "x@hoexter.example", "organisation": hoexter.pk}
    )

    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_invitation_for_an_existing_account_is_refused(client, people, brakel):
    client.force_login(people["coordinator"])
    response = client.post(
        "/netzwerk/einladungen/",
        {"email": people["member"].email.upper(), "organisation": brakel.pk},
    )
    assert "Für diese E-Mail-Adresse gibt es bereits ein Konto." in response.content.decode()


def test_expired_invitation_does_not_approve(client, people, brakel):
    invitation = Invitation.objects.create(
        email="spaet@brakel.example", organisation=brakel, invited_by=people["coordinator"]
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=invitation.created_at - Invitation.VALIDITY - Invitation.VALIDITY / 30
    )
    sign_up(client, brakel, email="spaet@brakel.example", username="spaet")
    assert User.objects.get(username="spaet").approval_status == ApprovalStatus.PENDING


def test_new_organisation_gets_its_editors_group_with_rights_on_its_subtree_only(brakel, hoexter):
    assert brakel.editors_group is not None
    editor = UserFactory(organisation=brakel)
    permissions.make_editor(editor, brakel)
    assert brakel.permissions_for_user(editor).can_edit()
    assert brakel.permissions_for_user(editor).can_publish()
    assert not hoexter.permissions_for_user(editor).can_edit()
    assert not brakel.get_parent().permissions_for_user(editor).can_edit()


def test_importer_creates_editors_groups_in_bulk(db):
    from django.core.management import call_command

    from network.models import OrganisationPage

    call_command(
        "import_gemeindeverzeichnis",
        "fixtures/gemeindeverzeichnis_destatis.csv",
        kreis="05762",
        verbosity=0,
    )
    organisations = OrganisationPage.objects.select_related("editors_group")
    assert organisations.count() == 11
    for organisation in organisations:
        group = organisation.editors_group
        assert group.name == f"Redaktion {organisation.title} ({organisation.ags})"
        assert {p.page_id for p in group.page_permissions.all()} == {organisation.pk}


def test_pending_user_has_no_member_rights(people):
    pending = people["pending"]
    assert not permissions.is_member(pending)
    assert PendingUserFactory().is_pending
    assert EmailAddress.objects.filter(user=pending, verified=True).exists()


def test_coordinator_gives_and_takes_roles(client, people, brakel):
    member = UserFactory(organisation=brakel)
    client.force_login(people["coordinator"])

    client.post(f"/netzwerk/mitglieder/{member.pk}/rollen/", {"editor": "on", "moderator": "on"})

    member = User.objects.get(pk=member.pk)
    assert permissions.roles_of(member) == {
        "editor": True,
        "moderator": True,
        "coordinator": False,
    }
    assert brakel.permissions_for_user(member).can_edit()

    client.post(f"/netzwerk/mitglieder/{member.pk}/rollen/", {"coordinator": "on"})

    member = User.objects.get(pk=member.pk)
    assert permissions.roles_of(member) == {
        "editor": False,
        "moderator": False,
        "coordinator": True,
    }
    assert permissions.is_member(member)
    assert not brakel.permissions_for_user(member).can_publish() or member.has_perm(
        permissions.APPROVE_MEMBER
    )


def test_coordinator_cannot_drop_their_own_coordination(client, people):
    coordinator = people["coordinator"]
    client.force_login(coordinator)
    response = client.post(f"/netzwerk/mitglieder/{coordinator.pk}/rollen/", {}, follow=True)
    assert "nicht selbst entziehen" in response.content.decode()
    assert permissions.roles_of(User.objects.get(pk=coordinator.pk))["coordinator"]


def test_role_change_returns_to_the_list_but_never_to_another_site(client, people):
    member = people["member"]
    client.force_login(people["coordinator"])
    url = f"/netzwerk/mitglieder/{member.pk}/rollen/"
    back = "/netzwerk/mitglieder/?q=mitglied&seite=1"
    assert client.post(url, {"zurueck": back})["Location"] == back
    evil = client.post(url, {"zurueck": "https://evil.example/"})
    assert evil["Location"] == "/netzwerk/mitglieder/"


def test_member_list_costs_the_same_queries_for_many_members(
    client, people, brakel, django_assert_max_num_queries
):
    client.force_login(people["coordinator"])
    with django_assert_max_num_queries(30) as few:
        assert client.get("/netzwerk/mitglieder/").status_code == 200
    for member in UserFactory.create_batch(120, organisation=brakel):
        permissions.make_editor(member, brakel)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/netzwerk/mitglieder/", {"seite": 2})
    assert len(response.context["rows"]) == 50
    assert all(form.initial["editor"] for _, form in response.context["rows"])
