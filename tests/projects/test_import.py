"""The project import: a coordinator's list in, with an exact report of the rows left out."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook
from wagtail.models import PageLogEntry, Revision

from network.models import Visibility
from projects import updates
from projects.models import PartnerRole, ProjectOzgLeistung, ProjectPage, ProjectStatus
from tests.factories.kb import HandlungsfeldFactory
from tests.factories.network import OrganisationPageFactory, OzgLeistungFactory
from tests.factories.projects import ProjectPageFactory

IMPORT_URL = "/admin/projekte/import/"
HEADER = (
    "Kennung;Titel;Federführend;Beteiligt;Kurzbeschreibung;Status;Fortschritt;Beginn;Ende;"
    "Handlungsfeld;OZG-Leistungen;Schlagwörter;Nachnutzbar;Produkt;Hersteller;Repository;"
    "Budget;Sichtbarkeit"
)
GOOD_AND_BAD = [
    HEADER,
    # 2: new, below Brakel; Höxter by title, Bad Driburg by AGS
    "P-1;Bürgerportal;Brakel;Höxter, 05762004;Online-Anträge für alle.;in Umsetzung;40 %;"
    "01.02.2025;2026-06-30;Digitale Verwaltung;99001:3;Portal, OZG;ja;Civento;Vitako;"
    "https://gitlab.opencode.de/brakel/portal;12.500,50;öffentlich",
    # 3: Brakel's existing project, found by lead (as AGS) and title
    ";Einführung E-Akte;05762016;Höxter;Akten digital.;in Betrieb;100;;;;;E-Akte, DMS;nein;;;;;"
    "nur für Mitglieder",
    # 4: everything wrong that can be
    "P-3;Schulnetz;Bräkel;Nirgendwo;Kurz.;fertig;150;31.02.2025;;Bildungg;99001:7;;vielleicht;;;"
    "ftp://schule;zwölf;intern",
    # 5: no title, no summary
    "P-4;;Höxter;;;;;;;;;;;;;;;",
    # 6: new, below Bad Driburg (by slug), defaults everywhere
    ";Breitband;bad-driburg;;Glasfaser für alle.;;;;;;;;;;;;;",
    # 7: line 2 once more
    "P-1;Bürgerportal;Brakel;Höxter;Online-Anträge für alle.;;;;;;;;;;;;;",
]
EXPECTED_MESSAGES = [
    "Zeile 4: Unbekannte Organisation „Bräkel“ in Spalte Federführend.",
    "Zeile 4: Unbekannte Organisation „Nirgendwo“ in Spalte Beteiligt.",
    "Zeile 4: Unbekannter Wert „fertig“ in Spalte Status; möglich sind: Idee, geplant, "
    "in Umsetzung, in Betrieb, pausiert, eingestellt.",
    "Zeile 4: „150“ in Spalte Fortschritt ist keine ganze Zahl von 0 bis 100.",
    "Zeile 4: „31.02.2025“ in Spalte Beginn ist kein Datum (TT.MM.JJJJ).",
    "Zeile 4: Unbekanntes Handlungsfeld „Bildungg“.",
    "Zeile 4: Ungültiger Reifegrad „7“ bei OZG-Leistung 99001; möglich: 0 bis 4.",
    "Zeile 4: „vielleicht“ in Spalte Nachnutzbar ist weder ja noch nein.",
    "Zeile 4: „ftp://schule“ in Spalte Repository ist keine Adresse (https://…).",
    "Zeile 4: „zwölf“ in Spalte Budget ist kein Betrag in Euro.",
    "Zeile 4: Unbekannter Wert „intern“ in Spalte Sichtbarkeit; möglich sind: öffentlich, "
    "nur für Mitglieder.",
    "Zeile 5: Der Titel fehlt.",
    "Zeile 5: Die Kurzbeschreibung fehlt.",
    "Zeile 7: Dasselbe Projekt steht schon in Zeile 2.",
]


@pytest.fixture
def handlungsfeld(db):
    return HandlungsfeldFactory(name="Digitale Verwaltung", slug="digitale-verwaltung")


@pytest.fixture
def network(people, e_akte, bad_driburg, leistung, handlungsfeld):
    """Brakel, Höxter and Bad Driburg with people in every role, Brakel's E-Akte, one OZG
    service (99001) and one Handlungsfeld."""
    return people


def csv_file(tmp_path, lines, name="projekte.csv", bom=True):
    path = tmp_path / name
    path.write_text(("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def xlsx_file(tmp_path, rows, name="projekte.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def run_import(path, **options):
    """The command's output and error output, and its exit status."""
    out, err = StringIO(), StringIO()
    status = 0
    try:
        call_command("import_projects", str(path), stdout=out, stderr=err, verbosity=0, **options)
    except CommandError as error:
        err.write(f"{error}\n")
        status = error.returncode
    return out.getvalue(), err.getvalue(), status


