"""The columns the import reads, in German as the users name them (* = the header must have it).

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

The names match the columns of the register's export (projects.exports), so an exported file can
be imported again; the export's other columns ("Zuletzt bestätigt", "Adresse") and any unknown
ones are passed over with a note.

COLUMNS is also the table of columns on the upload page (its help texts are for the users), and
its order is the order in which the problems of a row are reported (see rows.RowChecker).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy


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


def normalise(name):
    """A column name or a word in a cell as compared: case and spacing do not matter."""
    return " ".join(str(name or "").split()).casefold()


# Every name a header may give a column, normalised.
COLUMNS_BY_NAME = {
    normalise(name): column for column in COLUMNS for name in (column.name, *column.aliases)
}
