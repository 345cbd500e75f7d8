from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from network.models import OrganisationKind, OrganisationPage


class OrganisationFilterForm(forms.Form):
    """Filters of the organisation directory; the query string keeps them linkable."""

    q = forms.CharField(label=_("Name oder AGS"), required=False, max_length=100)
    art = forms.ChoiceField(
        label=_("Art"),
        required=False,
        choices=[("", _("Alle Arten"))] + OrganisationKind.choices,
    )
    kreis = forms.ModelChoiceField(
        label=_("Kreis"),
        required=False,
        queryset=OrganisationPage.objects.filter(kind__in=OrganisationKind.kreis_level())
        .order_by("title")
        .only("pk", "title", "ags"),
        empty_label=_("Alle Kreise"),
        to_field_name="ags",
    )

    def filter(self, organisations):
        """The organisations matching the filters; all of them if the input is invalid."""
        if not self.is_bound or not self.is_valid():
            return organisations.order_by("title")
        data = self.cleaned_data
        if data["q"]:
            organisations = organisations.filter(
                Q(title__icontains=data["q"])
                | Q(official_name__icontains=data["q"])
                | Q(ags__startswith=data["q"])
            )
        if data["art"]:
            organisations = organisations.filter(kind=data["art"])
        if data["kreis"]:
            organisations = organisations.filter(
                Q(parent_kreis=data["kreis"]) | Q(pk=data["kreis"].pk)
            )
        return organisations.order_by("title")
