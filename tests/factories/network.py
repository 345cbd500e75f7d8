from datetime import timedelta

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.utils import timezone

from network import permissions
from network.models import (
    ApprovalStatus,
    ContactPerson,
    Event,
    EventKind,
    Function,
    OrganisationIndexPage,
    OrganisationKind,
    OrganisationPage,
    OzgLebenslage,
    OzgLeistung,
    OzgThemenfeld,
    User,
    Visibility,
)


class OrganisationPageFactory(wagtail_factories.PageFactory):
    """A town below the directory page that the migrations create."""

    title = factory.Sequence(lambda n: f"Musterstadt {n}")
    official_name = factory.LazyAttribute(lambda page: f"{page.title}, Stadt")
    kind = OrganisationKind.STADT
    ags = factory.Sequence(lambda n: f"{99000000 + n:08d}")
    population = 12345
    parent = factory.LazyFunction(OrganisationIndexPage.objects.get)

    class Meta:
        model = OrganisationPage


class KreisPageFactory(OrganisationPageFactory):
    title = factory.Sequence(lambda n: f"Kreis Muster {n}")
    official_name = factory.LazyAttribute(lambda page: page.title.removeprefix("Kreis "))
    kind = OrganisationKind.KREIS
    ags = factory.Sequence(lambda n: f"{90000 + n:05d}")
    population = None


class UserFactory(factory.django.DjangoModelFactory):
    """An approved member with a verified e-mail address; password "demo-passwort"."""

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@digitalnetz.example")
    first_name = "Paula"
    last_name = factory.Sequence(lambda n: f"Muster{n}")
    function = Function.DIGITALISIERUNGSBEAUFTRAGTE
    approval_status = ApprovalStatus.APPROVED
    password = factory.PostGenerationMethodCall("set_password", "demo-passwort")

    class Meta:
        model = User
        skip_postgeneration_save = True

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        if user.approval_status == ApprovalStatus.APPROVED:
            permissions.add_to_role(user, permissions.MEMBERS)


class PendingUserFactory(UserFactory):
    approval_status = ApprovalStatus.PENDING


class ContactPersonFactory(factory.django.DjangoModelFactory):
    """A contact with recorded consent: `consent=Visibility.MEMBERS`; public by default.

    `consent=False` leaves the consent unrecorded.
    """

    name = factory.Sequence(lambda n: f"Erika Kontakt{n}")
    organisation = factory.SubFactory(OrganisationPageFactory)
    function = Function.DIGITALISIERUNGSBEAUFTRAGTE
    email = factory.Sequence(lambda n: f"kontakt{n}@musterstadt.example")
    phone = factory.Sequence(lambda n: f"05271 4711-{n}")

    class Meta:
        model = ContactPerson
        skip_postgeneration_save = True

    @factory.post_generation
    def consent(contact, create, extracted, **kwargs):
        if extracted is not False:
            contact.record_consent(extracted or Visibility.PUBLIC)
        contact.save()


class EventFactory(factory.django.DjangoModelFactory):
    """A two-hour Netzwerktreffen a week from now, without organiser unless one is given."""

    title = factory.Sequence(lambda n: f"Netzwerktreffen {n}")
    kind = EventKind.NETZWERKTREFFEN
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=2))
    location = "Kreishaus, Sitzungssaal"
    description = "<p>Austausch über die laufenden Projekte.</p>"
    agenda = "<ol><li>Begrüßung</li><li>Berichte aus den Kommunen</li></ol>"

    class Meta:
        model = Event


class ForumCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Kategorie {n}")
    slug = factory.Sequence(lambda n: f"kategorie-{n}")

    class Meta:
        model = "network.ForumCategory"


class OzgLeistungFactory(factory.django.DjangoModelFactory):
    """A service of the OZG catalogue, in a Lebenslage and Themenfeld of its own."""

    ozg_id = factory.Sequence(lambda n: f"{90000 + n}")
    name = factory.Sequence(lambda n: f"Leistung {n}")
    lebenslage = factory.LazyFunction(
        lambda: OzgLebenslage.objects.get_or_create(
            name="Bauen",
            themenfeld=OzgThemenfeld.objects.get_or_create(name="Bauen & Wohnen")[0],
        )[0]
    )

    class Meta:
        model = OzgLeistung
