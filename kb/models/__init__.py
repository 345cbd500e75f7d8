from .pages import FundingCallIndexPage, KnowledgeIndexPage
from .taxonomy import Handlungsfeld, PopulationClass

__all__ = ["FundingCallIndexPage", "Handlungsfeld", "KnowledgeIndexPage", "PopulationClass"]
