"""The open-data API at /api/v2/: public projects, organisations, best practices and funding
calls as read-only JSON, built on Wagtail's API v2.

Anyone may use it, for maps, statistics or the portal of a Land; so it answers everyone as it
would answer a visitor. It takes no login (no session, no HTTP Basic: a password can't be tried
out here either) and serves only what open_pages() lets through: live pages of the four types,
outside any private section, without members-only projects. Each type declares what it shows in
its `api_fields`; references to other pages show only pages served here (network.api). The index
at /api/v2/ documents the types, their fields and the query parameters; the README section
„Offene Daten“ says the same for people.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import DecimalField, ForeignKey
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from taggit.managers import TaggableManager
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    FieldsFilter,
    OrderingFilter,
    SearchFilter,
)
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page, Site

from kb.models import BestPracticePage, FundingCallPage
from network.ids import id_from
from network.models import OrganisationPage
from projects.models import ProjectPage

OPEN_DATA_MODELS = [ProjectPage, OrganisationPage, BestPracticePage, FundingCallPage]


def open_pages(site):
    """Every page the API serves, whoever asks: the one place that decides.

    Live pages of the open-data types below the site's root, none in a section with view
    restrictions (whatever they would let the asking person see), and no project that a visitor
    may not see.
    """
    if site is None:
        return Page.objects.none()
    return (
        Page.objects.live()
        .public()
        .type(*OPEN_DATA_MODELS)
        .descendant_of(site.root_page, inclusive=True)
        .exclude(pk__in=ProjectPage.objects.hidden_from(AnonymousUser()).values("pk"))
    )


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's filter by field (?status=in_betrieb), answering a malformed value with 400.

    Wagtail converts booleans, numbers and keys itself; a bad date or amount, or a key too large
    for the database (network.ids), would otherwise reach the database and end in a server error.
    """

    def filter_queryset(self, request, queryset, view):
        for name, value in request.GET.items():
            field = model_field(queryset.model, name)
            if isinstance(field, ForeignKey) and id_from(value) is None:
                raise BadRequestError(_("Ungültiger Wert für einen Filter."))
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValueError, ValidationError) as error:
            raise BadRequestError(_("Ungültiger Wert für einen Filter.")) from error


class ColumnOrderingFilter(OrderingFilter):
    """Wagtail's ?order=, by a page's own columns only: an order by tags multiplies the pages."""

    def filter_queryset(self, request, queryset, view):
        for name in request.GET.get("order", "").split(","):
            if is_tags(queryset.model, name.lstrip("-")):
                raise BadRequestError(_("Nach Schlagwörtern lässt sich nicht sortieren."))
        return super().filter_queryset(request, queryset, view)


class OpenDataPagination(WagtailPagination):
    """Wagtail's ?offset= and ?limit=, with an offset beyond any database's integers refused."""

    def paginate_queryset(self, queryset, request, view=None):
        if id_from(request.GET.get("offset", "0")) is None:
            raise BadRequestError(_("offset muss eine ganze Zahl ab 0 sein."))
        return super().paginate_queryset(queryset, request, view)


