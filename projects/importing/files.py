"""Reading a CSV or XLSX file into rows of raw cell values, by the columns of its header line.

The file
    CSV in UTF-8 (with or without byte order mark), cells separated by ";" or "," (whichever the
    header line uses), or XLSX (the first sheet). Line 1 holds the column names; their order and
    case do not matter. Line numbers in the report are those a spreadsheet program shows.
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from .columns import COLUMNS, COLUMNS_BY_NAME, normalise

FILE_TYPES = (".csv", ".xlsx")
# Wider rows are cut here: no list of projects has that many columns, and a crafted file
# must not make us build rows of sixteen thousand cells.
MAX_COLUMNS = 60
XLSX_SIGNATURE = b"PK\x03\x04"


class FileError(ValueError):
    """The file as a whole cannot be imported; the message says why, in German."""


@dataclass
class Table:
    """The rows of a file, each (line number, {column key: raw cell value}, whether a cell
    outside the named columns holds a value); `columns` are the keys the header has."""

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
    # Imported here: openpyxl would add some 18 MB to every worker, for a rare upload.
    from openpyxl import load_workbook

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


def tabulate(lines, max_rows):
    """Match the header line with COLUMNS and turn the other lines into rows of raw values."""
    if not lines:
        raise FileError(_("Die Datei ist leer."))
    _line, header = lines[0]
    positions = {}  # position in the line: column key
    named = set()  # positions with a name, known or not
    ignored = []
    for position, cell in enumerate(header[:MAX_COLUMNS]):
        name = normalise(cell)
        if not name:
            continue
        named.add(position)
        column = COLUMNS_BY_NAME.get(name)
        if column is None:
            ignored.append(f"„{' '.join(str(cell).split())}“")
        elif column.key in positions.values():
            raise FileError(
                _("Die Spalte „%(column)s“ steht zweimal in der Kopfzeile.")
                % {"column": column.name}
            )
        else:
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
