"""DSGVO self-service: export everything stored about a member, and erase it without a trace."""

import json
from pathlib import Path

import pytest
import wagtail_factories
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.functions import Cast
from wagtail.models import ModelLogEntry, PageLogEntry, Revision
from wagtail.users.models import UserProfile

from network.models import ContactPerson, Invitation, User, Visibility
from network.personal_data import ACCOUNT_FIELDS, CONTACT_FIELDS, USER_RELATIONS
from tests.factories.network import ContactPersonFactory, UserFactory

pytestmark = pytest.mark.django_db

# User fields that are no personal data of their own, or are exported in another form.
NOT_EXPORTED_USER_FIELDS = {
    "id",
    "password",  # a hash, useless to the person
    "is_staff",
    "is_superuser",
    "organisation",  # exported by its name
    "approval_decided_by",  # another person's account
}
NOT_EXPORTED_CONTACT_FIELDS = {"id", "organisation", "photo", "user"}  # exported by name/title
# Field types that cannot hold a name, an address or a phone number.
NON_TEXT_TYPES = {
    "AutoField",
    "BigAutoField",
    "BooleanField",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "DurationField",
    "FloatField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "BigIntegerField",
    "UUIDField",
    "BinaryField",
}


def relations_to_user():
    """Every relation from any model to the user model, except Django's own m2m tables."""
    return {
        f"{field.related_model._meta.label}.{field.field.name}"
        for field in User._meta.get_fields(include_hidden=True)
        if field.is_relation
        and field.auto_created
        and not field.concrete
        and not field.related_model._meta.auto_created
    }


def test_every_relation_to_the_user_is_covered_by_export_and_erasure():
    covered = {relation.key for relation in USER_RELATIONS}
    assert relations_to_user() - covered == set(), "add these to network.personal_data"
    assert covered - relations_to_user() == set(), "these no longer exist"


def test_export_lists_every_personal_field_of_account_and_contact_entry():
    user_fields = {field.name for field in User._meta.concrete_fields}
    assert user_fields - NOT_EXPORTED_USER_FIELDS == set(ACCOUNT_FIELDS)
    contact_fields = {field.name for field in ContactPerson._meta.concrete_fields}
    exported = {name.split("__")[0] for name in CONTACT_FIELDS} | {"id"}
    assert contact_fields - NOT_EXPORTED_CONTACT_FIELDS <= exported
    assert "pk" in CONTACT_FIELDS


@pytest.fixture
def zacharias(brakel, people):
    """A member who left traces everywhere; every personal value of his is unique."""
    user = UserFactory(
        username="zacharias",
        email="zacharias.zylinski@brakel.example",
        first_name="Zacharias",
        last_name="Zylinski",
        organisation=brakel,
    )
    photo = wagtail_factories.ImageFactory(title="Portrait Zylinski")
    contact = ContactPersonFactory(
        name="Zacharias Zylinski",
        organisation=brakel,
        user=user,
        email="zz@brakel.example",
        phone="05272 987654",
        photo=photo,
        consent=Visibility.PUBLIC,
    )
    contact.expertise.set(["Zylinderkopfdichtung"])
    contact.save()
    ModelLogEntry.objects.log_action(contact, "wagtail.edit", user=user)
    ModelLogEntry.objects.log_action(user, "wagtail.edit", user=people["coordinator"])
    profile = UserProfile.get_for_user(user)
    profile.avatar = SimpleUploadedFile("zylinski.png", b"avatar of Zylinski")
    profile.save()
    brakel.save_revision(user=user, log_action=True)
    brakel.locked = True
    brakel.locked_by = user
    brakel.save()
    wagtail_factories.ImageFactory(title="Rathaus", uploaded_by_user=user)
    Invitation.objects.create(email="gast@brakel.example", organisation=brakel, invited_by=user)
    Invitation.objects.create(email=user.email, organisation=brakel, accepted_by=user)
    people["pending"].approval_decided_by = user
    people["pending"].save()
    return user


PERSONAL_VALUES = [
    "zacharias",
    "Zylinski",
    "zacharias.zylinski@brakel.example",
    "zz@brakel.example",
    "05272 987654",
]
# Expertise tags are the network's shared vocabulary, not personal data; they are exported.
EXPORTED_VALUES = [*PERSONAL_VALUES, "Zylinderkopfdichtung"]


def test_export_contains_all_personal_data(client, zacharias):
    client.force_login(zacharias)

    response = client.get("/konto/meine-daten/export.json")

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="digitalnetz-')
    data = json.loads(response.content)
    text = json.dumps(data, ensure_ascii=False)
    for value in EXPORTED_VALUES:
        assert value in text
    assert data["account"]["organisation"] == "Brakel"
    assert data["roles"] == ["Mitglieder"]
    contact = data["related_records"]["network.ContactPerson.user"][0]
    assert contact["expertise"] == ["Zylinderkopfdichtung"]
    assert contact["visibility"] == "public"
    assert contact["consent_text_version"]
    assert data["related_records"]["wagtailcore.Revision.user"][0]["object_str"] == "Brakel"
    assert data["related_records"]["network.Invitation.invited_by"][0]["email"] == (
        "gast@brakel.example"
    )


def rows_containing(value):
    """Every (model, field) whose stored text contains the value, over all tables."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.get_internal_type() in NON_TEXT_TYPES:
                continue
            rows = model._base_manager.annotate(as_text=Cast(field.name, models.TextField()))
            if rows.filter(as_text__icontains=value).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_deletion_leaves_no_personal_datum_behind(client, zacharias, people):
    client.force_login(zacharias)
    other_device = type(client)()
    other_device.force_login(zacharias)
    assert ContactPerson.objects.search("Zylinski").count() == 1
    revision = Revision.objects.get(user=zacharias)
    for value in PERSONAL_VALUES:
        assert rows_containing(value), f"the scan must find {value} before the deletion"
    assert any("zylinski" in path.name for path in Path(settings.MEDIA_ROOT).rglob("*"))
    assert "wagtailsearch.IndexEntry.title" in rows_containing("Zylinski")

    page = client.get("/konto/meine-daten/")
    assert page.status_code == 200
    response = client.post(
        "/konto/meine-daten/loeschen/", {"password": "demo-passwort", "confirm": "on"}
    )

    assert response["Location"] == "/"
    assert not User.objects.filter(username="zacharias").exists()
    for value in PERSONAL_VALUES:
        assert rows_containing(value) == [], value
    assert ContactPerson.objects.search("Zylinski").count() == 0
    assert not any("zylinski" in path.name for path in Path(settings.MEDIA_ROOT).rglob("*"))
    assert not any(
        session.get_decoded().get("_auth_user_id") == str(zacharias.pk)
        for session in Session.objects.all()
    )
    assert not other_device.get("/").context["user"].is_authenticated
    # What others rely on stays, detached from him.
    revision.refresh_from_db()
    assert revision.user is None
    assert PageLogEntry.objects.filter(page=revision.object_id, user__isnull=True).exists()
    people["pending"].refresh_from_db()
    assert people["pending"].approval_decided_by is None
    assert Invitation.objects.filter(email="gast@brakel.example", invited_by=None).exists()


def test_deletion_needs_the_password_and_the_confirmation(client, zacharias):
    client.force_login(zacharias)

    response = client.post("/konto/meine-daten/loeschen/", {"password": "falsch"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Das Passwort ist nicht korrekt." in html
    assert "Dieses Feld muss ausgefüllt werden." in html
    assert User.objects.filter(pk=zacharias.pk).exists()