class OpenDataPagesViewSet(PagesAPIViewSet):
    """The pages endpoint, /api/v2/pages/: read only, for anyone, from open_pages() alone."""

    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    pagination_class = OpenDataPagination
    # Without translations and with one site, the filters by locale, translation and site
    # have nothing to choose from.
    filter_backends = [
        CheckedFieldsFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        ColumnOrderingFilter,
        SearchFilter,  # last, as in Wagtail: search results cannot be filtered further
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters - {
        "locale",
        "translation_of",
        "site",
    }

    def get_base_queryset(self):
        # Asked for by the listing, every filter and the serializers: built once per request.
        if not hasattr(self, "_open_pages"):
            self._open_pages = open_pages(Site.find_for_request(self.request))
        return self._open_pages

    def get_queryset(self):
        # What the pages of a listing show is loaded with them, a query per relation; the
        # references to other pages cost a query per page at most (network.api).
        queryset = super().get_queryset().select_related("locale")
        return queryset.prefetch_related(*getattr(queryset.model, "api_prefetch_related", []))

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        """Filtering and ordering work on a page's own columns (and filtering on its tags).

        Wagtail would offer every related table by its name, where a filter value such as
        ?partners=x reaches the database unchecked and an order multiplies the results.
        """
        fields = super().get_available_fields(model, db_fields_only=db_fields_only)
        if not db_fields_only:
            return fields
        return [name for name in fields if is_own_column(model, name) or is_tags(model, name)]


def model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def is_own_column(model, name):
    field = model_field(model, name)
    if field is None:
        # A foreign key by its column name, such as "handlungsfeld_id".
        return any(field.attname == name for field in model._meta.concrete_fields)
    return field.concrete and not field.many_to_many


def is_tags(model, name):
    return isinstance(model_field(model, name), TaggableManager)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", OpenDataPagesViewSet)


# The index at /api/v2/: what a data consumer needs to know, generated from the models so that
# it never disagrees with what the endpoint serves.

COMMON_FIELDS = {
    "id": _("Kennung der Seite"),
    "title": _("Titel"),
    "meta.type": _("Art der Seite, z. B. projects.ProjectPage"),
    "meta.detail_url": _("Adresse dieser Seite in der API"),
    "meta.html_url": _("Adresse der Seite auf der Website"),
    "meta.slug": _("Kurzname in der Adresse"),
    "meta.first_published_at": _("Zuerst veröffentlicht am"),
    "meta.parent": _("Übergeordnete Seite, wenn die API sie ausliefert (nur in der Einzelansicht)"),
}

QUERY_PARAMETERS = {
    "type": _(
        "Nur eine Art, z. B. ?type=projects.ProjectPage (dann lassen sich deren Felder "
        "wählen, filtern und sortieren)"
    ),
    "fields": _(
        "Felder der Liste: ?fields=summary,status, alle mit ?fields=*, ohne eines mit "
        "?fields=-title"
    ),
    "limit, offset": _("Seitenweise blättern, höchstens 20 Einträge je Abfrage"),
    "order": _("Sortieren nach einem Feld, absteigend mit Minus: ?order=-last_confirmed_at"),
    "search": _("Volltextsuche, z. B. ?search=E-Akte"),
    "child_of, descendant_of, ancestor_of": _(
        "Nach der Seitenstruktur, z. B. die Projekte einer "
        "Organisation mit ?child_of=<Kennung der Organisation>"
    ),
    "<Feld>=<Wert>": _(
        "Filtern nach einem eigenen Feld der gewählten Art, z. B. "
        "?type=projects.ProjectPage&status=in_betrieb oder &tags=E-Akte"
    ),
}


def type_name(model):
    return f"{model._meta.app_label}.{model.__name__}"


def field_description(model, api_field):
    """The API field's help text, else the model field's name with its codes and format."""
    serializer = api_field.serializer
    if serializer is not None and serializer.help_text:
        return str(serializer.help_text)
    # The model field's help text speaks to editors ("Leer lassen, wenn …"), not to data users.
    field = model._meta.get_field(api_field.name)
    description = str(field.verbose_name)
    if field.choices:
        codes = ", ".join(f"{value} = {label}" for value, label in field.choices)
        description = f"{description} ({codes})"
    if isinstance(field, DecimalField):
        description = _("%(description)s (als Text mit %(places)d Nachkommastellen)") % {
            "description": description,
            "places": field.decimal_places,
        }
    return description


def documented_fields(model):
    """{field name: description} for the fields the model adds to the common ones."""
    return {
        api_field.name: field_description(model, api_field)
        for api_field in OpenDataPagesViewSet._convert_api_fields(model.api_fields)
    }


@require_safe
def api_index(request):
    """The API's own description: endpoint, types with their fields, query parameters."""
    listing = request.build_absolute_uri(reverse("wagtailapi:pages:listing"))
    return JsonResponse(
        {
            "name": _("Offene Daten des Netzwerks"),
            "description": _(
                "Öffentliche Projekte, Organisationen, Praxisbeispiele und Förderaufrufe, nur "
                "lesend, als JSON. Inhalte nur für Mitglieder, Entwürfe und geschützte Seiten "
                "liefert die API nie aus."
            ),
            "endpoints": {"pages": listing},
            "common_fields": COMMON_FIELDS,
            "types": {
                type_name(model): {
                    "name": str(model._meta.verbose_name),
                    "listing": f"{listing}?type={type_name(model)}&fields=*",
                    "fields": documented_fields(model),
                }
                for model in OPEN_DATA_MODELS
            },
            "query_parameters": QUERY_PARAMETERS,
            # The project register as a file, for spreadsheets; the same public projects.
            "register_csv": request.build_absolute_uri("/projekte/export.csv"),
        },
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
