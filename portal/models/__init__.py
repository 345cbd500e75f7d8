from .pages import HomePage, LegalPage
from .search import (
    Audience,
    Kind,
    SearchEntry,
    SearchEntryOrganisation,
    SearchEntryTag,
    SearchQuery,
)

__all__ = [
    "Audience",
    "Kind",
    "HomePage",
    "LegalPage",
    "SearchEntry",
    "SearchEntryOrganisation",
    "SearchEntryTag",
    "SearchQuery",
]
