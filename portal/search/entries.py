"""What the search can find, kind by kind: each source turns its objects into SearchEntry rows.

A source names the objects that belong in the index (`indexable`: published pages, consented
contacts, shared templates …) and describes them (`describe`). The text of an object is
what its model lists in `search_fields`, so that the site search and Wagtail's admin search
agree on what is searchable. Who may find an entry is decided here, once, as its audience.
"""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.http import urlencode
from wagtail.models import Page, Site
from wagtail.search import index

from kb.models import (
    BestPracticePage,
    FundingCallPage,
    GlossaryPage,
    GlossaryTerm,
    GuidePage,
    TemplateDocument,
)
from network.bulk import insert_rows
from network.models import ContactPerson, Event, OrganisationPage, Post, Thread, Visibility
from portal.models import Audience, Kind, SearchEntry, SearchEntryOrganisation, SearchEntryTag
from portal.search.german import stems
from projects.models import PartnerRole, ProjectPage, ProjectStatus

# Enough text for every word of a long guide to be found; forum threads are cut here too.
MAX_TEXT = 30_000
# A forum thread's entry is made of its first posts (indexed_posts).
INDEXED_POSTS = 300
# Objects described and written at a time (write_all): enough for the queries of a chunk to cost
# little per object, few enough for memory and for the IN (...) lists of those queries.
CHUNK_SIZE = 500


@dataclass
class Description:
    """An object as the search sees it."""

    kind: str
    title: str
    url: str
    audience: str = Audience.PUBLIC
    text: str = ""
    organisations: list = field(default_factory=list)
    handlungsfeld_id: int | None = None
    status: str = ""
    status_label: str = ""
    tags: list = field(default_factory=list)
    date: datetime | None = None


def searchable_text(obj):
    """The text of every SearchField the object's model declares (title aside), as plain text."""
    texts = []

    def collect(target, fields):
        for search_field in fields:
            if isinstance(search_field, index.RelatedFields):
                for item in related_objects(target, search_field.field_name):
                    collect(item, search_field.fields)
            elif isinstance(search_field, index.SearchField):
                # The object's own title is indexed apart; a related object's title (a
                # contact's or project's organisation) is part of the text.
                if target is obj and search_field.field_name == "title":
                    continue
                value = search_field.get_value(target)
                if isinstance(value, list | tuple):
                    value = " ".join(str(item) for item in value)
                if value:
                    texts.append(strip_tags(str(value)))

    collect(obj, obj.get_search_fields())
    return " ".join(texts)[:MAX_TEXT]


def related_objects(obj, relation):
    """The objects one of the object's relations leads to: for a many-valued relation the list a
    chunk's prefetch left (see Source.to_describe), else what the database holds.

    Objects without an order of their own (tags) come by primary key: a prefetch returns them
    in any order, and an object's own tag manager in the order they were added.
    """
    found = getattr(obj, prefetched_name(relation), None)
    if found is None:
        value = getattr(obj, relation)
        if value is None:
            return []
        found = value.all() if hasattr(value, "all") else [value]
    if obj._meta.get_field(relation).related_model._meta.ordering:
        return found
    return sorted(found, key=lambda related: related.pk)


def prefetched_name(relation):
    return f"{relation}_prefetched"


# What people call each kind of content when they search for it ("Vorlage Dienstanweisung",
# "Ansprechpartner E-Akte"): indexed with every entry of the kind, but never shown.
KIND_WORDS = {
    Kind.PROJECT: "Projekt Vorhaben",
    Kind.BEST_PRACTICE: "Praxisbeispiel Beispiel",
    Kind.GUIDE: "Leitfaden Anleitung",
    Kind.TEMPLATE: "Vorlage Muster",
    Kind.FUNDING_CALL: "Förderaufruf Förderprogramm Förderung Fördermittel",
    Kind.ORGANISATION: "Kommune",
    Kind.EVENT: "Termin Veranstaltung",
    Kind.PERSON: "Ansprechperson Ansprechpartner Ansprechpartnerin Kontakt",
    Kind.FORUM: "Forum",
    Kind.TERM: "Glossar Begriff",
    Kind.PAGE: "",
}


# The sources, most specific first: a page is described by the first source it belongs to.