def project(title):
    return ProjectPage.objects.get(title=title)


def partner_roles(page):
    return {p.organisation.title: p.role for p in page.partners.select_related("organisation")}


def test_good_rows_are_imported_and_bad_rows_reported_exactly(
    tmp_path, network, brakel, bad_driburg
):
    revisions = Revision.objects.count()
    out, err, status = run_import(csv_file(tmp_path, GOOD_AND_BAD))

    assert err.splitlines() == [*EXPECTED_MESSAGES, "3 fehlerhafte Zeilen wurden übersprungen."]
    assert out == "6 Zeilen gelesen: 2 neu, 1 geändert, 0 unverändert, 3 abgelehnt.\n"
    assert status == 2

    assert set(ProjectPage.objects.values_list("title", flat=True)) == {
        "Einführung E-Akte",
        "Bürgerportal",
        "Breitband",
    }
    portal = project("Bürgerportal")
    assert portal.live and not portal.has_unpublished_changes
    assert portal.get_parent().specific == brakel
    assert portal.url == "/kommunen/brakel/buergerportal/"
    assert portal.lead_organisation == brakel
    assert partner_roles(portal) == {
        "Brakel": PartnerRole.LEAD,
        "Höxter": PartnerRole.INVOLVED,
        "Bad Driburg": PartnerRole.INVOLVED,
    }
    assert (portal.import_key, portal.summary) == ("P-1", "Online-Anträge für alle.")
    assert (portal.status, portal.progress) == (ProjectStatus.IN_PROGRESS, 40)
    assert (portal.start_date, portal.end_date) == (date(2025, 2, 1), date(2026, 6, 30))
    assert portal.handlungsfeld.name == "Digitale Verwaltung"
    assert [(link.leistung.ozg_id, link.reifegrad) for link in portal.ozg_leistungen.all()] == [
        ("99001", 3)
    ]
    assert set(portal.tags.names()) == {"Portal", "OZG"}
    assert portal.reusable
    assert (portal.product, portal.vendor) == ("Civento", "Vitako")
    assert portal.repository_url == "https://gitlab.opencode.de/brakel/portal"
    assert portal.budget == Decimal("12500.50")
    assert portal.visibility == Visibility.PUBLIC
    assert portal.live_revision is not None

    e_akte = project("Einführung E-Akte")
    assert (e_akte.status, e_akte.progress, e_akte.summary) == (
        ProjectStatus.IN_OPERATION,
        100,
        "Akten digital.",
    )
    assert e_akte.visibility == Visibility.MEMBERS
    assert partner_roles(e_akte) == {"Brakel": PartnerRole.LEAD, "Höxter": PartnerRole.INVOLVED}
    assert e_akte.import_key == ""

    breitband = project("Breitband")
    assert breitband.get_parent().specific == bad_driburg
    assert (breitband.status, breitband.progress, breitband.visibility) == (
        ProjectStatus.IDEA,
        0,
        Visibility.PUBLIC,
    )
    assert (breitband.reusable, breitband.budget, breitband.handlungsfeld) == (False, None, None)
    # Two new projects with a revision each, and one for the E-Akte.
    assert Revision.objects.count() == revisions + 3


def test_the_same_file_twice_changes_nothing_the_second_time(tmp_path, network):
    path = csv_file(tmp_path, GOOD_AND_BAD)
    run_import(path)
    revisions = Revision.objects.count()
    log_entries = PageLogEntry.objects.count()
    before = {p.pk: p.latest_revision_id for p in ProjectPage.objects.all()}

    out, err, status = run_import(path)

    assert out == "6 Zeilen gelesen: 0 neu, 0 geändert, 3 unverändert, 3 abgelehnt.\n"
    assert err.splitlines()[:-1] == EXPECTED_MESSAGES
    assert status == 2
    assert Revision.objects.count() == revisions
    assert PageLogEntry.objects.count() == log_entries
    assert {p.pk: p.latest_revision_id for p in ProjectPage.objects.all()} == before


