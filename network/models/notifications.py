from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("sofort, einzeln")
    DAILY = "daily", _("einmal täglich als Zusammenfassung")
    WEEKLY = "weekly", _("einmal wöchentlich als Zusammenfassung")
    OFF = "off", _("keine E-Mails, nur auf der Website")


def content_type_of(target):
    """The content type under which follows and notifications record an object.

    Every page counts as a Page, whether it was loaded as its specific type or not.
    """
    from wagtail.models import Page

    return ContentType.objects.get_for_model(Page if isinstance(target, Page) else target)


class FollowQuerySet(models.QuerySet):
    def of(self, *targets):
        """Follows of any of the targets (objects of any followable model), in one query."""
        query = models.Q(pk__in=[])
        for target in filter(None, targets):
            query |= models.Q(content_type=content_type_of(target), object_id=target.pk)
        return self.filter(query)


class Follow(models.Model):
    """A member follows a thread, a forum category, a page, a tag or an organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(default=timezone.now)

    objects = FollowQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="follow_once"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return str(self.target)


class NotificationKind(models.TextChoices):
    REPLY = "reply", _("Antwort")
    MENTION = "mention", _("Erwähnung")
    FOLLOWED = "followed", _("Neues bei Gefolgtem")
    DEADLINE = "deadline", _("Frist")
    PROJECT_UPDATE = "project_update", _("Neues aus einem Projekt")
    REMINDER = "reminder", _("Erinnerung")
    COORDINATOR_DIGEST = "coordinator_digest", _("Wochenüberblick der Koordination")


class Notification(models.Model):
    """Something a member should hear about, shown on the site and mailed per their preference.

    The subject (a thread, a page) groups notifications in digests.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications_caused",
    )
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_title = models.CharField(_("Worum es geht"), max_length=255)
    text = models.CharField(_("Text"), max_length=300)
    url = models.CharField(_("Adresse"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "emailed_at"]),
        ]

    def __str__(self):
        return self.text

    @property
    def names_actor(self):
        """Whether the text follows the actor's name; deadline reminders and the coordinators'
        weekly digest come from the platform itself, and so do the daily run's reminders of stale
        projects (a coordinator's reminder names the coordinator)."""
        if self.kind == NotificationKind.REMINDER:
            return self.actor_id is not None
        return self.kind not in (NotificationKind.DEADLINE, NotificationKind.COORDINATOR_DIGEST)
