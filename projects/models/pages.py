"""The register of all projects at /projekte/, with its exports and feed."""

from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from network.models import SectionIndexPage
from network.page_cache import remembered


class ProjectIndexPage(RoutablePageMixin, SectionIndexPage):
    """The project register: every project the user may see, filtered by the query string.

    The same filters serve the exports (/projekte/export.csv, /projekte/export.xlsx) and the
    feed of status updates (/projekte/feed/).
    """

    subpage_types = ["projects.StrategyPage"]
    page_size = 25

    class Meta:
        verbose_name = _("Projektregister")

    # The views build on the forms, which build on the models: imported when a route is served.

    @path("")
    def register(self, request):
        from projects.views import register

        return register(request, self)

    # Wagtail serves page routes with a trailing slash; config/urls.py passes file names such
    # as export.csv on to the page, which sees them as "export.csv/".
    @path("export.csv/", name="export_csv")
    def export_csv(self, request):
        from projects.views import export

        return export(request, "csv")

    @path("export.xlsx/", name="export_xlsx")
    def export_xlsx(self, request):
        from projects.views import export

        return export(request, "xlsx")

    @path("feed/", name="feed")
    def feed(self, request):
        from projects.feeds import StatusUpdateFeed

        return StatusUpdateFeed(self)(request)


def register_url():
    """The register's address ("" while there is none), kept: pages link to it filtered."""
    return remembered(
        "register-url", None, lambda: getattr(ProjectIndexPage.objects.live().first(), "url", "")
    )
