from .documents import DocumentAttachment, TemplateCategory, TemplateDocument, TemplateLibraryPage
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
from .glossary import GlossaryPage, GlossaryTerm
from .guides import GuidePage, GuideTag, ReadingPathPage, ReadingPathStep
from .pages import FundingCallIndexPage, KnowledgeIndexPage
from .practice import BestPracticeAttachment, BestPracticePage, BestPracticeTag, Reuse
from .taxonomy import ApplicantGroup, Handlungsfeld, PopulationClass

__all__ = [
    "ApplicantGroup",
    "BestPracticeAttachment",
    "BestPracticePage",
    "BestPracticeTag",
    "DeadlineLabel",
    "DocumentAttachment",
    "DeadlineReminder",
    "FundingCallIndexPage",
    "FundingCallPage",
    "FundingDeadline",
    "FundingLevel",
    "FundingStatus",
    "GlossaryPage",
    "GlossaryTerm",
    "GuidePage",
    "GuideTag",
    "Handlungsfeld",
    "KnowledgeIndexPage",
    "PopulationClass",
    "ReadingPathPage",
    "ReadingPathStep",
    "Reuse",
    "TemplateCategory",
    "TemplateDocument",
    "TemplateLibraryPage",
    "funding_status",
    "today",
]
