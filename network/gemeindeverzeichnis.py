"""Reading the Destatis Gemeindeverzeichnis (GV-ISys, "AuszugGV") into organisation records.

The file has one row per territorial unit; `satzart` says which kind. We keep Länder (for their
names), Kreise (satzart 40) and Gemeinden (satzart 60). A kreisfreie Stadt appears twice, as a Kreis
and as its only Gemeinde; both rows describe one body, so they become one organisation with the
Gemeinde's eight-digit AGS.
"""

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from network.models import OrganisationKind

COLUMNS = [
    "satzart",
    "textkennzeichen",
    "land",
    "rb",
    "kreis",
    "vb",
    "gemeinde",
    "gemeindename",
    "flaeche",
    "bevoelkerung",
    "maennlich",
    "weiblich",
    "jekm2",
    "postleitzahl",
    "laengengrad",
    "breitengrad",
    "schluessel",
    "bezeichnung",
    "verstaedterungschluessel",
    "verstaedterungbezeichnung",
]

SATZART_LAND = "10"
SATZART_KREIS = "40"
SATZART_GEMEINDE = "60"

# Textkennzeichen of the GV-ISys: how a Kreis or Gemeinde is constituted.
KREISFREIE_STADT = {"41", "42"}
KREIS_PREFIX = {"43": "Kreis", "44": "Landkreis"}
STADT = {"61", "62", "63", "67"}
GEMEINDEFREI = {"65", "66"}
# Kreis names that already say what they are ("Region Hannover", "Regionalverband Saarbrücken").
KREIS_WORDS = ("Kreis", "Landkreis", "Region", "Regionalverband", "Städteregion")


class RowError(ValueError):
    """A row that cannot be imported, with a German reason for the report."""


@dataclass
class OrganisationRecord:
    """What the file says about one organisation, keyed by its AGS."""

    ags: str
    kind: str
    title: str
    official_name: str
    ars: str = ""
    kreis_ags: str = ""
    land: str = ""
    population: int | None = None
    area_km2: Decimal | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    postcode: str = ""
    line_number: int = field(default=0, compare=False)


@dataclass
class ParseResult:
    records: list[OrganisationRecord] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def kreis_count(self):
        return sum(1 for record in self.records if record.kind in OrganisationKind.kreis_level())

    @property
    def gemeinde_count(self):
        return sum(1 for record in self.records if len(record.ags) == 8)


def parse_integer(value, label):
    """Parse a German integer with spaces as thousands separators (" 28 808")."""
    cleaned = value.replace(" ", "").replace("\xa0", "").replace(".", "")
    if not cleaned:
        return None
    if not cleaned.isdigit():
        raise RowError(
            _("%(label)s „%(value)s“ ist keine ganze Zahl.")
            % {"label": label, "value": value.strip()}
        )
    return int(cleaned)


def parse_decimal(value, label):
    """Parse a decimal written with a comma or a dot ("9,381623", "158.16")."""
    cleaned = value.strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise RowError(
            _("%(label)s „%(value)s“ ist keine Zahl.") % {"label": label, "value": value.strip()}
        ) from None


def require_digits(value, length, label):
    if not re.fullmatch(rf"\d{{{length}}}", value):
        raise RowError(
            _("%(label)s fehlt oder ist ungültig („%(value)s“).") % {"label": label, "value": value}
        )
    return value


def kreis_title(name, textkennzeichen):
    """ "Höxter" with textkennzeichen 43 is shown as "Kreis Höxter"."""
    short = name.split(", ")[0]
    if (
        short.split(" ")[0] in KREIS_WORDS
        or "kreis" in short.lower()
        or textkennzeichen not in KREIS_PREFIX
    ):
        return short
    return f"{KREIS_PREFIX[textkennzeichen]} {short}"


def gemeinde_kind(textkennzeichen, kreisfrei):
    if kreisfrei:
        return OrganisationKind.KREISFREIE_STADT
    if textkennzeichen in STADT:
        return OrganisationKind.STADT
    if textkennzeichen in GEMEINDEFREI:
        return OrganisationKind.GEMEINDEFREIES_GEBIET
    return OrganisationKind.GEMEINDE


def read_gemeindeverzeichnis(lines, only_kreis=None):
    """Parse the file's lines into organisation records and a list of (line number, reason).

    `only_kreis` (five digits) keeps one Kreis and its Gemeinden. Bad rows are reported and
    skipped; the good ones are returned.
    """
    result = ParseResult()
    reader = csv.reader(lines)
    header = [column.strip().lstrip("\ufeff") for column in next(reader, [])]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise RowError(_("Der Datei fehlen die Spalten: %s") % ", ".join(missing))
    land_names = {}
    kreisfreie = set()
    for values in reader:
        line_number = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            result.errors.append(
                (
                    line_number,
                    _("Die Zeile hat %(found)d statt %(expected)d Spalten.")
                    % {"found": len(values), "expected": len(header)},
                )
            )
            continue
        row = dict(zip(header, values, strict=True))
        try:
            record = read_row(row, land_names, kreisfreie, only_kreis)
        except RowError as error:
            result.errors.append((line_number, str(error)))
            continue
        if record is not None:
            record.line_number = line_number
            result.records.append(record)
    return result


def read_row(row, land_names, kreisfreie, only_kreis):
    """One record for a Kreis or Gemeinde row; None for rows we do not keep."""
    satzart = row["satzart"].strip()
    textkennzeichen = row["textkennzeichen"].strip()
    name = row["gemeindename"].strip()
    if satzart == SATZART_LAND:
        land_names[row["land"]] = name
        return None
    if satzart not in (SATZART_KREIS, SATZART_GEMEINDE):
        return None
    # Lazy labels: they are translated only for a row that fails, not for each of 16,000 rows.
    kreis_ags = require_digits(
        row["land"] + row["rb"] + row["kreis"], 5, gettext_lazy("Der Kreisschlüssel")
    )
    if only_kreis and kreis_ags != only_kreis:
        return None
    if not name:
        raise RowError(_("Der Name fehlt."))
    land = land_names.get(row["land"], "")
    if satzart == SATZART_KREIS:
        if textkennzeichen in KREISFREIE_STADT:
            # Imported with its Gemeinde row, which carries the numbers.
            kreisfreie.add(kreis_ags)
            return None
        return OrganisationRecord(
            ags=kreis_ags,
            kind=OrganisationKind.KREIS,
            title=kreis_title(name, textkennzeichen),
            official_name=name,
            ars=kreis_ags,
            land=land,
        )
    gemeinde = require_digits(row["gemeinde"], 3, gettext_lazy("Der Gemeindeteil des AGS"))
    verband = require_digits(row["vb"], 4, gettext_lazy("Der Gemeindeverbandsschlüssel"))
    kreisfrei = kreis_ags in kreisfreie
    return OrganisationRecord(
        ags=kreis_ags + gemeinde,
        kind=gemeinde_kind(textkennzeichen, kreisfrei),
        title=name.split(", ")[0],
        official_name=name,
        ars=kreis_ags + verband + gemeinde,
        kreis_ags="" if kreisfrei else kreis_ags,
        land=land,
        population=parse_integer(row["bevoelkerung"], gettext_lazy("Die Einwohnerzahl")),
        area_km2=parse_decimal(row["flaeche"], gettext_lazy("Die Fläche")),
        longitude=parse_decimal(row["laengengrad"], gettext_lazy("Der Längengrad")),
        latitude=parse_decimal(row["breitengrad"], gettext_lazy("Der Breitengrad")),
        postcode=row["postleitzahl"].strip(),
    )