def test_a_dry_run_reports_the_same_and_saves_nothing(tmp_path, network):
    revisions = Revision.objects.count()
    out, err, status = run_import(csv_file(tmp_path, GOOD_AND_BAD), dry_run=True)
    assert out.splitlines() == [
        "Probelauf: nichts wurde gespeichert.",
        "6 Zeilen gelesen: 2 neu, 1 geändert, 0 unverändert, 3 abgelehnt.",
    ]
    assert err.splitlines()[:-1] == EXPECTED_MESSAGES
    assert status == 2
    assert list(ProjectPage.objects.values_list("title", flat=True)) == ["Einführung E-Akte"]
    assert project("Einführung E-Akte").status == ProjectStatus.IN_PROGRESS
    assert Revision.objects.count() == revisions


def test_a_file_without_problems_exits_with_status_0(tmp_path, network):
    out, err, status = run_import(csv_file(tmp_path, [HEADER, GOOD_AND_BAD[1]], bom=False))
    assert (out, err, status) == (
        "1 Zeilen gelesen: 1 neu, 0 geändert, 0 unverändert, 0 abgelehnt.\n",
        "",
        0,
    )


def test_the_kennung_finds_the_project_under_a_new_title(tmp_path, network):
    run_import(csv_file(tmp_path, [HEADER, GOOD_AND_BAD[1]]))
    portal = project("Bürgerportal")
    # The Kreis wants it too; the file knows nothing of that.
    updates.register_interest(portal, network["coordinator"])

    changed = (
        "Kennung,Titel,Federführend,Beteiligt,Status\r\n"
        "P-1,Bürgerportal Kreis Höxter,Brakel,,in Betrieb\r\n"
    )
    path = tmp_path / "neu.csv"
    path.write_text(changed, encoding="utf-8")
    out, err, status = run_import(path, user="koordination")

    assert (out, err, status) == (
        "1 Zeilen gelesen: 0 neu, 1 geändert, 0 unverändert, 0 abgelehnt.\n",
        "",
        0,
    )
    portal = ProjectPage.objects.get(pk=portal.pk)
    assert portal.title == "Bürgerportal Kreis Höxter"
    assert portal.slug == "buergerportal"  # addresses stay
    assert portal.status == ProjectStatus.IN_OPERATION
    # Columns the file does not have stay as they were.
    assert (portal.summary, portal.progress) == ("Online-Anträge für alle.", 40)
    assert set(portal.tags.names()) == {"Portal", "OZG"}
    # Höxter and Bad Driburg are out, the interested organisation stays.
    assert partner_roles(portal) == {
        "Brakel": PartnerRole.LEAD,
        "Kreis Höxter": PartnerRole.INTERESTED,
    }
    assert portal.live_revision.user == network["coordinator"]
    assert ProjectPage.objects.count() == 2


def test_a_kennung_is_given_to_the_project_of_that_title(tmp_path, network, e_akte, leistung):
    ProjectOzgLeistung.objects.create(project=e_akte, leistung=leistung, reifegrad=3)
    second = OzgLeistungFactory(ozg_id="99002")
    lines = [
        "Kennung;Titel;Federführend;OZG-Leistungen",
        "E-1;Einführung E-Akte;Brakel;99001, 99002:2",
    ]
    out, err, status = run_import(csv_file(tmp_path, lines))
    assert (err, status) == ("", 0)
    e_akte = project("Einführung E-Akte")
    assert e_akte.import_key == "E-1"
    # Without a Reifegrad in the file, a service keeps the one it has.
    assert {link.leistung_id: link.reifegrad for link in e_akte.ozg_leistungen.all()} == {
        leistung.pk: 3,
        second.pk: 2,
    }

    # Another key for the same project is refused: it has one now.
    lines[1] = "E-2;Einführung E-Akte;Brakel;"
    out, err, status = run_import(csv_file(tmp_path, lines))
    assert err.splitlines()[0] == (
        "Zeile 2: Unter „Brakel“ gibt es schon ein anderes Projekt „Einführung E-Akte“. "
        "Es hat die Kennung „E-1“."
    )


