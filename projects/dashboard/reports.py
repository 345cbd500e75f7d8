"""Reports from the dashboard: the matrices as XLSX, the Sachstandsbericht as PDF.

Both are drawn from the same figures as the pages (projects.dashboard.figures), so the numbers
in a Kreistag's papers are the numbers on the screen.
"""

from io import BytesIO

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from projects.dashboard import figures
from projects.exports import text_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A report lists this many projects at most; a nation-wide network links to the register.
REPORT_PROJECTS = 400
REPORT_ORGANISATIONS = 60


def attachment(content, content_type, name):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def matrix_rows(matrix, coverage):
    """The header and one row per organisation: counts (coverage) or Reifegrade (OZG)."""
    yield [_("Organisation"), *(str(column) for column in matrix.columns)]
    for row, values in matrix.values():
        yield [row.title, *((cell.count if cell else 0) if coverage else cell for cell in values)]


def sheet_values(sheet, values):
    """A row for the sheet: text as text cells, numbers and gaps as they are.

    A cell object for every number and gap would cost ten times as long: thousands of towns by
    hundreds of OZG-Leistungen are millions of cells, most of them empty.
    """
    return [text_cell(sheet, value) if isinstance(value, str) else value for value in values]


def matrix_workbook(matrix, name, coverage):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Anzahl Projekte") if coverage else _("Reifegrad"))
    for values in matrix_rows(matrix, coverage):
        sheet.append(sheet_values(sheet, values))
    if coverage:
        furthest = workbook.create_sheet(_("Weitester Stand"))
        furthest.append(
            sheet_values(furthest, [_("Organisation"), *(str(c) for c in matrix.columns)])
        )
        for row, cells in matrix.values():
            furthest.append(
                sheet_values(
                    furthest,
                    [row.title, *(cell.furthest_label if cell else None for cell in cells)],
                )
            )
    output = BytesIO()
    workbook.save(output)
    stamp = timezone.localdate().isoformat()
    return attachment(output.getvalue(), XLSX_TYPE, f"{name}-{stamp}.xlsx")


def status_report_pdf(scope, user):
    """The Sachstandsbericht: overview, coverage, projects with status, strategy progress."""
    styles = getSampleStyleSheet()
    title = (
        _("Sachstandsbericht %(name)s") % {"name": settings.WAGTAIL_SITE_NAME}
        if scope.is_network
        else _("Sachstandsbericht %(name)s") % {"name": scope.organisation.title}
    )
    story = [
        Paragraph(title, styles["Title"]),
        Paragraph(
            _("Stand: %(date)s") % {"date": date_format(timezone.localdate(), "j. F Y")},
            styles["Normal"],
        ),
        Spacer(1, 0.5 * cm),
    ]
    overview = figures.overview(scope)
    story += [
        Paragraph(_("Überblick"), styles["Heading2"]),
        Paragraph(
            _("%(total)s Projekte, davon %(new)s in diesem Monat neu und %(changed)s geändert.")
            % {
                "total": overview.total,
                "new": overview.new_this_month,
                "changed": overview.changed_this_month,
            },
            styles["Normal"],
        ),
        table(
            [[_("Status"), _("Projekte")]]
            + [[label, count] for _status, label, count in overview.by_status]
        ),
    ]
    matrix = figures.coverage_matrix(scope, scope.organisations()[:REPORT_ORGANISATIONS])
    story += [
        PageBreak(),
        Paragraph(_("Projekte je Organisation und Handlungsfeld"), styles["Heading2"]),
        table(list(matrix_rows(matrix, coverage=True)), small=True),
    ]
    projects = list(
        scope.projects()
        .select_related("lead_organisation", "handlungsfeld")
        .order_by("lead_organisation__title", "title")[:REPORT_PROJECTS]
    )
    story += [
        PageBreak(),
        Paragraph(_("Projekte"), styles["Heading2"]),
        table(
            [[_("Projekt"), _("Federführend"), _("Handlungsfeld"), _("Status"), _("Fortschritt")]]
            + [
                [
                    Paragraph(project.title, styles["BodyText"]),
                    project.lead_organisation.title if project.lead_organisation else "",
                    project.handlungsfeld.name if project.handlungsfeld else "",
                    project.get_status_display(),
                    f"{project.progress} %",
                ]
                for project in projects
            ],
            small=True,
        ),
    ]
    story += [PageBreak(), Paragraph(_("Umsetzung der Strategie"), styles["Heading2"])]
    for handlungsfeld, measures, share in figures.strategy(user):
        story.append(
            Paragraph(
                _("%(field)s: %(share)s %% der Projekte in Umsetzung oder Betrieb")
                % {"field": handlungsfeld.name, "share": share},
                styles["Heading3"],
            )
        )
        story.append(
            table(
                [[_("Maßnahme"), _("Projekte"), _("umgesetzt")]]
                + [
                    [
                        Paragraph(str(item.measure), styles["BodyText"]),
                        item.project_count,
                        f"{item.share} %",
                    ]
                    for item in measures
                ],
                small=True,
            )
        )
    output = BytesIO()
    document = SimpleDocTemplate(
        output, pagesize=landscape(A4), title=title, author=settings.WAGTAIL_SITE_NAME, lang="de"
    )
    document.build(story)
    stamp = timezone.localdate().isoformat()
    return attachment(output.getvalue(), "application/pdf", f"sachstandsbericht-{stamp}.pdf")


def table(rows, small=False):
    """A table with a header row, repeated on every page it runs over."""
    result = Table(rows, repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 7 if small else 9),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return result
