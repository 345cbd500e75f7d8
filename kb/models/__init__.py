from .glossary import GlossaryPage, GlossaryTerm
from .pages import FundingCallIndexPage, KnowledgeIndexPage
from .taxonomy import Handlungsfeld, PopulationClass

__all__ = [
    "FundingCallIndexPage",
    "GlossaryPage",
    "GlossaryTerm",
    "Handlungsfeld",
    "KnowledgeIndexPage",
    "PopulationClass",
]
