from collections import Counter
from pathlib import Path

from django import forms
from django.db.models import Count, F, Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from kb.forms import handlungsfeld_field
from network.models import OrganisationPage, OzgLeistung
from network.page_cache import remembered
from projects.importing import FILE_TYPES
from projects.models import (
    PartnerRole,
    ProjectOzgLeistung,
    ProjectPartner,
    ProjectStatus,
    ProjectTag,
    StatusUpdate,
)

ORDERINGS = {
    "aktualisiert": [F("last_confirmed_at").desc(), "-pk"],
    "titel": ["title", "pk"],
    "fortschritt": ["-progress", "title", "pk"],
    "beginn": [F("start_date").desc(nulls_last=True), "title", "pk"],
}
# Select lists offer the most frequent values; a chosen value stays in its list regardless.
FACET_OPTIONS = 100
SEARCHED_FIELDS = ["title", "summary", "product", "vendor"]


class ProjectFilterForm(forms.Form):
    """The register's filters, as a GET form: every combination has an address of its own.

    Each select lists its values with the number of projects the other filters leave for each.
    """

    q = forms.CharField(label=_("Suchbegriff"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle"))] + ProjectStatus.choices,
    )
    kommune = forms.ModelChoiceField(
        label=_("Kommune"),
        required=False,
        queryset=OrganisationPage.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle Kommunen"),
        help_text=_("Federführend oder beteiligt."),
    )
    thema = handlungsfeld_field()
    tag = forms.ModelChoiceField(
        label=_("Schlagwort"),
        required=False,
        queryset=Tag.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle Schlagwörter"),
    )
    ozg = forms.ModelChoiceField(
        label=_("OZG-Leistung"),
        required=False,
        queryset=OzgLeistung.objects.all(),
        to_field_name="ozg_id",
        empty_label=_("Alle OZG-Leistungen"),
    )
    sortierung = forms.ChoiceField(
        label=_("Sortierung"),
        required=False,
        choices=[
            ("aktualisiert", _("Zuletzt aktualisiert")),
            ("titel", _("Titel A–Z")),
            ("fortschritt", _("Fortschritt")),
            ("beginn", _("Beginn, neueste zuerst")),
        ],
    )

    def __init__(self, data=None, **kwargs):
        # An unbound form shows no errors; a bound one filters by what is valid in it.
        super().__init__(data or None, **kwargs)
        self.filters = {}
        if self.is_bound:
            self.is_valid()
            self.filters = {name: value for name, value in self.cleaned_data.items() if value}

    def filter(self, projects, *, leave_out=()):
        """The projects matching every valid filter but those named in `leave_out`, in the
        chosen order."""
        data = {name: value for name, value in self.filters.items() if name not in leave_out}
        for word in data.get("q", "").split():
            matches = Q()
            for field in SEARCHED_FIELDS:
                matches |= Q(**{f"{field}__icontains": word})
            projects = projects.filter(matches)
        if data.get("status"):
            projects = projects.filter(status=data["status"])
        if data.get("kommune"):
            projects = projects.participated_by(data["kommune"])
        if data.get("thema"):
            projects = projects.filter(handlungsfeld=data["thema"])
        if data.get("tag"):
            projects = projects.filter(
                pk__in=ProjectTag.objects.filter(tag=data["tag"]).values("content_object")
            )
        if data.get("ozg"):
            projects = projects.filter(
                pk__in=ProjectOzgLeistung.objects.filter(leistung=data["ozg"]).values("project")
            )
        return projects.order_by(*ORDERINGS[self.filters.get("sortierung", "aktualisiert")])

    def count_facets(self, projects):
        """Put the number of projects for each value into the select lists (one query each,
        once per change of content: network.page_cache.remembered), and the number of matching
        projects into `match_count`."""
        chosen = {name: self.data[name] for name in self.filters if name != "sortierung"}
        counted = remembered(
            "register-facets",
            (str(projects.query), sorted(chosen.items())),
            lambda: self.facet_counts(projects),
        )
        status_counts = dict(counted["status"])
        self.set_options(
            "status",
            [(value, label, status_counts.get(value, 0)) for value, label in ProjectStatus.choices],
        )
        for name in counted.keys() - {"status"}:
            self.set_options(name, counted[name])
        # The status counts leave out only the status filter: with it, they count the matches.
        chosen_status = self.filters.get("status")
        self.match_count = (
            status_counts.get(chosen_status, 0) if chosen_status else sum(status_counts.values())
        )

    def facet_counts(self, projects):
        """For each facet, its values as (value, label, count) under the other filters; the
        statuses as (value, count)."""
        counted = {
            **self.status_and_topic_counts(projects),
            "kommune": most_frequent(
                ProjectPartner.objects.filter(
                    project__in=self.filter(projects, leave_out={"kommune"})
                    .order_by()
                    .values("pk"),
                    role__in=PartnerRole.participating(),
                ),
                "organisation__slug",
                "organisation__title",
                "project",
            ),
            "tag": most_frequent(
                ProjectTag.objects.filter(
                    content_object__in=self.filter(projects, leave_out={"tag"})
                    .order_by()
                    .values("pk")
                ),
                "tag__slug",
                "tag__name",
                "content_object",
            ),
            "ozg": most_frequent(
                ProjectOzgLeistung.objects.filter(
                    project__in=self.filter(projects, leave_out={"ozg"}).order_by().values("pk")
                ),
                "leistung__ozg_id",
                "leistung__name",
                "project",
            ),
        }
        return {name: list(rows) for name, rows in counted.items()}

    def status_and_topic_counts(self, projects):
        """The status and the topic facets from one query: the projects under the other filters
        counted per status and topic; each facet sums the rows the other's choice leaves."""
        rows = (
            self.filter(projects, leave_out={"status", "thema"})
            .order_by()
            .values_list(
                "status", "handlungsfeld__slug", "handlungsfeld__name", "handlungsfeld__position"
            )
            .annotate(count=Count("pk"))
        )
        chosen_status, chosen_topic = self.filters.get("status"), self.filters.get("thema")
        statuses, topics = Counter(), Counter()
        for status, slug, name, position, count in rows:
            if chosen_topic is None or slug == chosen_topic.slug:
                statuses[status] += count
            if slug is not None and (chosen_status is None or status == chosen_status):
                topics[position, name, slug] += count
        return {
            "status": list(statuses.items()),
            "thema": [
                (slug, name, topics[position, name, slug])
                for position, name, slug in sorted(topics)
            ],
        }

    def set_options(self, name, options):
        """Options as (value, label, count); the chosen value is kept even where none is left."""
        field = self.fields[name]
        chosen = self.data.get(name, "")
        choices = [("", getattr(field, "empty_label", None) or _("Alle"))]
        for value, label, count in options:
            choices.append((value, f"{label} ({count})"))
        if chosen and chosen not in {value for value, _label in choices} and name in self.filters:
            choices.append((chosen, f"{self.filters[name]} (0)"))
        field.widget.choices = choices


def most_frequent(rows, value, label, counted):
    """(value, label, count) of the most frequent values among the rows."""
    return (
        rows.values_list(value, label)
        .annotate(count=Count(counted, distinct=True))
        .order_by("-count", label)[:FACET_OPTIONS]
    )


class StatusUpdateForm(forms.ModelForm):
    """A Statusmeldung, written from the project page in under a minute."""

    class Meta:
        model = StatusUpdate
        fields = ["text", "status", "progress"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "status": _("Leer lassen, wenn sich der Status nicht ändert."),
            "progress": _("0 bis 100; leer lassen, wenn er gleich bleibt."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("unverändert"))] + ProjectStatus.choices
        self.fields["progress"].widget.attrs.update({"min": 0, "max": 100})


class ProjectImportForm(forms.Form):
    """The coordinators' upload of a list of projects (see projects.importing)."""

    # Larger lists are split or go to the command: a request has to finish within the server's
    # timeout (gunicorn's default is 30 seconds), and a new project takes some 50 ms to publish.
    max_size = 5 * 1024 * 1024
    max_rows = 300

    file = forms.FileField(
        label=_("Datei"),
        help_text=_(
            "CSV (UTF-8, Trennzeichen Semikolon oder Komma) oder XLSX, höchstens 5 MB und "
            "300 Projekte."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(FILE_TYPES)}),
    )
    dry_run = forms.BooleanField(
        label=_("Nur prüfen"),
        required=False,
        help_text=_("Zeigt, was der Import täte, und speichert nichts."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in FILE_TYPES:
            raise forms.ValidationError(
                _("Bitte laden Sie eine CSV- oder XLSX-Datei hoch; „%(name)s“ ist keine.")
                % {"name": upload.name}
            )
        if upload.size > self.max_size:
            raise forms.ValidationError(
                _("Die Datei ist %(size)s groß; erlaubt sind höchstens %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(self.max_size)}
            )
        return upload
