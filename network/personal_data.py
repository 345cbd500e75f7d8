"""A member's personal data: export (DSGVO Art. 15 and 20) and erasure (Art. 17).

Every relation from any model to the user model is listed in USER_RELATIONS with what is exported
and what happens on erasure; a test fails when a new relation appears without an entry here.
"""

import enum
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from network.models import ContactPerson, Invitation, User

ACCOUNT_FIELDS = [
    "username",
    "email",
    "first_name",
    "last_name",
    "function",
    "notification_frequency",
    "approval_status",
    "approval_decided_at",
    "date_joined",
    "last_login",
    "is_active",
]


class Erasure(enum.Enum):
    DELETE = "delete"  # the rows are the person's own and go with them
    DETACH = "detach"  # others rely on the rows; they stay without the link to the person


@dataclass(frozen=True)
class UserRelation:
    model: str
    field: str
    erasure: Erasure
    exported_fields: tuple = ()
    # Further values set on detached rows, e.g. to release a page lock.
    cleared: dict = field(default_factory=dict)

    @property
    def key(self):
        return f"{self.model}.{self.field}"

    def queryset(self, user):
        return apps.get_model(self.model).objects.filter(**{self.field: user})

    def export(self, user):
        return list(self.queryset(user).order_by("pk").values(*self.exported_fields))

    def erase(self, user):
        rows = self.queryset(user)
        if self.erasure is Erasure.DELETE:
            rows.delete()
        else:
            # Without signals; the page cache hears of the erasure from the deletion of the user
            # in the same transaction (erase_personal_data).
            rows.update(**{self.field: None}, **self.cleared)


class ContactPersonRelation(UserRelation):
    """The member's own contact entry, with its expertise tags and the traces it left in logs."""

    def export(self, user):
        rows = super().export(user)
        for row, contact in zip(rows, self.queryset(user).order_by("pk"), strict=True):
            row["expertise"] = sorted(tag.name for tag in contact.expertise.all())
        return rows

    def erase(self, user):
        contact_ids = list(self.queryset(user).values_list("pk", flat=True))
        anonymise_log_entries(ContactPerson, contact_ids, _("gelöschte Ansprechperson"))
        # Deleting through the models removes each entry from the search index as well.
        for contact in self.queryset(user).select_related("photo"):
            if contact.photo is not None:
                contact.photo.delete()
            contact.delete()


class UserProfileRelation(UserRelation):
    """Wagtail's admin profile; its avatar file must go with it."""

    def erase(self, user):
        for profile in self.queryset(user):
            if profile.avatar:
                profile.avatar.delete(save=False)
            profile.delete()


def anonymise_log_entries(model, object_ids, label):
    """Wagtail's logs name the object they record; for a person that name is personal data."""
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in object_ids],
    ).update(label=label, data={})


CONTACT_FIELDS = (
    "pk",
    "name",
    "organisation__title",
    "function",
    "email",
    "phone",
    "photo__title",
    "visibility",
    "consent_recorded_at",
    "consent_text_version",
)
UPLOAD_FIELDS = ("title", "created_at")
LOG_FIELDS = ("action", "label", "timestamp")

