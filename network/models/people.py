from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.images import get_image_model
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from network.models.accounts import Function

# The version of the consent text a person agreed to; raise it whenever CONSENT_TEXT changes.
CONSENT_TEXT_VERSION = "2026-11"
CONSENT_TEXT = _(
    "Ich willige ein, dass meine Angaben (Name, Organisation, Funktion, Fachgebiete, E-Mail-"
    "Adresse, Telefonnummer und Foto) im Digitalnetz im gewählten Umfang angezeigt und "
    "durchsucht werden können. Ich kann diese Einwilligung jederzeit in meinem Profil ändern "
    "oder widerrufen; die Angaben verschwinden dann sofort aus Verzeichnis, Seiten und Suche."
)


class Visibility(models.TextChoices):
    PUBLIC = "public", _("öffentlich")
    MEMBERS = "members", _("nur für Mitglieder")
    HIDDEN = "hidden", _("verborgen")


# Shown to someone, if the consent to it is recorded.
LISTED_VISIBILITIES = [Visibility.PUBLIC, Visibility.MEMBERS]
PHOTO_RENDITION = "fill-96x96"


class ContactPersonQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def listed(self):
        """Everyone who has consented to be shown to someone: the only entries ever indexed."""
        return self.filter(consent_recorded_at__isnull=False, visibility__in=LISTED_VISIBILITIES)

    def for_listing(self):
        """With what every list of contacts shows, in a fixed number of queries."""
        return self.select_related("organisation").prefetch_related(
            "expertise",
            Prefetch(
                "photo", queryset=get_image_model().objects.prefetch_renditions(PHOTO_RENDITION)
            ),
        )

    def visible_to(self, user):
        # Imported here because network.permissions needs the models loaded first.
        from network.permissions import is_member

        if is_member(user):
            return self.listed()
        return self.listed().filter(visibility=Visibility.PUBLIC)


class ContactPersonExpertise(TaggedItemBase):
    content_object = ParentalKey(
        "network.ContactPerson", on_delete=models.CASCADE, related_name="tagged_expertise"
    )


class ContactPerson(index.Indexed, ClusterableModel):
    """Whom to call: a person responsible for digitalisation in an organisation.

    Shown only as far as the person has consented; without a recorded consent the entry is hidden.
    """

    name = models.CharField(_("Name"), max_length=200)
    organisation = models.ForeignKey(
        "network.OrganisationPage",
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="contact_people",
    )
    function = models.CharField(_("Funktion"), max_length=40, choices=Function.choices)
    expertise = ClusterTaggableManager(
        verbose_name=_("Fachgebiete"),
        through=ContactPersonExpertise,
        blank=True,
        help_text=_("Zum Beispiel: E-Akte, Breitband, Informationssicherheit."),
    )
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        "network.User",
        verbose_name=_("Benutzerkonto"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contact_person",
    )
    visibility = models.CharField(
        _("Sichtbarkeit"), max_length=10, choices=Visibility.choices, default=Visibility.HIDDEN
    )
    consent_recorded_at = models.DateTimeField(
        _("Einwilligung erfasst am"), null=True, blank=True, editable=False
    )
    consent_text_version = models.CharField(
        _("Fassung des Einwilligungstexts"), max_length=20, blank=True, editable=False
    )

    objects = ContactPersonQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("get_function_display"),
        index.RelatedFields("expertise", [index.SearchField("name")]),
        index.RelatedFields("organisation", [index.SearchField("title")]),
        index.FilterField("visibility"),
        index.FilterField("consent_recorded_at"),
        index.FilterField("organisation"),
        index.FilterField("function"),
    ]

    class Meta:
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_listed(self):
        return self.consent_recorded_at is not None and self.visibility in LISTED_VISIBILITIES

    def record_consent(self, visibility):
        """Store the person's choice together with when it was made and which text it refers to."""
        self.visibility = visibility
        self.consent_recorded_at = timezone.now()
        self.consent_text_version = CONSENT_TEXT_VERSION

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.listed().select_related("organisation")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.is_listed:
            # Withdrawn consent must leave the search index at once, not at the next rebuild.
            index.remove_object(self)
