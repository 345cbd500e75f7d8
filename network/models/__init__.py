from .accounts import ApprovalStatus, Function, Invitation, User
from .events import Event, EventKind
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
    "Event",
    "EventKind",
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
