"""The coordination dashboard's figures equal a count by hand of the data they are built from.

Each test draws a network at random (tests/projects/dashboard_data.py) and holds
projects.dashboard.figures, the pages, the XLSX files and the PDF against what plain Python
computes from the generated rows.
"""

import io
import re

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from pypdf import PdfReader

from projects.dashboard import figures, views
from projects.models import ProjectStatus, measures_by_handlungsfeld
from tests.projects import dashboard_data as expected

pytestmark = pytest.mark.django_db

STATUS_LABELS = dict(ProjectStatus.choices)


@pytest.fixture
def network(request, people, kreis, brakel, hoexter):
    """A network drawn with the seed given by indirect parametrisation (else 1)."""
    return expected.generate([kreis, brakel, hoexter], seed=getattr(request, "param", 1))


@pytest.fixture
def coordinator(client, people):
    client.force_login(people["coordinator"])
    return client


def scopes(network):
    """The network, and each organisation on its own."""
    return [None, *network.organisations]


def scope(organisation):
    return figures.Scope(organisation=organisation)


def coverage_cells(matrix):
    return {
        (row.pk, column.pk): (cell.count, cell.furthest)
        for (row, cells) in matrix.table()
        for column, cell in cells
        if cell
    }


def ozg_cells(matrix):
    return {
        (row.pk, column.pk): level
        for (row, cells) in matrix.table()
        for column, level in cells
        if level is not None
    }


SEEDS = pytest.mark.parametrize("network", [1, 2, 3], indirect=True)


# The figures


@SEEDS
def test_the_coverage_matrix_counts_the_projects_each_organisation_carries(network):
    for organisation in scopes(network):
        rows = list(scope(organisation).organisations())
        matrix = figures.coverage_matrix(scope(organisation), rows)

        assert rows == expected.rows(network, organisation)
        assert matrix.columns == sorted(network.handlungsfelder, key=lambda h: (h.position, h.name))
        assert coverage_cells(matrix) == expected.coverage(network, organisation), organisation


@SEEDS
def test_the_ozg_matrix_holds_the_highest_reifegrad_massenverfahren_first(network):
    for organisation in scopes(network):
        rows = expected.rows(network, organisation)
        cells = expected.ozg(network, organisation)
        for page in [rows, rows[:4], rows[4:9]]:
            matrix = figures.ozg_matrix(scope(organisation), page)
            ids = {row.pk for row in page}

            assert matrix.columns == expected.ozg_columns(network, cells, ids)
            assert ozg_cells(matrix) == {
                key: level for key, level in cells.items() if key[0] in ids
            }
    columns = figures.ozg_matrix(figures.Scope(), expected.rows(network)).columns
    assert [leistung.mass_procedure for leistung in columns] == sorted(
        (leistung.mass_procedure for leistung in columns), reverse=True
    )
    assert columns[0].mass_procedure
    assert not columns[-1].mass_procedure


@SEEDS
def test_the_overview_counts_projects_by_status_field_and_organisation(network):
    for organisation in scopes(network):
        overview = figures.overview(scope(organisation))
        wanted = expected.overview(network, organisation)

        assert overview.total == wanted["total"]
        assert [(s, count) for s, _label, count in overview.by_status] == wanted["by_status"]
        assert [
            (item.pk if item else None, count) for item, count in overview.by_handlungsfeld
        ] == wanted["by_handlungsfeld"]
        assert overview.by_organisation == wanted["by_organisation"]
        assert overview.new_this_month == wanted["new"]
        assert overview.changed_this_month == wanted["changed"]
    network_wide = expected.overview(network)
    assert 0 < network_wide["new"] < network_wide["total"]
    assert network_wide["by_handlungsfeld"][-1][0] is None


@SEEDS
def test_overlaps_are_organisations_working_alone_on_the_same_subject(network):
    found_any = False
    for organisation in scopes(network):
        found = figures.overlaps(scope(organisation))
        wanted = expected.overlaps(network, organisation)
        found_any = found_any or bool(wanted)

        assert [
            (
                "ozg" if overlap.subject in network.leistungen else "handlungsfeld",
                overlap.subject.pk,
                overlap.organisation_count,
                [o.pk for o in overlap.organisations],
                [p.pk for p in overlap.projects],
            )
            for overlap in found
        ] == wanted
    assert found_any


