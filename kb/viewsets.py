"""Admin views for the knowledge base's non-page records."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from kb.models import ApplicantGroup, GlossaryTerm, Handlungsfeld


class HandlungsfeldViewSet(SnippetViewSet):
    model = Handlungsfeld
    icon = "tag"
    menu_label = _("Handlungsfelder")
    list_display = ["name", "slug", "position"]
    ordering = ["position", "name"]


class GlossaryTermViewSet(SnippetViewSet):
    """The glossary's terms, kept by the coordinators; searchable by any spelling."""

    model = GlossaryTerm
    icon = "help"
    menu_label = _("Glossar")
    list_display = ["term", "long_form", "slug"]
    list_per_page = 50
    ordering = ["term"]
    panels = [
        FieldPanel("term"),
        FieldPanel("slug"),
        FieldPanel("long_form"),
        FieldPanel("definition", widget=forms.Textarea(attrs={"rows": 3})),
        FieldPanel("spellings"),
        FieldPanel("explanation"),
        FieldPanel("link_page"),
    ]


class ApplicantGroupViewSet(SnippetViewSet):
    """Who may apply for funding: the choices of the funding calls' "Antragsberechtigt"."""

    model = ApplicantGroup
    icon = "group"
    menu_label = _("Antragsberechtigte")
    list_display = ["name", "slug", "position"]
    ordering = ["position", "name"]


class KnowledgeViewSetGroup(SnippetViewSetGroup):
    """The vocabularies of the knowledge base and the funding calls in one admin menu."""

    items = (HandlungsfeldViewSet, GlossaryTermViewSet, ApplicantGroupViewSet)
    menu_icon = "tag"
    menu_label = _("Wissen & Förderung")
    menu_name = "wissen-foerderung"
    menu_order = 310
