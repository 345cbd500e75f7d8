"""Rows by the hundred thousand: pages and records for imports and generated data, in bulk.

Django's bulk_create needs a model instance per row and compiles a placeholder per value; for a
hundred thousand projects with their partners, tags and status updates that alone is a minute and
a half. Here rows are plain dicts, written with COPY on PostgreSQL and executemany on SQLite;
each value still passes through its field's `get_db_prep_save()`, the conversion the ORM applies
on every INSERT (dates, time zones, decimals, UUIDs, StreamField JSON), so both engines get what
the ORM gives them.

bulk_create also refuses page models outright: a page is a row in wagtailcore_page plus a row in
the specific model's table (multi-table inheritance). The ways round that were bulk_create for the
wagtailcore_page rows plus the manager's private `_insert()` for the specific rows (what
Model.save() calls for each table), or SQL of our own. The first still builds an instance per page
and compiles every value, about 100 seconds for the data above, and leans on a private API; the
second needs only documented ones (the `_meta` API, `get_db_prep_save()`, the DB-API cursor) and
takes a fifth of the time. So PageAppender writes both tables with insert_rows(), in the order and
with the parent pointer Model.save() would, and does Wagtail's and treebeard's part itself:
- the tree: the materialised path (four base-36 digits per level), depth, the parent's `numchild`,
  and Wagtail's `url_path`, for each parent looked up once per appender;
- the slug: taken from the title when empty, made unique among the siblings as Wagtail does for
  generated slugs ("-2", "-3", ...);
- publishing: pages are live and published now unless the row says otherwise, without a revision.
Like bulk_create, none of this sends signals: nothing reaches the search index or the reference
index. Callers index the pages once their related rows exist (`manage.py update_index` does all).
Only the page cache is told here (network.page_cache).
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import DateTimeField, F, Q
from django.db.models.constants import OnConflict
from django.utils import timezone
from treebeard.exceptions import PathOverflow
from wagtail.models import Page

from network import page_cache
from network.slugs import german_slugify

# Rows per executemany; only memory depends on it.
BATCH_SIZE = 2000
# Rows per transaction where generators write in chunks (projects.bulk, portal.scale).
CHUNK_SIZE = 2000
# Values in one query's IN (...) or OR: SQLite allows 999 parameters in one.
PER_QUERY = 900


def insert_rows(model, rows, *, batch_size=BATCH_SIZE, update_conflicts=()):
    """INSERT rows (dicts of attribute name to value) into the model's own table.

    Missing values take the field's default (`auto_now` fields: now); the automatic primary key
    is left to the database. With `update_conflicts`, the names of fields that are unique
    together, a row whose values of them are taken overwrites the row that has them, which keeps
    its primary key (INSERT ... ON CONFLICT DO UPDATE, as bulk_create(update_conflicts=True)).
    Returns the number of rows.
    """
    # The connection itself, not the proxy `django.db.connection`: it is asked for every value.
    connection = connections[DEFAULT_DB_ALIAS]
    fields = [
        field for field in model._meta.local_concrete_fields if field is not model._meta.auto_field
    ]
    names = {field.attname for field in fields}
    # (field, whether its default is computed per row, else the default ready for the database)
    columns = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            now = timezone.now()
            now = now if isinstance(field, DateTimeField) else timezone.localdate(now)
            columns.append((field, False, field.get_db_prep_save(now, connection)))
        elif field.has_default() and callable(field.default):
            columns.append((field, True, None))
        else:
            default = field.get_db_prep_save(field.get_default(), connection)
            columns.append((field, False, default))
    table = connection.ops.quote_name(model._meta.db_table)
    names_sql = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    on_conflict = ""
    if update_conflicts:
        unique = [model._meta.get_field(name).column for name in update_conflicts]
        on_conflict = " " + connection.ops.on_conflict_suffix_sql(
            fields,
            OnConflict.UPDATE,
            [field.column for field in fields if field.column not in unique],
            unique,
        )
    # Columns repeat few values (status, organisation, flags): each is converted once a column.
    converted = [{} for _column in columns]

    def value(row, index, field, per_row, default):
        if field.attname not in row:
            return field.get_db_prep_save(field.get_default(), connection) if per_row else default
        given = row[field.attname]
        try:
            return converted[index][type(given), given]
        except KeyError:
            result = converted[index][type(given), given] = field.get_db_prep_save(
                given, connection
            )
            return result
        except TypeError:  # unhashable, e.g. a list for a JSON field
            return field.get_db_prep_save(given, connection)

    def prepared():
        for row in rows:
            if not row.keys() <= names:
                raise ValueError(f"{model.__name__} has no field {sorted(row.keys() - names)}.")
            yield [value(row, index, *column) for index, column in enumerate(columns)]

    count = 0
    with connection.cursor() as cursor:
        # Names from the model's metadata, quoted; values only as parameters or COPY data.
        if connection.vendor == "postgresql" and hasattr(cursor.cursor, "copy") and not on_conflict:
            # COPY, PostgreSQL's own bulk load (through psycopg 3): several times faster than
            # INSERT statements, but it cannot overwrite rows.
            with cursor.cursor.copy(f"COPY {table} ({names_sql}) FROM STDIN") as copy:
                for values in prepared():
                    copy.write_row(values)
                    count += 1
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({names_sql}) VALUES ({placeholders}){on_conflict}"  # noqa: S608
            batch = []
            for values in prepared():
                batch.append(values)
                if len(batch) == batch_size:
                    cursor.executemany(sql, batch)
                    count, batch = count + len(batch), []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    # What is written here is content (pages and their rows), and no signal tells the page cache.
    page_cache.content_changed()
    return count


def insert_links(model, name, pairs):
    """INSERT rows into the table behind the many-to-many field `name` of the model.

    `pairs` are (id of the model's object, id of the related object).
    """
    field = model._meta.get_field(name)
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name()).attname
    target = through._meta.get_field(field.m2m_reverse_field_name()).attname
    return insert_rows(through, ({source: left, target: right} for left, right in pairs))


class PageAppender:
    """Appends pages of one specific page model below their parents, many rows per query.

    >>> appender = PageAppender(ProjectPage)
    >>> appender.append([(brakel, {"title": "E-Akte", "summary": "…"}), ...])

    A page is a dict of the model's field values by attribute name (`lead_organisation_id`).
    An appender remembers the parents it has seen, so that a long run can append in chunks
    without looking their children up again; nobody else may add pages below them meanwhile.
    The parents passed in must be fresh from the database.
    """

    def __init__(self, model, *, batch_size=BATCH_SIZE):
        if not issubclass(model, Page) or model is Page:
            raise TypeError(f"{model.__name__} is not a specific page model.")
        self.model = model
        self.batch_size = batch_size
        self.content_type_id = ContentType.objects.get_for_model(model).pk
        self.siblings = {}
        # One table per concrete model from Page down, as Model.save() writes them.
        self.tables = [
            table
            for table in [*reversed(model._meta.get_parent_list()), model]
            if not table._meta.proxy
        ]
        self.names = {field.attname for field in model._meta.concrete_fields}

    def append(self, pages):
        """Insert the (parent, page) pairs, each page as the last child of its parent.

        Returns the pages, completed: `id`, the tree fields, slug, url_path and the like.
        """
        pairs = list(pages)
        if not pairs:
            return []
        now = timezone.now()
        added = defaultdict(int)
        with transaction.atomic():
            self.load_siblings([parent for parent, _page in pairs])
            for parent, page in pairs:
                if not page.keys() <= self.names:
                    unknown = sorted(page.keys() - self.names)
                    raise ValueError(f"{self.model.__name__} has no field {unknown}.")
                self.place(parent, page, now)
                added[parent.pk] += 1
            self.insert([page for _parent, page in pairs])
            self.count_children(added)
        for parent in {id(parent): parent for parent, _page in pairs}.values():
            parent.numchild += added[parent.pk]
        return [page for _parent, page in pairs]

    def load_siblings(self, parents):
        """The last path step and the slugs below each parent not seen before (few queries)."""
        new = list(
            {parent.pk: parent for parent in parents if parent.pk not in self.siblings}.values()
        )
        by_path = {}
        for parent in new:
            self.siblings[parent.pk] = by_path[parent.path] = {"last_step": 0, "slugs": set()}
        steplen = Page.steplen
        # Three parameters for each parent.
        for start in range(0, len(new), PER_QUERY // 3):
            children = Q()
            for parent in new[start : start + PER_QUERY // 3]:
                # A range of paths (not startswith) uses the path's index on both engines;
                # SQLite's LIKE is case-insensitive and cannot.
                children |= Q(
                    path__range=(parent.path + "0" * steplen, parent.path + "Z" * steplen),
                    depth=parent.depth + 1,
                )
            for path, slug in Page.objects.filter(children).values_list("path", "slug"):
                siblings = by_path[path[:-steplen]]
                siblings["last_step"] = max(siblings["last_step"], Page._str2int(path[-steplen:]))
                siblings["slugs"].add(slug)

    def place(self, parent, page, now):
        """Set the fields Wagtail and treebeard would set when adding the page as a child."""
        siblings = self.siblings[parent.pk]
        siblings["last_step"] += 1
        depth = parent.depth + 1
        path = Page._get_path(parent.path, depth, siblings["last_step"])
        if len(path) != depth * Page.steplen:
            raise PathOverflow(f"No room for another page below {parent.url_path}.")
        slug = (
            page.get("slug") or german_slugify(page["title"])[:200] or self.model._meta.model_name
        )
        slug = unique_slug(slug, siblings["slugs"])
        live = page.get("live", True)
        page.update(
            path=path,
            depth=depth,
            numchild=0,
            slug=slug,
            url_path=f"{parent.url_path}{slug}/",
            draft_title=page.get("draft_title") or page["title"],
            content_type_id=self.content_type_id,
            locale_id=page.get("locale_id") or parent.locale_id,
            live=live,
            has_unpublished_changes=not live,
        )
        if live:
            page.setdefault("first_published_at", now)
            page.setdefault("last_published_at", page["first_published_at"])

    def insert(self, pages):
        # The wagtailcore_page rows first; the database numbers them, the paths find the numbers.
        insert_rows(Page, (table_values(Page, page) for page in pages), batch_size=self.batch_size)
        paths = [page["path"] for page in pages]
        ids = {}
        for start in range(0, len(paths), PER_QUERY):
            chunk = paths[start : start + PER_QUERY]
            ids.update(Page.objects.filter(path__in=chunk).values_list("path", "id"))
        for page in pages:
            page["id"] = ids[page["path"]]
        # Then each specific table, with its pointer to the row above it.
        for table in self.tables[1:]:
            links = [link.attname for link in table._meta.parents.values()]
            rows = (
                {**table_values(table, page), **dict.fromkeys(links, page["id"])} for page in pages
            )
            insert_rows(table, rows, batch_size=self.batch_size)
        for page in pages:
            for table in self.tables[1:]:
                for link in table._meta.parents.values():
                    page[link.attname] = page["id"]

    @staticmethod
    def count_children(added):
        """Raise each parent's `numchild` by its new children: one UPDATE per distinct number."""
        by_number = defaultdict(list)
        for parent_id, number in added.items():
            by_number[number].append(parent_id)
        for number, parent_ids in by_number.items():
            for start in range(0, len(parent_ids), PER_QUERY):
                Page.objects.filter(pk__in=parent_ids[start : start + PER_QUERY]).update(
                    numchild=F("numchild") + number
                )


def table_values(table, page):
    """The values of a page that belong in one table of its model."""
    return {
        field.attname: page[field.attname]
        for field in table._meta.local_concrete_fields
        if field.attname in page
    }


def unique_slug(slug, taken):
    """The slug, or with "-2", "-3", ... appended if taken; the result is taken from then on."""
    candidate, suffix = slug, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{slug}-{suffix}"
    taken.add(candidate)
    return candidate


def refresh_all_statistics():
    """Refresh the query planner's statistics of the whole database, after a bulk load.

    SQLite's ANALYZE writes nothing for empty tables, and SQLite then plans as if they held a
    million rows: Wagtail's check for view restrictions, none of them, went through every
    page. For those tables a statistic of one row is written by hand, as SQLite's
    documentation describes for steering its planner.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute(
                "INSERT INTO sqlite_stat1 (tbl, idx, stat)"
                " SELECT name, NULL, '1' FROM sqlite_master"
                " WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
                " AND name NOT IN (SELECT tbl FROM sqlite_stat1)"
            )
            # Makes the planner read the statistics again.
            cursor.execute("ANALYZE sqlite_schema")


def update_statistics(*models):
    """Refresh the query planner's statistics of the models' tables after a bulk load.

    PostgreSQL plans by statistics that autovacuum refreshes some time after a load, and never
    from rows not yet committed: until then it may plan as if the tables were empty (a facet
    count over 100,000 projects took half a minute instead of a fraction of a second). SQLite
    plans without statistics here, so it is left alone.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return
    tables = dict.fromkeys(
        table._meta.db_table for model in models for table in concrete_tables(model)
    )
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def concrete_tables(model):
    """The model's own table and those of the models it inherits from."""
    return [model, *model._meta.get_parent_list()]
