"""The Destatis importer: German number formats, bad rows, idempotency, the whole file."""

from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.gemeindeverzeichnis import read_gemeindeverzeichnis
from network.models import OrganisationKind, OrganisationPage

DESTATIS_FILE = settings.BASE_DIR / "fixtures" / "gemeindeverzeichnis_destatis.csv"
HEADER = DESTATIS_FILE.read_text(encoding="utf-8-sig").splitlines()[0]


def import_file(path, **options):
    out, err = StringIO(), StringIO()
    call_command(
        "import_gemeindeverzeichnis", str(path), stdout=out, stderr=err, verbosity=0, **options
    )
    return out.getvalue(), err.getvalue()


def test_german_numbers_and_names_are_read():
    lines = [
        HEADER,
        "10,,05,,,,,Nordrhein-Westfalen,,,,,,,,,,,,",
        "40,43,05,7,62,,,Höxter,,,,,,,,,,,,",
        '60,63,05,7,62,0020,020,"Höxter, Stadt", 158.16, 28 808, 14 134, 14 674, 182,37671,'
        '"9,381623","51,775636",M01,Teutoburger Wald,02,mittlere Besiedlungsdichte',
    ]
    parsed = read_gemeindeverzeichnis(lines)
    assert parsed.errors == []
    kreis, town = parsed.records
    assert (kreis.ags, kreis.title, kreis.kind) == ("05762", "Kreis Höxter", OrganisationKind.KREIS)
    assert town.ags == "05762020"
    assert town.ars == "057620020020"
    assert town.title == "Höxter"
    assert town.official_name == "Höxter, Stadt"
    assert town.kind == OrganisationKind.STADT
    assert town.population == 28808
    assert town.area_km2 == Decimal("158.16")
    assert town.longitude == Decimal("9.381623")
    assert town.latitude == Decimal("51.775636")
    assert town.kreis_ags == "05762"
    assert town.land == "Nordrhein-Westfalen"


def test_kreisfreie_stadt_becomes_one_organisation():
    lines = [
        HEADER,
        '40,41,01,0,01,,,"Flensburg, Stadt",,,,,,,,,,,,',
        '60,61,01,0,01,0000,000,"Flensburg, Stadt", 53.02, 90 164, 44 904, 45 260, 1 701,24937,'
        '"9,43751","54,78252",F02,Ostsee,01,dicht besiedelt',
    ]
    parsed = read_gemeindeverzeichnis(lines)
    (flensburg,) = parsed.records
    assert flensburg.kind == OrganisationKind.KREISFREIE_STADT
    assert flensburg.kreis_ags == ""
    assert (parsed.kreis_count, parsed.gemeinde_count) == (1, 1)


def broken_file(tmp_path):
    good = DESTATIS_FILE.read_text(encoding="utf-8-sig").splitlines()
    hoexter = [line for line in good if ",05,7,62," in line]
    brakel = next(line for line in hoexter if "Brakel" in line and line.startswith("60"))
    lines = [HEADER, *hoexter]
    lines.append(brakel.replace(" 16 137", "sechzehntausend").replace("016,", "916,"))  # line n+2
    lines.append(brakel.replace(",05,7,62,0016,016,", ",05,7,62,0016,,"))  # AGS missing
    lines.append("60,63,05,7,62,0016")  # too few columns
    path = tmp_path / "kaputt.csv"
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return path, len(hoexter) + 2


def test_broken_rows_are_reported_with_their_line_and_the_rest_imported(
    tmp_path, organisation_index
):
    path, first_bad_line = broken_file(tmp_path)
    out, err = import_file(path)
    assert (
        f"Zeile {first_bad_line}: Die Einwohnerzahl „sechzehntausend“ ist keine ganze Zahl." in err
    )
    assert f"Zeile {first_bad_line + 1}: Der Gemeindeteil des AGS fehlt oder ist ungültig" in err
    assert f"Zeile {first_bad_line + 2}: Die Zeile hat 6 statt 20 Spalten." in err
    assert "3 fehlerhafte Zeilen" in err
    assert OrganisationPage.objects.count() == 11
    assert not OrganisationPage.objects.filter(ags="05762916").exists()


def test_import_of_one_kreis_is_idempotent_and_keeps_editorial_fields(organisation_index):
    out, _ = import_file(DESTATIS_FILE, kreis="05762")
    assert "11 neu" in out
    brakel = OrganisationPage.objects.get(ags="05762016")
    assert (brakel.title, brakel.population, brakel.parent_kreis.title) == (
        "Brakel",
        16137,
        "Kreis Höxter",
    )
    assert brakel.url == "/kommunen/brakel/"
    brakel.website = "https://www.brakel.de"
    brakel.save()

    out, _ = import_file(DESTATIS_FILE, kreis="05762")
    assert "0 neu, 0 geändert, 11 unverändert" in out
    brakel.refresh_from_db()
    assert brakel.website == "https://www.brakel.de"


def test_changed_figures_update_the_organisation(tmp_path, organisation_index):
    import_file(DESTATIS_FILE, kreis="05762")
    changed = DESTATIS_FILE.read_text(encoding="utf-8-sig").replace(" 28 808,", " 29 001,")
    path = tmp_path / "neu.csv"
    path.write_text(changed, encoding="utf-8")
    out, _ = import_file(path, kreis="05762")
    assert "0 neu, 1 geändert, 10 unverändert" in out
    assert OrganisationPage.objects.get(ags="05762020").population == 29001


@pytest.mark.parametrize("kreis", ["5762", "ABCDE"])
def test_invalid_kreis_option_is_refused_in_german(kreis, organisation_index):
    with pytest.raises(CommandError, match="fünf Ziffern"):
        import_file(DESTATIS_FILE, kreis=kreis)


def test_a_file_that_is_not_a_gemeindeverzeichnis_is_refused(tmp_path, organisation_index):
    path = tmp_path / "falsch.csv"
    path.write_text("name,wert\nBrakel,1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="fehlen die Spalten"):
        import_file(path)


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.scale
def test_whole_file_imports_every_kreis_and_gemeinde_once(
    organisation_index, client, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # it would answer the repeated request without rendering
    url = organisation_index.url
    import_file(DESTATIS_FILE, kreis="05762")
    client.get(url)  # warms Wagtail's caches of site root paths and content types
    with django_assert_max_num_queries(15):
        queries_with_eleven = count_queries(client, url)

    out, err = import_file(DESTATIS_FILE)
    assert "401 Kreise und kreisfreie Städte, 11004 Gemeinden gelesen" in out
    assert err == ""
    organisations = OrganisationPage.objects.all()
    assert organisations.filter(kind__in=OrganisationKind.kreis_level()).count() == 401
    assert organisations.filter(ags__regex=r"^\d{8}$").count() == 11004
    assert organisations.filter(kind=OrganisationKind.GEMEINDEFREIES_GEBIET).count() == 210
    assert len(set(organisations.values_list("slug", flat=True))) == organisations.count()
    organisation_index.refresh_from_db()
    assert organisation_index.get_children().count() == organisations.count()

    out, _ = import_file(DESTATIS_FILE)
    assert "0 neu, 0 geändert, 11298 unverändert" in out

    # A page of the directory costs the same with 11,298 organisations as with eleven.
    assert count_queries(client, url) == queries_with_eleven
    assert count_queries(client, url, seite=226) == queries_with_eleven
