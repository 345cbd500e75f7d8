"""Status updates as an Atom feed, for feed readers and other sites (/projekte/feed/)."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from projects.forms import ProjectFilterForm
from projects.models import ProjectPage, StatusUpdate

FEED_ITEMS = 50


class StatusUpdateFeed(Feed):
    """The newest status updates of public projects, filtered like the register.

    Feed readers fetch without a session, and a feed's address gets passed around: it carries
    public projects only, whoever asks.
    """

    feed_type = Atom1Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        return ProjectFilterForm(request.GET).filter(
            ProjectPage.objects.visible_to(AnonymousUser())
        )

    def title(self):
        return _("%(site)s: Statusmeldungen aus den Projekten") % {
            "site": settings.WAGTAIL_SITE_NAME
        }

    def subtitle(self):
        return _("Was sich in den Digitalisierungsprojekten des Netzwerks tut.")

    def author_name(self):
        return settings.WAGTAIL_SITE_NAME

    def link(self):
        return self.index.url

    def items(self, projects):
        return (
            StatusUpdate.objects.filter(project__in=projects.order_by().values("pk"))
            .select_related("project", "organisation")
            .order_by("-created_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, update):
        title = update.project.title
        if update.status:
            title = _("%(title)s: jetzt %(status)s") % {
                "title": title,
                "status": update.get_status_display(),
            }
        if update.progress is not None:
            title = _("%(title)s (%(progress)s %%)") % {"title": title, "progress": update.progress}
        return title

    def item_description(self, update):
        return update.text

    def item_link(self, update):
        return f"{update.project.url}#statusmeldung-{update.pk}"

    def item_guid(self, update):
        return f"urn:uuid:{update.project.translation_key}:statusmeldung-{update.pk}"

    def item_guid_is_permalink(self, update):
        return False

    def item_author_name(self, update):
        # The organisation speaks in public; members' names stay on the site.
        return update.organisation.title if update.organisation else settings.WAGTAIL_SITE_NAME

    def item_pubdate(self, update):
        return update.created_at

    def item_categories(self, update):
        return [update.project.get_status_display()]
