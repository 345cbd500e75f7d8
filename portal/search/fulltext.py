"""Full-text matching of search entries in the database: FTS5 on SQLite, tsvector on PostgreSQL.

Both index the German stems of each entry (portal.search.german), title and text weighted
apart, and match every query stem as a word prefix: "Breitband" finds "Breitbandausbau". The
index structures are created by the migration portal/0003 and kept current by the database
itself (triggers on SQLite, a generated column on PostgreSQL).
"""

from django.db import connection
from django.db.models import FloatField, Q
from django.db.models.expressions import RawSQL

SQLITE_SETUP = [
    "CREATE VIRTUAL TABLE portal_searchentry_fts USING fts5("
    "title_stems, stems, content='portal_searchentry', content_rowid='id')",
    # External-content FTS5 tables are kept in step by triggers (SQLite documentation, 4.4.3).
    """CREATE TRIGGER portal_searchentry_ai AFTER INSERT ON portal_searchentry BEGIN
        INSERT INTO portal_searchentry_fts(rowid, title_stems, stems)
        VALUES (new.id, new.title_stems, new.stems);
    END""",
    """CREATE TRIGGER portal_searchentry_ad AFTER DELETE ON portal_searchentry BEGIN
        INSERT INTO portal_searchentry_fts(portal_searchentry_fts, rowid, title_stems, stems)
        VALUES ('delete', old.id, old.title_stems, old.stems);
    END""",
    """CREATE TRIGGER portal_searchentry_au AFTER UPDATE ON portal_searchentry BEGIN
        INSERT INTO portal_searchentry_fts(portal_searchentry_fts, rowid, title_stems, stems)
        VALUES ('delete', old.id, old.title_stems, old.stems);
        INSERT INTO portal_searchentry_fts(rowid, title_stems, stems)
        VALUES (new.id, new.title_stems, new.stems);
    END""",
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS portal_searchentry_ai",
    "DROP TRIGGER IF EXISTS portal_searchentry_ad",
    "DROP TRIGGER IF EXISTS portal_searchentry_au",
    "DROP TABLE IF EXISTS portal_searchentry_fts",
]
# The stems are already normalised, so PostgreSQL's 'simple' configuration only splits them.
POSTGRES_SETUP = [
    """ALTER TABLE portal_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_stems), 'A')
        || setweight(to_tsvector('simple', stems), 'B')
    ) STORED""",
    "CREATE INDEX portal_searchentry_vector ON portal_searchentry USING GIN (search_vector)",
]
POSTGRES_TEARDOWN = [
    "DROP INDEX IF EXISTS portal_searchentry_vector",
    "ALTER TABLE portal_searchentry DROP COLUMN IF EXISTS search_vector",
]


def create_index(apps, schema_editor):
    run(schema_editor, SQLITE_SETUP, POSTGRES_SETUP)


def drop_index(apps, schema_editor):
    run(schema_editor, SQLITE_TEARDOWN, POSTGRES_TEARDOWN)


def run(schema_editor, sqlite, postgres):
    statements = {"sqlite": sqlite, "postgresql": postgres}[schema_editor.connection.vendor]
    for statement in statements:
        schema_editor.execute(statement)


def match(entries, terms, titles_only=False):
    """The entries whose stems start with every term, annotated with `rank` (higher is better).

    `terms` are stems: letters and digits only, so they are safe inside the match expression.
    With `titles_only`, only the titles are searched (for suggestions while typing).
    """
    if connection.vendor == "postgresql":
        weight = "A" if titles_only else ""
        query = " & ".join(f"{term}:*{weight}" for term in terms)
        return entries.filter(
            Q(
                pk__in=RawSQL(
                    "SELECT id FROM portal_searchentry"
                    " WHERE search_vector @@ to_tsquery('simple', %s)",
                    [query],
                )
            )  # fmt: skip
        ).annotate(
            rank=RawSQL(  # noqa: S611 - the query is passed as a parameter
                "ts_rank(portal_searchentry.search_vector, to_tsquery('simple', %s))",
                [query],
                output_field=FloatField(),
            )
        )
    query = " AND ".join(f'"{term}"*' for term in terms)
    if titles_only:
        query = f"title_stems : ({query})"
    return entries.filter(
        pk__in=RawSQL(  # noqa: S611 - the query is passed as a parameter
            "SELECT rowid FROM portal_searchentry_fts WHERE portal_searchentry_fts MATCH %s",
            [query],
        )
    ).annotate(
        # bm25 is lower for better matches; a title match counts five times a text match.
        rank=RawSQL(  # noqa: S611 - the query is passed as a parameter
            "(SELECT -bm25(portal_searchentry_fts, 5.0, 1.0) FROM portal_searchentry_fts"
            " WHERE portal_searchentry_fts.rowid = portal_searchentry.id"
            " AND portal_searchentry_fts MATCH %s)",
            [query],
            output_field=FloatField(),
        )
    )
