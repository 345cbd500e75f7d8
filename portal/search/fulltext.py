"""Full-text matching of search entries in the database: FTS5 on SQLite, tsvector on PostgreSQL.

Both index the German stems of each entry (portal.search.german), title and text weighted
apart, and match query stems as word prefixes: "Breitband" finds "Breitbandausbau". The
index structures are created by the migration portal/0003 and kept current by the database
itself (triggers on SQLite, a generated column on PostgreSQL).
"""

from django.db import connection
from django.db.models import F, FloatField, IntegerField, Q
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


# Stems inside title words ("karte" in "gefahrenkarte", _term_select) are found by LIKE '%…%'.
# SQLite then scans an index of the titles' stems instead of the much larger table; PostgreSQL
# answers it from a trigram index.
SQLITE_INFIX_SETUP = [
    "CREATE INDEX portal_searchentry_title_stems ON portal_searchentry (title_stems)"
]
SQLITE_INFIX_TEARDOWN = ["DROP INDEX IF EXISTS portal_searchentry_title_stems"]
POSTGRES_INFIX_SETUP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX portal_searchentry_title_trigrams ON portal_searchentry"
    " USING GIN (title_stems gin_trgm_ops)",
]
POSTGRES_INFIX_TEARDOWN = ["DROP INDEX IF EXISTS portal_searchentry_title_trigrams"]


def create_index(apps, schema_editor):
    run(schema_editor, SQLITE_SETUP, POSTGRES_SETUP)


def drop_index(apps, schema_editor):
    run(schema_editor, SQLITE_TEARDOWN, POSTGRES_TEARDOWN)


def create_infix_index(apps, schema_editor):
    run(schema_editor, SQLITE_INFIX_SETUP, POSTGRES_INFIX_SETUP)


def drop_infix_index(apps, schema_editor):
    run(schema_editor, SQLITE_INFIX_TEARDOWN, POSTGRES_INFIX_TEARDOWN)


def run(schema_editor, sqlite, postgres):
    statements = {"sqlite": sqlite, "postgresql": postgres}[schema_editor.connection.vendor]
    for statement in statements:
        schema_editor.execute(statement)


def match(entries, terms, titles_only=False, any_term=False):
    """The entries whose stems start with every term (with `any_term`, with any of them),
    annotated with `rank` (higher is better).

    `terms` are stems: letters and digits only, so they are safe inside the match expression.
    With `titles_only`, only the titles are searched (for suggestions while typing).
    """
    if connection.vendor == "postgresql":
        weight = "A" if titles_only else ""
        query = (" | " if any_term else " & ").join(f"{term}:*{weight}" for term in terms)
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
    query = (" OR " if any_term else " AND ").join(f'"{term}"*' for term in terms)
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


# Stems this short match whole words only: as prefixes, "app" would find "Appell", "off"
# ("offene") "öffentlich", and the "e" of "E-Akte" nearly everything.
SHORTEST_PREFIX = 4
# Stems this long are also found inside the words of titles: the last part of a compound
# ("Karte" in "Starkregen-Gefahrenkarte", "Richtlinie" in "Passwortrichtlinie").
SHORTEST_INFIX = 4


def match_most(entries, terms, required):
    """The entries that match at least `required` of the terms, annotated for ordering.

    Each term is a tuple of stems, its alternatives ("dms", "dokumentenmanagementsystem"); it
    matches an entry that contains any of them. The stems are safe inside the match expression
    (letters and digits only) and are matched as word prefixes, short ones as whole words.

    The annotations: `coverage`, how many terms the entry matches; `title_share`, the share of
    the words of its title that the terms match, which tells "Eine E-Akte einführen" from a
    long text that mentions both. `best_first` adds the database's score.
    """
    selects = [_term_select(alternatives) for alternatives in terms]
    in_titles = [_term_select(alternatives, titles_only=True) for alternatives in terms]
    # One row per entry and matched term: the entries with enough rows are the results.
    # The SQL is put together from constants only; the stems are parameters.
    enough = " UNION ALL ".join(
        f"SELECT id FROM ({sql}) AS term{number}"  # noqa: S608
        for number, (sql, _) in enumerate(selects)
    )
    enough = f"SELECT id FROM ({enough}) AS matches GROUP BY id HAVING COUNT(*) >= %s"  # noqa: S608
    title_words = (
        "(LENGTH(portal_searchentry.title_stems)"
        " - LENGTH(REPLACE(portal_searchentry.title_stems, ' ', '')) + 1)"
    )
    return entries.filter(
        pk__in=RawSQL(enough, [*_parameters(selects), required])  # noqa: S611 - parameters
    ).annotate(
        coverage=RawSQL(  # noqa: S611 - parameters
            _count(selects), _parameters(selects), output_field=IntegerField()
        ),
        title_share=RawSQL(  # noqa: S611 - parameters
            f"({_count(in_titles)}) * 1.0 / {title_words}",
            _parameters(in_titles),
            output_field=FloatField(),
        ),
    )