def test_an_import_cannot_move_a_project_to_another_lead(tmp_path, network):
    run_import(csv_file(tmp_path, [HEADER, GOOD_AND_BAD[1]]))
    moved = GOOD_AND_BAD[1].replace(";Brakel;Höxter, 05762004;", ";Höxter;;")
    out, err, status = run_import(csv_file(tmp_path, [HEADER, moved]))
    assert out == "1 Zeilen gelesen: 0 neu, 0 geändert, 0 unverändert, 1 abgelehnt.\n"
    assert err.splitlines()[0] == (
        "Zeile 2: Das Projekt mit der Kennung „P-1“ steht unter „Brakel“; ein Import kann die "
        "Federführung nicht ändern."
    )
    assert project("Bürgerportal").lead_organisation.title == "Brakel"


def test_a_copy_of_an_imported_project_has_no_kennung(tmp_path, network, brakel):
    run_import(csv_file(tmp_path, [HEADER, GOOD_AND_BAD[1]]))
    portal = project("Bürgerportal")
    copy = portal.copy(to=brakel, update_attrs={"title": "Kopie", "slug": "kopie"})
    assert copy.import_key == ""
    # An older revision brought back keeps today's key.
    ProjectPage.objects.filter(pk=portal.pk).update(import_key="P-1-neu")
    portal.refresh_from_db()
    portal.live_revision.publish()
    assert project("Bürgerportal").import_key == "P-1-neu"


def test_a_row_that_fails_while_saving_leaves_nothing_behind(tmp_path, network, e_akte):
    # An editor's draft starts in 2026; the file ends the project in 2025. The live page takes
    # that, the draft cannot: the row must not half change the project.
    draft = ProjectPage.objects.get(pk=e_akte.pk)
    draft.start_date = date(2026, 1, 1)
    draft.save_revision(user=network["editor_brakel"])
    revisions = Revision.objects.count()
    log_entries = PageLogEntry.objects.count()
    lines = [
        "Titel;Federführend;Ende",
        "Einführung E-Akte;Brakel;31.12.2025",
        "Breitband;Höxter;31.12.2025",
    ]
    out, err, status = run_import(csv_file(tmp_path, lines))
    assert out == "2 Zeilen gelesen: 0 neu, 0 geändert, 0 unverändert, 2 abgelehnt.\n"
    assert err.splitlines()[:2] == [
        "Zeile 2: Nicht gespeichert: Das Ende darf nicht vor dem Beginn liegen.",
        "Zeile 3: Die Kurzbeschreibung fehlt; ohne sie lässt sich kein Projekt anlegen.",
    ]
    assert project("Einführung E-Akte").end_date is None
    assert Revision.objects.count() == revisions
    assert PageLogEntry.objects.count() == log_entries


