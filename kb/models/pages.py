"""The knowledge base and the funding calls."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from network.models import SectionIndexPage


class KnowledgeIndexPage(SectionIndexPage):
    """The knowledge base at /wissen/: best practices, guides, templates and the glossary."""

    subpage_types = [
        "kb.BestPracticePage",
        "kb.GuidePage",
        "kb.ReadingPathPage",
        "kb.TemplateLibraryPage",
        "kb.GlossaryPage",
    ]
    page_size = 20

    class Meta:
        verbose_name = _("Wissensbereich")

    def get_context(self, request, *args, **kwargs):
        from kb.forms import KnowledgeFilterForm
        from kb.models import GlossaryPage, ReadingPathPage, TemplateLibraryPage

        context = super().get_context(request, *args, **kwargs)
        form = KnowledgeFilterForm(request.GET or None)
        context["filter_form"] = form
        context["results"] = Paginator(form.results(), self.page_size).get_page(
            request.GET.get("seite")
        )
        children = self.get_children().live().public()
        context["reading_path"] = children.type(ReadingPathPage).first()
        context["template_library"] = children.type(TemplateLibraryPage).first()
        context["glossary"] = children.type(GlossaryPage).first()
        return context


class FundingCallIndexPage(SectionIndexPage):
    """The funding calls at /foerderung/, sorted by their next deadline."""

    subpage_types = []

    class Meta:
        verbose_name = _("Förderaufrufe")