class Source:
    """A kind of content: which objects belong in the index, and what the search sees of them."""

    # Relations a description reads besides those its model's search_fields follow.
    related = ()

    def to_describe(self):
        """The indexable objects with every relation a description reads, fetched for a chunk
        of objects at a time when iterated with .iterator(chunk_size): as many queries for a
        chunk of hundreds as for one object."""
        indexed = issubclass(self.model, index.Indexed)
        followed = [
            *(self.model.get_search_fields() if indexed else []),
            # The source's own relations, as relations the search fields would follow.
            *(index.RelatedFields(relation, []) for relation in self.related),
        ]
        return self.indexable().prefetch_related(*prefetches(self.model, followed))

    def describe(self, objects):
        """The descriptions of a list of objects, in their order."""
        return [self.description(obj) for obj in objects]


def prefetches(model, search_fields, prefix=""):
    """Prefetches of the relations the search fields follow (RelatedFields, nested too).

    A many-valued relation is fetched into a list, which related_objects() reads: filling the
    relation's manager instead builds a queryset for each object, which for a chunk of projects
    takes longer than all its queries.
    """
    for search_field in search_fields:
        if not isinstance(search_field, index.RelatedFields):
            continue
        relation = model._meta.get_field(search_field.field_name)
        lookup = f"{prefix}{search_field.field_name}"
        if relation.many_to_many or relation.one_to_many:
            yield Prefetch(lookup, to_attr=prefetched_name(search_field.field_name))
            lookup = f"{prefix}{prefetched_name(search_field.field_name)}"
        else:
            yield lookup
        yield from prefetches(relation.related_model, search_field.fields, f"{lookup}__")


class PageSource(Source):
    """Published pages visitors may reach; this base class takes every page type that has no
    source of its own (section pages, the strategy, legal pages …)."""

    model = Page
    kind = Kind.PAGE

    def indexable(self):
        pages = self.model.objects.live().public().filter(depth__gt=1)
        if self.model is Page:
            # The page types without a source of their own: like Page's, their search_fields
            # follow no relations, which to_describe() would prefetch.
            pages = pages.not_type(*(source.model for source in PAGE_SOURCES[:-1])).specific()
        return pages

    def is_indexable(self, page):
        return page.live and not page.get_view_restrictions().exists()

    def describe(self, pages):
        # Wagtail builds each page's address from the sites' root paths, which it keeps on the
        # page (Page._get_site_root_paths) after looking them up in the cache: once per chunk.
        root_paths = Site.get_site_root_paths()
        for page in pages:
            page._wagtail_cached_site_root_paths = root_paths
        return super().describe(pages)

    def description(self, page):
        return Description(
            kind=self.kind,
            title=page.title,
            url=page.url or "",
            text=searchable_text(page),
            date=page.last_published_at,
        )


class ProjectSource(PageSource):
    model = ProjectPage
    kind = Kind.PROJECT
    related = ("partners", "tags")

    def description(self, project):
        description = super().description(project)
        description.audience = (
            Audience.MEMBERS if project.visibility == Visibility.MEMBERS else Audience.PUBLIC
        )
        participating = PartnerRole.participating()
        description.organisations = sorted(
            {
                partner.organisation_id
                for partner in related_objects(project, "partners")
                if partner.role in participating
            }
        )
        description.handlungsfeld_id = project.handlungsfeld_id
        description.status = project.status
        description.status_label = str(ProjectStatus(project.status).label)
        description.tags = [tag.pk for tag in related_objects(project, "tags")]
        description.date = project.last_confirmed_at
        return description


class BestPracticeSource(PageSource):
    model = BestPracticePage
    kind = Kind.BEST_PRACTICE
    related = ("organisations", "tags")

    def description(self, page):
        description = super().description(page)
        description.organisations = sorted(org.pk for org in related_objects(page, "organisations"))
        description.handlungsfeld_id = page.handlungsfeld_id
        description.tags = [tag.pk for tag in related_objects(page, "tags")]
        return description


class GuideSource(PageSource):
    model = GuidePage
    kind = Kind.GUIDE
    related = ("tags",)

    def description(self, page):
        description = super().description(page)
        description.handlungsfeld_id = page.handlungsfeld_id
        description.tags = [tag.pk for tag in related_objects(page, "tags")]
        return description


class FundingCallSource(PageSource):
    model = FundingCallPage
    kind = Kind.FUNDING_CALL
    related = ("handlungsfelder",)

    def description(self, call):
        description = super().description(call)
        handlungsfelder = list(related_objects(call, "handlungsfelder"))
        description.handlungsfeld_id = handlungsfelder[0].pk if handlungsfelder else None
        status = call.status
        description.status = status.value
        description.status_label = status.label
        return description


class OrganisationSource(PageSource):
    model = OrganisationPage
    kind = Kind.ORGANISATION

    def description(self, organisation):
        description = super().description(organisation)
        description.organisations = [organisation.pk]
        return description