def test_xlsx_with_number_and_date_cells(tmp_path, network, brakel):
    rows = [
        ["Titel", "Federführend", "Kurzbeschreibung", "Fortschritt in Prozent", "Beginn"]
        + ["Nachnutzbar (EfA)", "Budget in Euro", "OZG-Leistungen", "Sonstiges"],
        ["Ratsinfo", 5762016, "Sitzungen online.", 40, datetime(2025, 3, 1)]
        + [True, 12500.5, 99001, "wird übergangen"],
        [None] * 9,
        ["Bauportal", "Brakel", "Bauanträge online.", 30.5, "März"] + [None] * 4,
        # A superscript two is a digit to Python, but no number.
        ["Hochgestellt", "Brakel", "Zahlen wie ².", "²", None] + [None] * 4,
    ]
    path = xlsx_file(tmp_path, rows)
    out, err, status = run_import(path)
    assert out.splitlines() == [
        "Hinweis: Diese Spalten werden nicht importiert: „Sonstiges“.",
        "3 Zeilen gelesen: 1 neu, 0 geändert, 0 unverändert, 2 abgelehnt.",
    ]
    assert err.splitlines()[:-1] == [
        "Zeile 4: „30.5“ in Spalte Fortschritt ist keine ganze Zahl von 0 bis 100.",
        "Zeile 4: „März“ in Spalte Beginn ist kein Datum (TT.MM.JJJJ).",
        "Zeile 5: „²“ in Spalte Fortschritt ist keine ganze Zahl von 0 bis 100.",
    ]
    assert status == 2
    ratsinfo = project("Ratsinfo")
    assert ratsinfo.lead_organisation == brakel
    assert (ratsinfo.progress, ratsinfo.start_date) == (40, date(2025, 3, 1))
    assert (ratsinfo.reusable, ratsinfo.budget) == (True, Decimal("12500.50"))
    assert [(link.leistung.ozg_id, link.reifegrad) for link in ratsinfo.ozg_leistungen.all()] == [
        ("99001", 0)
    ]

    revisions = Revision.objects.count()
    out, _err, _status = run_import(path)
    assert (
        out.splitlines()[-1] == "3 Zeilen gelesen: 0 neu, 0 geändert, 1 unverändert, 2 abgelehnt."
    )
    assert Revision.objects.count() == revisions


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_of_the_register_can_be_imported_again(
    client, tmp_path, brakel, hoexter, handlungsfeld, file_format
):
    elterngeld = OzgLeistungFactory(ozg_id="10000", name="Elterngeld")
    wohngeld = OzgLeistungFactory(ozg_id="10001", name="Wohngeld, Antrag")  # a comma in the name
    original = ProjectPageFactory(
        parent=brakel,
        title="Familienportal",
        status=ProjectStatus.IN_OPERATION,
        progress=90,
        start_date=date(2024, 1, 15),
        handlungsfeld=handlungsfeld,
        reusable=True,
        product="Portal",
        budget=Decimal("12500.50"),
        partners=[(hoexter, PartnerRole.INVOLVED)],
        ozg=[(elterngeld, 3), (wohngeld, 1)],
        tags=["Familie", "OZG"],
    )
    response = client.get(f"/projekte/export.{file_format}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    path = tmp_path / f"export.{file_format}"
    path.write_bytes(content)
    revisions = Revision.objects.count()

    out, err, status = run_import(path)

    assert out.splitlines() == [
        "Hinweis: Diese Spalten werden nicht importiert: „Zuletzt bestätigt“, „Adresse“.",
        "1 Zeilen gelesen: 0 neu, 0 geändert, 1 unverändert, 0 abgelehnt.",
    ]
    assert (err, status) == ("", 0)
    assert Revision.objects.count() == revisions
    assert ProjectPage.objects.get().pk == original.pk


def test_organisations_are_found_by_ags_title_or_slug_and_ambiguity_is_reported(tmp_path, network):
    OrganisationPageFactory(title="Neustadt", ags="01000001")
    OrganisationPageFactory(title="Neustadt", ags="02000002", slug="neustadt-2")
    lines = [
        "Titel;Federführend;Beteiligt;Kurzbeschreibung",
        "A;5762016;bad-driburg, Höxter;Kurz.",
        "B;Neustadt;;Kurz.",
        "C;01000001;NEUSTADT;Kurz.",
        "D;;;Kurz.",
    ]
    out, err, _status = run_import(csv_file(tmp_path, lines))
    assert err.splitlines()[:-1] == [
        "Zeile 3: „Neustadt“ in Spalte Federführend ist mehrdeutig; bitte geben Sie den AGS an.",
        "Zeile 4: „NEUSTADT“ in Spalte Beteiligt ist mehrdeutig; bitte geben Sie den AGS an.",
        "Zeile 5: Die federführende Organisation fehlt.",
    ]
    assert partner_roles(project("A")) == {
        "Brakel": PartnerRole.LEAD,
        "Bad Driburg": PartnerRole.INVOLVED,
        "Höxter": PartnerRole.INVOLVED,
    }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bild.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(200), "Die Datei ist keine XLSX-Datei."),
        ("kaputt.xlsx", b"PK\x03\x04" + bytes(200), "Die XLSX-Datei lässt sich nicht lesen."),
        ("latin1.csv", "Titel;Federführend\nÄ;B\n".encode("latin-1"), "nicht in UTF-8 kodiert"),
        ("bild.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "nicht in UTF-8 kodiert"),
        ("liste.xls", b"\xd0\xcf\x11\xe0", "„liste.xls“ ist keine CSV- oder XLSX-Datei."),
        ("leer.csv", b"", "Die Datei ist leer."),
        ("falsch.csv", b"Name;Wert\nBrakel;1\n", "Der Datei fehlen die Spalten Titel, Federf"),
        ("doppelt.csv", b"Titel;Federf\xc3\xbchrend;titel\n", "Spalte „Titel“ steht zweimal"),
    ],
)
def test_files_that_are_no_list_of_projects_are_refused(tmp_path, network, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    out, err, status = run_import(path)
    assert message in err
    assert status == 1
    assert ProjectPage.objects.count() == 1


# The admin upload


def upload(client, user, name, content, **data):
    client.force_login(user)
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content), **data})


