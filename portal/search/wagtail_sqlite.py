"""The repaired SQLite backend of portal.search.wagtail_backend: imported on SQLite only, as
modelsearch's SQLite module defines models that exist only there."""

import copy

from modelsearch.backends.base import EmptySearchResults
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.query import Phrase, PlainText


def without_quotes(text):
    return text.replace('"', " ")


class WithoutQuotes:
    def build_search_query_content(self, query, config=None):
        if isinstance(query, (PlainText, Phrase)) and '"' in query.query_string:
            query = copy.copy(query)
            query.query_string = without_quotes(query.query_string)
        return super().build_search_query_content(query, config=config)


class SearchQueryCompiler(WithoutQuotes, sqlite.SQLiteSearchQueryCompiler):
    pass


class AutocompleteQueryCompiler(WithoutQuotes, sqlite.SQLiteAutocompleteQueryCompiler):
    pass


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = SearchQueryCompiler
    autocomplete_query_compiler_class = AutocompleteQueryCompiler

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        # A query without words finds nothing; combined ones (And, Or) are left to the compiler.
        words = query if isinstance(query, str) else getattr(query, "query_string", None)
        if words is not None and not without_quotes(words).strip():
            return EmptySearchResults()
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