class ModelSource(Source):
    """Objects of a model that are all searchable; subclasses narrow that down."""

    def indexable(self):
        return self.model.objects.all()

    def is_indexable(self, obj):
        return True


class TemplateSource(ModelSource):
    model = TemplateDocument
    kind = Kind.TEMPLATE
    related = ("tags",)

    def indexable(self):
        return TemplateDocument.objects.shared()

    def is_indexable(self, document):
        return TemplateDocument.objects.shared().filter(pk=document.pk).exists()

    def description(self, document):
        return Description(
            kind=self.kind,
            title=document.title,
            url=document.url,
            text=searchable_text(document),
            organisations=[document.organisation_id] if document.organisation_id else [],
            handlungsfeld_id=document.handlungsfeld_id,
            tags=[tag.pk for tag in related_objects(document, "tags")],
            date=document.created_at,
        )


class EventSource(ModelSource):
    model = Event
    kind = Kind.EVENT

    def description(self, event):
        return Description(
            kind=self.kind,
            title=event.title,
            url=event.get_absolute_url(),
            text=searchable_text(event),
            organisations=[event.organiser_id] if event.organiser_id else [],
            date=event.starts_at,
        )


class ContactSource(ModelSource):
    model = ContactPerson
    kind = Kind.PERSON
    related = ("expertise",)

    def indexable(self):
        return ContactPerson.objects.listed()

    def is_indexable(self, contact):
        return contact.is_listed

    def description(self, contact):
        return Description(
            kind=self.kind,
            title=contact.name,
            url=f"{reverse('network:people')}?{urlencode({'q': contact.name})}",
            audience=(
                Audience.PUBLIC if contact.visibility == Visibility.PUBLIC else Audience.MEMBERS
            ),
            text=searchable_text(contact),
            organisations=[contact.organisation_id],
            tags=[tag.pk for tag in related_objects(contact, "expertise")],
        )


class ThreadSource(ModelSource):
    """Forum threads with the text of their visible posts; the forum is for members only."""

    model = Thread
    kind = Kind.FORUM
    related = ("category", "tags")

    def to_describe(self):
        posts = Prefetch(
            "posts", queryset=indexed_posts(Post.objects.all()), to_attr=prefetched_name("posts")
        )
        return super().to_describe().prefetch_related(posts)

    def description(self, thread):
        posts = getattr(thread, prefetched_name("posts"), None)
        if posts is None:
            posts = indexed_posts(thread.posts.all())
        text = " ".join(post.body for post in posts)
        return Description(
            kind=self.kind,
            title=thread.title,
            url=reverse("network:thread", args=[thread.pk]),
            audience=Audience.MEMBERS,
            text=f"{thread.category.name} {text}"[:MAX_TEXT],
            tags=[tag.pk for tag in related_objects(thread, "tags")],
            date=thread.last_post_at,
        )


def indexed_posts(posts):
    """The posts whose text makes their thread's entry: the first visible ones, more than fill
    MAX_TEXT. Every reply rewrites its thread's entry; a long thread's replies reread no more."""
    return (
        posts.filter(is_hidden=False)
        .only("thread", "body", "created_at")
        .order_by("created_at", "pk")[:INDEXED_POSTS]
    )


class GlossaryTermSource(ModelSource):
    model = GlossaryTerm
    kind = Kind.TERM

    def describe(self, terms):
        # Each term is found at its anchor on the glossary page, looked up once for all of them.
        glossary = GlossaryPage.objects.live().public().first()
        return [
            Description(
                kind=self.kind,
                title=term.term,
                url=f"{glossary.url}#{term.slug}" if glossary else "",
                text=searchable_text(term),
            )
            for term in terms
        ]


PAGE_SOURCES = [
    ProjectSource(),
    BestPracticeSource(),
    GuideSource(),
    FundingCallSource(),
    OrganisationSource(),
    PageSource(),
]
SOURCES = [
    *PAGE_SOURCES,
    TemplateSource(),
    EventSource(),
    ContactSource(),
    ThreadSource(),
    GlossaryTermSource(),
]


def source_of(obj):
    for source in SOURCES:
        if isinstance(obj, source.model):
            return source
    return None


def update_entry(obj):
    """Write the object's entry, or remove it when the object no longer belongs in the index."""
    source = source_of(obj)
    if source is None:
        return
    if not source.is_indexable(obj):
        remove_entry(obj)
        return
    write_entries(source, [obj])