def test_overlaps_are_limited_per_kind(network):
    wanted = expected.overlaps(network, limit=2)
    found = figures.overlaps(figures.Scope(), limit=2)

    kinds = [kind for kind, *_rest in expected.overlaps(network)]
    assert kinds.count("ozg") > 2
    assert [kind for kind, *_rest in wanted] == ["ozg", "ozg", "handlungsfeld"][: len(wanted)]
    assert "handlungsfeld" in kinds
    assert [(overlap.subject.pk, overlap.organisation_count) for overlap in found] == [
        (subject_id, count) for _kind, subject_id, count, _o, _p in wanted
    ]


@SEEDS
def test_stale_projects_are_those_silent_for_90_days_and_not_stopped(network):
    for organisation in scopes(network):
        stale = figures.stale_projects(scope(organisation))

        assert [project.pk for project in stale] == expected.stale(network, organisation)
    assert expected.stale(network)


@SEEDS
def test_funding_sums_per_programme_and_year(network):
    for organisation in scopes(network):
        funding = figures.funding(scope(organisation))
        programmes, years = expected.funding(network, organisation)

        assert {
            (programme.call.pk if programme.call else None): (
                programme.project_count,
                programme.total,
                [project.pk for project in programme.projects],
            )
            for programme in funding.programmes
        } == programmes
        totals = [programme.total for programme in funding.programmes]
        assert totals == sorted(totals, reverse=True)
        assert dict(funding.totals_by_year) == years
    assert [d.call for d in funding.deadlines] == [network.calls[0]]
    assert max(count for count, _total, _ids in expected.funding(network)[0].values()) > 5


def test_the_dashboard_lists_the_programmes_with_the_most_money_and_counts_the_rest(
    network, coordinator, monkeypatch
):
    every = figures.funding(figures.Scope())
    assert len(every.programmes) > 2
    first = figures.funding(figures.Scope(), programmes_shown=2)
    assert [(p.call, p.project_count, p.total, p.projects) for p in first.programmes] == [
        (p.call, p.project_count, p.total, p.projects) for p in every.programmes[:2]
    ]
    assert first.more_programmes == len(every.programmes) - 2

    monkeypatch.setattr(views, "PROGRAMMES_SHOWN", 2)
    soup = BeautifulSoup(coordinator.get("/koordination/").content, "html.parser")
    assert len(table(soup, "Förderprogramme mit ihren Projekten und Summen")) == 2
    assert f"und {len(every.programmes) - 2} weitere Förderprogramme" in soup.get_text(" ")


# The pages


# An empty matrix cell: a dash to see, "keine" for screen readers.
EMPTY = "– keine"


def table(soup, caption):
    """A table's rows as lists of cell texts; the table found by its caption.

    Every body counts: the strategy's table has one row group per Handlungsfeld.
    """
    found = soup.find("caption", string=caption).find_parent("table")
    return [
        [" ".join(cell.get_text(" ").split()) for cell in row.find_all(["th", "td"])]
        for body in found.find_all("tbody")
        for row in body.find_all("tr")
    ]


def matrix_table(soup, caption):
    """A matrix table: the header row and each row's cells."""
    found = soup.find("caption", string=caption).find_parent("table")
    header = [" ".join(cell.get_text(" ").split()) for cell in found.find("thead").find_all("th")]
    return header, table(soup, caption)


def test_the_overview_page_shows_the_counts(coordinator, network):
    response = coordinator.get("/koordination/")
    soup = BeautifulSoup(response.content, "html.parser")
    wanted = expected.overview(network)

    assert response.context["tables"]["overview"] == figures.overview(figures.Scope())
    assert (
        f"{wanted['total']} Projekte; in diesem Monat {wanted['new']} neu und "
        f"{wanted['changed']} geändert." in soup.get_text(" ")
    )
    assert table(soup, "Projekte nach Status") == [
        [str(STATUS_LABELS[status]), str(count)] for status, count in wanted["by_status"]
    ]
    names = {h.pk: h.name for h in network.handlungsfelder}
    assert table(soup, "Projekte nach Handlungsfeld") == [
        [names.get(pk, "ohne Handlungsfeld"), str(count)]
        for pk, count in wanted["by_handlungsfeld"]
    ]
    assert table(soup, "Die aktivsten Organisationen") == [
        [title, str(count)] for title, count in wanted["by_organisation"]
    ]


