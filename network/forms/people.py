from django import forms
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import ClusterForm
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField

from network.models import CONSENT_TEXT, ContactPerson, Function, OrganisationPage, Visibility
from network.permissions import PORTRAIT_COLLECTION, collection


class ContactProfileForm(ClusterForm):
    """A member's own entry in the contact directory, with their consent to show it."""

    visibility = forms.ChoiceField(
        label=_("Wer darf meinen Eintrag sehen?"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        help_text=CONSENT_TEXT,
    )

    new_photo = WagtailImageField(label=_("Neues Foto"), required=False)
    remove_photo = forms.BooleanField(label=_("Foto entfernen"), required=False)

    class Meta:
        model = ContactPerson
        fields = ["name", "function", "email", "phone", "expertise", "visibility"]
        help_texts = {"expertise": _("Mehrere Fachgebiete durch Kommas trennen.")}

    def save(self, commit=True):
        # Saving the form is the act of consent: record it with the text shown now.
        self.instance.record_consent(self.cleaned_data["visibility"])
        old_photo = self.instance.photo
        if self.cleaned_data["remove_photo"]:
            self.instance.photo = None
        if upload := self.cleaned_data["new_photo"]:
            self.instance.photo = get_image_model().objects.create(
                title=self.cleaned_data["name"],
                file=upload,
                uploaded_by_user=self.instance.user,
                collection=collection(PORTRAIT_COLLECTION),
            )
        contact = super().save(commit=commit)
        # A replaced portrait is personal data nobody needs any more.
        if old_photo is not None and old_photo != contact.photo:
            old_photo.delete()
        return contact


class PeopleFilterForm(forms.Form):
    """Filters of the contact directory; the query string keeps them linkable.

    The choices come from the contacts the user may see: a tag or an organisation offered to
    visitors must not point to a members-only entry.
    """

    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=OrganisationPage.objects.none(),
        empty_label=_("Alle Organisationen"),
        to_field_name="slug",
    )
    function = forms.ChoiceField(
        label=_("Funktion"), required=False, choices=[("", _("Alle Funktionen")), *Function.choices]
    )
    expertise = forms.ModelChoiceField(
        label=_("Fachgebiet"),
        required=False,
        queryset=Tag.objects.none(),
        empty_label=_("Alle Fachgebiete"),
        to_field_name="slug",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        visible = ContactPerson.objects.visible_to(user)
        self.fields["organisation"].queryset = (
            OrganisationPage.objects.filter(contact_people__in=visible)
            .distinct()
            .order_by("title")
            .only("pk", "title", "slug")
        )
        self.fields["expertise"].queryset = (
            Tag.objects.filter(network_contactpersonexpertise_items__content_object__in=visible)
            .distinct()
            .order_by("name")
        )

    def filter(self, contacts):
        """The contacts matching the filters; all of them if the input is invalid."""
        if not self.is_bound or not self.is_valid():
            return contacts
        data = self.cleaned_data
        if data["q"]:
            contacts = contacts.filter(name__icontains=data["q"])
        if data["organisation"]:
            contacts = contacts.filter(organisation=data["organisation"])
        if data["function"]:
            contacts = contacts.filter(function=data["function"])
        if data["expertise"]:
            contacts = contacts.filter(expertise=data["expertise"])
        return contacts
