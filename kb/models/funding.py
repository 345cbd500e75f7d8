"""Funding calls (Förderaufrufe): who funds what, for whom, and until when.

Coordinators keep the calls as pages below /foerderung/. A call's status follows from its dates
alone, so nobody has to close a call by hand: the day after its last deadline it moves to the
archive, where it stays for reference.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework.fields import CharField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from kb.api import DeadlinesField, HandlungsfelderField, NamesField
from network.notifications import followed_among
from network.permissions import is_member

# Funders set their deadlines in German time: a deadline lasts until midnight in Berlin, whatever
# time zone the server or the reader is in.
DEADLINE_ZONE = ZoneInfo("Europe/Berlin")
# A call "endet bald" when its next deadline is this many days away or fewer.
CLOSING_SOON_DAYS = 30


def today():
    """Today's date in Germany: the day that decides whether a deadline has passed."""
    return timezone.localdate(timezone=DEADLINE_ZONE)


class FundingLevel(models.TextChoices):
    EU = "eu", _("EU")
    BUND = "bund", _("Bund")
    LAND = "land", _("Land")
    KREIS = "kreis", _("Kreis")
    STIFTUNG = "stiftung", _("Stiftung")
    SONSTIGE = "sonstige", _("Sonstige")


class DeadlineLabel(models.TextChoices):
    SKIZZE = "skizze", _("Skizze")
    ANTRAG = "antrag", _("Antrag")
    VERWENDUNGSNACHWEIS = "verwendungsnachweis", _("Verwendungsnachweis")
    SONSTIGES = "sonstiges", _("Sonstiges")


class FundingStatus(models.TextChoices):
    ANNOUNCED = "angekuendigt", _("angekündigt")
    OPEN = "offen", _("offen")
    CLOSING_SOON = "endet-bald", _("endet bald")
    CLOSED = "geschlossen", _("geschlossen")

    @property
    def badge(self):
        """The KERN badge variant; the badge shows the status as text as well, never colour only."""
        return {
            "angekuendigt": "info",
            "offen": "success",
            "endet-bald": "warning",
            "geschlossen": "danger",
        }[self.value]


def funding_status(opens_on, next_deadline, on_day):
    """The status of a call on a day, from the day it opens and its next deadline.

    The rule behind every badge and reminder; FundingCallQuerySet.with_status() states the same
    rule as a database query for the lists.
    """
    if next_deadline is None or next_deadline < on_day:
        return FundingStatus.CLOSED
    if opens_on is not None and opens_on > on_day:
        return FundingStatus.ANNOUNCED
    if (next_deadline - on_day).days <= CLOSING_SOON_DAYS:
        return FundingStatus.CLOSING_SOON
    return FundingStatus.OPEN


class FundingCallQuerySet(PageQuerySet):
    def current(self):
        """Calls that are open or announced: those with a deadline still ahead."""
        return self.filter(next_deadline__gte=today())

    def closed(self):
        """Calls whose last deadline has passed: the archive."""
        return self.filter(Q(next_deadline__isnull=True) | Q(next_deadline__lt=today()))

    def with_status(self, status):
        """Calls with this status today, by the rule of funding_status()."""
        if status == FundingStatus.CLOSED:
            return self.closed()
        on_day = today()
        announced = Q(opens_on__gt=on_day)
        closing_soon = Q(next_deadline__lte=on_day + timedelta(days=CLOSING_SOON_DAYS))
        current = self.current()
        if status == FundingStatus.ANNOUNCED:
            return current.filter(announced)
        if status == FundingStatus.CLOSING_SOON:
            return current.exclude(announced).filter(closing_soon)
        return current.exclude(announced).exclude(closing_soon)

    def refresh_next_deadlines(self):
        """Move next_deadline on for calls whose next deadline has passed; returns how many.

        save() keeps the field right whenever a call changes; the passing days are this
        method's job, done daily by `manage.py send_deadline_reminders`.
        """
        stale = list(self.filter(next_deadline__lt=today()).prefetch_related("deadlines"))
        for call in stale:
            call.save(clean=False, update_fields=["next_deadline"])
        return len(stale)


