"""Following and notifications: how members hear about what matters to them.

Every feature that has news for members calls notify() with the people to tell, usually the
followers_of() what changed. Members read notifications on the site and get them by e-mail as
they chose: at once, as a daily or weekly digest, or not at all. E-mails go out from background
tasks once the transaction has committed, so a failing mail server never breaks a request.
"""

import itertools
import logging
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from network.models import EmailFrequency, Follow, Notification
from network.models.notifications import content_type_of

PREFERENCES_SALT = "network.notification-preferences"

logger = logging.getLogger(__name__)


def follow(user, target):
    Follow.objects.get_or_create(
        user=user, content_type=content_type_of(target), object_id=target.pk
    )


def unfollow(user, target):
    Follow.objects.of(target).filter(user=user).delete()


def is_following(user, target):
    return user.is_authenticated and Follow.objects.of(target).filter(user=user).exists()


def followed_among(user, targets):
    """Those of the targets (objects of any followable model) the user follows, in one query."""
    if not user.is_authenticated:
        return set()
    follows = set(
        Follow.objects.of(*targets).filter(user=user).values_list("content_type_id", "object_id")
    )
    return {target for target in targets if (content_type_of(target).pk, target.pk) in follows}


def followers_of(*targets):
    """The active members who follow any of the targets."""
    return get_user_model().objects.filter(
        pk__in=Follow.objects.of(*targets).values("user"), is_active=True
    )


def notify(recipients, *, kind, subject, text, url, actor=None):
    """Tell each recipient once; never the actor, who knows already.

    `text` completes a sentence that starts with the actor's name ("… hat geantwortet"); the
    name itself is not stored, so that it disappears with the actor's account. Deadline
    reminders come from the platform itself: they have no actor, and their text is a sentence
    of its own.
    """
    recipients = {user for user in recipients if user != actor and user.is_active}
    subject_type = content_type_of(subject)
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient=recipient,
                kind=kind,
                actor=actor,
                subject_type=subject_type,
                subject_id=subject.pk,
                subject_title=str(subject)[:255],
                text=text,
                url=url,
            )
            for recipient in recipients
        ]
    )
    at_once = [
        notification.pk
        for notification in created
        if notification.recipient.notification_frequency == EmailFrequency.IMMEDIATELY
    ]
    if at_once:
        transaction.on_commit(partial(send_notification_emails.enqueue, at_once))
    return created


@task()
def send_notification_emails(notification_ids):
    """One e-mail per notification, for members who want them at once."""
    pending = Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True, read_at__isnull=True
    ).select_related("recipient", "actor")
    for notification in pending:
        send_to_one(notification.recipient, [notification])


def send_digests(frequency):
    """Send each member with this frequency one e-mail of what they have not seen yet.

    Grouped by subject, each notification only once, and nothing to whom nothing happened.
    Returns the number of e-mails sent.
    """
    # Members who want mail at once get here what could not be sent at once.
    frequencies = [frequency, EmailFrequency.IMMEDIATELY]
    pending = (
        Notification.objects.filter(
            recipient__notification_frequency__in=frequencies,
            recipient__is_active=True,
            emailed_at__isnull=True,
            read_at__isnull=True,
        )
        .select_related("recipient", "actor")
        .order_by("recipient_id", "subject_type_id", "subject_id", "created_at")
    )
    sent = 0
    for recipient, notifications in itertools.groupby(pending, key=lambda n: n.recipient):
        sent += send_to_one(recipient, list(notifications))
    return sent


def send_to_one(recipient, notifications):
    """Mail one member; a refused mail is logged and the others still get theirs.

    Notifications not mailed stay unmailed, so the next digest run tries them again.
    """
    try:
        send_digest_email(recipient, notifications)
    except Exception:
        logger.exception("Benachrichtigung an %s nicht verschickt", recipient.pk)
        return False
    return True


def send_digest_email(recipient, notifications):
    preferences_url = absolute_url(
        reverse("my_account:notification_preferences_token", args=[preferences_token(recipient)])
    )
    context = {
        "recipient": recipient,
        "groups": group_by_subject(notifications),
        "site_url": settings.WAGTAILADMIN_BASE_URL,
        "preferences_url": preferences_url,
    }
    subject = render_to_string("network/email/notifications_subject.txt", context)
    message = EmailMessage(
        # A title may hold a line break; a mail subject must not.
        subject=" ".join(subject.split()),
        body=render_to_string("network/email/notifications_message.txt", context),
        to=[recipient.email],
        # One click in the mail program turns these e-mails off (RFC 8058).
        headers={
            "List-Unsubscribe": f"<{preferences_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        emailed_at=timezone.now()
    )


def group_by_subject(notifications):
    """[(subject title, url of the latest, [notifications])], one entry per subject."""
    key = lambda n: (n.subject_type_id, n.subject_id)  # noqa: E731
    groups = []
    for _, items in itertools.groupby(sorted(notifications, key=key), key=key):
        items = sorted(items, key=lambda n: n.created_at)
        groups.append((items[-1].subject_title, absolute_url(items[-1].url), items))
    return groups


def absolute_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def preferences_token(user):
    return signing.dumps(user.pk, salt=PREFERENCES_SALT)


def user_from_preferences_token(token):
    """The user a preferences link was made for, or None for a forged or broken one."""
    try:
        pk = signing.loads(token, salt=PREFERENCES_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def mark_read(user, notifications=None):
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notifications is not None:
        unread = unread.filter(pk__in=[n.pk for n in notifications])
    unread.update(read_at=timezone.now())


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
