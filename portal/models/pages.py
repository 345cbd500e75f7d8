"""The home page and the legal pages every German public website must have."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["kreise"] = (
            OrganisationPage.objects.live()
            .public()
            .filter(kind=OrganisationKind.KREIS)
            .annotate(member_count=Count("member_organisations"))
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