class FundingCallPage(Page):
    """A funding call: a programme's invitation to apply, with its conditions and deadlines.

    Coordinators keep the calls below /foerderung/. Visitors find them by deadline, level and
    topic; members follow a call, or a Handlungsfeld, to be reminded of the deadlines.
    """

    programme = models.CharField(
        _("Förderprogramm"),
        max_length=255,
        help_text=_("Das Programm, zu dem der Aufruf gehört, z. B. „Digitale Kommune NRW“."),
    )
    funder = models.CharField(
        _("Fördergeber"),
        max_length=255,
        help_text=_("Wer fördert, z. B. ein Ministerium, eine Bezirksregierung oder Stiftung."),
    )
    level = models.CharField(_("Ebene"), max_length=20, choices=FundingLevel.choices)
    summary = models.TextField(
        _("Kurzbeschreibung"),
        max_length=500,
        help_text=_(
            "Zwei, drei Sätze: was gefördert wird und für wen. Erscheint in der Liste, im Feed "
            "und im Kalender."
        ),
    )
    description = RichTextField(
        _("Beschreibung"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"],
        help_text=_("Was gefördert wird, Voraussetzungen, Verfahren, Tipps für den Antrag."),
    )
    opens_on = models.DateField(
        _("Anträge möglich ab"),
        null=True,
        blank=True,
        help_text=_(
            "Leer lassen, wenn der Aufruf schon läuft. Bis zu diesem Tag gilt er als angekündigt."
        ),
    )
    funding_rate = models.DecimalField(
        _("Förderquote bis (Prozent)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    funding_rate_note = models.CharField(
        _("Hinweis zur Förderquote"),
        max_length=255,
        blank=True,
        help_text=_("Z. B. „90 Prozent für Kommunen in der Haushaltssicherung“."),
    )
    max_amount = models.DecimalField(
        _("Höchstbetrag (Euro)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Die höchste Zuwendung je Vorhaben."),
    )
    applicant_groups = ParentalManyToManyField(
        "kb.ApplicantGroup", verbose_name=_("Antragsberechtigt"), related_name="funding_calls"
    )
    handlungsfelder = ParentalManyToManyField(
        "kb.Handlungsfeld",
        verbose_name=_("Handlungsfelder"),
        blank=True,
        related_name="funding_calls",
        help_text=_("Wer einem dieser Handlungsfelder folgt, wird an die Fristen erinnert."),
    )
    link = models.URLField(
        _("Link zum Aufruf"), help_text=_("Die Seite des Fördergebers mit Aufruf und Richtlinie.")
    )
    # The funder's contact, published by the funder: not a member of the network.
    contact_name = models.CharField(
        _("Ansprechperson"),
        max_length=200,
        blank=True,
        help_text=_("Beim Fördergeber oder Projektträger, z. B. „Referat 21, Frau Beispiel“."),
    )
    contact_email = models.EmailField(_("E-Mail"), blank=True)
    contact_phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    # Kept by save() and refresh_next_deadlines(), so that lists sort and filter in the
    # database; None once the last deadline has passed.
    next_deadline = models.DateField(
        _("Nächste Frist"), null=True, blank=True, editable=False, db_index=True
    )

    objects = PageManager.from_queryset(FundingCallQuerySet)()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("programme"),
                FieldRowPanel([FieldPanel("funder"), FieldPanel("level")]),
            ],
            heading=_("Programm"),
        ),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("opens_on"),
        InlinePanel("deadlines", heading=_("Fristen"), label=_("Frist"), min_num=1),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("funding_rate"), FieldPanel("max_amount")]),
                FieldPanel("funding_rate_note"),
                FieldPanel("applicant_groups", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Förderung"),
        ),
        FieldPanel("handlungsfelder", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("link"),
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            ],
            heading=_("Beim Fördergeber"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("programme"),
        index.AutocompleteField("programme"),
        index.SearchField("funder"),
        index.SearchField("summary"),
        index.SearchField("description"),
        index.RelatedFields("handlungsfelder", [index.SearchField("name")]),
        index.RelatedFields("applicant_groups", [index.SearchField("name")]),
        index.FilterField("level"),
        index.FilterField("opens_on"),
        index.FilterField("next_deadline"),
    ]
    # The open-data API (/api/v2/, see portal.api). The contact is the funder's own, published
    # with the call.
    api_fields = [
        APIField("programme"),
        APIField("funder"),
        APIField("level"),
        APIField(
            "level_label",
            serializer=CharField(source="get_level_display", help_text=_("Ebene als Text")),
        ),
        APIField("summary"),
        APIField("description"),
        APIField("opens_on"),
        APIField(
            "deadlines",
            serializer=DeadlinesField(
                help_text=_(
                    "Fristen nach Datum: Art (Code und Text) und Tag, bis zu dessen Ende sie gilt"
                )
            ),
        ),
        APIField("next_deadline"),
        APIField(
            "status",
            serializer=CharField(
                help_text=_(
                    "Stand heute: angekuendigt, offen, endet-bald (höchstens 30 Tage bis zur "
                    "nächsten Frist) oder geschlossen"
                )
            ),
        ),
        APIField(
            "status_label",
            serializer=CharField(source="status.label", help_text=_("Stand als Text")),
        ),
        APIField("funding_rate"),
        APIField("funding_rate_note"),
        APIField("max_amount"),
        APIField(
            "applicant_groups",
            serializer=NamesField(help_text=_("Wer antragsberechtigt ist")),
        ),
        APIField(
            "handlungsfelder",
            serializer=HandlungsfelderField(help_text=_("Handlungsfelder des Aufrufs")),
        ),
        APIField("link"),
        APIField("contact_name"),
        APIField("contact_email"),
        APIField("contact_phone"),
    ]
    api_prefetch_related = ["deadlines", "applicant_groups", "handlungsfelder"]

    parent_page_types = ["kb.FundingCallIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Förderaufruf")
        verbose_name_plural = _("Förderaufrufe")

    def save(self, *args, **kwargs):
        on_day = today()
        self.next_deadline = min(
            (deadline.date for deadline in self.deadlines.all() if deadline.date >= on_day),
            default=None,
        )
        return super().save(*args, **kwargs)

    @property
    def status(self):
        return funding_status(self.opens_on, self.next_deadline, today())

    @cached_property
    def deadlines_by_date(self):
        return sorted(self.deadlines.all(), key=lambda deadline: deadline.date)

    @property
    def headline_deadline(self):
        """The deadline a list shows: the next one, or the last one of a closed call."""
        if self.status == FundingStatus.CLOSED:
            return self.deadlines_by_date[-1] if self.deadlines_by_date else None
        return next(
            (deadline for deadline in self.deadlines_by_date if deadline.date >= today()), None
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        handlungsfelder = list(self.handlungsfelder.all())
        # Following is for members; visitors are invited to log in instead.
        followed = followed_among(request.user, [self, *handlungsfelder])
        context["may_follow"] = is_member(request.user)
        context["following"] = self in followed
        context["handlungsfelder"] = [
            (handlungsfeld, handlungsfeld in followed) for handlungsfeld in handlungsfelder
        ]
        return context


class FundingDeadline(models.Model):
    """A date by which something must reach the funder: an outline, the application, a report.

    A deadline lasts until the end of its day in Berlin. Deadlines are not Orderable: they always
    appear by date, which a manual order could only contradict.
    """

    call = ParentalKey(FundingCallPage, on_delete=models.CASCADE, related_name="deadlines")
    label = models.CharField(
        _("Art der Frist"),
        max_length=30,
        choices=DeadlineLabel.choices,
        default=DeadlineLabel.ANTRAG,
    )
    date = models.DateField(_("Datum"), help_text=_("Die Frist gilt bis zum Ende dieses Tages."))
    note = models.CharField(
        _("Zusatz"),
        max_length=100,
        blank=True,
        help_text=_("Nur wenn die Art nicht genügt, z. B. „zweiter Stichtag“."),
    )

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("date"), FieldPanel("note")])]

    class Meta:
        verbose_name = _("Frist")
        verbose_name_plural = _("Fristen")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.name}: {self.date:%d.%m.%Y}"

    @property
    def name(self):
        """What is due: "Antrag", or with the editor's addition "Antrag, zweiter Stichtag"."""
        return ", ".join(filter(None, [self.get_label_display(), self.note]))

    @property
    def days_left(self):
        """Days from today until the deadline: 0 on its day, negative once it has passed."""
        return (self.date - today()).days


class DeadlineReminder(models.Model):
    """A deadline reminder sent to a member: the record that keeps it from going out twice.

    The date is that of the deadline when reminded, so a deadline the funder moves is reminded
    again.
    """

    deadline = models.ForeignKey(
        FundingDeadline, on_delete=models.CASCADE, related_name="reminders"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deadline_reminders"
    )
    days_before = models.PositiveSmallIntegerField(_("Tage vorher"))
    date = models.DateField(_("Datum der Frist"))
    sent_at = models.DateTimeField(_("Verschickt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Fristerinnerung")
        verbose_name_plural = _("Fristerinnerungen")
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "recipient", "days_before", "date"], name="remind_once"
            )
        ]

    def __str__(self):
        return f"{self.deadline} ({self.days_before})"
