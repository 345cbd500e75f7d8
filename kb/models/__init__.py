from .funding import (
    DeadlineLabel,
    DeadlineReminder,
    FundingCallPage,
    FundingDeadline,
    FundingLevel,
    FundingStatus,
    funding_status,
    today,
)
from .pages import FundingCallIndexPage, KnowledgeIndexPage
from .taxonomy import ApplicantGroup, Handlungsfeld, PopulationClass

__all__ = [
    "ApplicantGroup",
    "DeadlineLabel",
    "DeadlineReminder",
    "FundingCallIndexPage",
    "FundingCallPage",
    "FundingDeadline",
    "FundingLevel",
    "FundingStatus",
    "Handlungsfeld",
    "KnowledgeIndexPage",
    "PopulationClass",
    "funding_status",
    "today",
]
