"""Digitalisation projects: pages below their lead organisation, with partners and OZG services."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework.fields import CharField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, PagePermissionTester
from wagtail.query import PageQuerySet
from wagtail.search import index

from kb.api import HandlungsfeldField
from kb.models import DocumentAttachment
from network.api import PageReferenceField, TagNamesField
from network.blocks import BaseStreamBlock
from network.models import OrganisationPage, Visibility
from network.models.people import LISTED_VISIBILITIES
from network.permissions import is_member, member_required
from projects.api import FundingField, PartnersField, ProjectOzgLeistungenField
from projects.panels import SimilarProjectsPanel

# A project nobody updated or confirmed for this long is stale: its editors are reminded once.
STALE_AFTER = timedelta(days=90)


class ProjectStatus(models.TextChoices):
    IDEA = "idee", _("Idee")
    PLANNED = "geplant", _("geplant")
    IN_PROGRESS = "in_umsetzung", _("in Umsetzung")
    IN_OPERATION = "in_betrieb", _("in Betrieb")
    PAUSED = "pausiert", _("pausiert")
    STOPPED = "eingestellt", _("eingestellt")

    @classmethod
    def implemented(cls):
        """What counts as implementation of a strategy measure."""
        return [cls.IN_PROGRESS, cls.IN_OPERATION]


class PartnerRole(models.TextChoices):
    LEAD = "federfuehrend", _("federführend")
    INVOLVED = "beteiligt", _("beteiligt")
    INTERESTED = "interessiert", _("interessiert")

    @classmethod
    def participating(cls):
        """Roles of the organisations that carry the project (and report its progress)."""
        return [cls.LEAD, cls.INVOLVED]

    @classmethod
    def lead_first(cls, field="role"):
        """An expression to order partners by: the lead, then those taking part, then the
        interested (the order the roles are declared in)."""
        return models.Case(
            *(models.When(**{field: role}, then=position) for position, role in enumerate(cls)),
            output_field=models.IntegerField(),
        )


class Reifegrad(models.IntegerChoices):
    """How far an OZG service is online, in the five levels of the OZG maturity model."""

    OFFLINE = 0, _("0 – nicht online")
    INFORMATION = 1, _("1 – Information online")
    FORM = 2, _("2 – Formular online")
    ONLINE = 3, _("3 – Antrag online mit Nachweisen")
    ONCE_ONLY = 4, _("4 – vollständig digital (Once Only)")


class ProjectPageQuerySet(PageQuerySet):
    def visible_to(self, user):
        """Published projects the user may see: members see members-only projects too.

        For visitors, projects below a page with view restrictions (a coordinator may restrict
        an organisation's page) are private as well, as their pages are.
        """
        projects = self.live()
        if not is_member(user):
            projects = projects.filter(visibility=Visibility.PUBLIC).public()
        return projects

    def hidden_from(self, user):
        """The projects the user may not see, for lists that cover every kind of page."""
        if is_member(user):
            return self.none()
        return self.exclude(visibility=Visibility.PUBLIC)

    def participated_by(self, organisation):
        """Projects the organisation leads or takes part in (interest alone is not enough)."""
        return self.filter(
            pk__in=ProjectPartner.objects.filter(
                organisation=organisation, role__in=PartnerRole.participating()
            ).values("project")
        )

    def stale(self, now=None):
        """Projects without a sign of life for too long; a stopped project has nothing to say."""
        return self.filter(last_confirmed_at__lt=(now or timezone.now()) - STALE_AFTER).exclude(
            status=ProjectStatus.STOPPED
        )


class ProjectTag(TaggedItemBase):
    content_object = ParentalKey(
        "projects.ProjectPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ProjectPagePermissionTester(PagePermissionTester):
    """Who may see a project is its visibility field, not Wagtail's privacy settings.

    One rule for the page, the register, exports, feeds and search; a password or group
    restriction set in the admin would be honoured by the page alone.
    """

    def can_set_view_restrictions(self):
        return False


class ProjectPage(RoutablePageMixin, Page):
    """A Digitalisierungsprojekt, below the page of the organisation that leads it.

    The organisation's editors' group edits it there through Wagtail's page permissions. The
    status and progress change with each status update (see projects.updates), each change a
    revision of its own.
    """

    summary = models.TextField(
        _("Kurzbeschreibung"),
        max_length=500,
        help_text=_("Zwei, drei Sätze: was das Projekt erreichen soll. Erscheint im Register."),
    )
    description = StreamField(BaseStreamBlock(), verbose_name=_("Beschreibung"), blank=True)
    lead_organisation = models.ForeignKey(
        "network.OrganisationPage",
        verbose_name=_("Federführend"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="led_projects",
        help_text=_("Die Organisation, unter deren Seite das Projekt steht."),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    progress = models.PositiveSmallIntegerField(
        _("Fortschritt in Prozent"), default=0, validators=[MaxValueValidator(100)]
    )
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende (geplant)"), null=True, blank=True)
    handlungsfeld = models.ForeignKey(
        "kb.Handlungsfeld",
        verbose_name=_("Handlungsfeld"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    measures = ParentalManyToManyField(
        "projects.StrategyMeasure",
        verbose_name=_("Maßnahmen der Digitalisierungsstrategie"),
        blank=True,
        related_name="projects",
    )
    reusable = models.BooleanField(
        _("Nachnutzbar (EfA)"),
        default=False,
        help_text=_("Andere Kommunen können die Lösung übernehmen („Einer für alle“)."),
    )
    product = models.CharField(_("Produkt"), max_length=200, blank=True)
    vendor = models.CharField(_("Hersteller oder Dienstleister"), max_length=200, blank=True)
    repository_url = models.URLField(
        _("Quellcode (Open Source)"),
        blank=True,
        help_text=_("Adresse des Repositorys, z. B. auf OpenCoDE."),
    )
    budget = models.DecimalField(
        _("Budget in Euro"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    tags = ClusterTaggableManager(verbose_name=_("Schlagwörter"), through=ProjectTag, blank=True)
    contact_people = ParentalManyToManyField(
        "network.ContactPerson",
        verbose_name=_("Ansprechpersonen"),
        blank=True,
        related_name="projects",
    )
    lessons_learned = RichTextField(
        _("Erfahrungen"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Was lief gut, was würden Sie heute anders machen?"),
    )
    visibility = models.CharField(
        _("Sichtbarkeit"),
        max_length=10,
        choices=[(choice.value, choice.label) for choice in LISTED_VISIBILITIES],
        default=Visibility.PUBLIC,
        help_text=_("Nur für Mitglieder: Besucherinnen und Besucher sehen das Projekt nirgends."),
    )
    last_confirmed_at = models.DateTimeField(
        _("Zuletzt bestätigt"), default=timezone.now, editable=False, db_index=True
    )
    stale_reminder_sent_at = models.DateTimeField(
        _("An Aktualisierung erinnert"), null=True, editable=False
    )
    # The key of the project in a coordinator's own list, by which a later import of that list
    # finds it again (see projects.importing). Written by the import only.
    import_key = models.CharField(_("Kennung"), max_length=100, blank=True, editable=False)

    objects = PageManager.from_queryset(ProjectPageQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        SimilarProjectsPanel(heading=_("Wer macht das schon?")),
        FieldRowPanel([FieldPanel("status"), FieldPanel("progress")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldRowPanel([FieldPanel("handlungsfeld"), FieldPanel("tags")]),
        FieldPanel("description"),
        InlinePanel(
            "partners",
            label=_("Partner"),
            help_text=_("Die eigene Organisation ist immer federführend; weitere hier eintragen."),
        ),
        FieldPanel("contact_people"),
        FieldPanel("lessons_learned"),
        FieldPanel("visibility"),
    ]
    details_panels = [
        InlinePanel("ozg_leistungen", label=_("OZG-Leistungen")),
        FieldPanel("measures", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("reusable"),
                FieldRowPanel([FieldPanel("product"), FieldPanel("vendor")]),
                FieldPanel("repository_url"),
            ],
            heading=_("Lösung"),
        ),
        FieldPanel("budget"),
        InlinePanel("funding", label=_("Förderung")),
        InlinePanel("attachments", label=_("Dokumente")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Projekt")),
            ObjectList(details_panels, heading=_("OZG, Strategie, Lösung, Geld")),
            ObjectList(Page.promote_panels, heading=_("Veröffentlichung")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("lessons_learned"),
        index.SearchField("product"),
        index.SearchField("vendor"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("handlungsfeld", [index.SearchField("name")]),
        index.RelatedFields("lead_organisation", [index.SearchField("title")]),
        index.FilterField("status"),
        index.FilterField("visibility"),
        index.FilterField("handlungsfeld"),
        index.FilterField("lead_organisation"),
    ]
    # The open-data API (/api/v2/, see portal.api), which serves public projects only. Contact
    # people, documents and the description's attachments stay on the page.
    api_fields = [
        APIField("summary"),
        APIField("status"),
        APIField(
            "status_label",
            serializer=CharField(source="get_status_display", help_text=_("Status als Text")),
        ),
        APIField("progress"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("handlungsfeld", serializer=HandlungsfeldField(help_text=_("Handlungsfeld"))),
        APIField(
            "lead_organisation",
            serializer=PageReferenceField(help_text=_("Die federführende Organisation")),
        ),
        APIField(
            "partners",
            serializer=PartnersField(
                help_text=_(
                    "Alle Organisationen im Projekt mit ihrer Rolle (federfuehrend, beteiligt, "
                    "interessiert), die federführende eingeschlossen"
                )
            ),
        ),
        APIField(
            "ozg_leistungen",
            serializer=ProjectOzgLeistungenField(
                help_text=_("OZG-Leistungen mit OZG-ID, Namen und erreichtem Reifegrad (0–4)")
            ),
        ),
        APIField("reusable"),
        APIField("product"),
        APIField("vendor"),
        APIField("repository_url"),
        APIField("budget"),
        APIField(
            "funding",
            serializer=FundingField(
                help_text=_("Förderung: Förderaufruf, Betrag in Euro (als Text) und Jahr")
            ),
        ),
        APIField("tags", serializer=TagNamesField(help_text=_("Schlagwörter"))),
        APIField("last_confirmed_at"),
    ]
    # Loaded with each page of a listing (portal.api), a query each, whatever the page's length.
    api_prefetch_related = [
        "handlungsfeld",
        "lead_organisation",
        "partners__organisation",
        "ozg_leistungen__leistung",
        "funding__funding_call",
        "tags",
    ]

    parent_page_types = ["network.OrganisationPage"]
    subpage_types = []
    # A copy is another project: the key names the original in the coordinator's list.
    exclude_fields_in_copy = ["import_key"]

    class Meta:
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")
        permissions = [("import_projects", _("Kann Projekte aus einer Datei importieren"))]
        constraints = [
            models.UniqueConstraint(
                fields=["import_key"],
                condition=~models.Q(import_key=""),
                name="project_import_key_unique",
            )
        ]

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Das Ende darf nicht vor dem Beginn liegen.")})

    def save(self, *args, **kwargs):
        # The organisation the page stands under leads the project; the partner list says so.
        parent = self.get_parent() if self.path else None
        if parent is not None:
            partners = list(self.partners.all())
            if parent.pk != self.lead_organisation_id:
                # New, or moved to another organisation: the former lead stays on as a partner.
                for partner in partners:
                    if partner.organisation_id == self.lead_organisation_id:
                        partner.role = PartnerRole.INVOLVED
                self.lead_organisation_id = parent.pk
            lead = next((p for p in partners if p.organisation_id == parent.pk), None)
            if lead is None:
                partners.append(ProjectPartner(organisation_id=parent.pk, role=PartnerRole.LEAD))
            else:
                lead.role = PartnerRole.LEAD
            # Assigned as a whole, so that saving the page writes the changed roles too.
            self.partners = partners
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        # Freshness belongs to the project, not to one version of its text: publishing an
        # older revision must not make a confirmed project look stale again.
        page = super().with_content_json(content)
        page.last_confirmed_at = self.last_confirmed_at
        page.stale_reminder_sent_at = self.stale_reminder_sent_at
        # Nor is the import key: an older revision must not bring back a key given away since.
        page.import_key = self.import_key
        return page

    def permissions_for_user(self, user):
        return ProjectPagePermissionTester(user, self)

    def serve(self, request, *args, **kwargs):
        if self.visibility == Visibility.MEMBERS:
            return member_required(super().serve)(request, *args, **kwargs)
        return super().serve(request, *args, **kwargs)

    # The views build on the forms, which build on the models: imported when a route is served.

    @path("")
    def project(self, request):
        from projects.views import project_page

        return project_page(request, self)

    @path("statusmeldung/", name="status_update")
    def status_update(self, request):
        from projects.views import status_update

        return status_update(request, self)

    @path("bestaetigen/", name="confirm")
    def confirm(self, request):
        from projects.views import confirm

        return confirm(request, self)

    @path("interesse/", name="interest")
    def interest(self, request):
        from projects.views import register_interest

        return register_interest(request, self)

    @property
    def is_stale(self):
        return (
            self.status != ProjectStatus.STOPPED
            and self.last_confirmed_at < timezone.now() - STALE_AFTER
        )

    def participating_organisations(self):
        return OrganisationPage.objects.filter(
            project_partnerships__project=self,
            project_partnerships__role__in=PartnerRole.participating(),
        )

    def participating_organisation_ids(self):
        return {
            partner.organisation_id
            for partner in self.partners.all()
            if partner.role in PartnerRole.participating()
        }


class ProjectPartner(Orderable):
    """An organisation's part in a project: leading it, taking part, or interested in it."""

    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "network.OrganisationPage",
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="project_partnerships",
    )
    role = models.CharField(
        _("Rolle"), max_length=20, choices=PartnerRole.choices, default=PartnerRole.INVOLVED
    )

    panels = [FieldRowPanel([FieldPanel("organisation"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        verbose_name = _("Partner")
        verbose_name_plural = _("Partner")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="partner_once_per_project"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class ProjectOzgLeistung(Orderable):
    """An OZG service the project puts online, and how far it got."""

    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="ozg_leistungen")
    leistung = models.ForeignKey(
        "network.OzgLeistung",
        verbose_name=_("OZG-Leistung"),
        on_delete=models.CASCADE,
        related_name="project_links",
    )
    reifegrad = models.PositiveSmallIntegerField(
        _("Reifegrad"), choices=Reifegrad.choices, default=Reifegrad.OFFLINE
    )

    panels = [FieldRowPanel([FieldPanel("leistung"), FieldPanel("reifegrad")])]

    class Meta(Orderable.Meta):
        verbose_name = _("OZG-Leistung")
        verbose_name_plural = _("OZG-Leistungen")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "leistung"], name="ozg_leistung_once_per_project"
            )
        ]


