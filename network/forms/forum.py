from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from network.forum import posting_problems
from network.models import FlagReason, ForumCategory

BODY_HELP = _(
    "Markdown: **fett**, *kursiv*, [Linktext](https://…), Listen mit „-“, Zitate mit „>“. "
    "Mit @Benutzername erwähnen Sie ein Mitglied; es wird benachrichtigt."
)


class PostBodyField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 8, "data-mentions": ""})

    def __init__(self, **kwargs):
        super().__init__(label=_("Text"), max_length=20_000, help_text=BODY_HELP, **kwargs)


class PostingForm(forms.Form):
    """A form that publishes a text: the forum's limits against abuse apply."""

    body = PostBodyField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_body(self):
        body = self.cleaned_data["body"]
        if problems := posting_problems(self.user, body):
            raise forms.ValidationError(problems)
        return body


class ThreadForm(PostingForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    tags = TagField(
        label=_("Schlagwörter"),
        required=False,
        help_text=_("Mehrere durch Kommas trennen, z. B. E-Akte, Ausschreibung."),
    )

    field_order = ["title", "body", "tags"]


class ReplyForm(PostingForm):
    pass


class PostEditForm(PostingForm):
    """Editing is posting again, as far as links go: no adding links past the limit later."""

    def clean_body(self):
        body = self.cleaned_data["body"]
        if problems := posting_problems(self.user, body, editing=True):
            raise forms.ValidationError(problems)
        return body


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Warum soll sich die Moderation den Beitrag ansehen?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Erläuterung"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MoveThreadForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Neue Kategorie"), queryset=ForumCategory.objects.all(), empty_label=None
    )


class SplitThreadForm(forms.Form):
    title = forms.CharField(label=_("Titel des neuen Themas"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("Kategorie"), queryset=ForumCategory.objects.all(), empty_label=None
    )
