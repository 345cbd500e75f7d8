"""The funding calls for other programs: deadlines as iCalendar, new calls as an Atom feed."""

from datetime import timedelta

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from network.calendars import entry_uid, new_calendar, new_entry

# A subscribed calendar keeps what it has once seen; someone subscribing today still finds the
# deadlines of the last half year, e.g. to look up a call the town applied for.
CALENDAR_HISTORY = timedelta(days=180)
FEED_ITEMS = 50


def deadlines_calendar(deadlines, request):
    """An iCalendar (RFC 5545) with one all-day event per deadline (deadlines with their call)."""
    calendar = new_calendar(_("Förderfristen"))
    for deadline in deadlines:
        call = deadline.call
        entry = new_entry()
        # The deadline's key stays the same while editors change the call and its dates.
        entry.add("uid", entry_uid(f"foerderfrist-{deadline.pk}"))
        # Without a METHOD, DTSTAMP is when the entry was last revised (RFC 5545, 3.8.7.2).
        entry.add("dtstamp", call.last_published_at or timezone.now())
        entry.add("dtstart", deadline.date)
        entry.add("dtend", deadline.date + timedelta(days=1))
        # A deadline is a reminder, not an appointment: it does not block the day.
        entry.add("transp", "TRANSPARENT")
        entry.add(
            "summary",
            _("Frist (%(name)s): %(title)s") % {"name": deadline.name, "title": call.title},
        )
        entry.add(
            "description",
            "\n\n".join(
                [
                    call.summary,
                    _("Fördergeber: %(funder)s") % {"funder": call.funder},
                    _("Aufruf des Fördergebers: %(link)s") % {"link": call.link},
                ]
            ),
        )
        entry.add("url", request.build_absolute_uri(call.get_url(request)))
        calendar.add_component(entry)
    return calendar


class FundingCallFeed(Feed):
    """New funding calls as an Atom feed, the newest first, for feed readers and other sites."""

    feed_type = Atom1Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def title(self):
        return _("%(site)s: Förderaufrufe") % {"site": settings.WAGTAIL_SITE_NAME}

    def subtitle(self):
        return _("Neue Förderaufrufe für kommunale Digitalisierungsvorhaben.")

    def author_name(self):
        return settings.WAGTAIL_SITE_NAME

    def link(self):
        return self.index.url

    def items(self):
        return (
            self.index.calls()
            .order_by(F("first_published_at").desc(nulls_last=True), "-pk")
            .prefetch_related("handlungsfelder")[:FEED_ITEMS]
        )

    def item_title(self, call):
        return call.title

    def item_description(self, call):
        return call.summary

    def item_link(self, call):
        return call.url

    def item_guid(self, call):
        # Stays the same when the call's title or address changes.
        return f"urn:uuid:{call.translation_key}"

    def item_pubdate(self, call):
        return call.first_published_at

    def item_updateddate(self, call):
        return call.last_published_at

    def item_categories(self, call):
        return [call.get_level_display(), *(field.name for field in call.handlungsfelder.all())]
