"""Import projects from a coordinator's list: a CSV or XLSX file with one project per row.

Used by `manage.py import_projects FILE` and by the upload at /admin/projekte/import/. A network
that kept its projects in a spreadsheet moves them into the register this way, and can import
the same list again after editing it.

The file
    CSV in UTF-8 (with or without byte order mark), cells separated by ";" or "," (whichever the
    header line uses), or XLSX (the first sheet). Line 1 holds the column names; their order and
    case do not matter. Line numbers in the report are those a spreadsheet program shows.

The columns (German, as the users name them; * = the header must have it)
    Kennung          optional stable key of the project in the coordinator's list. A later import
                     finds the project by it, even under a new title. Without a key a row
                     matches the project of the same lead organisation with the same title.
                     The import sets a key, it never removes one.
    Titel*           at most 255 characters.
    Federführend*    the lead organisation: AGS ("05762016"), title ("Brakel") or slug
                     ("brakel"). The project is created below its page; an import cannot move
                     it to another lead.
    Beteiligt        further organisations as in Federführend, separated by "," or ";".
                     Organisations that registered interest themselves are kept.
    Kurzbeschreibung required for new projects, at most 500 characters.
    Status           label or value of ProjectStatus ("in Umsetzung", "in_umsetzung"); empty:
                     Idee.
    Fortschritt      whole number 0–100 ("40", "40 %"); empty: 0. Also "Fortschritt in Prozent".
    Beginn, Ende     dd.mm.yyyy, yyyy-mm-dd or a date cell; Ende not before Beginn.
    Handlungsfeld    name or slug of a kb.Handlungsfeld.
    OZG-Leistungen   OZG-IDs separated by ";" or ",", each optionally with its Reifegrad 0–4
                     after a colon ("10000:3; 10001"). The export's form "10000 Elterngeld
                     (Reifegrad 3)" is read too. Without a Reifegrad an existing link keeps its
                     own, a new one starts at 0.
    Schlagwörter     tags, separated by ",".
    Nachnutzbar      ja / nein; empty: nein. Also "Nachnutzbar (EfA)".
    Produkt          at most 200 characters.
    Hersteller       vendor or service provider, at most 200 characters.
    Repository       address of the source code (http or https).
    Budget           euros, German ("12.500,50") or plain ("12500.50"). Also "Budget in Euro".
    Sichtbarkeit     "öffentlich" or "nur für Mitglieder"; empty: öffentlich.

    The names match the columns of the register's export (projects.exports), so an exported
    file can be imported again; the export's other columns ("Zuletzt bestätigt", "Adresse") and
    any unknown ones are passed over with a note.

What a row does
    The file owns the columns it has: an empty cell empties the field (or sets the default
    named above), a column missing from the header leaves the field of existing projects as it
    is. Every row is checked completely first; a row with problems is reported with each of
    them and changes nothing. A good row creates a published project below its lead
    organisation or publishes a new revision of the existing one, in the name of the importing
    user. A row that changes nothing makes no revision, so importing a file twice changes
    nothing the second time. Each row is saved in a transaction of its own: one that fails while
    saving leaves nothing behind, and the other rows are imported all the same. A dry run does
    all of it and rolls each row back.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from tqdm import tqdm
from wagtail.log_actions import log

from kb.models import Handlungsfeld
from network.models import OrganisationPage, OzgLeistung, Visibility
from network.models.people import LISTED_VISIBILITIES
from network.slugs import german_slugify
from projects.models import (
    PartnerRole,
    ProjectOzgLeistung,
    ProjectPage,
    ProjectPartner,
    ProjectStatus,
    Reifegrad,
)
from projects.updates import publish_change

FILE_TYPES = (".csv", ".xlsx")
# Wider rows are cut here: no list of projects has that many columns, and a crafted file
# must not make us build rows of sixteen thousand cells.
MAX_COLUMNS = 60
XLSX_SIGNATURE = b"PK\x03\x04"


@dataclass(frozen=True)
class Column:
    """A column the import reads, with its German name and what users may write in it."""

    key: str
    name: str
    help_text: str
    required: bool = False
    aliases: tuple = ()


COLUMNS = [
    Column(
        "key",
        "Kennung",
        gettext_lazy(
            "Ihre eigene, dauerhafte Kennung des Projekts, z. B. „P-17“. Ein späterer Import "
            "findet das Projekt darüber wieder, auch unter neuem Titel. Ohne Kennung wird ein "
            "Projekt an Federführung und Titel wiedererkannt."
        ),
    ),
    Column("title", "Titel", gettext_lazy("Höchstens 255 Zeichen."), required=True),
    Column(
        "lead",
        "Federführend",
        gettext_lazy(
            "Die federführende Organisation: AGS (z. B. 05762016), Name wie im Portal "
            "(Brakel) oder Kurzname aus der Adresse (brakel). Das Projekt erscheint unter ihrer "
            "Seite; ein Import kann die Federführung nicht ändern."
        ),
        required=True,
    ),
    Column(
        "involved",
        "Beteiligt",
        gettext_lazy(
            "Weitere beteiligte Organisationen wie bei „Federführend“, getrennt durch Komma oder "
            "Semikolon. Interessierte Organisationen („Wir wollen das auch“) bleiben erhalten."
        ),
    ),
    Column(
        "summary",
        "Kurzbeschreibung",
        gettext_lazy("Pflicht für neue Projekte; höchstens 500 Zeichen."),
    ),
    Column(
        "status",
        "Status",
        gettext_lazy(
            "Idee, geplant, in Umsetzung, in Betrieb, pausiert oder eingestellt; leer: Idee."
        ),
    ),
    Column(
        "progress",
        "Fortschritt",
        gettext_lazy("Ganze Zahl von 0 bis 100, z. B. „40“ oder „40 %“; leer: 0."),
        aliases=("Fortschritt in Prozent",),
    ),
    Column(
        "start_date",
        "Beginn",
        gettext_lazy("Datum als TT.MM.JJJJ oder JJJJ-MM-TT, in Excel auch als Datumszelle."),
    ),
    Column("end_date", "Ende", gettext_lazy("Wie „Beginn“; nicht vor dem Beginn.")),
    Column(
        "handlungsfeld",
        "Handlungsfeld",
        gettext_lazy("Name oder Kurzname eines Handlungsfelds des Portals."),
    ),
    Column(
        "ozg",
        "OZG-Leistungen",
        gettext_lazy(
            "OZG-IDs, getrennt durch Semikolon oder Komma, jeweils auf Wunsch mit dem Reifegrad "
            "0 bis 4 nach einem Doppelpunkt: „10000:3; 10001“. Auch die Schreibweise des "
            "Exports wird gelesen. Ohne Reifegrad behält eine schon eingetragene Leistung "
            "ihren, eine neue beginnt bei 0."
        ),
    ),
    Column("tags", "Schlagwörter", gettext_lazy("Getrennt durch Komma.")),
    Column(
        "reusable",
        "Nachnutzbar",
        gettext_lazy("ja oder nein (Einer für alle); leer: nein."),
        aliases=("Nachnutzbar (EfA)",),
    ),
    Column("product", "Produkt", gettext_lazy("Höchstens 200 Zeichen.")),
    Column(
        "vendor",
        "Hersteller",
        gettext_lazy("Hersteller oder Dienstleister, höchstens 200 Zeichen."),
    ),
    Column(
        "repository_url",
        "Repository",
        gettext_lazy("Adresse des Quellcodes, z. B. https://gitlab.opencode.de/…"),
    ),
    Column(
        "budget",
        "Budget",
        gettext_lazy("Betrag in Euro, z. B. 12.500,50 oder 12500.50."),
        aliases=("Budget in Euro",),
    ),
    Column(
        "visibility",
        "Sichtbarkeit",
        gettext_lazy("öffentlich oder nur für Mitglieder; leer: öffentlich."),
    ),
]
COLUMN_NAMES = {column.key: column.name for column in COLUMNS}

TRUE_WORDS = {"ja", "j", "x", "yes", "true", "wahr", "1"}
FALSE_WORDS = {"nein", "n", "no", "false", "falsch", "0", ""}
# "10000" or "10000:3": the short form, several of which may stand in one part, split by commas.
OZG_SHORT = re.compile(r"[^\s:;,()]+(?:\s*:\s*\S+)?")
# "10000:3", "10000", or the export's "10000 Elterngeld (Reifegrad 3)".
OZG_ENTRY = re.compile(
    r"(?P<id>[^\s:;,()]+)(?:\s*:\s*(?P<level>\S+))?(?:\s.*?)?"
    r"(?:\(\s*Reifegrad\s+(?P<export_level>[^)]*?)\s*\))?"
)
GERMAN_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


class FileError(ValueError):
    """The file as a whole cannot be imported; the message says why, in German."""


# Reading the file


@dataclass
class Table:
    """The rows of a file by their line number, each a dict of column key to raw cell value."""

    columns: list
    rows: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def read_table(file, name, max_rows=None):
    """Read the file (a binary file object) as CSV or XLSX, by the extension of `name`."""
    extension = Path(name).suffix.lower()
    if extension not in FILE_TYPES:
        raise FileError(
            _("„%(name)s“ ist keine CSV- oder XLSX-Datei. Bitte laden Sie eine davon hoch.")
            % {"name": Path(name).name}
        )
    lines = read_csv(file.read()) if extension == ".csv" else read_xlsx(file)
    return tabulate(lines, max_rows)


def read_csv(data):
    """The lines of a CSV file, each a list of cells, numbered as a spreadsheet numbers them."""
    if data.startswith(XLSX_SIGNATURE):
        raise FileError(_("Die Datei ist keine CSV-Datei (sondern z. B. eine XLSX-Datei)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError(
            _(
                "Die Datei ist nicht in UTF-8 kodiert (Zeile %(line)s). Bitte speichern Sie "
                "sie als „CSV UTF-8“."
            )
            % {"line": data[: error.start].count(b"\n") + 1}
        ) from error
    if "\x00" in text:
        raise FileError(_("Die Datei enthält Binärdaten und ist keine CSV-Datei."))
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    try:
        return list(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1))
    except csv.Error as error:
        raise FileError(_("Die CSV-Datei ist fehlerhaft: %(error)s") % {"error": error}) from error


def read_xlsx(file):
    """The lines of the first sheet, each a tuple of cell values, by their row number."""
    if file.read(len(XLSX_SIGNATURE)) != XLSX_SIGNATURE:
        raise FileError(_("Die Datei ist keine XLSX-Datei."))
    file.seek(0)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # The size written into the file may be wrong; read what is there.
            sheet.reset_dimensions()
            return list(
                enumerate(sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True), 1)
            )
        finally:
            workbook.close()
    except Exception as error:
        # openpyxl passes on whatever its zip and XML layers raise for a damaged file.
        raise FileError(_("Die XLSX-Datei lässt sich nicht lesen.")) from error


def normalise(name):
    return " ".join(str(name or "").split()).casefold()


def tabulate(lines, max_rows):
    """Match the header line with COLUMNS and turn the other lines into rows of raw values."""
    if not lines:
        raise FileError(_("Die Datei ist leer."))
    by_name = {}
    for column in COLUMNS:
        for name in (column.name, *column.aliases):
            by_name[normalise(name)] = column
    _line, header = lines[0]
    positions = {}
    named = set()
    ignored = []
    for position, name in enumerate(header[:MAX_COLUMNS]):
        if normalise(name):
            named.add(position)
        column = by_name.get(normalise(name))
        if column is None:
            if normalise(name):
                ignored.append(f"„{' '.join(str(name).split())}“")
            continue
        if column.key in positions.values():
            raise FileError(
                _("Die Spalte „%(column)s“ steht zweimal in der Kopfzeile.")
                % {"column": column.name}
            )
        positions[position] = column.key
    missing = [c.name for c in COLUMNS if c.required and c.key not in positions.values()]
    if missing:
        raise FileError(
            _(
                "Der Datei fehlen die Spalten %(columns)s. Die erste Zeile muss die "
                "Spaltennamen enthalten."
            )
            % {"columns": ", ".join(missing)}
        )
    table = Table(columns=list(positions.values()))
    if ignored:
        table.notes.append(
            _("Diese Spalten werden nicht importiert: %(columns)s.")
            % {"columns": ", ".join(ignored)}
        )
    for line, cells in lines[1:]:
        if all(is_empty(cell) for cell in cells):
            continue
        if max_rows is not None and len(table.rows) == max_rows:
            raise FileError(
                _(
                    "Die Datei hat mehr als %(max)s Projekte. Bitte teilen Sie sie auf oder "
                    "nutzen Sie den Befehl „manage.py import_projects“."
                )
                % {"max": max_rows}
            )
        values = {
            key: cells[position] for position, key in positions.items() if position < len(cells)
        }
        unnamed = any(
            not is_empty(cell) for position, cell in enumerate(cells) if position not in named
        )
        table.rows.append((line, values, unnamed))
    return table


def is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


# Checking a row


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
        if isinstance(number, str) and number.strip().removesuffix("%").strip().isdigit():
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
    if isinstance(number, int) and not isinstance(value, str):
        text = str(number)
        if ags and len(text) in (4, 7):
            text = "0" + text
        return text
    return str(value).strip()


def whole_number(value):
    """An int for whole numbers in number cells; anything else as it was."""
    if isinstance(value, bool):
        return value
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


# Importing


@dataclass
class ImportReport:
    """What an import did: the outcome of every good row, and every problem of the bad ones."""

    dry_run: bool = False
    created: list = field(default_factory=list)  # (line, project)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # (line, German reason)
    notes: list = field(default_factory=list)

    @property
    def rejected(self):
        return sorted({line for line, _reason in self.problems})

    @property
    def row_count(self):
        return len(self.created) + len(self.updated) + len(self.unchanged) + len(self.rejected)

    @property
    def messages(self):
        """One German message per problem, in the order of the file."""
        return [
            _("Zeile %(line)s: %(reason)s") % {"line": line, "reason": reason}
            for line, reason in self.problems
        ]

    @property
    def summary(self):
        return _(
            "%(created)s neu, %(updated)s geändert, %(unchanged)s unverändert, "
            "%(rejected)s abgelehnt."
        ) % {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "rejected": len(self.rejected),
        }


class RowRejected(Exception):
    """A good row that cannot be applied to the projects as they are."""


class ProjectImport:
    """Creates and updates projects from a file, on behalf of `user` (None for the console)."""

    def __init__(self, user=None, dry_run=False):
        self.user = user
        self.dry_run = dry_run

    def run(self, file, name, max_rows=None, progress=False):
        """Import the file; raises FileError if it cannot be read at all."""
        table = read_table(file, name, max_rows=max_rows)
        report = ImportReport(dry_run=self.dry_run, notes=table.notes)
        self.lookups = Lookups()
        self.load_projects()
        self.columns = set(table.columns)
        self.seen = {}  # project (pk, or the line that created it in a dry run): line
        checker = RowChecker(self.lookups, table.columns)
        for line, values, unnamed in tqdm(
            table.rows, desc="Projekte", unit=" Zeilen", disable=not progress
        ):
            row, problems = checker.check(line, values, unnamed)
            if row is None:
                report.problems.extend((line, reason) for reason in problems)
                continue
            try:
                outcome, project = self.save(row)
            except RowRejected as rejection:
                report.problems.append((line, str(rejection)))
                continue
            getattr(report, outcome).append((line, project))
        return report

    def save(self, row):
        """Apply the row in a transaction of its own: if saving fails, nothing of it is left.

        One transaction per row rather than one for the file: SQLite lets one writer at a time,
        and a long import must not keep editors from saving for minutes. A run that stops
        halfway is completed by running it again.
        """
        try:
            with transaction.atomic():
                result = self.apply(row)
                if self.dry_run:
                    transaction.set_rollback(True)
                return result
        except ValidationError as error:
            reason = _("Nicht gespeichert: %(error)s") % {"error": " ".join(error.messages)}
            raise RowRejected(reason) from error
        except DatabaseError as error:
            reason = _("Nicht gespeichert (Datenbankfehler): %(error)s") % {"error": error}
            raise RowRejected(reason) from error

    def load_projects(self):
        self.by_key = {}
        self.by_title = {}
        for pk, key, lead_id, title in ProjectPage.objects.values_list(
            "pk", "import_key", "lead_organisation_id", "title"
        ):
            self.remember(pk, key, lead_id, title)

    def remember(self, pk, key, lead_id, title):
        if key:
            self.by_key[key] = (pk, lead_id, title)
        projects = self.by_title.setdefault((lead_id, title), [])
        if pk not in (other for other, _key in projects):
            projects.append((pk, key))

    def match(self, row):
        """The primary key of the project the row describes; None for a new one."""
        by_title = self.by_title.get((row.lead_id, row.title), [])
        if row.key and row.key in self.by_key:
            pk, lead_id, _title = self.by_key[row.key]
            if lead_id != row.lead_id:
                raise RowRejected(
                    _(
                        "Das Projekt mit der Kennung „%(key)s“ steht unter „%(lead)s“; ein "
                        "Import kann die Federführung nicht ändern."
                    )
                    % {"key": row.key, "lead": self.lookups.organisation_titles.get(lead_id)}
                )
            if any(other != pk for other, _key in by_title):
                raise RowRejected(self.title_taken(row))
            return pk
        if len(by_title) > 1:
            raise RowRejected(
                _(
                    "Unter „%(lead)s“ gibt es mehrere Projekte „%(title)s“; bitte benennen Sie "
                    "zuerst eines davon im Portal um."
                )
                % {"lead": self.lookups.organisation_titles[row.lead_id], "title": row.title}
            )
        if by_title:
            pk, key = by_title[0]
            if row.key and key:
                raise RowRejected(
                    _("%(taken)s Es hat die Kennung „%(key)s“.")
                    % {"taken": self.title_taken(row), "key": key}
                )
            return pk
        return None

    def title_taken(self, row):
        return _("Unter „%(lead)s“ gibt es schon ein anderes Projekt „%(title)s“.") % {
            "lead": self.lookups.organisation_titles[row.lead_id],
            "title": row.title,
        }

    def apply(self, row):
        """("created" | "updated" | "unchanged", project) for a row that matched or not."""
        pk = self.match(row)
        if pk in self.seen:
            raise RowRejected(
                _("Dasselbe Projekt steht schon in Zeile %(line)s.") % {"line": self.seen[pk]}
            )
        if pk is None:
            project = self.create(row)
            outcome = "created"
        else:
            project = ProjectPage.objects.get(pk=pk)
            if not self.differs(project, row):
                outcome = "unchanged"
            else:
                publish_change(project, self.user, lambda page: self.change(page, row))
                project.refresh_from_db()
                outcome = "updated"
        # Later rows find it under its new title and key, as a later import would. A project
        # created in a dry run is rolled back at once, and its primary key given out again.
        identity = ("neu", row.line) if self.dry_run and outcome == "created" else project.pk
        self.remember(identity, project.import_key, row.lead_id, project.title)
        self.seen[identity] = row.line
        return outcome, project

    def create(self, row):
        if "summary" not in self.columns:
            raise RowRejected(
                _("Die Kurzbeschreibung fehlt; ohne sie lässt sich kein Projekt anlegen.")
            )
        lead = OrganisationPage.objects.get(pk=row.lead_id)
        project = ProjectPage(
            title=row.title,
            slug=self.free_slug(lead, row.title),
            import_key=row.key,
            owner=self.user,
            live=False,
        )
        self.change(project, row)
        lead.add_child(instance=project)
        log(instance=project, action="wagtail.create", user=self.user)
        revision = project.save_revision(user=self.user, log_action=False)
        revision.publish(user=self.user, skip_permission_checks=True)
        project.refresh_from_db()
        return project

    def free_slug(self, lead, title):
        base = german_slugify(title)[:240] or "projekt"
        taken = set(lead.get_children().values_list("slug", flat=True))
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def differs(self, project, row):
        """Whether applying the row would change the live project."""
        if project.title != row.title or (row.key and project.import_key != row.key):
            return True
        if any(getattr(project, name) != value for name, value in row.fields.items()):
            return True
        current_partners = {p.organisation_id: p.role for p in project.partners.all()}
        if row.involved is not None and partner_roles(project, row) != current_partners:
            return True
        current_ozg = {link.leistung_id: link.reifegrad for link in project.ozg_leistungen.all()}
        if row.ozg is not None and ozg_levels(project, row) != current_ozg:
            return True
        return row.tags is not None and set(row.tags) != set(project.tags.names())

    def change(self, page, row):
        """Write the row into the page (the live one, a draft, or a new one)."""
        page.title = row.title
        if row.key:
            page.import_key = row.key
        for name, value in row.fields.items():
            setattr(page, name, value)
        if row.involved is not None:
            roles = partner_roles(page, row)
            kept = [p for p in page.partners.all() if p.organisation_id in roles]
            known = {p.organisation_id for p in kept}
            new = [
                ProjectPartner(organisation_id=organisation_id, role=role)
                for organisation_id, role in roles.items()
                if organisation_id not in known
            ]
            for order, partner in enumerate(kept + new):
                partner.role = roles[partner.organisation_id]
                partner.sort_order = order
            page.partners = kept + new
        if row.ozg is not None:
            levels = ozg_levels(page, row)
            kept = [link for link in page.ozg_leistungen.all() if link.leistung_id in levels]
            known = {link.leistung_id for link in kept}
            new = [
                ProjectOzgLeistung(leistung_id=leistung_id, reifegrad=level)
                for leistung_id, level in levels.items()
                if leistung_id not in known
            ]
            for order, link in enumerate(kept + new):
                link.reifegrad = levels[link.leistung_id]
                link.sort_order = order
            page.ozg_leistungen = kept + new
        if row.tags is not None:
            page.tags.set(row.tags)


def partner_roles(page, row):
    """{organisation: role} after the row: the lead and the interested stay, the file names
    the involved ones (an interested organisation it names becomes involved)."""
    roles = {
        partner.organisation_id: partner.role
        for partner in page.partners.all()
        if partner.role != PartnerRole.INVOLVED
    }
    for organisation_id in row.involved:
        if roles.get(organisation_id) != PartnerRole.LEAD:
            roles[organisation_id] = PartnerRole.INVOLVED
    return roles


def ozg_levels(page, row):
    """{leistung: Reifegrad} after the row; a link without a Reifegrad keeps the one it has."""
    current = {link.leistung_id: link.reifegrad for link in page.ozg_leistungen.all()}
    return {
        leistung_id: level if level is not None else current.get(leistung_id, Reifegrad.OFFLINE)
        for leistung_id, level in row.ozg.items()
    }
