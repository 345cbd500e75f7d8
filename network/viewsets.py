"""Admin views for the network's non-page records."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from network.models import (
    ContactPerson,
    Event,
    ForumCategory,
    OzgLebenslage,
    OzgLeistung,
    OzgThemenfeld,
)


class OzgLeistungViewSet(SnippetViewSet):
    """The OZG services, searchable and filterable by Lebenslage and Themenfeld."""

    model = OzgLeistung
    icon = "list-ul"
    menu_label = _("Leistungen")
    list_display = ["name", "ozg_id", "lebenslage", "lebenslage__themenfeld", "mass_procedure"]
    list_filter = ["mass_procedure", "lebenslage__themenfeld", "lebenslage"]
    list_per_page = 50
    ordering = ["name"]

    def get_queryset(self, request):
        return OzgLeistung.objects.select_related("lebenslage__themenfeld")


class OzgLebenslageViewSet(SnippetViewSet):
    """Life situations grouping the OZG services."""

    model = OzgLebenslage
    icon = "folder-open-inverse"
    menu_label = _("Lebenslagen")
    list_display = ["name", "themenfeld"]
    list_filter = ["themenfeld"]

    def get_queryset(self, request):
        return OzgLebenslage.objects.select_related("themenfeld")


class OzgThemenfeldViewSet(SnippetViewSet):
    """The 14 subject areas of the OZG catalogue."""

    model = OzgThemenfeld
    icon = "folder-inverse"
    menu_label = _("Themenfelder")
    list_display = ["name"]


class OzgCatalogueViewSetGroup(SnippetViewSetGroup):
    """The OZG catalogue in one admin menu."""

    items = (OzgLeistungViewSet, OzgLebenslageViewSet, OzgThemenfeldViewSet)
    menu_icon = "list-ul"
    menu_label = _("OZG-Katalog")
    menu_name = "ozg-katalog"


class ContactPersonAdminForm(WagtailAdminModelForm):
    def save(self, commit=True):
        # A changed visibility is a consent the editor has obtained: record when and which text.
        if "visibility" in self.changed_data:
            self.instance.record_consent(self.cleaned_data["visibility"])
        return super().save(commit=commit)


class ContactPersonViewSet(SnippetViewSet):
    """Contact people for coordinators; members keep their own entry under "Mein Profil"."""

    model = ContactPerson
    icon = "user"
    menu_label = _("Ansprechpersonen")
    list_display = ["name", "organisation", "function", "visibility", "consent_recorded_at"]
    list_filter = ["function", "visibility"]
    list_per_page = 50
    ordering = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("organisation"),
            FieldPanel("function"),
            FieldPanel("expertise"),
            FieldPanel("email"),
            FieldPanel("phone"),
            FieldPanel("photo"),
            FieldPanel("user"),
            FieldPanel(
                "visibility",
                help_text=_(
                    "Nur nach Einwilligung der Person ändern. Zeitpunkt und Fassung des "
                    "Einwilligungstexts werden beim Speichern festgehalten."
                ),
            ),
        ],
        base_form_class=ContactPersonAdminForm,
    )

    def get_queryset(self, request):
        return ContactPerson.objects.select_related("organisation")


class EventViewSet(SnippetViewSet):
    """The network's events, kept by coordinators; the latest first."""

    model = Event
    icon = "date"
    menu_label = _("Termine")
    list_display = ["title", "kind", "starts_at", "location", "organiser"]
    list_filter = ["kind"]
    list_per_page = 50
    ordering = ["-starts_at"]
    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("location"),
        FieldPanel("online_url"),
        FieldPanel("organiser"),
        FieldPanel("description"),
        FieldPanel("agenda"),
    ]

    def get_queryset(self, request):
        return Event.objects.select_related("organiser")


class ForumCategoryViewSet(SnippetViewSet):
    """The forum's categories, kept by the coordinators."""

    model = ForumCategory
    icon = "folder-open-1"
    menu_label = _("Forumskategorien")
    list_display = ["name", "slug", "position"]
    ordering = ["position", "name"]


class NetworkViewSetGroup(SnippetViewSetGroup):
    """What coordinators keep for the network besides pages: people, events, forum categories."""

    items = (ContactPersonViewSet, EventViewSet, ForumCategoryViewSet)
    menu_icon = "group"
    menu_label = _("Netzwerk")
    menu_name = "netzwerk"
    menu_order = 300
