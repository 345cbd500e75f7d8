"""Ids that browsers send back, read as ids the database can hold.

Django turns a number too large for the database's integers into "no such row" for a model's
own id, but not for the id of a page type, which is its link to Wagtail's page: there the
SQLite driver fails with an OverflowError. So a number beyond 8 bytes is no id at all.
"""

from django import forms
from django.core.exceptions import ValidationError

LARGEST_ID = 2**63 - 1


def id_from(value):
    """The id that `value` (a string from a form or address) spells, or None."""
    if isinstance(value, str) and value.isdigit() and int(value) <= LARGEST_ID:
        return int(value)
    return None


def ids_from(values):
    """The ids among `values`; the others are left out."""
    return [number for number in map(id_from, values) if number is not None]


class PageChoiceField(forms.ModelChoiceField):
    """A choice among pages by id: any other value is an invalid choice, never an error."""

    def to_python(self, value):
        if value not in self.empty_values and id_from(str(value)) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)
