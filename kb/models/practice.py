from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework.fields import CharField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from kb.api import HandlungsfeldField, ReusesField
from kb.models.documents import DocumentAttachment
from kb.models.taxonomy import PopulationClass
from network.api import OzgLeistungenField, PageReferenceListField, TagNamesField
from network.models import ContactPerson, NotificationKind
from network.notifications import followers_of, notify
from network.permissions import is_member


class BestPracticeTag(TaggedItemBase):
    content_object = ParentalKey(
        "kb.BestPracticePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BestPracticePage(RoutablePageMixin, Page):
    """A Praxisbeispiel: what a town did, how, with what result, and whether it fits elsewhere."""

    summary = models.TextField(_("Kurzfassung"), max_length=500)
    organisations = ParentalManyToManyField(
        "network.OrganisationPage",
        verbose_name=_("Umgesetzt von"),
        related_name="best_practices",
    )
    handlungsfeld = models.ForeignKey(
        "kb.Handlungsfeld",
        verbose_name=_("Handlungsfeld"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="best_practices",
    )
    ozg_leistungen = ParentalManyToManyField(
        "network.OzgLeistung", verbose_name=_("OZG-Leistungen"), blank=True
    )
    tags = ClusterTaggableManager(
        verbose_name=_("Schlagwörter"), through=BestPracticeTag, blank=True
    )
    situation = RichTextField(_("Ausgangslage"))
    solution = RichTextField(_("Lösung"))
    result = RichTextField(_("Ergebnis"))
    effort = models.TextField(
        _("Aufwand"), blank=True, help_text=_("Personal und Zeit, z. B. „40 Personentage“.")
    )
    cost = models.DecimalField(
        _("Kosten in Euro"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    transferability = RichTextField(_("Übertragbarkeit"))
    suits_from = models.PositiveSmallIntegerField(
        _("Passt für Kommunen ab"),
        choices=PopulationClass.choices,
        default=PopulationClass.UNDER_5000,
    )
    suits_to = models.PositiveSmallIntegerField(
        _("bis"), choices=PopulationClass.choices, default=PopulationClass.LARGE
    )
    contact_people = ParentalManyToManyField(
        "network.ContactPerson",
        verbose_name=_("Ansprechpersonen"),
        blank=True,
        related_name="best_practices",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("organisations"),
        FieldRowPanel([FieldPanel("handlungsfeld"), FieldPanel("tags")]),
        FieldPanel("situation"),
        FieldPanel("solution"),
        FieldPanel("result"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("effort"), FieldPanel("cost")]),
                FieldPanel("transferability"),
                FieldRowPanel([FieldPanel("suits_from"), FieldPanel("suits_to")]),
            ],
            heading=_("Nachnutzung"),
        ),
        FieldPanel("ozg_leistungen"),
        FieldPanel("contact_people"),
        InlinePanel("attachments", label=_("Anhänge")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("situation"),
        index.SearchField("solution"),
        index.SearchField("result"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("handlungsfeld", [index.SearchField("name")]),
        index.FilterField("handlungsfeld"),
    ]
    # The open-data API (/api/v2/, see portal.api); contact people stay on the page, where
    # their consent is checked.
    api_fields = [
        APIField("summary"),
        APIField(
            "organisations",
            serializer=PageReferenceListField(help_text=_("Die Organisationen, die es umsetzten")),
        ),
        APIField("handlungsfeld", serializer=HandlungsfeldField(help_text=_("Handlungsfeld"))),
        APIField(
            "ozg_leistungen",
            serializer=OzgLeistungenField(help_text=_("OZG-Leistungen mit OZG-ID und Namen")),
        ),
        APIField("tags", serializer=TagNamesField(help_text=_("Schlagwörter"))),
        APIField("situation"),
        APIField("solution"),
        APIField("result"),
        APIField("effort"),
        APIField("cost"),
        APIField("transferability"),
        APIField("suits_from"),
        APIField("suits_to"),
        APIField(
            "suits_label",
            serializer=CharField(help_text=_("Passende Kommunengrößen als Text")),
        ),
        APIField(
            "reuses",
            serializer=ReusesField(
                help_text=_("Nachnutzungen: Organisationen, die es auch nutzen, und seit wann")
            ),
        ),
    ]
    api_prefetch_related = [
        "handlungsfeld",
        "organisations",
        "ozg_leistungen",
        "tags",
        "reuses__organisation",
    ]

    parent_page_types = ["kb.KnowledgeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Praxisbeispiel")
        verbose_name_plural = _("Praxisbeispiele")

    def clean(self):
        super().clean()
        if self.suits_from > self.suits_to:
            raise ValidationError(
                {
                    "suits_to": _(
                        "Die größte Kommunengröße darf nicht kleiner als die kleinste sein."
                    )
                }
            )

    @property
    def suits_label(self):
        if self.suits_from == self.suits_to:
            return self.get_suits_from_display()
        return _("%(start)s bis %(end)s") % {
            "start": self.get_suits_from_display(),
            "end": self.get_suits_to_display(),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contacts"] = (
            ContactPerson.objects.visible_to(request.user).filter(best_practices=self).for_listing()
        )
        context["reuses"] = self.reuses.select_related("organisation").order_by("since")
        organisation = request.user.organisation if is_member(request.user) else None
        context["may_report_reuse"] = organisation is not None and not any(
            reuse.organisation_id == organisation.pk for reuse in context["reuses"]
        )
        return context

    @path("nachnutzung/", name="report_reuse")
    def report_reuse(self, request):
        """ "Wir nutzen das auch": one click records it for the member's organisation."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not is_member(request.user):
            raise PermissionDenied
        organisation = request.user.organisation
        if organisation is None:
            messages.error(request, _("Ihrem Konto ist keine Organisation zugeordnet."))
            return redirect(self.url)
        reuse, created = Reuse.objects.get_or_create(
            best_practice=self, organisation=organisation, defaults={"reported_by": request.user}
        )
        if created:
            notify(
                followers_of(self, *self.organisations.all()),
                kind=NotificationKind.FOLLOWED,
                subject=self,
                text=_("meldet: %(organisation)s nutzt „%(title)s“ jetzt auch")
                % {"organisation": organisation.title, "title": self.title},
                url=self.url,
                actor=request.user,
            )
        messages.success(
            request,
            _("Eingetragen: %(organisation)s nutzt dieses Praxisbeispiel.")
            % {"organisation": organisation.title},
        )
        return redirect(self.url)


class BestPracticeAttachment(DocumentAttachment):
    page = ParentalKey(BestPracticePage, on_delete=models.CASCADE, related_name="attachments")


class Reuse(models.Model):
    """Nachnutzung: an organisation uses what another one built, since a given day."""

    best_practice = models.ForeignKey(
        BestPracticePage, on_delete=models.CASCADE, related_name="reuses"
    )
    organisation = models.ForeignKey(
        "network.OrganisationPage",
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="reuses",
    )
    since = models.DateField(_("Nutzt es seit"), default=timezone.localdate)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Gemeldet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_reuses",
    )

    class Meta:
        verbose_name = _("Nachnutzung")
        verbose_name_plural = _("Nachnutzungen")
        constraints = [
            models.UniqueConstraint(
                fields=["best_practice", "organisation"], name="reuse_once_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.best_practice}"
