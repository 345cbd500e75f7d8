"""Notifications on the site, following, and the e-mail preferences behind every mail's link."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from taggit.models import Tag
from wagtail.models import Page

from network import notifications
from network.forms.notifications import NotificationPreferencesForm
from network.models import EmailFrequency, ForumCategory, Notification, Thread
from network.permissions import member_required
from network.views.redirects import redirect_back

NOTIFICATIONS_PER_PAGE = 30
# What members can follow, by the name a follow button sends.
FOLLOWABLE = {
    "thema": Thread.objects.all,
    "kategorie": ForumCategory.objects.all,
    "seite": lambda: Page.objects.live().public(),
    "schlagwort": Tag.objects.all,
    # Looked up by name: the network does not import the knowledge base above it.
    "handlungsfeld": lambda: apps.get_model("kb", "Handlungsfeld").objects.all(),
}


@member_required
def notification_list(request):
    page = Paginator(
        Notification.objects.filter(recipient=request.user).select_related("actor"),
        NOTIFICATIONS_PER_PAGE,
    ).get_page(request.GET.get("seite"))
    return render(request, "network/notifications/notification_list.html", {"notifications": page})


@member_required
def notification_open(request, pk):
    """Follow a notification's link and count it as read."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications.mark_read(request.user, [notification])
    return redirect(notification.url)


@require_POST
@member_required
def notifications_read(request):
    notifications.mark_read(request.user)
    messages.success(request, _("Alle Benachrichtigungen sind als gelesen markiert."))
    return redirect("network:notifications")


@require_POST
@member_required
def follow_toggle(request):
    """Follow or stop following a thread, category, page, tag or Handlungsfeld."""
    followable = FOLLOWABLE.get(request.POST.get("typ"))
    object_id = request.POST.get("id", "")
    if followable is None or not object_id.isdigit():
        raise Http404
    target = get_object_or_404(followable(), pk=object_id)
    if notifications.is_following(request.user, target):
        notifications.unfollow(request.user, target)
        messages.success(request, _("Sie folgen „%(name)s“ nicht mehr.") % {"name": target})
    else:
        notifications.follow(request.user, target)
        messages.success(
            request,
            _("Sie folgen „%(name)s“ und werden über Neues benachrichtigt.") % {"name": target},
        )
    return redirect_back(request, "network:notifications")


@login_required
def preferences(request):
    return edit_preferences(request, request.user)


@csrf_exempt  # the signed token in the link is the credential; mail programs post without a form
def preferences_from_link(request, token):
    """The preferences link of every e-mail: works without logging in.

    A one-click unsubscribe (RFC 8058) posts "List-Unsubscribe=One-Click": e-mails go off.
    """
    user = notifications.user_from_preferences_token(token)
    if user is None:
        raise Http404
    if request.POST.get("List-Unsubscribe") == "One-Click":
        user.notification_frequency = EmailFrequency.OFF
        user.save(update_fields=["notification_frequency"])
        return render(request, "network/notifications/unsubscribed.html")
    return edit_preferences(request, user)


def edit_preferences(request, user):
    form = NotificationPreferencesForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Ihre Einstellung ist gespeichert."))
        return redirect(request.path)
    return render(request, "network/notifications/preferences.html", {"form": form})
