"""The network's events: public list and pages, and iCalendar files for calendar programs."""

import re
from datetime import timedelta
from html import unescape

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from network.calendars import calendar_response, entry_uid, new_calendar, new_entry
from network.models import Event

PAST_EVENTS_PER_PAGE = 20
# A subscribed calendar keeps what it has once seen; the feed reaches back far enough for
# someone who subscribes today to find the last half year's meetings.
FEED_HISTORY = timedelta(days=180)
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)
LIST_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)


def event_list(request):
    """/netzwerk/termine/: every upcoming event, then the past ones page by page."""
    events = Event.objects.select_related("organiser")
    past = Paginator(events.past(), PAST_EVENTS_PER_PAGE).get_page(request.GET.get("seite"))
    return render(
        request,
        "network/events/event_list.html",
        {
            "upcoming": events.upcoming(),
            "past": past,
            # Shown in full: it is what people copy into their calendar program.
            "feed_url": request.build_absolute_uri(reverse("network:events_ics")),
        },
    )


def event_detail(request, pk):
    event = get_object_or_404(Event.objects.select_related("organiser"), pk=pk)
    return render(request, "network/events/event_detail.html", {"event": event})


def event_ics(request, pk):
    """One event as a file to import into a calendar program."""
    event = get_object_or_404(Event.objects.select_related("organiser"), pk=pk)
    return calendar_response(events_calendar([event], request), f"{slugify(event.title)}.ics")


def events_ics(request):
    """The feed to subscribe to: upcoming events and those of the last half year."""
    events = Event.objects.filter(ends_at__gte=timezone.now() - FEED_HISTORY).select_related(
        "organiser"
    )
    return calendar_response(events_calendar(events, request), "termine.ics")


def events_calendar(events, request):
    """An iCalendar (RFC 5545) with the events at their local times in the site's time zone."""
    calendar = new_calendar(_("Termine"))
    local_zone = timezone.get_default_timezone()
    events = list(events)
    for event in events:
        entry = new_entry()
        entry.add("uid", entry_uid(event.uid))
        # Without a METHOD, DTSTAMP is when the event was last revised (RFC 5545, 3.8.7.2).
        entry.add("dtstamp", event.updated_at)
        entry.add("last-modified", event.updated_at)
        entry.add("created", event.created_at)
        entry.add("dtstart", timezone.localtime(event.starts_at, local_zone))
        entry.add("dtend", timezone.localtime(event.ends_at, local_zone))
        entry.add("summary", event.title)
        if description := calendar_description(event):
            entry.add("description", description)
        # Programs show LOCATION most prominently; an online event's place is its link.
        if event.location or event.online_url:
            entry.add("location", event.location or event.online_url)
        if event.online_url:
            entry.add(
                "conference",
                event.online_url,
                parameters={"VALUE": "URI", "FEATURE": ["AUDIO", "VIDEO"]},
            )
        entry.add("url", request.build_absolute_uri(event.get_absolute_url()))
        calendar.add_component(entry)
    if events:
        # Only the time zone's transitions in the events' span, not those of decades.
        calendar.add_missing_timezones(
            first_date=min(event.starts_at for event in events).date() - timedelta(days=1),
            last_date=max(event.ends_at for event in events).date() + timedelta(days=1),
        )
    return calendar


def calendar_description(event):
    """The event's texts as plain text, with what a calendar entry alone does not show."""
    parts = [plain_text(event.description)]
    if event.agenda:
        parts.append(_("Tagesordnung:") + "\n" + plain_text(event.agenda))
    if event.online_url:
        parts.append(_("Online-Teilnahme: %(url)s") % {"url": event.online_url})
    if event.organiser:
        parts.append(_("Veranstalter: %(name)s") % {"name": event.organiser.title})
    return "\n\n".join(part for part in parts if part)


def plain_text(html):
    """Rich text as calendar programs show it: one line per paragraph or list item."""
    text = BLOCK_END.sub("\n", LIST_ITEM.sub("- ", html))
    return unescape(strip_tags(text)).strip()
