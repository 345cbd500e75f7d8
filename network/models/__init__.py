from .accounts import ApprovalStatus, Function, Invitation, User
from .events import Event, EventKind
from .forum import (
    FlagReason,
    ForumCategory,
    Post,
    PostFlag,
    PostRevision,
    Thread,
    ThreadTag,
    ThreadVisit,
)
from .notifications import EmailFrequency, Follow, Notification, NotificationKind
from .organisations import OrganisationIndexPage, OrganisationKind, OrganisationPage
from .ozg import OzgLebenslage, OzgLeistung, OzgThemenfeld
from .pages import SectionIndexPage
from .people import (
    CONSENT_TEXT,
    CONSENT_TEXT_VERSION,
    ContactPerson,
    ContactPersonExpertise,
    Visibility,
)

__all__ = [
    "ApprovalStatus",
    "CONSENT_TEXT",
    "CONSENT_TEXT_VERSION",
    "ContactPerson",
    "ContactPersonExpertise",
    "EmailFrequency",
    "Event",
    "EventKind",
    "FlagReason",
    "Follow",
    "ForumCategory",
    "Notification",
    "NotificationKind",
    "Post",
    "PostFlag",
    "PostRevision",
    "Thread",
    "ThreadTag",
    "ThreadVisit",
    "Function",
    "Invitation",
    "Visibility",
    "OrganisationIndexPage",
    "OrganisationKind",
    "OrganisationPage",
    "OzgLebenslage",
    "OzgLeistung",
    "OzgThemenfeld",
    "SectionIndexPage",
    "User",
]
