from django import forms
from django.utils.translation import gettext_lazy as _

from portal.search.engine import FACETS


class SearchForm(forms.Form):
    """The site-wide search box; the facets come along in the query string."""

    # Not required (an empty search shows the empty form), but not marked "optional" either: the
    # template renders the box itself, as a search field.
    q = forms.CharField(
        label=_("Suchbegriff"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"class": "kern-form-input__input"}),
    )

    def query(self):
        return self.cleaned_data["q"].strip() if self.is_valid() else ""

    def filters(self):
        """The chosen facet values (art, kommune, handlungsfeld, status, schlagwort)."""
        return {name: self.data.get(name, "")[:100] for name in FACETS if self.data.get(name)}
