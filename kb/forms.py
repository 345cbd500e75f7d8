from django import forms
from django.utils.translation import gettext_lazy as _

from kb.models import ApplicantGroup, FundingLevel, FundingStatus, Handlungsfeld


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
    thema = forms.ModelChoiceField(
        label=_("Handlungsfeld"),
        required=False,
        queryset=Handlungsfeld.objects.all(),
        empty_label=_("Alle Handlungsfelder"),
        to_field_name="slug",
    )
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