USER_RELATIONS = [
    ContactPersonRelation("network.ContactPerson", "user", Erasure.DELETE, CONTACT_FIELDS),
    UserRelation("network.User", "approval_decided_by", Erasure.DETACH, ("approval_decided_at",)),
    UserRelation(
        "network.Invitation",
        "invited_by",
        Erasure.DETACH,
        ("email", "organisation__title", "created_at"),
    ),
    UserRelation(
        "network.Invitation", "accepted_by", Erasure.DELETE, ("organisation__title", "created_at")
    ),
    UserRelation("account.EmailAddress", "user", Erasure.DELETE, ("email", "verified", "primary")),
    # Forum contributions are what others rely on: they stay, shown as "ehemaliges Mitglied".
    UserRelation("network.Thread", "author", Erasure.DETACH, ("title", "created_at")),
    UserRelation("network.Post", "author", Erasure.DETACH, ("thread__title", "body", "created_at")),
    UserRelation("network.PostRevision", "edited_by", Erasure.DETACH, ("body", "created_at")),
    UserRelation(
        "network.PostFlag", "flagged_by", Erasure.DELETE, ("reason", "note", "created_at")
    ),
    UserRelation("network.ThreadVisit", "user", Erasure.DELETE, ("thread__title", "seen_until")),
    UserRelation(
        "network.Follow", "user", Erasure.DELETE, ("content_type__model", "object_id", "created_at")
    ),
    UserRelation(
        "network.Notification",
        "recipient",
        Erasure.DELETE,
        ("kind", "subject_title", "text", "created_at", "read_at"),
    ),
    UserRelation("network.Notification", "actor", Erasure.DETACH, ("kind", "created_at")),
    UserRelation(
        "kb.DeadlineReminder",
        "recipient",
        Erasure.DELETE,
        ("deadline__call__title", "days_before", "date", "sent_at"),
    ),
    UserProfileRelation(
        "wagtailusers.UserProfile",
        "user",
        Erasure.DELETE,
        ("preferred_language", "current_time_zone", "theme"),
    ),
    UserRelation("wagtaildocs.Document", "uploaded_by_user", Erasure.DETACH, UPLOAD_FIELDS),
    UserRelation("wagtailimages.Image", "uploaded_by_user", Erasure.DETACH, UPLOAD_FIELDS),
    UserRelation("kb.TemplateDocument", "uploaded_by_user", Erasure.DETACH, UPLOAD_FIELDS),
    UserRelation(
        "kb.Reuse",
        "reported_by",
        Erasure.DETACH,
        ("best_practice__title", "organisation__title", "since"),
    ),
    UserRelation(
        "projects.StatusUpdate",
        "author",
        Erasure.DETACH,
        ("project__title", "text", "status", "progress", "created_at"),
    ),
    UserRelation("projects.Introduction", "introduced_by", Erasure.DETACH, ("created_at",)),
    UserRelation("wagtailcore.UploadedFile", "uploaded_by_user", Erasure.DELETE, ("file",)),
    UserRelation("wagtailadmin.EditingSession", "user", Erasure.DELETE, ("last_seen_at",)),
    UserRelation("wagtailadmin.FormState", "user", Erasure.DELETE, ("last_updated_at",)),
    UserRelation("wagtailcore.APIToken", "user", Erasure.DELETE, ("name", "created")),
    UserRelation("wagtailcore.Revision", "user", Erasure.DETACH, ("object_str", "created_at")),
    UserRelation("wagtailcore.PageLogEntry", "user", Erasure.DETACH, LOG_FIELDS),
    UserRelation("wagtailcore.ModelLogEntry", "user", Erasure.DETACH, LOG_FIELDS),
    UserRelation(
        "wagtailcore.WorkflowState", "requested_by", Erasure.DETACH, ("status", "created_at")
    ),
    UserRelation("wagtailcore.TaskState", "finished_by", Erasure.DETACH, ("status", "finished_at")),
    UserRelation("wagtailcore.Page", "owner", Erasure.DETACH, ("title", "url_path")),
    UserRelation(
        "wagtailcore.Page",
        "locked_by",
        Erasure.DETACH,
        ("title", "locked_at"),
        cleared={"locked": False, "locked_at": None},
    ),
    UserRelation("wagtailcore.Comment", "user", Erasure.DELETE, ("text", "created_at")),
    UserRelation("wagtailcore.Comment", "resolved_by", Erasure.DETACH, ("text", "resolved_at")),
    UserRelation("wagtailcore.CommentReply", "user", Erasure.DELETE, ("text", "created_at")),
    UserRelation("wagtailcore.PageSubscription", "user", Erasure.DELETE, ("page__title",)),
]


def export_personal_data(user):
    """Everything stored about the user, as a JSON-serialisable dict."""
    account = {name: getattr(user, name) for name in ACCOUNT_FIELDS}
    account["organisation"] = user.organisation.title if user.organisation else None
    return {
        "exported_at": timezone.now(),
        "account": account,
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "invitations_received": list(
            Invitation.objects.for_email(user.email).values("organisation__title", "created_at")
        ),
        "related_records": {relation.key: relation.export(user) for relation in USER_RELATIONS},
    }


def erase_personal_data(user):
    """Delete the account and every personal datum linked to it.

    Records others rely on stay, detached from the person; they then show "ehemaliges Mitglied".
    """
    user_pk = user.pk
    with transaction.atomic():
        addresses = [
            user.email,
            *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
        ]
        for address in set(filter(None, addresses)):
            Invitation.objects.for_email(address).delete()
        for relation in USER_RELATIONS:
            relation.erase(user)
        anonymise_log_entries(User, [user_pk], _("ehemaliges Mitglied"))
        user.delete()
    # Outside the transaction: reading every session must not hold the database's write lock.
    delete_sessions(user_pk)


def delete_sessions(user_pk):
    """Log the user out everywhere; sessions store the user's key only inside their data."""
    user_key = str(user_pk)
    stale = [
        session.pk
        for session in Session.objects.iterator()
        if session.get_decoded().get("_auth_user_id") == user_key
    ]
    Session.objects.filter(pk__in=stale).delete()
