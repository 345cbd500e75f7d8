from django import template
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from network.models import ForumCategory
from network.notifications import is_following
from network.permissions import is_member

register = template.Library()


@register.filter
def member_name(user):
    """How a member is named on the site; accounts that are gone leave their posts behind."""
    if user is None:
        return _("ehemaliges Mitglied")
    return user.get_full_name() or user.username


@register.inclusion_tag("network/forum/includes/page_threads.html", takes_context=True)
def page_threads(context, page, follow_button=True):
    """The forum threads about a page, with a link to start one; for members only.

    Pages that offer following elsewhere, with their own explanation, leave the button out.
    """
    request = context["request"]
    if not is_member(request.user):
        return {"show": False}
    threads = page.forum_threads.select_related("category").order_by("-last_post_at")[:10]
    return {
        "show": True,
        "page": page,
        "threads": threads,
        "categories": ForumCategory.objects.all(),
        "follow_button": follow_button,
        "following": follow_button and is_following(request.user, page),
        "request": request,
    }


@register.filter
def machine_time(value):
    """A moment for <time datetime="…">, in local time to the minute (what HTML accepts)."""
    return localtime(value).isoformat(timespec="minutes")
