"""The knowledge base and the funding calls."""

from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from kb.feeds import CALENDAR_HISTORY, FundingCallFeed, deadlines_calendar
from network.calendars import calendar_response
from network.models import SectionIndexPage

from .funding import FundingCallPage, FundingDeadline, today


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


class FundingCallIndexPage(RoutablePageMixin, SectionIndexPage):
    """The funding calls at /foerderung/.

    Open and announced calls come first, sorted by their next deadline; closed ones are kept in
    the archive at /foerderung/archiv/. Calendar programs subscribe to the deadlines at
    /foerderung/fristen.ics, feed readers to new calls at /foerderung/feed/.
    """

    subpage_types = ["kb.FundingCallPage"]
    page_size = 20

    class Meta:
        verbose_name = _("Förderaufrufe")

    def calls(self):
        """The calls visitors may see: published and not restricted."""
        return FundingCallPage.objects.child_of(self).live().public()

    @path("")
    def current_calls(self, request):
        """Open and announced calls, the next deadline first."""
        calls = self.calls().current().order_by("next_deadline", "title")
        return self.render_listing(request, calls, archive=False)

    @path("archiv/", name="archive")
    def archive(self, request):
        """Closed calls, the most recently closed first."""
        last_deadline = (
            FundingDeadline.objects.filter(call=OuterRef("pk")).order_by("-date").values("date")
        )
        calls = (
            self.calls()
            .closed()
            .annotate(last_deadline=Subquery(last_deadline[:1]))
            .order_by(F("last_deadline").desc(nulls_last=True), "title")
        )
        return self.render_listing(request, calls, archive=True)

    def render_listing(self, request, calls, archive):
        # Imported here: the forms build on the models of this package.
        from kb.forms import FundingCallFilterForm

        form = FundingCallFilterForm(request.GET or None, archive=archive)
        calls = form.filter(calls).prefetch_related("deadlines")
        return self.render(
            request,
            context_overrides={
                "archive": archive,
                "filter_form": form,
                "calls": Paginator(calls, self.page_size).get_page(request.GET.get("seite")),
                # Shown in full: it is what people copy into their calendar program.
                "calendar_url": self.calendar_url(request),
            },
        )

    # Wagtail serves page routes with a trailing slash; config/urls.py passes file names such
    # as fristen.ics on to the page, which sees them as "fristen.ics/".
    @path("fristen.ics/", name="deadlines_ics")
    def deadlines_ics(self, request):
        """Every deadline of the visible calls, from half a year back, one event each."""
        deadlines = (
            FundingDeadline.objects.filter(
                call__in=self.calls(), date__gte=today() - CALENDAR_HISTORY
            )
            .select_related("call")
            .order_by("date", "pk")
        )
        return calendar_response(deadlines_calendar(deadlines, request), "fristen.ics")

    def calendar_url(self, request):
        route = self.reverse_subpage("deadlines_ics").removesuffix("/")
        return request.build_absolute_uri(self.get_url(request) + route)

    @path("feed/", name="feed")
    def feed(self, request):
        """New calls for feed readers (Atom)."""
        return FundingCallFeed(self)(request)