def test_the_overview_page_lists_stale_projects_funding_and_strategy(coordinator, network):
    soup = BeautifulSoup(coordinator.get("/koordination/").content, "html.parser")

    stale = soup.select(".stale-list > li > a")
    assert [a.get_text() for a in stale] == [
        network.project(pk)["title"] for pk in expected.stale(network)
    ]
    programmes, years = expected.funding(network)
    calls = {call.pk: call.title for call in network.calls}
    assert sorted(
        (row[0], row[2]) for row in table(soup, "Förderprogramme mit ihren Projekten und Summen")
    ) == sorted(
        (calls.get(pk, "gelöschter Förderaufruf"), euros(total))
        for pk, (_count, total, _ids) in programmes.items()
    )
    years_list = soup.find(string="Summen je Jahr").find_next("ul")
    totals = [item.get_text(" ", strip=True) for item in years_list("li")]
    assert totals == [f"{year}: {euros(total)}" for year, total in sorted(years.items())]
    assert strategy_rows(soup) == [
        (handlungsfeld.name, f"{share} %") for handlungsfeld, share in strategy_shares(network)
    ]


def euros(amount):
    return f"{int(amount):,} €".replace(",", ".")


def strategy_rows(soup):
    caption = "Maßnahmen je Handlungsfeld mit Projekten und Anteil in Umsetzung oder Betrieb"
    return [(row[0], row[-1]) for row in table(soup, caption) if len(row) == 2]


def strategy_shares(network):
    """Each Handlungsfeld of the strategy with the share of its projects implemented."""
    live = {p["id"]: p for p in network.projects if p["live"]}
    field_of = {measure.pk: measure.handlungsfeld for measure in network.measures}
    result = []
    for handlungsfeld in sorted(set(field_of.values()), key=lambda h: (h.position, h.name)):
        statuses = [
            live[link["projectpage_id"]]["status"]
            for link in network.measure_links
            if link["projectpage_id"] in live
            and field_of[link["strategymeasure_id"]] == handlungsfeld
        ]
        implemented = sum(status in ProjectStatus.implemented() for status in statuses)
        result.append((handlungsfeld, round(100 * implemented / len(statuses)) if statuses else 0))
    return result


@SEEDS
def test_the_strategy_shares_are_counted_from_the_measures_projects(people, network):
    for user in [people["coordinator"], people["editor_brakel"]]:
        counted = figures.strategy(user)
        loaded = measures_by_handlungsfeld(user)

        assert [(handlungsfeld, share) for handlungsfeld, _m, share in counted] == (
            strategy_shares(network)
        )
        assert [
            (item.measure, item.project_count, item.share)
            for _handlungsfeld, items, _share in counted
            for item in items
        ] == [
            (item.measure, len(item.projects), item.share)
            for _handlungsfeld, items, _share in loaded
            for item in items
        ]


def coverage_page_cells(network, organisation=None):
    """The coverage matrix as the page shows it: titles, counts and status labels."""
    cells = expected.coverage(network, organisation)
    columns = sorted(network.handlungsfelder, key=lambda h: (h.position, h.name))
    header = ["Organisation", *(h.name for h in columns)]
    body = []
    for row in expected.rows(network, organisation):
        line = [row.title]
        for column in columns:
            count, furthest = cells.get((row.pk, column.pk), (0, None))
            line.append(f"{count} {STATUS_LABELS[furthest]}" if count else EMPTY)
        body.append(line)
    return header, body


def ozg_page_cells(network, organisation=None):
    cells = expected.ozg(network, organisation)
    rows = expected.rows(network, organisation)
    columns = expected.ozg_columns(network, cells, {row.pk for row in rows})
    header = ["Organisation"] + [
        f"{c.name} Massenverfahren" if c.mass_procedure else c.name for c in columns
    ]
    body = [
        [row.title]
        + [str(cells[row.pk, c.pk]) if (row.pk, c.pk) in cells else EMPTY for c in columns]
        for row in rows
    ]
    return header, body


def test_the_coverage_page_shows_the_matrix(coordinator, network):
    soup = BeautifulSoup(coordinator.get("/koordination/abdeckung/").content, "html.parser")

    assert matrix_table(soup, "Projekte je Organisation und Handlungsfeld") == coverage_page_cells(
        network
    )


def test_the_ozg_page_shows_the_matrix(coordinator, network):
    soup = BeautifulSoup(coordinator.get("/koordination/ozg/").content, "html.parser")

    header, body = matrix_table(soup, "Reifegrad je Organisation und OZG-Leistung")
    assert (header, body) == ozg_page_cells(network)
    assert header[1].endswith("Massenverfahren")


def test_the_matrices_are_paged_by_organisation(coordinator, network, monkeypatch):
    monkeypatch.setattr(views, "MATRIX_ROWS", 4)
    rows = expected.rows(network)
    pages = [rows[start : start + 4] for start in range(0, len(rows), 4)]

    for number, page in enumerate(pages, start=1):
        for path in ["/koordination/abdeckung/", "/koordination/ozg/"]:
            context = coordinator.get(f"{path}?seite={number}").context
            assert list(context["rows"]) == page
            assert context["matrix"].rows == page
    assert len(pages) > 2


