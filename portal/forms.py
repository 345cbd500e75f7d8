from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    """The site-wide search box."""

    q = forms.CharField(label=_("Suchbegriff"), required=False, max_length=200)
