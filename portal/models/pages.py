"""The home page and the legal pages every German public website must have."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from network.blocks import BaseStreamBlock
from network.models import OrganisationKind, OrganisationPage


class HomePage(Page):
    """The network's start page: what the network is and the entry points for its three jobs."""

    intro = RichTextField(
        _("Einleitung"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Ein, zwei Sätze: wer das Netzwerk ist und wozu diese Seite dient."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("Inhalt"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    kreise_shown = 12

    class Meta:
        verbose_name = _("Startseite")

    def route(self, request, path_components):
        """Find the requested page with one query for the whole path.

        Wagtail's routing asks the database for each step of the path, twice (the child, then
        its specific page): eight queries for a project page. Here the pages on the path come
        by their URL paths at once, and only the page that answers is made specific. As in
        Wagtail, a routable page on the way answers first if one of its routes fits the rest of
        the path (the page's own route() decides, as it would).
        """
        steps = [
            f"{self.url_path}{'/'.join(path_components[:length])}/"
            for length in range(1, len(path_components) + 1)
        ]
        pages = {page.url_path: page for page in Page.objects.filter(url_path__in=steps)}
        page, depth = self, 0
        for step in steps:
            child = pages.get(step)
            if child is None or answers_for_itself(page, path_components[depth:]):
                break
            child._cached_parent_obj = page
            page, depth = child, depth + 1
        if page is self:
            return super().route(request, path_components)
        return page.specific.route(request, path_components[depth:])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Counted per Kreis shown: a join with every organisation, grouped by Kreis, counted all
        # 11,000 of them for the twelve Kreise on the page.
        members = (
            OrganisationPage.objects.filter(parent_kreis=OuterRef("pk"))
            .order_by()
            .values("parent_kreis")
            .annotate(count=Count("pk"))
            .values("count")
        )
        context["kreise"] = (
            OrganisationPage.objects.live()
            .public()
            .filter(kind=OrganisationKind.KREIS)
            .annotate(member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0))
            .order_by("title")[: self.kreise_shown]
        )
        return context


class LegalPage(Page):
    """Impressum, Datenschutzerklärung or Erklärung zur Barrierefreiheit, linked from every page."""

    body = StreamField(BaseStreamBlock(), verbose_name=_("Inhalt"))

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Rechtliche Seite")
        verbose_name_plural = _("Rechtliche Seiten")


def answers_for_itself(page, path_components):
    """Whether one of the routes of a routable, live page fits the path below it."""
    if not (page.live and issubclass(page.specific_class, RoutablePageMixin)):
        return False
    try:
        page.specific_class.get_resolver().resolve(f"/{'/'.join(path_components)}/")
    except Http404:
        return False
    return True
