"""Content for the search tests, shared by the database and the Elasticsearch tests."""

import pytest

from network import forum
from network.models import Visibility
from projects.models import ProjectStatus
from tests.factories.kb import (
    BestPracticePageFactory,
    FundingCallPageFactory,
    HandlungsfeldFactory,
    TemplateDocumentFactory,
)
from tests.factories.network import ContactPersonFactory, ForumCategoryFactory
from tests.factories.projects import ProjectPageFactory


@pytest.fixture
def schools(brakel, hoexter):
    """A small network: projects, a best practice, a template, a funding call."""
    bildung = HandlungsfeldFactory(name="Bildung", slug="bildung")
    return {
        "wlan": ProjectPageFactory(
            parent=brakel,
            title="WLAN an allen Schulen",
            summary="Jede Schule bekommt ein schnelles Netz.",
            status=ProjectStatus.IN_PROGRESS,
            handlungsfeld=bildung,
            tags=["WLAN"],
        ),
        "tablets": ProjectPageFactory(
            parent=hoexter,
            title="Tablets für die Grundschule",
            summary="Klassensätze für den Unterricht.",
            status=ProjectStatus.PLANNED,
            handlungsfeld=bildung,
            tags=["Schule"],
        ),
        "call": FundingCallPageFactory(
            title="Förderung digitaler Lernorte",
            summary="Geld für Netzwerke in Schulgebäuden.",
            handlungsfelder=[bildung],
        ),
        "template": TemplateDocumentFactory(
            title="Dienstanweisung mobiles Arbeiten", description="Muster für die Verwaltung."
        ),
        "practice": BestPracticePageFactory(
            title="Digitalisierungsbeauftragter in Teilzeit",
            summary="Wie eine kleine Gemeinde die Stelle besetzt hat.",
            organisations=[brakel],
        ),
    }


@pytest.fixture
def secrets(brakel, hoexter, people):
    """A unique token in each thing visitors must never find."""
    category = ForumCategoryFactory()
    ProjectPageFactory(
        parent=brakel,
        title="Geheimprojekt Quastenflosser",
        visibility=Visibility.MEMBERS,
        tags=["Quastenflosser-Schlagwort"],
    )
    thread = forum.start_thread(
        category=category,
        author=people["member"],
        title="Frage zum Netz",
        body="Hat jemand Erfahrung mit Pfeilschwanzkrebs-Routern?",
    )
    ContactPersonFactory(name="Hanna Axolotl", organisation=brakel, consent=Visibility.HIDDEN)
    ContactPersonFactory(name="Maria Nacktmull", organisation=hoexter, consent=Visibility.MEMBERS)
    return thread
