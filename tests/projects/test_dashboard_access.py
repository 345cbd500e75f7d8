"""Who reaches the coordination dashboard, and what editors see of it.

Coordinators see the network; an organisation's editors see their organisation and nothing of
the others' figures; everyone else is turned away. "Kontakt herstellen" is the coordinators'
alone; the one-click reminder reaches the stale project's editors.
"""

import io
import re
from datetime import timedelta
from urllib.parse import quote

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from network.models import Notification, NotificationKind
from projects.dashboard import figures
from projects.models import Introduction, PartnerRole, ProjectPage, ProjectPartner, Reifegrad
from tests.factories.kb import HandlungsfeldFactory
from tests.factories.network import OzgLeistungFactory
from tests.factories.projects import ProjectPageFactory
from tests.projects import dashboard_data as expected

pytestmark = pytest.mark.django_db

PAGES = [
    "/koordination/",
    "/koordination/abdeckung/",
    "/koordination/abdeckung.xlsx",
    "/koordination/ozg/",
    "/koordination/ozg.xlsx",
    "/koordination/ueberschneidungen/",
    "/koordination/sachstandsbericht.pdf",
]


@pytest.fixture
def network(people, kreis, brakel, hoexter):
    return expected.generate([kreis, brakel, hoexter], seed=4)


def actions(project):
    """The dashboard's POST addresses, with the data a coordinator would send."""
    return [
        ("/koordination/ueberschneidungen/kontakt/", {"art": "ozg", "id": 1}),
        (f"/koordination/veraltet/{project.pk}/erinnern/", {}),
    ]


@pytest.fixture
def stale_project(hoexter, brakel):
    """Höxter's project, silent for 100 days; Brakel is only interested in it."""
    project = ProjectPageFactory(
        parent=hoexter, title="Verstaubt", partners=[(brakel, PartnerRole.INTERESTED)]
    )
    ProjectPage.objects.filter(pk=project.pk).update(
        last_confirmed_at=timezone.now() - timedelta(days=100)
    )
    return project


def test_visitors_are_sent_to_the_login(client, stale_project):
    login = reverse("account_login")
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == f"{login}?next={quote(path)}", path
    for path, data in actions(stale_project):
        response = client.post(path, data)
        assert response.status_code == 302, path
        assert response.url == f"{login}?next={quote(path)}", path
    assert not Notification.objects.exists()


def test_pending_accounts_are_sent_to_the_waiting_page(client, people, stale_project):
    client.force_login(people["pending"])
    for path in PAGES:
        assert client.get(path).url == reverse("my_account:pending"), path
    for path, data in actions(stale_project):
        assert client.post(path, data).url == reverse("my_account:pending"), path
    assert not Notification.objects.exists()


def test_members_are_refused_everywhere(client, people, stale_project):
    client.force_login(people["member"])
    for path in PAGES:
        assert client.get(path).status_code == 403, path
    for path, data in actions(stale_project):
        assert client.post(path, data).status_code == 403, path
    assert not Notification.objects.exists()


def test_editors_and_coordinators_reach_every_page(client, people):
    for role in ["editor_brakel", "coordinator"]:
        client.force_login(people[role])
        for path in PAGES:
            assert client.get(path).status_code == 200, (role, path)


# What an editor sees


def codes(text):
    """The project codes ("P007") in a text: the generated projects' titles start with them."""
    return set(re.findall(r"P\d{3}", text))


def own_codes(network, organisation):
    return {project["title"][:4] for project in expected.in_scope(network, organisation)}


def test_an_editor_sees_the_figures_of_the_own_organisation(client, people, network, brakel):
    client.force_login(people["editor_brakel"])
    response = client.get("/koordination/")
    text = BeautifulSoup(response.content, "html.parser").get_text(" ")
    wanted = expected.overview(network, brakel)

    assert response.context["scope"].organisation == brakel
    assert (
        response.context["tables"]["overview"].total == wanted["total"] < len(network.projects) / 2
    )
    assert f"{wanted['total']} Projekte; in diesem Monat" in text
    assert "Überblick für Brakel" in text
    assert "Die aktivsten Organisationen" not in text
    assert [p.pk for p in response.context["stale"]] == expected.stale(network, brakel)
    assert codes(text) <= own_codes(network, brakel)
    assert codes(text)


