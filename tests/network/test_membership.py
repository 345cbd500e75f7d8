"""The way into the network: sign-up, waiting for approval, approval, rejection, invitation."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command

from network import permissions
from network.models import ApprovalStatus, Function, Invitation, OrganisationPage, User
from tests.factories.network import PendingUserFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "ein-langes-passwort-2026"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for a commit (allauth's and our mails) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


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
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


def link_in_mail(address, path):
    """The path of the first link to `path` mailed to the address."""
    message = next(m for m in mail.outbox if address in m.to and path in m.body)
    return re.search(rf"https?://[^/\s]+({re.escape(path)}\S*)", message.body).group(1)


def mails_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def test_sign_up_records_organisation_and_function_and_waits(client, people, brakel, committed):
    with committed():
        response = sign_up(client, brakel)

    assert response.status_code == 302
    user = User.objects.get(username="nora")
    assert user.organisation == brakel
    assert user.function == Function.DIGITALISIERUNGSBEAUFTRAGTE
    assert user.approval_status == ApprovalStatus.PENDING
    assert not user.groups.exists()
    # Nobody is bothered before the address is confirmed: it may be anyone's.
    assert mails_to(people["coordinator"]) == []
    client.force_login(people["coordinator"])
    assert user not in client.get("/netzwerk/freischaltungen/").context["pending_users"]


def test_confirmed_sign_up_reaches_the_coordinators(client, people, brakel, committed):
    with committed():
        sign_up(client, brakel)
    with committed():
        client.post(link_in_mail("nora@brakel.example", "/konto/confirm-email/"))

    waiting = mails_to(people["coordinator"])
    assert len(waiting) == 1
    assert "Nora Neumann (Brakel)" in waiting[0].body
    assert "/netzwerk/freischaltungen/" in waiting[0].body
    client.force_login(people["coordinator"])
    queue = client.get("/netzwerk/freischaltungen/").context["pending_users"]
    assert User.objects.get(username="nora") in queue


def test_sign_up_without_organisation_is_refused_in_german(client, brakel):
    response = client.post("/konto/signup/", {"email": "x@example.org", "username": "x"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "organisation" in form.errors
    assert "Dieses Feld muss ausgefüllt werden." in form.errors["function"]
    response = client.post("/konto/signup/", {"username": "x", "organisation": "9" * 30})
    assert "organisation" in response.context["form"].errors
    assert not User.objects.filter(username="x").exists()


def test_pending_member_logs_in_to_the_waiting_page(client, people, brakel, committed):
    with committed():
        sign_up(client, brakel)
    client.post(link_in_mail("nora@brakel.example", "/konto/confirm-email/"))
    client.logout()

    response = client.post("/konto/login/", {"login": "nora@brakel.example", "password": PASSWORD})

    assert response["Location"] == "/konto/freischaltung/"
    page = client.get("/konto/freischaltung/").content.decode()
    assert "wartet auf Freischaltung" in page
    assert client.get("/netzwerk/personen/").status_code == 200
    assert client.get("/konto/profil/")["Location"] == "/konto/freischaltung/"


def test_coordinator_approves_from_the_queue(client, people, committed):
    pending = people["pending"]
    client.force_login(people["coordinator"])
    assert pending.email in client.get("/netzwerk/freischaltungen/").content.decode()

    with committed():
        response = client.post(f"/netzwerk/freischaltungen/{pending.pk}/", {"decision": "approve"})

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.approval_status == ApprovalStatus.APPROVED
    assert pending.approval_decided_by == people["coordinator"]
    assert permissions.is_member(User.objects.get(pk=pending.pk))
    [approved] = mails_to(pending)
    assert "freigeschaltet" in approved.subject
    assert "/konto/login/" in approved.body
    assert pending.email not in client.get("/netzwerk/freischaltungen/").content.decode()


def test_a_second_decision_changes_nothing(client, people, committed):
    pending = people["pending"]
    client.force_login(people["coordinator"])
    with committed():
        client.post(f"/netzwerk/freischaltungen/{pending.pk}/", {"decision": "approve"})
    with committed():
        response = client.post(f"/netzwerk/freischaltungen/{pending.pk}/", {"decision": "reject"})
    assert response.status_code == 404
    assert User.objects.get(pk=pending.pk).approval_status == ApprovalStatus.APPROVED
    assert len(mails_to(pending)) == 1


def test_rejection_tells_the_person_why_and_deletes_the_account(client, people, committed):
    pending = people["pending"]
    client.force_login(people["coordinator"])

    with committed():
        client.post(
            f"/netzwerk/freischaltungen/{pending.pk}/",
            {"decision": "reject", "reason": "Keine Verwaltung im Netzwerk."},
        )

    [rejected] = mails_to(pending)
    assert "Keine Verwaltung im Netzwerk." in rejected.body
    assert "Guten Tag Paula" in rejected.body
    assert not User.objects.filter(pk=pending.pk).exists()
    assert not EmailAddress.objects.filter(email=pending.email).exists()


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


def invite(client, inviter, email, organisation, committed):
    client.force_login(inviter)
    with committed():
        response = client.post(
            "/netzwerk/einladungen/", {"email": email, "organisation": organisation.pk}
        )
    client.logout()
    return response


def test_invited_person_signs_up_from_the_link_and_is_approved(
    client, people, brakel, hoexter, committed
):
    invite(client, people["editor_brakel"], "Eingeladen@Brakel.example", brakel, committed)
    link = link_in_mail("Eingeladen@Brakel.example", "/konto/einladung/")

    signup_page = client.get(link, follow=True)
    assert signup_page.context["form"]["email"].value() == "Eingeladen@Brakel.example"
    with committed():
        sign_up(client, hoexter, email="eingeladen@brakel.example", username="eingeladen")

    user = User.objects.get(username="eingeladen")
    assert user.approval_status == ApprovalStatus.APPROVED
    assert user.organisation == brakel  # the invitation decides the organisation
    assert permissions.is_member(user)
    assert EmailAddress.objects.get(user=user).verified  # the link proved the address
    assert Invitation.objects.get().accepted_by == user
    assert mails_to(people["coordinator"]) == []
    assert client.get("/").context["user"] == user


def test_the_invited_address_alone_does_not_approve(client, people, brakel, committed):
    """Whoever signs up with an invited address but without the link waits like anyone."""
    invite(client, people["coordinator"], "eingeladen@brakel.example", brakel, committed)
    with committed():
        sign_up(client, brakel, email="eingeladen@brakel.example", username="fremd")
    assert User.objects.get(username="fremd").approval_status == ApprovalStatus.PENDING
    assert Invitation.objects.get().accepted_by is None


def test_expired_or_used_invitation_link_explains_itself(client, people, brakel, committed):
    invite(client, people["coordinator"], "spaet@brakel.example", brakel, committed)
    invitation = Invitation.objects.get()
    Invitation.objects.update(created_at=invitation.created_at - Invitation.VALIDITY)

    response = client.get(f"/konto/einladung/{invitation.token}/")

    assert response.status_code == 404
    assert "Einladung nicht mehr gültig" in response.content.decode()
    assert "network_invitation" not in client.session


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
    # Ids no database can hold are refused like any other organisation not offered.
    for organisation in ["9" * 30, "abc", "-1"]:
        response = client.post(
            "/netzwerk/einladungen/", {"email": "x@hoexter.example", "organisation": organisation}
        )
        assert "organisation" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_inviting_an_existing_account_does_not_reveal_it(client, people, brakel, committed):
    member = people["member"]
    response = invite(client, people["editor_brakel"], member.email.upper(), brakel, committed)

    assert response.status_code == 302
    assert not Invitation.objects.exists()
    [reminder] = [m for m in mail.outbox if m.to == [member.email.upper()]]
    assert "bereits ein Konto" in reminder.body
    assert "/konto/einladung/" not in reminder.body


def test_new_organisation_gets_its_editors_group_with_rights_on_its_subtree_only(brakel, hoexter):
    assert brakel.editors_group is not None
    editor = UserFactory(organisation=brakel)
    permissions.make_editor(editor, brakel)
    assert brakel.permissions_for_user(editor).can_edit()
    assert brakel.permissions_for_user(editor).can_publish()
    assert not brakel.permissions_for_user(editor).can_unpublish()
    assert not hoexter.permissions_for_user(editor).can_edit()
    assert not brakel.get_parent().permissions_for_user(editor).can_edit()


def test_importer_creates_editors_groups_in_bulk(db):
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


def test_role_sync_brings_older_data_up_to_date(brakel):
    """Accounts approved before roles existed become members; organisations get their group."""
    older = UserFactory(organisation=brakel)
    older.groups.clear()
    OrganisationPage.objects.filter(pk=brakel.pk).update(editors_group=None)

    permissions.sync_role_groups()

    assert permissions.is_member(User.objects.get(pk=older.pk))
    assert OrganisationPage.objects.get(pk=brakel.pk).editors_group is not None
    assert not permissions.is_member(PendingUserFactory())


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

    client.post(f"/netzwerk/mitglieder/{member.pk}/rollen/", {"moderator": "on"})

    member = User.objects.get(pk=member.pk)
    assert permissions.roles_of(member) == {
        "editor": False,
        "moderator": True,
        "coordinator": False,
    }
    assert permissions.is_member(member)
    assert not brakel.permissions_for_user(member).can_edit()

    client.post(f"/netzwerk/mitglieder/{member.pk}/rollen/", {"coordinator": "on"})

    member = User.objects.get(pk=member.pk)
    assert permissions.can_approve_members(member)
    assert brakel.get_parent().permissions_for_user(member).can_edit()


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
    for elsewhere in ["https://evil.example/", "//evil.example/", "mitglieder", ""]:
        assert client.post(url, {"zurueck": elsewhere})["Location"] == "/netzwerk/mitglieder/"


def test_member_list_costs_the_same_queries_for_many_members(
    client, people, brakel, django_assert_max_num_queries
):
    client.force_login(people["coordinator"])
    with django_assert_max_num_queries(30) as few:
        assert client.get("/netzwerk/mitglieder/").status_code == 200
    # Counted now: the connection keeps only the last 9000 queries, and more follow.
    budget = len(few)
    for member in UserFactory.create_batch(120, organisation=brakel):
        permissions.make_editor(member, brakel)
    with django_assert_max_num_queries(budget):
        response = client.get("/netzwerk/mitglieder/", {"seite": 2})
    assert len(response.context["rows"]) == 50
    assert all(form.initial["editor"] for _, form in response.context["rows"])
