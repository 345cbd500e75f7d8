from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from network.permissions import TEMPLATE_COLLECTION, collection

# File beginnings that betray content a browser or an operating system would run, whatever the
# file's name says: markup (HTML, SVG and other XML can carry scripts) and programs.
MARKUP_SIGNATURES = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<svg",
    b"<?xml",
    b"#!",
)
PROGRAM_SIGNATURES = (
    b"MZ",  # Windows
    b"\x7fELF",  # Linux
    b"\xca\xfe\xba\xbe",  # macOS, universal
    b"\xcf\xfa\xed\xfe",  # macOS, 64 bit
)


class TemplateCategory(models.TextChoices):
    AUSSCHREIBUNG = "ausschreibung", _("Ausschreibung und Leistungsbeschreibung")
    DIENSTANWEISUNG = "dienstanweisung", _("Dienstanweisung")
    FORMULAR = "formular", _("Formular")
    PRAESENTATION = "praesentation", _("Präsentation")
    KONZEPT = "konzept", _("Konzept")
    CHECKLISTE = "checkliste", _("Checkliste")
    SONSTIGES = "sonstiges", _("Sonstiges")


class DocumentAttachmentManager(models.Manager):
    def get_queryset(self):
        # Whoever lists attachments shows their documents: title, address, type and size.
        return super().get_queryset().select_related("document")


class DocumentAttachment(Orderable):
    """A document attached to a page; subclasses add the page it belongs to."""

    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("Dokument"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("document")]

    objects = DocumentAttachmentManager()

    class Meta(Orderable.Meta):
        abstract = True


class TemplateDocumentQuerySet(models.QuerySet):
    def shared(self):
        """What the library lists: documents in the templates' collection, which nobody
        restricted. Other documents (attachments, internal files) stay out of the list."""
        shared = collection(TEMPLATE_COLLECTION).get_descendants(inclusive=True)
        return self.filter(collection__in=shared).exclude(
            collection__view_restrictions__isnull=False
        )


class TemplateDocument(AbstractDocument):
    """A Vorlage: a document the towns share for others to adapt (tenders, instructions, forms).

    The site's document model, so that every upload is checked the same way.
    """

    category = models.CharField(
        _("Art der Vorlage"),
        max_length=20,
        choices=TemplateCategory.choices,
        default=TemplateCategory.SONSTIGES,
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    organisation = models.ForeignKey(
        "network.OrganisationPage",
        verbose_name=_("Bereitgestellt von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_templates",
    )
    handlungsfeld = models.ForeignKey(
        "kb.Handlungsfeld",
        verbose_name=_("Handlungsfeld"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="templates",
    )

    objects = TemplateDocumentQuerySet.as_manager()

    admin_form_fields = Document.admin_form_fields + (
        "category",
        "description",
        "organisation",
        "handlungsfeld",
    )
    search_fields = AbstractDocument.search_fields + [
        index.SearchField("description"),
        index.SearchField("get_category_display"),
        index.RelatedFields("organisation", [index.SearchField("title")]),
        index.FilterField("category"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("Vorlage")
        verbose_name_plural = _("Vorlagen")

    def clean(self):
        super().clean()
        if not self.file:
            return
        content = dangerous_content(self.file)
        if content is not None:
            raise ValidationError(
                {
                    "file": _(
                        "Diese Datei enthält %(content)s und kann deshalb nicht als Vorlage "
                        "hochgeladen werden. Erlaubt sind Dokumente wie PDF, Word, OpenDocument, "
                        "Excel, PowerPoint, CSV und Text."
                    )
                    % {"content": content}
                }
            )


def dangerous_content(file):
    """What the file's first bytes show, if it is markup or a program; None otherwise.

    A check beside the allowed file extensions: a file named .pdf may be anything.
    """
    file.seek(0)
    beginning = file.read(512)
    file.seek(0)
    if beginning.startswith(PROGRAM_SIGNATURES):
        return _("ein Programm")
    if beginning.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(MARKUP_SIGNATURES):
        return _("Webseiten-Code oder ein Skript")
    return None


class TemplateLibraryPage(Page):
    """The template library at /wissen/vorlagen/: every shared template, filterable."""

    intro = RichTextField(_("Einleitung"), blank=True)
    page_size = 30

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["kb.KnowledgeIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("Vorlagensammlung")

    def get_context(self, request, *args, **kwargs):
        from kb.forms import TemplateFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = TemplateFilterForm(request.GET or None)
        documents = form.filter(
            TemplateDocument.objects.shared()
            .select_related("organisation", "handlungsfeld")
            .prefetch_related("tags")
            .order_by("title", "pk")
        )
        context["filter_form"] = form
        context["documents"] = Paginator(documents, self.page_size).get_page(
            request.GET.get("seite")
        )
        return context
