from django import forms
from django.db.models import Count, Q, Value
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from kb.models import (
    ApplicantGroup,
    BestPracticePage,
    FundingLevel,
    FundingStatus,
    GuidePage,
    Handlungsfeld,
    PopulationClass,
    TemplateCategory,
)

KINDS = {"praxisbeispiele": BestPracticePage, "leitfaeden": GuidePage}
ORDERINGS = {
    "neueste": ["-first_published_at", "-pk"],
    "titel": ["title", "pk"],
    "nachnutzung": ["-reuse_count", "-first_published_at", "-pk"],
}


def handlungsfeld_field():
    return forms.ModelChoiceField(
        label=_("Handlungsfeld"),
        required=False,
        queryset=Handlungsfeld.objects.all(),
        empty_label=_("Alle Handlungsfelder"),
        to_field_name="slug",
    )


def tag_field(*tag_relations):
    """Tags used by the listed content only: the forum's tags are for members' eyes."""
    used = Q(pk__in=[])
    for relation in tag_relations:
        used |= Q(**{f"{relation}__isnull": False})
    return forms.ModelChoiceField(
        label=_("Schlagwort"),
        required=False,
        queryset=Tag.objects.filter(used).distinct().order_by("name"),
        empty_label=_("Alle Schlagwörter"),
        to_field_name="slug",
    )


class KnowledgeFilterForm(forms.Form):
    """Filters and sorting of the knowledge base; the query string keeps them linkable."""

    art = forms.ChoiceField(
        label=_("Art"),
        required=False,
        choices=[("praxisbeispiele", _("Praxisbeispiele")), ("leitfaeden", _("Leitfäden"))],
    )
    handlungsfeld = handlungsfeld_field()
    schlagwort = tag_field("bestpracticepage", "guidepage")
    groesse = forms.TypedChoiceField(
        label=_("Passend für Kommunen mit"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("jeder Größe")), *PopulationClass.choices],
        help_text=_("Gilt für Praxisbeispiele."),
    )
    sortierung = forms.ChoiceField(
        label=_("Sortierung"),
        required=False,
        choices=[
            ("neueste", _("Neueste zuerst")),
            ("titel", _("Titel A–Z")),
            ("nachnutzung", _("Am häufigsten nachgenutzt")),
        ],
    )

    def results(self):
        """The matching pages of the chosen kind, with what the list shows; all if invalid."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        model = KINDS[data.get("art") or "praxisbeispiele"]
        pages = model.objects.live().public().select_related("handlungsfeld")
        if model is BestPracticePage:
            pages = pages.prefetch_related("organisations").annotate(
                reuse_count=Count("reuses", distinct=True)
            )
            if size := data.get("groesse"):
                pages = pages.filter(suits_from__lte=size, suits_to__gte=size)
        else:
            pages = pages.annotate(reuse_count=Value(0))
        if data.get("handlungsfeld"):
            pages = pages.filter(handlungsfeld=data["handlungsfeld"])
        if data.get("schlagwort"):
            pages = pages.filter(tags=data["schlagwort"])
        return pages.order_by(*ORDERINGS[data.get("sortierung") or "neueste"])


class TemplateFilterForm(forms.Form):
    q = forms.CharField(label=_("Titel enthält"), required=False, max_length=100)
    kategorie = forms.ChoiceField(
        label=_("Art der Vorlage"),
        required=False,
        choices=[("", _("Alle Arten")), *TemplateCategory.choices],
    )
    handlungsfeld = handlungsfeld_field()
    schlagwort = tag_field("templatedocument")

    def filter(self, documents):
        if not self.is_bound or not self.is_valid():
            return documents
        data = self.cleaned_data
        if data["q"]:
            documents = documents.filter(title__icontains=data["q"])
        if data["kategorie"]:
            documents = documents.filter(category=data["kategorie"])
        if data["handlungsfeld"]:
            documents = documents.filter(handlungsfeld=data["handlungsfeld"])
        if data["schlagwort"]:
            documents = documents.filter(tags=data["schlagwort"])
        return documents


class FundingCallFilterForm(forms.Form):
    """Filters of the funding calls and their archive; the query string keeps them linkable."""

    status = forms.ChoiceField(
        label=_("Stand"),
        required=False,
        choices=[("", _("Alle"))]
        + [choice for choice in FundingStatus.choices if choice[0] != FundingStatus.CLOSED],
    )
    ebene = forms.ChoiceField(
        label=_("Ebene"), required=False, choices=[("", _("Alle Ebenen"))] + FundingLevel.choices
    )
    thema = handlungsfeld_field()
    antragsberechtigt = forms.ModelChoiceField(
        label=_("Antragsberechtigt"),
        required=False,
        queryset=ApplicantGroup.objects.all(),
        empty_label=_("Alle"),
        to_field_name="slug",
    )

    def __init__(self, *args, archive=False, **kwargs):
        super().__init__(*args, **kwargs)
        if archive:
            # Every call in the archive is closed.
            del self.fields["status"]

    def filter(self, calls):
        """The calls matching the filters; all of them if the input is invalid."""
        if not self.is_bound or not self.is_valid():
            return calls
        data = self.cleaned_data
        if data.get("status"):
            calls = calls.with_status(data["status"])
        if data["ebene"]:
            calls = calls.filter(level=data["ebene"])
        if data["thema"]:
            calls = calls.filter(handlungsfelder=data["thema"])
        if data["antragsberechtigt"]:
            calls = calls.filter(applicant_groups=data["antragsberechtigt"])
        return calls
