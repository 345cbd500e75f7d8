"""The register's files on their own: spreadsheet cells that must never run as formulas, and the
Atom feed of status updates."""

import csv
import io

import feedparser
import openpyxl

from network.models import Visibility
from projects.models import ProjectStatus
from tests.factories.network import UserFactory
from tests.factories.projects import ProjectPageFactory, StatusUpdateFactory

REGISTER = "/projekte/"


def test_exports_neutralise_formulas(client, brakel):
    ProjectPageFactory(parent=brakel, title='=HYPERLINK("http://evil.example")', product="+1+2")
    text = b"".join(client.get(REGISTER + "export.csv").streaming_content).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert row[header.index("Titel")].startswith("'=")
    assert row[header.index("Produkt")].startswith("'+")
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(REGISTER + "export.xlsx").content)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil.example")'


def test_the_feed_carries_status_updates_of_public_projects_as_filtered(client, brakel, hoexter):
    public = ProjectPageFactory(parent=brakel, title="Serviceportal")
    hidden = ProjectPageFactory(parent=brakel, title="ISMS", visibility=Visibility.MEMBERS)
    other = ProjectPageFactory(parent=hoexter, title="WLAN an Schulen")
    StatusUpdateFactory(
        project=public, text="Portal ist online.", status=ProjectStatus.IN_OPERATION
    )
    StatusUpdateFactory(project=hidden, text="Geheimer Audit-Stand.")
    StatusUpdateFactory(project=other, text="Ausschreibung läuft.")

    client.force_login(UserFactory())  # even members get only public projects in a feed
    feed = feedparser.parse(client.get(REGISTER + "feed/").content)
    assert not feed.bozo
    assert feed.version == "atom10"
    assert {entry.summary for entry in feed.entries} == {
        "Portal ist online.",
        "Ausschreibung läuft.",
    }
    entry = next(entry for entry in feed.entries if entry.summary == "Portal ist online.")
    assert entry.title == "Serviceportal: jetzt in Betrieb"
    assert entry.link.endswith(f"{public.url}#statusmeldung-{public.status_updates.get().pk}")
    assert entry.author == "Brakel"

    filtered = feedparser.parse(client.get(REGISTER + "feed/", {"kommune": hoexter.slug}).content)
    assert [entry.summary for entry in filtered.entries] == ["Ausschreibung läuft."]
