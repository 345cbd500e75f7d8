from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class SectionIndexPage(Page):
    """The entry page of a site section (Kommunen, Projekte, Wissen, Förderung).

    Lives in the lowest app so that every section's index page can build on it.
    """

    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["portal.HomePage"]
    max_count = 1

    class Meta:
        abstract = True
