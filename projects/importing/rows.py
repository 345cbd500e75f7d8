"""Checking one row of a file: every cell parsed and looked up, every problem collected.

A row with problems is reported with each of them, from left to right in the order of COLUMNS,
and changes nothing; a good one becomes a ProjectRow for the importer.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from kb.models import Handlungsfeld
from network.models import OrganisationPage, OzgLeistung, Visibility
from network.models.people import LISTED_VISIBILITIES
from projects.models import ProjectStatus, Reifegrad

from .columns import COLUMN_NAMES, COLUMNS, normalise
from .files import is_empty

TRUE_WORDS = {"ja", "j", "x", "yes", "true", "wahr", "1"}
FALSE_WORDS = {"nein", "n", "no", "false", "falsch", "0", ""}
OZG_ID = r"[^\s:;,()]+"
# "10000" or "10000:3": the short form, several of which may stand in one part, split by commas.
OZG_SHORT = re.compile(rf"{OZG_ID}(?:\s*:\s*\S+)?")
# "10000:3", "10000", or the export's "10000 Elterngeld (Reifegrad 3)".
OZG_ENTRY = re.compile(
    rf"(?P<id>{OZG_ID})(?:\s*:\s*(?P<level>\S+))?(?:\s.*?)?"
    r"(?:\(\s*Reifegrad\s+(?P<export_level>[^)]*?)\s*\))?"
)
GERMAN_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass
class ProjectRow:
    """What a valid row asks for. Lists are None where the file has no such column."""

    line: int
    key: str
    title: str
    lead_id: int
    fields: dict
    involved: list | None = None
    ozg: dict | None = None
    tags: list | None = None


class Lookups:
    """Organisations, Handlungsfelder and OZG services by every name a file may use for them.

    Loaded once per import: a few thousand small rows, against a query per cell.
    """

    def __init__(self):
        self.organisation_titles = {}
        self.organisations = {"ags": {}, "title": {}, "folded": {}, "slug": {}}
        for pk, title, slug, ags in OrganisationPage.objects.values_list(
            "pk", "title", "slug", "ags"
        ):
            self.organisation_titles[pk] = title
            for kind, name in (("ags", ags), ("title", title), ("folded", title.casefold())):
                if name:
                    self.organisations[kind].setdefault(name, []).append(pk)
            self.organisations["slug"].setdefault(slug, []).append(pk)
        self.handlungsfelder = {}
        for pk, name, slug in Handlungsfeld.objects.values_list("pk", "name", "slug"):
            self.handlungsfelder[name.casefold()] = pk
            self.handlungsfelder.setdefault(slug, pk)
        self.leistungen = dict(OzgLeistung.objects.values_list("ozg_id", "pk"))

    def organisation(self, text):
        """The primary keys of the organisations the text may name, best match first."""
        if text.isdigit() and len(text) in (4, 7):
            text = "0" + text  # an AGS whose leading zero a spreadsheet dropped
        return (
            self.organisations["ags"].get(text)
            or self.organisations["title"].get(text)
            or self.organisations["folded"].get(text.casefold())
            or self.organisations["slug"].get(text.lower())
            or []
        )


class RowChecker:
    """Turns one row's raw values into a ProjectRow, collecting every problem on the way.

    Each column has its method `check_<key>`, called in the order of COLUMNS, so that the
    problems of a row are reported from left to right as the documentation lists the columns.
    """

    def __init__(self, lookups, columns):
        self.lookups = lookups
        self.columns = set(columns)

    def check(self, line, values, unnamed):
        """(ProjectRow, []) for a good row, (None, German reasons) for a bad one."""
        self.errors = []
        self.lead_id = None
        if unnamed:
            self.errors.append(_("Die Zeile hat Werte in Spalten ohne Namen in der Kopfzeile."))
        checked = {
            column.key: getattr(self, f"check_{column.key}")(values.get(column.key))
            for column in COLUMNS
            if column.key in self.columns
        }
        start, end = checked.get("start_date"), checked.get("end_date")
        if start and end and end < start:
            self.errors.append(_("Das Ende liegt vor dem Beginn."))
        if self.errors:
            return None, self.errors
        if "handlungsfeld" in checked:
            checked["handlungsfeld_id"] = checked.pop("handlungsfeld")
        row = ProjectRow(
            line=line,
            key=checked.pop("key", ""),
            title=checked.pop("title"),
            lead_id=checked.pop("lead"),
            involved=checked.pop("involved", None),
            ozg=checked.pop("ozg", None),
            tags=checked.pop("tags", None),
            fields=checked,
        )
        return row, []

    def check_key(self, value):
        return self.text(value, "key", max_length=100)

    def check_title(self, value):
        title = " ".join(self.text(value, "title", max_length=255).split())
        if not title:
            self.errors.append(_("Der Titel fehlt."))
        return title

    def check_lead(self, value):
        name = cell_text(value, ags=True)
        if not name:
            self.errors.append(_("Die federführende Organisation fehlt."))
        else:
            self.lead_id = self.organisation(name, "lead")
        return self.lead_id

    def check_involved(self, value):
        """The organisations taking part besides the lead, each once."""
        organisation_ids = []
        for name in split_list(cell_text(value, ags=True)):
            organisation_id = self.organisation(name, "involved")
            if organisation_id not in (None, self.lead_id, *organisation_ids):
                organisation_ids.append(organisation_id)
        return organisation_ids

    def check_summary(self, value):
        summary = self.text(value, "summary", max_length=500)
        if not summary:
            self.errors.append(_("Die Kurzbeschreibung fehlt."))
        return summary

    def check_status(self, value):
        return self.choice(value, "status", ProjectStatus, ProjectStatus.IDEA)

    def check_progress(self, value):
        if is_empty(value):
            return 0
        number = whole_number(value)
        if isinstance(number, str) and number.strip().removesuffix("%").strip().isdecimal():
            number = int(number.strip().removesuffix("%"))
        if type(number) is int and 0 <= number <= 100:
            return number
        self.errors.append(
            _("„%(value)s“ in Spalte %(column)s ist keine ganze Zahl von 0 bis 100.")
            % {"value": cell_text(value), "column": COLUMN_NAMES["progress"]}
        )
        return 0

    def check_start_date(self, value):
        return self.date(value, "start_date")

    def check_end_date(self, value):
        return self.date(value, "end_date")

    def check_handlungsfeld(self, value):
        name = cell_text(value)
        if not name:
            return None
        handlungsfelder = self.lookups.handlungsfelder
        handlungsfeld_id = handlungsfelder.get(name.casefold()) or handlungsfelder.get(name)
        if handlungsfeld_id is None:
            self.errors.append(_("Unbekanntes Handlungsfeld „%(name)s“.") % {"name": name})
        return handlungsfeld_id

    def check_ozg(self, value):
        """{OzgLeistung pk: Reifegrad, or None to keep the one a link has}."""
        links = {}
        for entry in split_ozg(cell_text(value)):
            match = OZG_ENTRY.fullmatch(entry)
            if match is None:
                self.errors.append(
                    _("„%(value)s“ in Spalte %(column)s ist keine OZG-ID.")
                    % {"value": entry, "column": COLUMN_NAMES["ozg"]}
                )
                continue
            ozg_id = match["id"]
            level = match["level"] or match["export_level"]
            leistung_id = self.lookups.leistungen.get(ozg_id)
            if leistung_id is None:
                self.errors.append(_("Unbekannte OZG-Leistung „%(id)s“.") % {"id": ozg_id})
            elif level is not None and level not in {str(value) for value in Reifegrad.values}:
                self.errors.append(
                    _("Ungültiger Reifegrad „%(level)s“ bei OZG-Leistung %(id)s; möglich: 0 bis 4.")
                    % {"level": level, "id": ozg_id}
                )
            elif leistung_id in links:
                self.errors.append(
                    _("Die OZG-Leistung %(id)s steht zweimal in der Zeile.") % {"id": ozg_id}
                )
            else:
                links[leistung_id] = int(level) if level is not None else None
        return links

    def check_tags(self, value):
        names = []
        for name in split_list(cell_text(value), separators=","):
            if len(name) > 100:
                self.errors.append(
                    _("Das Schlagwort „%(name)s…“ ist länger als 100 Zeichen.")
                    % {"name": name[:30]}
                )
            elif name not in names:
                names.append(name)
        return names

    def check_reusable(self, value):
        if isinstance(value, bool):
            return value
        text = normalise(cell_text(value))
        if text in TRUE_WORDS:
            return True
        if text not in FALSE_WORDS:
            self.errors.append(
                _("„%(value)s“ in Spalte %(column)s ist weder ja noch nein.")
                % {"value": cell_text(value), "column": COLUMN_NAMES["reusable"]}
            )
        return False

    def check_product(self, value):
        return self.text(value, "product", max_length=200)

    def check_vendor(self, value):
        return self.text(value, "vendor", max_length=200)

    def check_repository_url(self, value):
        address = self.text(value, "repository_url", max_length=200)
        if address:
            try:
                URLValidator(schemes=["http", "https"])(address)
            except ValidationError:
                self.errors.append(
                    _("„%(value)s“ in Spalte %(column)s ist keine Adresse (https://…).")
                    % {"value": address, "column": COLUMN_NAMES["repository_url"]}
                )
        return address

    def check_budget(self, value):
        try:
            amount = decimal_amount(value)
        except ValueError:
            self.errors.append(
                _("„%(value)s“ in Spalte %(column)s ist kein Betrag in Euro.")
                % {"value": cell_text(value), "column": COLUMN_NAMES["budget"]}
            )
            return None
        if amount is None:
            return None
        if amount < 0:
            self.errors.append(_("Das Budget darf nicht negativ sein."))
        elif amount != amount.quantize(Decimal("0.01")):
            self.errors.append(_("Das Budget hat mehr als zwei Nachkommastellen."))
        elif amount >= 10**10:
            self.errors.append(_("Das Budget ist zu groß."))
        return amount

    def check_visibility(self, value):
        return self.choice(value, "visibility", LISTED_VISIBILITIES, Visibility.PUBLIC)

    # Shared by several columns

    def text(self, value, key, max_length):
        text = cell_text(value)
        if len(text) > max_length:
            self.errors.append(
                _("Der Text in Spalte %(column)s ist länger als %(max)s Zeichen.")
                % {"column": COLUMN_NAMES[key], "max": max_length}
            )
        return text

    def organisation(self, name, key):
        matches = self.lookups.organisation(name)
        if len(matches) == 1:
            return matches[0]
        if matches:
            self.errors.append(
                _("„%(name)s“ in Spalte %(column)s ist mehrdeutig; bitte geben Sie den AGS an.")
                % {"name": name, "column": COLUMN_NAMES[key]}
            )
        else:
            self.errors.append(
                _("Unbekannte Organisation „%(name)s“ in Spalte %(column)s.")
                % {"name": name, "column": COLUMN_NAMES[key]}
            )
        return None

    def choice(self, value, key, choices, default):
        text = cell_text(value)
        if not text:
            return default
        for choice in choices:
            if normalise(text) in (normalise(choice.value), normalise(choice.label)):
                return choice.value
        self.errors.append(
            _("Unbekannter Wert „%(value)s“ in Spalte %(column)s; möglich sind: %(choices)s.")
            % {
                "value": text,
                "column": COLUMN_NAMES[key],
                "choices": ", ".join(str(choice.label) for choice in choices),
            }
        )
        return default

    def date(self, value, key):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = cell_text(value)
        if not text:
            return None
        for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        self.errors.append(
            _("„%(value)s“ in Spalte %(column)s ist kein Datum (TT.MM.JJJJ).")
            % {"value": text, "column": COLUMN_NAMES[key]}
        )
        return None


def cell_text(value, ags=False):
    """The cell as text. Whole numbers lose the ".0" a spreadsheet gives them; an AGS stored
    as a number gets back the leading zero it lost."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value:%d.%m.%Y}"
    number = whole_number(value)
    if isinstance(number, int):
        text = str(number)
        if ags and len(text) in (4, 7):
            text = "0" + text
        return text
    return str(value).strip()


def whole_number(value):
    """An int for whole numbers in number cells; anything else as it was."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def decimal_amount(value):
    """A Decimal, None for an empty cell; ValueError for a cell that holds no amount."""
    if is_empty(value):
        return None
    if isinstance(value, float) and abs(value - round(value, 2)) < 1e-9:
        value = round(value, 2)  # a sum a spreadsheet computed: 0.1 + 0.2 is 0.30000000000000004
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    text = re.sub(r"\s|€|EUR", "", cell_text(value))
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif GERMAN_THOUSANDS.fullmatch(text):
        text = text.replace(".", "")
    if not PLAIN_NUMBER.fullmatch(text):
        raise ValueError(text)
    return Decimal(text)


def split_list(text, separators=r"[;,]"):
    return [" ".join(part.split()) for part in re.split(separators, text) if part.strip()]


def split_ozg(text):
    """Entries split at semicolons, and at commas where a part is a list of bare OZG-IDs
    (the export's names of services may contain commas)."""
    entries = []
    for part in split_list(text, separators=";"):
        items = split_list(part, separators=",")
        if len(items) > 1 and all(OZG_SHORT.fullmatch(item) for item in items):
            entries.extend(items)
        else:
            entries.append(part)
    return entries
