"""The register as a spreadsheet: CSV and XLSX, one row per project, as filtered on the page.

Cells are text a town wrote; a spreadsheet program must never run one as a formula. The CSV
writer of defusedcsv prefixes such cells, the XLSX writer stores every text as a string.
openpyxl is imported when a workbook is made: it would add some 18 MB to every worker.
"""

from defusedcsv import csv
from django.db.models import Prefetch
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.models import PartnerRole, ProjectOzgLeistung, ProjectPartner

# The import (projects.importing) reads these columns back: an export can be edited and re-imported.
COLUMNS = [
    gettext_lazy("Kennung"),
    gettext_lazy("Titel"),
    gettext_lazy("Kurzbeschreibung"),
    gettext_lazy("Federführend"),
    gettext_lazy("Beteiligt"),
    gettext_lazy("Status"),
    gettext_lazy("Fortschritt in Prozent"),
    gettext_lazy("Handlungsfeld"),
    gettext_lazy("OZG-Leistungen"),
    gettext_lazy("Schlagwörter"),
    gettext_lazy("Beginn"),
    gettext_lazy("Ende"),
    gettext_lazy("Nachnutzbar (EfA)"),
    gettext_lazy("Produkt"),
    gettext_lazy("Hersteller"),
    gettext_lazy("Budget in Euro"),
    gettext_lazy("Zuletzt bestätigt"),
    gettext_lazy("Sichtbarkeit"),
    gettext_lazy("Adresse"),
]
CHUNK_SIZE = 2000


def export_rows(projects, request):
    """The header, then one list of cell values per project (dates as dates, sums as numbers)."""
    yield [str(column) for column in COLUMNS]
    # Three queries for each chunk of projects: partners, OZG services and tags.
    projects = projects.select_related("lead_organisation", "handlungsfeld").prefetch_related(
        Prefetch("partners", queryset=ProjectPartner.objects.select_related("organisation")),
        Prefetch("ozg_leistungen", queryset=ProjectOzgLeistung.objects.select_related("leistung")),
        "tags",
    )
    for project in projects.iterator(chunk_size=CHUNK_SIZE):
        partners = project.partners.all()
        yield [
            project.import_key,
            project.title,
            project.summary,
            ", ".join(p.organisation.title for p in partners if p.role == PartnerRole.LEAD),
            ", ".join(p.organisation.title for p in partners if p.role == PartnerRole.INVOLVED),
            project.get_status_display(),
            project.progress,
            project.handlungsfeld.name if project.handlungsfeld else "",
            "; ".join(
                f"{link.leistung.ozg_id} {link.leistung.name} ({_('Reifegrad')} {link.reifegrad})"
                for link in project.ozg_leistungen.all()
            ),
            ", ".join(sorted(tag.name for tag in project.tags.all())),
            project.start_date,
            project.end_date,
            _("ja") if project.reusable else _("nein"),
            project.product,
            project.vendor,
            project.budget,
            timezone.localtime(project.last_confirmed_at).date(),
            project.get_visibility_display(),
            request.build_absolute_uri(project.get_url(request)),
        ]


def file_name(extension):
    return f"projekte-{timezone.localdate():%Y-%m-%d}.{extension}"


class Echo:
    """A file-like object that hands back what is written, for streaming the CSV."""

    def write(self, value):
        return value


def csv_response(projects, request):
    # Semicolons and a byte order mark: what a German Excel opens without an import dialogue.
    writer = csv.writer(Echo(), delimiter=";")
    rows = (writer.writerow(row) for row in export_rows(projects, request))
    response = StreamingHttpResponse(iter_with_bom(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name("csv")}"'
    return response


def iter_with_bom(rows):
    yield "\ufeff"
    yield from rows


def xlsx_response(projects, request):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Projekte"))
    for row in export_rows(projects, request):
        sheet.append([text_cell(sheet, value) for value in row])
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{file_name("xlsx")}"'
    workbook.save(response)
    return response


def text_cell(sheet, value):
    """A cell; text stays text, even where it starts with "=" (openpyxl would make a formula)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell
