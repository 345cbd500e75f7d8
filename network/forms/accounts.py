from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from network.ids import PageChoiceField
from network.membership import register_signup
from network.models import Function, Invitation, OrganisationPage


class SignupForm(AllauthSignupForm):
    """Registration asks who the person is and for which organisation they work."""

    first_name = forms.CharField(label=_("Vorname"), max_length=150)
    last_name = forms.CharField(label=_("Nachname"), max_length=150)
    organisation = PageChoiceField(
        label=_("Organisation"),
        queryset=OrganisationPage.objects.live().order_by("title").only("pk", "title"),
        empty_label=_("Bitte wählen"),
        help_text=_("Die Kommune oder Einrichtung, für die Sie im Netzwerk mitarbeiten."),
    )
    function = forms.ChoiceField(
        label=_("Funktion"), choices=[("", _("Bitte wählen")), *Function.choices]
    )

    field_order = [
        "first_name",
        "last_name",
        "email",
        "username",
        "organisation",
        "function",
        "password1",
        "password2",
    ]

    def save(self, request):
        user = super().save(request)
        user.organisation = self.cleaned_data["organisation"]
        user.function = self.cleaned_data["function"]
        user.save(update_fields=["organisation", "function"])
        register_signup(request, user)
        return user


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "organisation"]
        field_classes = {"organisation": PageChoiceField}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.order_by("title")
        self.fields["organisation"].empty_label = _("Bitte wählen")


class ApprovalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Freischalten")), ("reject", _("Ablehnen"))],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Begründung für die Person (bei Ablehnung)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Ihr Passwort zur Bestätigung"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("Ich möchte mein Konto und meine persönlichen Daten endgültig löschen."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Das Passwort ist nicht korrekt."))
        return password


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Name oder E-Mail-Adresse"), required=False, max_length=100)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=OrganisationPage.objects.filter(users__isnull=False)
        .distinct()
        .order_by("title")
        .only("pk", "title", "slug"),
        empty_label=_("Alle Organisationen"),
        to_field_name="slug",
    )

    def filter(self, members):
        if not self.is_bound or not self.is_valid():
            return members
        if query := self.cleaned_data["q"]:
            members = members.filter(
                Q(first_name__icontains=query)
                | Q(last_name__icontains=query)
                | Q(username__icontains=query)
                | Q(email__icontains=query)
            )
        if self.cleaned_data["organisation"]:
            members = members.filter(organisation=self.cleaned_data["organisation"])
        return members


class MemberRolesForm(forms.Form):
    editor = forms.BooleanField(label=_("Redaktion der eigenen Organisation"), required=False)
    moderator = forms.BooleanField(label=_("Moderation"), required=False)
    coordinator = forms.BooleanField(label=_("Koordination"), required=False)
