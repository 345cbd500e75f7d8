"""The glossary: terms of municipal digitalisation, explained in plain German."""

import string
import unicodedata
from itertools import groupby

from django.db import models
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.rich_text import expand_db_html
from wagtail.search import index

# The glossary's group for terms that begin with a digit or a sign; it sorts before "A".
OTHER_INITIALS = "0–9"


class GlossaryTerm(index.Indexed, models.Model):
    """A term such as "OZG" or "E-Akte", kept by the coordinators.

    The glossary page lists every term; in knowledge-base texts the first use of a term links to
    its entry and explains itself in a tooltip (kb.explanations).
    """

    term = models.CharField(
        _("Begriff"), max_length=100, unique=True, help_text=_("Wie er im Text steht, z. B. „OZG“.")
    )
    slug = models.SlugField(
        _("Anker"),
        max_length=100,
        unique=True,
        help_text=_("Kurzname für die Adresse des Eintrags, z. B. „ozg“ für /wissen/glossar/#ozg."),
    )
    long_form = models.CharField(
        _("Langform"),
        max_length=200,
        blank=True,
        help_text=_("Ausgeschriebene Form einer Abkürzung, z. B. „Onlinezugangsgesetz“."),
    )
    definition = models.CharField(
        _("Kurzerklärung"),
        max_length=300,
        help_text=_(
            "Ein bis zwei Sätze ohne Formatierung; erscheint auch als Erklärung, wenn man im Text "
            "auf den Begriff zeigt."
        ),
    )
    explanation = RichTextField(
        _("Ausführliche Erklärung"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Erscheint nur im Glossar, unter der Kurzerklärung."),
    )
    spellings = models.CharField(
        _("Weitere Schreibweisen"),
        max_length=255,
        blank=True,
        help_text=_(
            "Durch Kommas getrennt, z. B. „E-Akte, eAkte, elektronische Akte“. Auch diese werden "
            "in Texten erklärt. Abkürzungen in Großbuchstaben zählen nur in genau dieser "
            "Schreibung, alle anderen Schreibweisen auch klein oder groß geschrieben."
        ),
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Weiterführende Seite"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        # No reverse accessor: a page has no use for the terms that link to it.
        related_name="+",
    )

    search_fields = [
        index.SearchField("term"),
        index.AutocompleteField("term"),
        index.SearchField("long_form"),
        index.SearchField("spellings"),
        index.SearchField("definition"),
        index.SearchField("explanation"),
    ]

    class Meta:
        verbose_name = _("Begriff")
        verbose_name_plural = _("Begriffe")
        ordering = ["term"]

    def __str__(self):
        return self.term

    @property
    def all_spellings(self):
        """The term and its other spellings, as texts mention it."""
        others = (spelling.strip() for spelling in self.spellings.split(","))
        return list(dict.fromkeys([self.term, *filter(None, others)]))

    @property
    def description(self):
        """What the tooltip says: "Langform: Kurzerklärung"."""
        return f"{self.long_form}: {self.definition}" if self.long_form else self.definition

    @property
    def sort_key(self):
        """German dictionary order (DIN 5007-1): "Ä" sorts as "A", "ß" as "ss", case ignored."""
        decomposed = unicodedata.normalize("NFKD", self.term.casefold())
        return "".join(char for char in decomposed if not unicodedata.combining(char)), self.term

    @property
    def letter(self):
        """The letter the glossary files the term under; one group for digits and signs."""
        initial = self.sort_key[0][:1].upper()
        return initial if initial.isascii() and initial.isalpha() else OTHER_INITIALS


class GlossaryPage(Page):
    """The glossary at /wissen/glossar/: every term from A to Z, each with an anchor."""

    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["kb.KnowledgeIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("Glossar")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        terms = sorted(
            GlossaryTerm.objects.select_related("link_page"),
            key=lambda term: (term.letter, term.sort_key),
        )
        # Each rich text looks up the pages it links to. Expanded in one piece, the explanations
        # cost one query however many of them link to pages. Rich text cannot hold a NUL.
        joined = "\0".join(term.explanation for term in terms)
        explanations = expand_db_html(joined).split("\0") if terms else []
        for term, explanation in zip(terms, explanations, strict=True):
            term.explanation_html = mark_safe(explanation)  # noqa: S308 - the editors' rich text
        groups = [(letter, list(group)) for letter, group in groupby(terms, lambda t: t.letter)]
        present = {letter for letter, _group in groups}
        # Every letter is in the navigation, so that it looks the same on each visit; only those
        # with terms are links.
        letters = [OTHER_INITIALS] if OTHER_INITIALS in present else []
        letters += string.ascii_uppercase
        context["letters"] = [(letter, letter in present) for letter in letters]
        context["letter_groups"] = groups
        context["term_count"] = len(terms)
        return context
