"""Building blocks of the open-data API at /api/v2/ (portal.api), for the pages' `api_fields`.

A page of the API often points at other pages: a project at its partners, a funding entry at its
call. Such a reference appears only where the API serves the page it names; otherwise it is null
or left out of its list, so that the title of an unpublished page or a members-only project
never shows through another one. Which pages the API serves is decided once, in
portal.api.open_pages(); its queryset reaches these fields as the serializer context's
"base_queryset" (Wagtail's PagesAPIViewSet puts it there).
"""

from rest_framework.fields import Field

REFERENCE_FIELDS = ["id", "type", "detail_url", "html_url", "title"]
REFERENCE_META_FIELDS = ["type", "detail_url", "html_url"]


def open_page_ids(context, pages):
    """The primary keys of those pages that the API serves, remembered for the whole response.

    Without the API's queryset in the context no page counts as served.
    """
    known = context.setdefault("open_page_ids", {})
    unknown = {page.pk for page in pages if page.pk not in known}
    if unknown:
        served = context.get("base_queryset")
        found = (
            set(served.filter(pk__in=unknown).values_list("pk", flat=True))
            if served is not None
            else set()
        )
        known.update({pk: pk in found for pk in unknown})
    return {page.pk for page in pages if known[page.pk]}


def page_reference(page, context):
    """A page as other pages point at it: id, title and its addresses, as Wagtail nests pages."""
    # Wagtail's API modules need the models loaded; the models import this module.
    from wagtail.api.v2.serializers import PageSerializer, get_serializer_class

    serializer_class = get_serializer_class(
        type(page), REFERENCE_FIELDS, meta_fields=REFERENCE_META_FIELDS, base=PageSerializer
    )
    return serializer_class(context=context).to_representation(page)


class ReadOnlyField(Field):
    """A field the API only ever reads; its help text documents it at /api/v2/."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)


class PageReferenceField(ReadOnlyField):
    """A page this one points at (a foreign key), or null where the API does not serve it."""

    def get_attribute(self, instance):
        page = super().get_attribute(instance)
        if page is None or not open_page_ids(self.context, [page]):
            return None
        return page

    def to_representation(self, page):
        return page_reference(page, self.context)


class PageReferenceListField(ReadOnlyField):
    """Pages this one points at (many to many): those the API serves, in their stored order."""

    def to_representation(self, manager):
        pages = list(manager.all())
        served = open_page_ids(self.context, pages)
        return [page_reference(page, self.context) for page in pages if page.pk in served]


class TagNamesField(ReadOnlyField):
    """Tags by name, in alphabetical order (from the listing's prefetched tags, if any)."""

    def to_representation(self, manager):
        return sorted(tag.name for tag in manager.all())


def ozg_leistung(leistung):
    return {"ozg_id": leistung.ozg_id, "name": leistung.name}


class OzgLeistungenField(ReadOnlyField):
    """OZG-Leistungen of the catalogue (many to many), as OZG-ID and name."""

    def to_representation(self, manager):
        return [ozg_leistung(leistung) for leistung in manager.all()]
