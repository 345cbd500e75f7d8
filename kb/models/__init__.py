from .documents import TemplateCategory, TemplateDocument, TemplateLibraryPage
from .glossary import GlossaryPage, GlossaryTerm
from .guides import GuidePage, GuideTag, ReadingPathPage, ReadingPathStep
from .pages import FundingCallIndexPage, KnowledgeIndexPage
from .practice import BestPracticeAttachment, BestPracticePage, BestPracticeTag, Reuse
from .taxonomy import Handlungsfeld, PopulationClass

__all__ = [
    "BestPracticeAttachment",
    "BestPracticePage",
    "BestPracticeTag",
    "FundingCallIndexPage",
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
]
