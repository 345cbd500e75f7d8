"""Events of the network (Termine): meetings, trainings and webinars, public to every visitor."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin


class EventKind(models.TextChoices):
    NETZWERKTREFFEN = "netzwerktreffen", _("Netzwerktreffen")
    SCHULUNG = "schulung", _("Schulung")
    WEBINAR = "webinar", _("Webinar")
    SONSTIGES = "sonstiges", _("Sonstiges")


class EventQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def upcoming(self):
        """Events not yet over, soonest first: one that is running still counts as upcoming."""
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")

    def past(self):
        """Events that are over, latest first."""
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-pk")


class Event(index.Indexed, models.Model):
    """A date in the network's calendar, such as a Netzwerktreffen or a training.

    Coordinators keep events in the admin; visitors see them at /netzwerk/termine/ and subscribe
    to them as an iCalendar feed.
    """

    title = models.CharField(_("Titel"), max_length=200)
    kind = models.CharField(
        _("Art"), max_length=20, choices=EventKind.choices, default=EventKind.NETZWERKTREFFEN
    )
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    location = models.CharField(
        _("Ort"),
        max_length=255,
        blank=True,
        help_text=_("Adresse und Raum, z. B. „Kreishaus Höxter, Sitzungssaal“."),
    )
    online_url = models.URLField(
        _("Link zur Online-Teilnahme"),
        blank=True,
        help_text=_("Für Webinare und hybride Treffen, z. B. der Link zur Videokonferenz."),
    )
    description = RichTextField(_("Beschreibung"), blank=True)
    agenda = RichTextField(_("Tagesordnung"), blank=True)
    organiser = models.ForeignKey(
        "network.OrganisationPage",
        verbose_name=_("Veranstalter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    # Calendar programs recognise an event by its UID, so it must never change: not even when
    # the event moves to another database with another primary key.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    objects = EventQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.SearchField("agenda"),
        index.SearchField("location"),
        index.RelatedFields("organiser", [index.SearchField("title")]),
        index.FilterField("kind"),
        index.FilterField("starts_at"),
        index.FilterField("ends_at"),
    ]

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["starts_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:event", args=[self.pk])

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Das Ende muss nach dem Beginn liegen.")})

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def ends_on_start_day(self):
        return timezone.localdate(self.starts_at) == timezone.localdate(self.ends_at)
