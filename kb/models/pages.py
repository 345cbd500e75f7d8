"""The knowledge base and the funding calls."""

from django.utils.translation import gettext_lazy as _

from network.models import SectionIndexPage


class KnowledgeIndexPage(SectionIndexPage):
    """The knowledge base at /wissen/: best practices, guides, templates and the glossary."""

    subpage_types = ["kb.GlossaryPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = self.get_children().live().public()
        return context

    class Meta:
        verbose_name = _("Wissensbereich")


class FundingCallIndexPage(SectionIndexPage):
    """The funding calls at /foerderung/, sorted by their next deadline."""

    subpage_types = []

    class Meta:
        verbose_name = _("Förderaufrufe")
