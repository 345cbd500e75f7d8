"""Wagtail's database search backend, which the admin's searches and the API's ?search= use.

On SQLite, modelsearch 1.3 writes each word of a query between double quotes into the FTS5
expression without doubling the quotes inside it, so a word with a double quote in it ends in
"unterminated string", a server error (wagtail/wagtail#13227); and a query of blanks only fails
in building the expression. FTS5 splits words at quotes anyway: here they are taken out before
the expression is built, and no match changes; a query without words finds nothing, as an empty
one does. PostgreSQL and Elasticsearch quote queries themselves and are used as they are.
"""

from django.db import connection
from modelsearch.backends import database


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend's module
    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite" and database.USE_SQLITE_FTS:
        from portal.search.wagtail_sqlite import SQLiteSearchBackend

        return SQLiteSearchBackend(params)
    return backend
