from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index


class ChapterBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel"), max_length=200)
    body = blocks.RichTextBlock(label=_("Text"))

    class Meta:
        icon = "doc-full"
        label = _("Kapitel")


class GuideTag(TaggedItemBase):
    content_object = ParentalKey(
        "kb.GuidePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class GuidePage(Page):
    """A Leitfaden: how to do something, chapter by chapter, with a table of contents."""

    summary = models.TextField(_("Kurzfassung"), max_length=500)
    handlungsfeld = models.ForeignKey(
        "kb.Handlungsfeld",
        verbose_name=_("Handlungsfeld"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="guides",
    )
    tags = ClusterTaggableManager(verbose_name=_("Schlagwörter"), through=GuideTag, blank=True)
    chapters = StreamField([("chapter", ChapterBlock())], verbose_name=_("Kapitel"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("handlungsfeld"), FieldPanel("tags")]),
        FieldPanel("chapters"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("chapters"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("handlungsfeld"),
    ]

    parent_page_types = ["kb.KnowledgeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Leitfaden")
        verbose_name_plural = _("Leitfäden")

    def numbered_chapters(self):
        """The chapters with number and anchor, for the table of contents and the text."""
        return [
            {
                "number": number,
                "anchor": f"kapitel-{number}-{slugify(chapter.value['title'])}",
                "title": chapter.value["title"],
                "body": chapter.value["body"],
            }
            for number, chapter in enumerate(self.chapters, start=1)
        ]


class ReadingPathPage(Page):
    """Einstieg: what a new Digitalisierungsbeauftragte/r reads first, and in which order."""

    intro = RichTextField(_("Einleitung"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("steps", label=_("Schritte"), min_num=1),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["kb.KnowledgeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Einstieg")
        verbose_name_plural = _("Einstiege")


class ReadingPathStep(Orderable):
    path = ParentalKey(ReadingPathPage, on_delete=models.CASCADE, related_name="steps")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("Seite"), on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(_("Warum jetzt"), max_length=300, blank=True)

    panels = [FieldPanel("page"), FieldPanel("note")]
