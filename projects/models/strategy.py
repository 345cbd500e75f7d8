"""The network's Digitalisierungsstrategie: Maßnahmen per Handlungsfeld and their projects."""

from itertools import groupby

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .projects import ProjectPage, ProjectStatus


class StrategyMeasure(index.Indexed, models.Model):
    """A Maßnahme of the strategy, kept by the coordinators; projects say which they implement."""

    code = models.CharField(
        _("Nummer"), max_length=20, unique=True, help_text=_("Wie in der Strategie, z. B. „2.3“.")
    )
    title = models.CharField(_("Titel"), max_length=255)
    description = models.TextField(_("Beschreibung"), blank=True)
    handlungsfeld = models.ForeignKey(
        "kb.Handlungsfeld",
        verbose_name=_("Handlungsfeld"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    target_year = models.PositiveSmallIntegerField(_("Umsetzung bis"), null=True, blank=True)

    panels = [
        FieldPanel("code"),
        FieldPanel("title"),
        FieldPanel("handlungsfeld"),
        FieldPanel("description"),
        FieldPanel("target_year"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("code"),
        index.FilterField("handlungsfeld"),
    ]

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["handlungsfeld__position", "handlungsfeld__name", "code"]

    def __str__(self):
        return f"{self.code} {self.title}"


class StrategyPage(Page):
    """The strategy at /projekte/strategie/: each measure with its projects and how far they are."""

    intro = RichTextField(
        _("Einleitung"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    adopted_on = models.DateField(
        _("Beschlossen am"), null=True, blank=True, help_text=_("z. B. vom Kreistag.")
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("adopted_on")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["projects.ProjectIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("Digitalisierungsstrategie")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["handlungsfelder"] = measures_by_handlungsfeld(request.user)
        return context


class MeasureProgress:
    """A measure, the projects the user may see that implement it, and the share implemented."""

    def __init__(self, measure):
        self.measure = measure
        self.projects = measure.visible_projects
        self.implemented = sum(
            project.status in ProjectStatus.implemented() for project in self.projects
        )

    @property
    def share(self):
        return round(100 * self.implemented / len(self.projects)) if self.projects else 0


def measures_by_handlungsfeld(user):
    """[(Handlungsfeld, [MeasureProgress, …], share implemented), …] in the strategy's order."""
    measures = StrategyMeasure.objects.select_related("handlungsfeld").prefetch_related(
        Prefetch(
            "projects",
            queryset=ProjectPage.objects.visible_to(user)
            .select_related("lead_organisation")
            .order_by("title"),
            to_attr="visible_projects",
        )
    )
    result = []
    for handlungsfeld, group in groupby(measures, key=lambda measure: measure.handlungsfeld):
        progress = [MeasureProgress(measure) for measure in group]
        projects = sum(len(item.projects) for item in progress)
        implemented = sum(item.implemented for item in progress)
        share = round(100 * implemented / projects) if projects else 0
        result.append((handlungsfeld, progress, share))
    return result