def test_an_editors_matrices_have_the_own_row_only(client, people, network, brakel):
    client.force_login(people["editor_brakel"])
    for path in ["/koordination/abdeckung/", "/koordination/ozg/"]:
        matrix = client.get(path).context["matrix"]
        assert matrix.rows == [brakel], path
    coverage = client.get("/koordination/abdeckung/").context["matrix"]
    assert {
        key: (cell.count, cell.furthest) for key, cell in coverage.cells.items()
    } == expected.coverage(network, brakel)
    for path in ["/koordination/abdeckung.xlsx", "/koordination/ozg.xlsx"]:
        book = openpyxl.load_workbook(io.BytesIO(client.get(path).content), read_only=True)
        titles = [row[0] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
        assert titles == ["Brakel"], path


def test_an_editors_report_is_about_the_own_organisation(client, people, network, brakel):
    client.force_login(people["editor_brakel"])
    response = client.get("/koordination/sachstandsbericht.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())

    assert "Sachstandsbericht Brakel" in text
    assert codes(text) == own_codes(network, brakel)
    own = client.get(f"/koordination/sachstandsbericht.pdf?kommune={brakel.slug}")
    assert own.status_code == 200


def test_an_editor_may_not_have_another_organisations_report(client, people, network, hoexter):
    client.force_login(people["editor_brakel"])

    response = client.get(f"/koordination/sachstandsbericht.pdf?kommune={hoexter.slug}")

    assert response.status_code == 403


def test_an_editor_sees_only_overlaps_of_the_own_organisation(client, people, network, brakel):
    client.force_login(people["editor_brakel"])
    response = client.get("/koordination/ueberschneidungen/")
    soup = BeautifulSoup(response.content, "html.parser")

    found = response.context["overlaps"]
    assert [(o.subject.pk, o.organisation_count) for o in found] == [
        (subject_id, count)
        for _kind, subject_id, count, _o, _p in expected.overlaps(network, brakel)
    ]
    assert found
    assert all(overlap.organisations[0] == brakel for overlap in found)
    assert not soup.select("form[action='/koordination/ueberschneidungen/kontakt/']")


# Reminders


def reminders():
    return Notification.objects.filter(kind=NotificationKind.REMINDER)


def test_the_one_click_reminder_reaches_the_stale_projects_editors(client, people, stale_project):
    client.force_login(people["coordinator"])
    page = client.get("/koordination/")
    assert stale_project in page.context["stale"]

    response = client.post(f"/koordination/veraltet/{stale_project.pk}/erinnern/")

    assert response.status_code == 302
    assert list(reminders().values_list("recipient__username", "actor__username")) == [
        ("hoexter", "koordination")
    ]
    assert reminders().get().subject_id == stale_project.pk


def test_an_editor_reminds_only_stale_projects_of_the_own_organisation(
    client, people, stale_project, brakel
):
    fresh = ProjectPageFactory(parent=brakel, title="Frisch")
    remind = f"/koordination/veraltet/{stale_project.pk}/erinnern/"
    client.force_login(people["editor_brakel"])

    # Brakel is only interested in Höxter's project: it is not Brakel's.
    assert client.post(remind).status_code == 404
    assert client.post(f"/koordination/veraltet/{fresh.pk}/erinnern/").status_code == 404
    assert client.post(f"/koordination/veraltet/{'9' * 30}/erinnern/").status_code == 404
    assert not reminders().exists()
    ProjectPartner.objects.filter(project=stale_project, organisation=brakel).update(
        role=PartnerRole.INVOLVED
    )
    assert client.post(remind).status_code == 302
    assert list(reminders().values_list("recipient__username", "actor__username")) == [
        ("hoexter", "brakel")
    ]


# Kontakt herstellen


@pytest.fixture
def overlap(brakel, hoexter, kreis):
    """Brakel and Höxter each put the Baugenehmigung online, alone; the Kreis helps Brakel
    with something else."""
    leistung = OzgLeistungFactory(name="Baugenehmigung")
    field = HandlungsfeldFactory(name="Bauen")
    for lead in [brakel, hoexter]:
        ProjectPageFactory(
            parent=lead,
            title=f"Bauantrag {lead.title}",
            handlungsfeld=field,
            ozg=[(leistung, Reifegrad.FORM)],
        )
    ProjectPageFactory(parent=brakel, title="Breitband", partners=[(kreis, PartnerRole.INVOLVED)])
    return leistung


def test_only_coordinators_may_bring_organisations_together(
    client, people, overlap, brakel, hoexter
):
    data = {"art": "ozg", "id": overlap.pk, "organisation": [brakel.pk, hoexter.pk]}
    for role in ["editor_brakel", "member"]:
        client.force_login(people[role])
        assert client.post("/koordination/ueberschneidungen/kontakt/", data).status_code == 403
    assert not Introduction.objects.exists()
    assert not Notification.objects.exists()


def test_kontakt_herstellen_records_it_and_tells_both_organisations_editors(
    client, people, overlap, brakel, hoexter
):
    client.force_login(people["coordinator"])
    page = BeautifulSoup(client.get("/koordination/ueberschneidungen/").content, "html.parser")
    form = page.select_one("form[action='/koordination/ueberschneidungen/kontakt/']")
    data = {
        "art": form.select_one("[name=art]")["value"],
        "id": form.select_one("[name=id]")["value"],
        "organisation": [i["value"] for i in form.select("[name=organisation]")],
    }
    assert data == {
        "art": "ozg",
        "id": str(overlap.pk),
        "organisation": [str(brakel.pk), str(hoexter.pk)],
    }

    response = client.post("/koordination/ueberschneidungen/kontakt/", data)

    assert response.status_code == 302
    introduction = Introduction.objects.get()
    assert set(introduction.organisations.all()) == {brakel, hoexter}
    assert introduction.subject_id == overlap.pk
    assert introduction.introduced_by == people["coordinator"]
    assert sorted(Notification.objects.values_list("recipient__username", "actor__username")) == [
        ("brakel", "koordination"),
        ("hoexter", "koordination"),
    ]
    found = client.get("/koordination/ueberschneidungen/").context["overlaps"]
    assert [o.introduced for o in found if o.subject == overlap] == [introduction]


def test_kontakt_herstellen_needs_two_organisations(client, people, overlap, brakel, hoexter):
    client.force_login(people["coordinator"])
    url = "/koordination/ueberschneidungen/kontakt/"
    data = {"art": "ozg", "id": overlap.pk, "organisation": [brakel.pk]}

    assert client.post(url, data).status_code == 404
    # Values no form of ours sends are no subject and no organisation.
    for junk in ["", "abc", "9" * 30]:
        assert client.post(url, {**data, "organisation": [brakel.pk, junk]}).status_code == 404
        data_with_junk_subject = {**data, "id": junk, "organisation": [brakel.pk, hoexter.pk]}
        assert client.post(url, data_with_junk_subject).status_code == 404
    assert not Introduction.objects.exists()


def test_the_overlap_with_a_shared_project_is_no_overlap(people, overlap, brakel, hoexter):
    assert [o.subject for o in figures.overlaps(figures.Scope())][:1] == [overlap]
    project = ProjectPage.objects.get(title="Bauantrag Höxter")
    ProjectPartner.objects.create(project=project, organisation=brakel, role=PartnerRole.INVOLVED)

    assert overlap not in [o.subject for o in figures.overlaps(figures.Scope())]