def test_the_overlaps_page_names_the_organisations(coordinator, network):
    soup = BeautifulSoup(coordinator.get("/koordination/ueberschneidungen/").content, "html.parser")
    wanted = expected.overlaps(network)

    shown = soup.select(".overlap")
    assert len(shown) == len(wanted)
    for item, (_kind, _subject, _count, organisation_ids, project_ids) in zip(
        shown, wanted, strict=True
    ):
        names = ", ".join(network.organisation(pk).title for pk in organisation_ids)
        assert item.find("p").get_text(" ", strip=True).startswith(names)
        assert [a.get_text() for a in item.select("li a")] == [
            network.project(pk)["title"] for pk in project_ids
        ]
        assert [i["value"] for i in item.select("input[name=organisation]")] == [
            str(pk) for pk in organisation_ids
        ]


# The files


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)


def sheet_rows(sheet):
    """The rows, each as long as the header: a spreadsheet does not store empty cells."""
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [row + [None] * (len(rows[0]) - len(row)) for row in rows]


def test_the_coverage_xlsx_holds_the_numbers_of_the_page(coordinator, network):
    header, body = matrix_table(
        BeautifulSoup(coordinator.get("/koordination/abdeckung/").content, "html.parser"),
        "Projekte je Organisation und Handlungsfeld",
    )
    book = workbook(coordinator.get("/koordination/abdeckung.xlsx"))
    counts, furthest = (sheet_rows(book[name]) for name in ["Anzahl Projekte", "Weitester Stand"])

    assert counts[0] == header == furthest[0]
    assert [[title, *(int(cell.split()[0]) if cell != EMPTY else 0 for cell in cells)]
            for title, *cells in body] == counts[1:]  # fmt: skip
    assert [
        [title, *(cell.split(" ", 1)[1] if cell != EMPTY else None for cell in cells)]
        for title, *cells in body
    ] == furthest[1:]
    assert len(counts) == 1 + len(expected.rows(network))


def test_the_ozg_xlsx_holds_the_numbers_of_the_page(coordinator, network):
    header, body = matrix_table(
        BeautifulSoup(coordinator.get("/koordination/ozg/").content, "html.parser"),
        "Reifegrad je Organisation und OZG-Leistung",
    )
    rows = sheet_rows(workbook(coordinator.get("/koordination/ozg.xlsx"))["Reifegrad"])
    cells = expected.ozg(network)
    columns = expected.ozg_columns(network, cells, {o.pk for o in network.organisations})

    assert rows[0] == ["Organisation", *(str(column) for column in columns)]
    assert [h.removesuffix(" Massenverfahren") for h in header[1:]] == [c.name for c in columns]
    assert [
        [title, *(int(c) if c != EMPTY else None for c in cells)] for title, *cells in body
    ] == (rows[1:])


def pdf_text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_status_report_holds_the_networks_numbers(coordinator, network):
    text = pdf_text(coordinator.get("/koordination/sachstandsbericht.pdf"))
    wanted = expected.overview(network)

    assert f"Sachstandsbericht {settings.WAGTAIL_SITE_NAME}" in text
    assert (
        f"{wanted['total']} Projekte, davon {wanted['new']} in diesem Monat neu und "
        f"{wanted['changed']} geändert." in text
    )
    for status, count in wanted["by_status"]:
        assert f" {STATUS_LABELS[status]} {count} " in text
    in_scope = {p["title"][:4] for p in expected.in_scope(network)}
    assert set(re.findall(r"P\d{3}", text)) == in_scope
    for handlungsfeld, share in strategy_shares(network):
        assert f"{handlungsfeld.name}: {share} % der Projekte in Umsetzung oder Betrieb" in text


def test_the_status_report_of_one_organisation_holds_its_numbers(coordinator, network, brakel):
    text = pdf_text(coordinator.get(f"/koordination/sachstandsbericht.pdf?kommune={brakel.slug}"))
    wanted = expected.overview(network, brakel)

    assert "Sachstandsbericht Brakel" in text
    assert (
        f"{wanted['total']} Projekte, davon {wanted['new']} in diesem Monat neu und "
        f"{wanted['changed']} geändert." in text
    )
    for status, count in wanted["by_status"]:
        assert f" {STATUS_LABELS[status]} {count} " in text
    assert set(re.findall(r"P\d{3}", text)) == {
        p["title"][:4] for p in expected.in_scope(network, brakel)
    }
    assert len(expected.in_scope(network, brakel)) < len(expected.in_scope(network))
