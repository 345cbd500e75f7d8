"""Organisations of the network (Kreise, towns, Zweckverbände, IT-Dienstleister) as Wagtail pages.

Projects live below their lead organisation's page, so Wagtail's page permissions give each town's
editors exactly their own subtree.
"""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework.fields import CharField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from network.api import PageReferenceField

from .pages import SectionIndexPage


class OrganisationKind(models.TextChoices):
    KREIS = "kreis", _("Kreis")
    KREISFREIE_STADT = "kreisfreie_stadt", _("Kreisfreie Stadt")
    STADT = "stadt", _("Stadt")
    GEMEINDE = "gemeinde", _("Gemeinde")
    GEMEINDEFREIES_GEBIET = "gemeindefreies_gebiet", _("Gemeindefreies Gebiet")
    ZWECKVERBAND = "zweckverband", _("Zweckverband")
    IT_DIENSTLEISTER = "it_dienstleister", _("IT-Dienstleister")

    @classmethod
    def kreis_level(cls):
        """Kinds that stand on the level of a Kreis: the parents of towns."""
        return [cls.KREIS, cls.KREISFREIE_STADT]


class OrganisationIndexPage(SectionIndexPage):
    """The directory of all organisations at /kommunen/, filterable and paginated."""

    subpage_types = ["network.OrganisationPage"]
    page_size = 50

    class Meta:
        verbose_name = _("Verzeichnis der Organisationen")

    def get_context(self, request, *args, **kwargs):
        from network.forms import OrganisationFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = OrganisationFilterForm(request.GET or None)
        organisations = form.filter(
            OrganisationPage.objects.child_of(self).live().public().select_related("parent_kreis")
        )
        context["filter_form"] = form
        context["organisations"] = Paginator(organisations, self.page_size).get_page(
            request.GET.get("seite")
        )
        return context


class OrganisationPage(Page):
    """A member of the network: a Kreis, a town, a Zweckverband or an IT-Dienstleister.

    Kreise and towns come from the Destatis Gemeindeverzeichnis and are matched by their AGS;
    the page title is the short name ("Brakel"), the official name ("Brakel, Stadt") is kept.
    """

    kind = models.CharField(_("Art"), max_length=30, choices=OrganisationKind.choices)
    official_name = models.CharField(
        _("Amtlicher Name"),
        max_length=255,
        blank=True,
        help_text=_("Name laut Gemeindeverzeichnis, z. B. „Brakel, Stadt“."),
    )
    ags = models.CharField(
        _("AGS"),
        max_length=8,
        blank=True,
        help_text=_(
            "Amtlicher Gemeindeschlüssel: acht Ziffern für eine Gemeinde, fünf für einen Kreis."
        ),
    )
    ars = models.CharField(
        _("ARS"), max_length=12, blank=True, help_text=_("Amtlicher Regionalschlüssel.")
    )
    parent_kreis = models.ForeignKey(
        "self",
        verbose_name=_("Kreis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_organisations",
        limit_choices_to={"kind": OrganisationKind.KREIS},
    )
    land = models.CharField(_("Bundesland"), max_length=50, blank=True)
    population = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("Fläche in km²"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    latitude = models.DecimalField(
        _("Breitengrad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("Längengrad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    website = models.URLField(_("Website"), blank=True)
    editors_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("Redaktionsgruppe"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="edited_organisation",
    )
    description = RichTextField(
        _("Digitalisierung vor Ort"),
        blank=True,
        help_text=_("Kurzer Überblick: Ziele, Zuständigkeiten, Stand der Digitalisierung."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("official_name")]),
                FieldRowPanel([FieldPanel("ags"), FieldPanel("ars")]),
                FieldRowPanel([FieldPanel("parent_kreis"), FieldPanel("land")]),
                FieldRowPanel([FieldPanel("population"), FieldPanel("area_km2")]),
                FieldRowPanel(
                    [FieldPanel("postcode"), FieldPanel("latitude"), FieldPanel("longitude")]
                ),
                FieldPanel("website"),
            ],
            heading=_("Stammdaten"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("official_name"),
        index.SearchField("description"),
        index.SearchField("ags"),
        index.FilterField("kind"),
        index.FilterField("parent_kreis"),
    ]
    # The open-data API (/api/v2/, see portal.api): the master data, never the editors' group.
    api_fields = [
        APIField("kind"),
        APIField(
            "kind_label",
            serializer=CharField(source="get_kind_display", help_text=_("Art als Text")),
        ),
        APIField("official_name"),
        APIField(
            "ags",
            serializer=CharField(
                help_text=_(
                    "Amtlicher Gemeindeschlüssel: acht Ziffern für eine Gemeinde, fünf für einen "
                    "Kreis; leer für Zweckverbände und IT-Dienstleister"
                )
            ),
        ),
        APIField(
            "ars",
            serializer=CharField(
                help_text=_(
                    "Amtlicher Regionalschlüssel: zwölf Ziffern für eine Gemeinde, fünf für einen "
                    "Kreis"
                )
            ),
        ),
        APIField(
            "parent_kreis",
            serializer=PageReferenceField(help_text=_("Der Kreis, zu dem die Gemeinde gehört")),
        ),
        APIField("land"),
        APIField("population"),
        APIField("area_km2"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("postcode"),
        APIField("website"),
        APIField("description"),
    ]
    api_prefetch_related = ["parent_kreis"]

    parent_page_types = ["network.OrganisationIndexPage"]
    subpage_types = ["projects.ProjectPage"]

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        constraints = [
            models.UniqueConstraint(
                fields=["ags"], condition=~models.Q(ags=""), name="unique_organisation_ags"
            )
        ]

    def permissions_for_user(self, user):
        # Imported here: network.permissions builds on these models.
        from network.permissions import OrganisationPagePermissionTester

        return OrganisationPagePermissionTester(user, self)

    @property
    def is_kreis_level(self):
        return self.kind in OrganisationKind.kreis_level()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contact_people"] = self.contact_people.visible_to(request.user).for_listing()
        if self.is_kreis_level:
            context["member_organisations"] = (
                self.member_organisations.live().public().order_by("title")
            )
        return context