def write_all(source, progress=None):
    """Write the entries of all the source's indexable objects, a chunk at a time, so that
    memory and the queries of each chunk stay the same for any number of objects.

    `progress(number)` is called after each chunk with the number of objects it held.
    Returns the number of entries written.
    """
    written = 0
    objects = source.to_describe().iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(objects, CHUNK_SIZE)):
        write_entries(source, chunk)
        written += len(chunk)
        if progress:
            progress(len(chunk))
    return written


def content_type_of(obj):
    # A page's entry is keyed by the base Page type, so that it is found from any page object.
    model = Page if isinstance(obj, Page) else type(obj)
    return ContentType.objects.get_for_model(model)


def remove_entry(obj):
    entries = SearchEntry.objects.filter(content_type=content_type_of(obj), object_id=obj.pk)
    if settings.ELASTICSEARCH_URL:
        follow_in_elasticsearch(list(entries.values_list("pk", flat=True)))
    entries.delete()


@transaction.atomic
def write_entries(source, objects):
    """Describe indexable objects of one source and write their entries over those they had:
    as many queries for a chunk of objects as for one, given the relations their descriptions
    read (Source.to_describe). Returns the entries' ids, in the order of the objects.
    """
    descriptions = source.describe(objects)
    # A source's objects share one content type (Page for all pages).
    content_type = content_type_of(objects[0])
    titles = dict(
        OrganisationPage.objects.filter(
            pk__in={pk for description in descriptions for pk in description.organisations}
        ).values_list("pk", "title")
    )
    now = timezone.now()
    insert_rows(
        SearchEntry,
        (
            entry_row(content_type, obj, description, titles, now)
            for obj, description in zip(objects, descriptions, strict=True)
        ),
        update_conflicts=("content_type", "object_id"),
    )
    ids = dict(
        SearchEntry.objects.filter(
            content_type=content_type, object_id__in=[obj.pk for obj in objects]
        ).values_list("object_id", "pk")
    )
    entry_ids = [ids[obj.pk] for obj in objects]
    described = list(zip(entry_ids, descriptions, strict=True))
    link(SearchEntryOrganisation, "organisation_id", {pk: d.organisations for pk, d in described})
    link(SearchEntryTag, "tag_id", {pk: d.tags for pk, d in described})
    follow_in_elasticsearch(entry_ids)
    return entry_ids


def entry_row(content_type, obj, description, titles, now):
    """The object's SearchEntry as a row; `titles` has those of its organisations."""
    label = sorted(titles[pk] for pk in set(description.organisations) if pk in titles)
    return {
        "content_type_id": content_type.pk,
        "object_id": obj.pk,
        "kind": description.kind,
        "audience": description.audience,
        "title": description.title[:255],
        "text": description.text,
        "url": description.url[:500],
        "title_stems": stems(description.title),
        "stems": stems(f"{description.title} {description.text} {KIND_WORDS[description.kind]}"),
        "organisation_label": ", ".join(label)[:255],
        "handlungsfeld_id": description.handlungsfeld_id,
        "status": description.status,
        "status_label": description.status_label,
        "date": description.date or now,
    }


def link(model, target, links):
    """Give each entry exactly the links (organisations or tags: `target`) of `links`, by entry
    id, deleting and inserting only those that changed."""
    missing = {entry_id: set(target_ids) for entry_id, target_ids in links.items()}
    stale = []
    for pk, entry_id, target_id in model.objects.filter(entry_id__in=links).values_list(
        "pk", "entry_id", target
    ):
        if target_id in missing[entry_id]:
            missing[entry_id].remove(target_id)
        else:
            stale.append(pk)
    if stale:
        model.objects.filter(pk__in=stale).delete()
    insert_rows(
        model,
        ({"entry_id": entry_id, target: pk} for entry_id, pks in missing.items() for pk in pks),
    )


def follow_in_elasticsearch(entry_ids):
    """Where a cluster is configured, its index follows the entries once the change is committed
    (portal.search.elastic); the database search never waits for it."""
    if settings.ELASTICSEARCH_URL and entry_ids:
        from portal.search import elastic

        elastic.follow(entry_ids)


def indexed_title(obj):
    """The title the object's entry was written with; None if it has none."""
    return (
        SearchEntry.objects.filter(content_type=content_type_of(obj), object_id=obj.pk)
        .values_list("title", flat=True)
        .first()
    )


def refresh_entries_of(organisation):
    """Rewrite the entries that name the organisation, e.g. after it was renamed."""
    entries = SearchEntry.objects.filter(organisations__organisation=organisation).select_related(
        "content_type"
    )
    for entry in entries:
        model = entry.content_type.model_class()
        obj = model.objects.filter(pk=entry.object_id).first()
        if obj is not None:
            update_entry(obj.specific if isinstance(obj, Page) else obj)
