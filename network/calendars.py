"""iCalendar (RFC 5545) files for calendar programs: the events and the funding deadlines.

icalendar is imported when a calendar is made, not with the module: it would add some 10 MB to
every worker for the few requests that ask for a calendar.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

PRODID = "-//Digitalnetz//Termine//DE"


def new_calendar(name):
    """An empty calendar that calendar programs list under the site's name and `name`."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add(
        "x-wr-calname", _("%(site)s: %(name)s") % {"site": settings.WAGTAIL_SITE_NAME, "name": name}
    )
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def new_entry():
    """An empty calendar entry (VEVENT)."""
    import icalendar

    return icalendar.Event()


def entry_uid(local_id):
    """A globally unique UID for an entry that is unique on this site.

    The UID must not change with the host name a request happens to use, or calendars that
    subscribed under another name would show every entry twice.
    """
    return f"{local_id}@{urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname}"


def calendar_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
