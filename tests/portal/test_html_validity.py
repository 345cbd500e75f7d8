"""Every page type is valid HTML, checked by the Nu HTML checker (npm vnu-jar, Java)."""

import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command

VNU_JAR = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = {
    "home": "/",
    "kommunen": "/kommunen/",
    "kommunen-fehler": "/kommunen/?kreis=kaputt",
    "organisation": "/kommunen/brakel/",
    "kreis": "/kommunen/kreis-hoexter/",
    "impressum": "/impressum/",
    "netzwerk": "/netzwerk/",
    "suche": "/suche/?q=Brakel",
    "anmeldung": "/konto/login/",
    "nicht-gefunden": "/gibt-es-nicht/",
}


@pytest.mark.django_db
def test_pages_are_valid_html(client, tmp_path, organisation_index):
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.skip("Java or the Nu HTML checker (npm ci) is missing")
    call_command(
        "import_gemeindeverzeichnis",
        str(settings.BASE_DIR / "fixtures" / "gemeindeverzeichnis_destatis.csv"),
        kreis="05762",
        verbosity=0,
    )
    files = []
    for name, url in PAGES.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(client.get(url).content)
        files.append(str(path))
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "text", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