def test_coordinators_upload_a_file_and_see_the_report(client, network):
    content = ("\r\n".join(GOOD_AND_BAD) + "\r\n").encode()
    response = upload(client, network["coordinator"], "projekte.csv", content)
    assert response.status_code == 200
    html = response.content.decode()
    assert "6 Zeilen gelesen: 2 neu, 1 geändert, 0 unverändert, 3 abgelehnt." in html
    for message in EXPECTED_MESSAGES:
        assert f"<li>{message}</li>" in html
    portal = project("Bürgerportal")
    assert f'href="/admin/pages/{portal.pk}/edit/"' in html
    assert portal.live_revision.user == network["coordinator"]
    assert portal.owner == network["coordinator"]


def test_coordinators_may_check_a_file_without_saving(client, network):
    workbook = Workbook()
    workbook.active.append(["Titel", "Federführend", "Kurzbeschreibung"])
    workbook.active.append(["Ratsinfo", "Brakel", "Sitzungen online."])
    content = BytesIO()
    workbook.save(content)
    response = upload(
        client, network["coordinator"], "liste.xlsx", content.getvalue(), dry_run="on"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Probelauf: nichts wurde gespeichert." in html
    assert "1 Zeile gelesen: 1 neu, 0 geändert, 0 unverändert, 0 abgelehnt." in html
    assert not ProjectPage.objects.filter(title="Ratsinfo").exists()


def test_the_upload_page_documents_the_columns(client, network):
    client.force_login(network["coordinator"])
    response = client.get(IMPORT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for column in ("Kennung", "Titel", "Federführend", "Kurzbeschreibung", "OZG-Leistungen"):
        assert f"<code>{column}</code>" in html
    assert "Fortschritt in Prozent" in html  # the export's name is understood too


def test_editors_get_403_and_no_menu_item(client, network):
    content = ("\r\n".join(GOOD_AND_BAD) + "\r\n").encode()
    response = upload(client, network["editor_brakel"], "projekte.csv", content)
    assert response.status_code == 403
    assert not ProjectPage.objects.filter(title="Bürgerportal").exists()
    assert client.get(IMPORT_URL).status_code == 403
    assert "Projekte importieren" not in client.get("/admin/").content.decode()
    client.force_login(network["coordinator"])
    assert "Projekte importieren" in client.get("/admin/").content.decode()


@pytest.mark.parametrize("role", ["visitor", "member"])
def test_people_without_admin_access_are_sent_to_the_login(client, network, role):
    if network[role]:
        client.force_login(network[role])
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/admin/projekte/import/"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bild.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(200), "Die Datei ist keine XLSX-Datei."),
        ("kaputt.xlsx", b"PK\x03\x04" + bytes(200), "Die XLSX-Datei lässt sich nicht lesen."),
        ("latin1.csv", "Titel;Federführend\nÄ;B\n".encode("latin-1"), "nicht in UTF-8 kodiert"),
        ("bild.png", b"\x89PNG\r\n\x1a\n", "„bild.png“ ist keine."),
        ("falsch.csv", b"Name;Wert\nBrakel;1\n", "Der Datei fehlen die Spalten Titel"),
    ],
)
def test_garbage_uploads_get_a_german_message_not_an_error(client, network, name, content, message):
    response = upload(client, network["coordinator"], name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ProjectPage.objects.count() == 1


def test_oversized_uploads_are_refused(client, network):
    content = b"Titel;Federf\xc3\xbchrend\n" + b"x;y\n" * (5 * 1024 * 1024 // 4)
    response = upload(client, network["coordinator"], "gross.csv", content)
    assert response.status_code == 400
    assert "erlaubt sind höchstens 5,0\xa0MB" in response.content.decode()


def test_uploads_with_too_many_rows_are_sent_to_the_command(client, network):
    lines = [HEADER, *(f";Projekt {n};Brakel;;Kurz.;;;;;;;;;;;;;" for n in range(301))]
    response = upload(client, network["coordinator"], "viele.csv", "\n".join(lines).encode())
    assert response.status_code == 400
    assert "mehr als 300 Projekte" in response.content.decode()
    assert ProjectPage.objects.count() == 1
