"""Contact people are shown exactly as far as each person has consented."""

import pytest
import vobject
import wagtail_factories
from django.utils import timezone

from network.models import CONSENT_TEXT_VERSION, ContactPerson, Function, Visibility
from tests.factories.network import ContactPersonFactory

pytestmark = pytest.mark.django_db

SECRET_FIELDS = ("name", "email", "phone")


def personal_values(contact):
    return [getattr(contact, name) for name in SECRET_FIELDS]


def shown(contact, html):
    """Which of the contact's name, e-mail and phone number appear in the HTML."""
    return [value for value in personal_values(contact) if value in html]


@pytest.mark.parametrize("role", ["visitor", "pending"])
def test_visitors_see_only_public_contacts_anywhere(
    client, people, contacts, brakel, hoexter, role
):
    if people[role]:
        client.force_login(people[role])
    pages = [
        client.get("/netzwerk/personen/").content.decode(),
        client.get(brakel.url).content.decode(),
        client.get(hoexter.url).content.decode(),
    ]
    # The search page repeats the query; what matters is what it finds beyond that.
    pages += [
        client.get("/suche/", {"q": contact.name}).content.decode().replace(contact.name, "")
        for contact in contacts.values()
        if contact != contacts["public"]
    ]
    html = "\n".join(pages)

    assert shown(contacts["public"], html) == personal_values(contacts["public"])
    for level in ("members", "hidden", "unrecorded"):
        assert shown(contacts[level], html) == [], level


def test_members_also_see_members_only_contacts(client, people, contacts, hoexter):
    client.force_login(people["member"])
    directory = client.get("/netzwerk/personen/").content.decode()
    organisation_page = client.get(hoexter.url).content.decode()
    search = client.get("/suche/", {"q": "Mitgliedsnah"}).content.decode()

    for html in (directory, organisation_page, search):
        assert shown(contacts["members"], html) == personal_values(contacts["members"])
        assert shown(contacts["hidden"], html) == []
        assert shown(contacts["unrecorded"], html) == []


def test_vcard_carries_the_contact_data(client, contacts):
    contact = contacts["public"]
    contact.expertise.set(["E-Akte"])
    contact.save()

    response = client.get(f"/netzwerk/personen/{contact.pk}/vcard/")

    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="paul-offentlich.vcf"'
    card = vobject.readOne(response.content.decode())
    assert card.fn.value == "Paul Öffentlich"
    assert card.n.value.family == "Öffentlich"
    assert card.n.value.given == "Paul"
    assert card.email.value == "paul@brakel.example"
    assert card.tel.value == "05272 1111"
    assert card.org.value == ["Brakel"]
    assert card.title.value == "Digitalisierungsbeauftragte/r"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"organisation": "brakel"}, ["Paul Öffentlich"]),
        ({"organisation": "{hoexter}"}, ["Carla Cdo", "Maria Mitgliedsnah"]),
        ({"function": Function.CDO}, ["Carla Cdo"]),
        ({"expertise": "breitband"}, ["Carla Cdo"]),
        ({"q": "mitglied"}, ["Maria Mitgliedsnah"]),
        ({"function": "unbekannt"}, ["Carla Cdo", "Maria Mitgliedsnah", "Paul Öffentlich"]),
    ],
)
def test_directory_filters(client, people, contacts, hoexter, query, expected):
    carla = ContactPersonFactory(name="Carla Cdo", organisation=hoexter, function=Function.CDO)
    carla.expertise.set(["Breitband"])
    carla.save()
    client.force_login(people["member"])

    query = {key: value.format(hoexter=hoexter.slug) for key, value in query.items()}
    response = client.get("/netzwerk/personen/", query)

    assert response.status_code == 200
    assert [contact.name for contact in response.context["contacts"]] == expected


def test_invalid_filter_shows_a_german_message(client, contacts):
    response = client.get("/netzwerk/personen/", {"function": "unbekannt"})
    assert "Bitte eine gültige Auswahl treffen." in response.content.decode()


def add_contacts(organisation, count):
    """Contacts as the lists show them: with expertise tags and a portrait."""
    for contact in ContactPersonFactory.create_batch(count, organisation=organisation):
        contact.expertise.set(["E-Akte", f"Thema {contact.pk}"])
        contact.photo = wagtail_factories.ImageFactory()
        contact.save()


@pytest.mark.parametrize(
    "url",
    ["/netzwerk/personen/?seite=2", "/kommunen/brakel/", "/suche/?q=Erika"],
)
def test_contact_lists_cost_the_same_queries_for_many_contacts(
    client, people, brakel, django_assert_max_num_queries, url
):
    client.force_login(people["member"])
    add_contacts(brakel, 3)
    client.get(url)  # renditions are made on the first view, as in production
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    # Counted now: the connection keeps only the last 9000 queries, and more follow.
    budget = len(few)
    add_contacts(brakel, 80)
    client.get(url)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.content.decode().count('class="contact-card__photo"') >= 10


