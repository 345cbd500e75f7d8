from .accounts import User
from .organisations import OrganisationIndexPage, OrganisationKind, OrganisationPage
from .ozg import OzgLebenslage, OzgLeistung, OzgThemenfeld
from .pages import SectionIndexPage

__all__ = [
    "OrganisationIndexPage",
    "OrganisationKind",
    "OrganisationPage",
    "OzgLebenslage",
    "OzgLeistung",
    "OzgThemenfeld",
    "SectionIndexPage",
    "User",
]