class ProjectFunding(Orderable):
    """Money from a funding programme of the knowledge base, for one year."""

    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="funding")
    funding_call = models.ForeignKey(
        "kb.FundingCallPage",
        verbose_name=_("Förderaufruf"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="funded_projects",
    )
    amount = models.DecimalField(_("Betrag in Euro"), max_digits=12, decimal_places=2)
    year = models.PositiveSmallIntegerField(_("Jahr"))

    panels = [FieldRowPanel([FieldPanel("funding_call"), FieldPanel("amount"), FieldPanel("year")])]

    class Meta(Orderable.Meta):
        verbose_name = _("Förderung")
        verbose_name_plural = _("Förderungen")


class ProjectAttachment(DocumentAttachment):
    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="attachments")


class StatusUpdate(models.Model):
    """A Statusmeldung: what happened in a project, perhaps with a new status and progress.

    Written from the project page by members of the organisations that carry the project.
    """

    project = models.ForeignKey(
        ProjectPage, on_delete=models.CASCADE, related_name="status_updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verfasst von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="status_updates",
    )
    organisation = models.ForeignKey(
        "network.OrganisationPage",
        verbose_name=_("Für"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("Was ist passiert?"), max_length=2000)
    status = models.CharField(
        _("Neuer Status"), max_length=20, choices=ProjectStatus.choices, blank=True
    )
    progress = models.PositiveSmallIntegerField(
        _("Neuer Fortschritt in Prozent"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Statusmeldung")
        verbose_name_plural = _("Statusmeldungen")
        indexes = [models.Index(fields=["project", "-created_at"])]

    def __str__(self):
        return f"{self.project.title}, {timezone.localtime(self.created_at):%d.%m.%Y}"


class Introduction(models.Model):
    """ "Kontakt herstellen": a coordinator brought organisations together that do the same thing
    (an OZG-Leistung or a Handlungsfeld) in separate projects."""

    subject_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    subject_id = models.PositiveIntegerField()
    organisations = models.ManyToManyField("network.OrganisationPage", related_name="introductions")
    introduced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="introductions",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Kontaktvermittlung")
        verbose_name_plural = _("Kontaktvermittlungen")
        # The coordinators' dashboard (/koordination/) and its reports.
        permissions = [("coordinate_network", _("Das Netzwerk koordinieren"))]

    def __str__(self):
        return f"{self.subject_type.name} {self.subject_id}, {timezone.localdate(self.created_at)}"