def best_first(matches, terms, start, count):
    """The ids of `count` of the matches (from `match_most`) from `start` on, best first: by
    coverage, title share, then the database's score over every stem of every term, which
    weighs how often and where they occur.

    The score is computed in one pass of the full-text index and joined to the matches: per
    match, as a subquery, it would search the index once for each of them.
    """
    any_term = _expression([stem for alternatives in terms for stem in alternatives])
    if connection.vendor == "postgresql":
        # Normalisation 1 divides by the logarithm of the text's length: as bm25 on SQLite,
        # a match in a short text counts more than one in a long text.
        scores = (
            "SELECT id, ts_rank(search_vector, to_tsquery('simple', %s), 1) AS score"
            " FROM portal_searchentry WHERE search_vector @@ to_tsquery('simple', %s)"
        )
        score_parameters = [any_term, any_term]
    else:
        # bm25 is lower for better matches; a title match counts five times a text match.
        scores = (
            "SELECT rowid AS id, -bm25(portal_searchentry_fts, 5.0, 1.0) AS score"
            " FROM portal_searchentry_fts WHERE portal_searchentry_fts MATCH %s"
        )
        score_parameters = [any_term]
    matched, parameters = (
        matches.order_by()
        .values("coverage", "title_share", match_id=F("pk"), match_date=F("date"))
        .query.sql_with_params()
    )
    # Entries found only inside a title word (_term_select) have no score: zero.
    sql = (
        f"SELECT matched.match_id FROM ({matched}) AS matched"  # noqa: S608
        f" LEFT JOIN ({scores}) AS scores ON scores.id = matched.match_id"
        " ORDER BY matched.coverage DESC, matched.title_share DESC,"
        " COALESCE(scores.score, 0) DESC, matched.match_date DESC, matched.match_id DESC"
        " LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*parameters, *score_parameters, count, start])
        return [row[0] for row in cursor.fetchall()]


def finds(entries, alternatives, whole_words=False):
    """Whether any of the entries matches the term (as `match_most` would, or as whole words)."""
    sql, parameters = _term_select(alternatives, whole_words)
    return entries.filter(pk__in=RawSQL(sql, parameters)).exists()  # noqa: S611 - parameters


def _term_select(alternatives, whole_words=False, titles_only=False):
    """SQL that selects the ids of the entries one term matches, and its parameters."""
    if connection.vendor == "postgresql":
        sql = "SELECT id FROM portal_searchentry WHERE search_vector @@ to_tsquery('simple', %s)"
    else:
        sql = "SELECT rowid AS id FROM portal_searchentry_fts WHERE portal_searchentry_fts MATCH %s"
    parameters = [_expression(alternatives, whole_words, titles_only)]
    if not whole_words:
        for stem in alternatives:
            if len(stem) >= SHORTEST_INFIX:
                sql += (
                    " UNION SELECT id FROM portal_searchentry WHERE title_stems LIKE %s ESCAPE '!'"
                )
                parameters.append(f"%{_escape_like(stem)}%")
    return sql, parameters


def _expression(alternatives, whole_words=False, titles_only=False):
    """The full-text query for any of the stems: as word prefixes, or whole words if short."""

    def prefix(stem):
        return not whole_words and len(stem) >= SHORTEST_PREFIX

    if connection.vendor == "postgresql":
        # Titles are weighted A in the search vector (see POSTGRES_SETUP).
        labels = [
            ("*" if prefix(stem) else "") + ("A" if titles_only else "") for stem in alternatives
        ]
        forms = [
            f"{stem}:{label}" if label else stem
            for stem, label in zip(alternatives, labels, strict=True)
        ]
        return f"({' | '.join(forms)})"
    forms = [f'"{stem}"*' if prefix(stem) else f'"{stem}"' for stem in alternatives]
    expression = f"({' OR '.join(forms)})"
    return f"title_stems : {expression}" if titles_only else expression


def _count(selects):
    """SQL for the number of the selects that select the entry."""
    return " + ".join(
        f"(CASE WHEN portal_searchentry.id IN ({sql}) THEN 1 ELSE 0 END)" for sql, _ in selects
    )


def _parameters(selects):
    return [parameter for _, parameters in selects for parameter in parameters]


def _escape_like(text):
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")
