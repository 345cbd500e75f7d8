from functools import partial

from network.notifications import unread_count


def notifications(request):
    """The member's unread count for the header, counted only if a template asks for it."""
    if not request.user.is_authenticated:
        return {}
    return {"unread_notifications": partial(unread_count, request.user)}
