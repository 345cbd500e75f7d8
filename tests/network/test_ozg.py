"""The OZG catalogue: import and the admin where editors browse and search it."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from network.models import OzgLebenslage, OzgLeistung, OzgThemenfeld

pytestmark = pytest.mark.django_db
OZG_FILE = settings.BASE_DIR / "fixtures" / "ozg_leistungen.csv"


def import_catalogue(path):
    out, err = StringIO(), StringIO()
    call_command("import_ozg_katalog", str(path), stdout=out, stderr=err, verbosity=0)
    return out.getvalue(), err.getvalue()


def test_catalogue_imports_once_with_its_hierarchy():
    out, _ = import_catalogue(OZG_FILE)
    assert "557 neu" in out
    assert OzgLeistung.objects.count() == 557
    assert OzgThemenfeld.objects.count() == 14
    elterngeld = OzgLeistung.objects.get(ozg_id="10000")
    assert elterngeld.name == "Elterngeld"
    assert elterngeld.lebenslage.name == "Geburt"
    assert elterngeld.lebenslage.themenfeld.name == "Familie & Kind"

    out, _ = import_catalogue(OZG_FILE)
    assert "0 neu, 0 geändert, 557 unverändert" in out
    assert OzgLebenslage.objects.count() == len(
        set(OzgLebenslage.objects.values_list("themenfeld", "name"))
    )


def test_bad_rows_are_named_and_the_rest_imported(tmp_path):
    path = tmp_path / "ozg.csv"
    path.write_text(
        "ozg_id,leistung,lebenslage,themenfeld\n"
        "10000,Elterngeld,Geburt,Familie & Kind\n"
        ",Ohne ID,Geburt,Familie & Kind\n"
        "10003,Geburtsanzeige,Geburt,Familie & Kind,zu viel\n",
        encoding="utf-8",
    )
    out, err = import_catalogue(path)
    assert "Zeile 3: Es fehlen Angaben in: ozg_id." in err
    assert "Zeile 4: Die Zeile hat zu viele Spalten." in err
    assert list(OzgLeistung.objects.values_list("ozg_id", flat=True)) == ["10000"]


def test_admin_lists_filters_and_searches_the_catalogue(admin_client):
    import_catalogue(OZG_FILE)
    url = "/admin/snippets/network/ozgleistung/"
    response = admin_client.get(url, {"q": "Elterngeld"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Elterngeld" in html and "Geburtsanzeige" not in html
    themenfeld = OzgThemenfeld.objects.get(name="Familie & Kind")
    filtered = admin_client.get(url, {"lebenslage__themenfeld": themenfeld.pk}).content.decode()
    assert "Elterngeld" in filtered and "Baugenehmigung" not in filtered
