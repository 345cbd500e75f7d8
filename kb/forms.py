from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from kb.models import BestPracticePage, GuidePage, Handlungsfeld, PopulationClass, TemplateCategory

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


def tag_field():
    return forms.ModelChoiceField(
        label=_("Schlagwort"),
        required=False,
        queryset=Tag.objects.order_by("name"),
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
    schlagwort = tag_field()
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
            pages = pages.annotate(reuse_count=Count("pk", filter=Q(pk__in=[])))
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
    schlagwort = tag_field()

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