def test_profile_records_consent_with_time_and_text_version(client, people):
    member = people["member"]
    client.force_login(member)
    before = timezone.now()

    response = client.post(
        "/konto/profil/",
        {
            "name": "Mira Mertens",
            "function": Function.ORGANISATION,
            "email": "mira@hoexter.example",
            "phone": "05271 9999",
            "expertise": "Serviceportal, OZG-Umsetzung",
            "visibility": Visibility.MEMBERS,
        },
    )

    assert response.status_code == 302
    contact = ContactPerson.objects.get(user=member)
    assert contact.organisation == member.organisation
    assert contact.visibility == Visibility.MEMBERS
    assert contact.consent_recorded_at >= before
    assert contact.consent_text_version == CONSENT_TEXT_VERSION
    assert sorted(contact.expertise.names()) == ["OZG-Umsetzung", "Serviceportal"]


def test_profile_rejects_bad_input_without_losing_the_entry(client, people, contacts):
    contact = contacts["members"]
    contact.user = people["member"]
    contact.save()
    client.force_login(people["member"])

    response = client.post(
        "/konto/profil/",
        {"name": "", "function": "x", "email": "keine-adresse", "visibility": "alle"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Dieses Feld muss ausgefüllt werden." in html
    assert "Bitte gültige E-Mail-Adresse eingeben." in html
    contact.refresh_from_db()
    assert contact.name == "Maria Mitgliedsnah"
    assert contact.visibility == Visibility.MEMBERS


def test_withdrawn_consent_removes_the_entry_everywhere_at_once(client, people, contacts, hoexter):
    contact = contacts["members"]
    contact.user = people["member"]
    contact.save()
    client.force_login(people["member"])
    assert ContactPerson.objects.visible_to(people["member"]).search("Mitgliedsnah").count() == 1

    client.post(
        "/konto/profil/",
        {
            "name": contact.name,
            "function": contact.function,
            "email": contact.email,
            "phone": contact.phone,
            "visibility": Visibility.HIDDEN,
        },
    )

    assert ContactPerson.objects.search("Mitgliedsnah").count() == 0
    for url in ("/netzwerk/personen/", hoexter.url, "/suche/?q=Mitgliedsnah"):
        assert shown(contact, client.get(url).content.decode()) == [], url
    assert client.get(f"/netzwerk/personen/{contact.pk}/vcard/").status_code == 404
    contact.refresh_from_db()
    assert contact.visibility == Visibility.HIDDEN
    assert contact.consent_recorded_at is not None


def test_coordinator_records_consent_in_the_admin(client, people, brakel):
    client.force_login(people["coordinator"])
    response = client.post(
        "/admin/snippets/network/contactperson/add/",
        {
            "name": "Greta Neu",
            "organisation": brakel.pk,
            "function": Function.IT_LEITUNG,
            "expertise": "Netzwerk",
            "email": "greta@brakel.example",
            "phone": "",
            "visibility": Visibility.PUBLIC,
        },
    )
    assert response.status_code == 302
    contact = ContactPerson.objects.get(name="Greta Neu")
    assert contact.is_listed
    assert contact.consent_text_version == CONSENT_TEXT_VERSION


def test_without_recorded_consent_nobody_sees_an_entry(people, contacts):
    contact = contacts["unrecorded"]
    ContactPerson.objects.filter(pk=contact.pk).update(visibility=Visibility.PUBLIC)
    for user in people.values():
        if user is not None:
            assert not ContactPerson.objects.visible_to(user).filter(pk=contact.pk).exists()


def test_profile_photo_can_be_uploaded_replaced_and_removed(client, people):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.images import get_image_model
    from wagtail_factories.factories import ImageFactory

    def jpeg(name):
        return SimpleUploadedFile(name, ImageFactory.build().file.read(), "image/jpeg")

    client.force_login(people["member"])
    entry = {"name": "Mira Mertens", "function": Function.ORGANISATION, "visibility": "public"}

    client.post("/konto/profil/", {**entry, "new_photo": jpeg("mira.jpg")})
    first = ContactPerson.objects.get(user=people["member"]).photo
    assert first.title == "Mira Mertens"
    assert first.uploaded_by_user == people["member"]
    assert "/media/images/" in client.get("/netzwerk/personen/").content.decode()

    client.post("/konto/profil/", {**entry, "new_photo": jpeg("neu.jpg")})
    second = ContactPerson.objects.get(user=people["member"]).photo
    assert second != first
    assert not get_image_model().objects.filter(pk=first.pk).exists()

    client.post("/konto/profil/", {**entry, "remove_photo": "on"})
    assert ContactPerson.objects.get(user=people["member"]).photo is None
    assert not get_image_model().objects.exists()


def test_profile_refuses_a_file_that_is_no_image(client, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["member"])
    upload = SimpleUploadedFile("lebenslauf.png", b"%PDF-1.4 kein Bild", "image/png")
    response = client.post(
        "/konto/profil/",
        {
            "name": "Mira",
            "function": Function.ORGANISATION,
            "visibility": "public",
            "new_photo": upload,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_photo"]
    assert not ContactPerson.objects.filter(user=people["member"]).exists()
