"""Project pages in the tree and the admin, the strategy page, and organisation pages."""

import pytest
from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from network.models import OrganisationPage
from projects.models import (
    PartnerRole,
    ProjectIndexPage,
    ProjectPage,
    ProjectStatus,
    StrategyMeasure,
    StrategyPage,
)
from projects.similar import similar_projects, similar_to
from projects.templatetags import project_tags
from tests.factories.network import ForumCategoryFactory, OzgLeistungFactory
from tests.factories.projects import ProjectPageFactory, StrategyMeasureFactory


def project_form_data(title, **fields):
    data = nested_form_data(
        {
            "title": title,
            "slug": "",
            "summary": "Akten digital führen, vom Posteingang bis zur Archivierung.",
            "status": ProjectStatus.PLANNED,
            "progress": "5",
            "description": streamfield([]),
            "partners": inline_formset([]),
            "ozg_leistungen": inline_formset([]),
            "funding": inline_formset([]),
            "attachments": inline_formset([]),
            "visibility": "public",
            "lessons_learned": rich_text(""),
            "action-publish": "publish",
            **fields,
        }
    )
    data["slug"] = "e-akte"
    return data


def add_url(parent):
    return f"/admin/pages/add/projects/projectpage/{parent.pk}/"


def test_projects_live_below_organisations_only():
    assert ProjectPage.parent_page_types == ["network.OrganisationPage"]
    assert "projects.ProjectPage" in OrganisationPage.subpage_types
    assert StrategyPage.parent_page_types == ["projects.ProjectIndexPage"]


def test_the_editor_of_brakel_creates_a_project_of_brakel(client, people, brakel, hoexter):
    client.force_login(people["editor_brakel"])
    data = project_form_data(
        "E-Akte Brakel",
        partners=inline_formset([{"organisation": hoexter.pk, "role": PartnerRole.INVOLVED}]),
    )
    response = client.post(add_url(brakel), data)
    assert response.status_code == 302, response.context["form"].errors
    project = ProjectPage.objects.get(slug="e-akte")
    assert project.live
    assert project.lead_organisation == brakel
    assert {(p.organisation.title, p.role) for p in project.partners.all()} == {
        ("Brakel", PartnerRole.LEAD),
        ("Höxter", PartnerRole.INVOLVED),
    }
    assert client.get(project.url).status_code == 200


def test_the_editor_of_brakel_gets_403_on_hoexters_pages(client, people, hoexter):
    client.force_login(people["editor_brakel"])
    assert client.get(add_url(hoexter)).status_code == 403
    assert client.post(add_url(hoexter), project_form_data("Fremd")).status_code == 403
    assert not ProjectPage.objects.exists()
    project = ProjectPageFactory(parent=hoexter)
    assert client.get(f"/admin/pages/{project.pk}/edit/").status_code == 403


def test_the_editor_of_brakel_updates_brakels_project(client, people, e_akte):
    client.force_login(people["editor_brakel"])
    assert client.get(f"/admin/pages/{e_akte.pk}/edit/").status_code == 200
    partners = [
        {"id": p.pk, "organisation": p.organisation_id, "role": p.role}
        for p in e_akte.partners.all()
    ]
    data = project_form_data(
        "Einführung E-Akte",
        status=ProjectStatus.IN_OPERATION,
        progress="100",
        partners=inline_formset(partners, initial=len(partners)),
    )
    response = client.post(f"/admin/pages/{e_akte.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    assert ProjectPage.objects.get(pk=e_akte.pk).status == ProjectStatus.IN_OPERATION


def test_the_lead_stays_a_partner_even_when_removed_in_the_form(e_akte, brakel):
    e_akte.partners = [p for p in e_akte.partners.all() if p.organisation_id != brakel.pk]
    e_akte.save()
    assert e_akte.partners.get(organisation=brakel).role == PartnerRole.LEAD


def test_the_end_may_not_come_before_the_start(brakel):
    project = ProjectPage(title="x", summary="y", start_date="2026-05-01", end_date="2026-04-01")
    with pytest.raises(Exception, match="nicht vor dem Beginn"):
        project.clean()


def test_similar_projects_come_from_other_organisations_best_match_first(
    people, brakel, hoexter, bad_driburg, leistung
):
    mine = ProjectPageFactory(parent=brakel, title="Digitaler Bauantrag", ozg=[(leistung, 2)])
    ProjectPageFactory(parent=brakel, title="Bauantrag intern", ozg=[(leistung, 1)])
    same_service = ProjectPageFactory(parent=hoexter, title="Online-Antrag", ozg=[(leistung, 3)])
    same_words = ProjectPageFactory(parent=bad_driburg, title="Bauantrag digital")
    ProjectPageFactory(parent=bad_driburg, title="WLAN an Schulen")
    found = similar_to(mine, people["member"])
    assert found[:2] == [same_service, same_words]
    assert all(project.lead_organisation != brakel for project in found)


def test_while_creating_the_admin_shows_similar_projects(client, people, brakel, hoexter):
    other = ProjectPageFactory(parent=hoexter, title="Ratsinformationssystem Höxter")
    client.force_login(people["editor_brakel"])
    assert "Wer macht das schon?" in client.get(add_url(brakel)).content.decode()
    response = client.get(
        "/admin/projekte/aehnlich/",
        {"titel": "Neues Ratsinformationssystem", "organisation": brakel.pk},
    )
    assert other.title in response.content.decode()
    assert client.get("/admin/projekte/aehnlich/", {"titel": "x"}).status_code == 200
    # The form's values as a script might send them: what is no id is left out.
    for junk in ["abc", "9" * 30, "-1"]:
        asked = {"titel": "Ratsinformationssystem", "organisation": junk, "projekt": junk}
        response = client.get("/admin/projekte/aehnlich/", {**asked, "ozg": [junk, "1"]})
        assert other.title in response.content.decode()
    client.logout()
    assert client.get("/admin/projekte/aehnlich/").status_code == 302


def test_similar_projects_fall_back_to_the_handlungsfeld(people, brakel, hoexter):
    neighbour = ProjectPageFactory(parent=hoexter, title="Etwas ganz anderes")
    found = similar_projects(
        people["member"],
        title="Neu",
        handlungsfeld_id=neighbour.handlungsfeld_id,
        organisation_id=brakel.pk,
    )
    assert found == [neighbour]


def test_the_strategy_shows_each_measure_with_its_projects_and_share(client, brakel, hoexter):
    index = ProjectIndexPage.objects.get()
    strategy = index.add_child(instance=StrategyPage(title="Digitalisierungsstrategie"))
    measure = StrategyMeasureFactory(code="1.1", title="Akten digital führen")
    empty = StrategyMeasureFactory(
        code="1.2", title="Open Data", handlungsfeld=measure.handlungsfeld
    )
    ProjectPageFactory(parent=brakel, title="E-Akte", status=ProjectStatus.IN_OPERATION,
                       measures=[measure])  # fmt: skip
    ProjectPageFactory(
        parent=hoexter, title="DMS", status=ProjectStatus.PLANNED, measures=[measure]
    )
    content = client.get(strategy.url).content.decode()
    assert "1.1 Akten digital führen" in content
    assert "1 von 2 Projekten umgesetzt oder in Umsetzung (50 %)" in content
    assert f"{empty.code} {empty.title}" in content
    assert "Noch kein Projekt setzt diese Maßnahme um." in content
    assert "50 % der Projekte in diesem Handlungsfeld" in content
    assert "Digitalisierungsstrategie" in client.get("/projekte/").content.decode()


def test_organisation_pages_show_projects_by_status_and_ozg_coverage(client, brakel, hoexter):
    leistung = OzgLeistungFactory(name="Wohngeld", ozg_id="99100")
    ProjectPageFactory(parent=brakel, title="Wohngeld online", status=ProjectStatus.IN_OPERATION,
                       ozg=[(leistung, 3)])  # fmt: skip
    ProjectPageFactory(parent=hoexter, title="Gemeinsames Portal", status=ProjectStatus.PLANNED,
                       partners=[(brakel, PartnerRole.INVOLVED)], ozg=[(leistung, 4)])  # fmt: skip
    ProjectPageFactory(parent=hoexter, title="Nur interessiert",
                       partners=[(brakel, PartnerRole.INTERESTED)])  # fmt: skip
    content = client.get(brakel.url).content.decode()
    assert "an 2 Projekten" in content
    assert "in Betrieb (1)" in content
    assert "geplant (1)" in content
    assert "federführend: Höxter" in content
    assert "Nur interessiert" not in content
    assert "Wohngeld" in content
    assert "4 – vollständig digital (Once Only)" in content


def test_a_busy_organisation_lists_the_first_projects_of_each_status_and_links_the_rest(
    client, brakel, monkeypatch
):
    monkeypatch.setattr(project_tags, "PROJECTS_SHOWN_PER_STATUS", 2)
    for title in ["Cilly", "Anton", "Berta"]:
        ProjectPageFactory(parent=brakel, title=title, status=ProjectStatus.PLANNED)
    ProjectPageFactory(parent=brakel, title="Dora", status=ProjectStatus.IDEA)
    content = client.get(brakel.url).content.decode()
    assert "an 4 Projekten" in content
    assert "geplant (3)" in content
    assert "Anton" in content and "Berta" in content and "Cilly" not in content
    assert (
        f'href="/projekte/?kommune={brakel.slug}&amp;status=geplant">'
        "Alle 3 Projekte „geplant“ im Projektregister</a>" in content
    )
    assert "Dora" in content
    assert "status=idee" not in content


def test_a_moved_project_is_led_by_its_new_organisation(people, e_akte, brakel, bad_driburg):
    e_akte.move(bad_driburg, pos="last-child", user=people["coordinator"])
    project = ProjectPage.objects.get(pk=e_akte.pk)
    assert project.lead_organisation == bad_driburg
    roles = {p.organisation.title: p.role for p in project.partners.all()}
    assert roles == {
        "Bad Driburg": PartnerRole.LEAD,
        "Brakel": PartnerRole.INVOLVED,
        "Höxter": PartnerRole.INVOLVED,
    }


def test_project_pages_belong_to_the_registers_section_of_the_menu(client, e_akte, brakel):
    current = '<a href="/projekte/" aria-current="page">'
    assert current in client.get(e_akte.url).content.decode()
    assert current not in client.get(brakel.url).content.decode()
    assert '<a href="/kommunen/" aria-current="page">' in client.get(brakel.url).content.decode()


def test_the_project_page_lists_the_lead_then_partners_then_the_interested(
    client, brakel, hoexter, bad_driburg, kreis
):
    project = ProjectPageFactory(
        parent=hoexter,
        partners=[
            (kreis, PartnerRole.INTERESTED),
            (brakel, PartnerRole.INVOLVED),
            (bad_driburg, PartnerRole.INVOLVED),
        ],
    )
    soup = BeautifulSoup(client.get(project.url).content, "html.parser")
    facts = {
        item.dt.get_text(): [entry.get_text() for entry in item.select("dd li")]
        for item in soup.select(".facts .kern-description-list-item")
    }
    assert facts["Beteiligte Organisationen"] == [
        "Höxter (federführend)",
        "Bad Driburg (beteiligt)",
        "Brakel (beteiligt)",
        "Kreis Höxter (interessiert)",
    ]


def test_the_tags_of_a_project_link_to_the_register_filtered_by_them(client, e_akte):
    page = client.get(e_akte.url).content.decode()
    assert 'href="/projekte/?tag=e-akte"' in page
    assert 'href="/projekte/?tag=dms"' in page


MEASURES = "/admin/snippets/projects/strategymeasure/"


def measure_form(handlungsfeld, **values):
    return {
        "code": "2.3",
        "title": "Digitale Ratsarbeit",
        "handlungsfeld": handlungsfeld.pk,
        "description": "Alle Gremien tagen mit dem Ratsinformationssystem.",
        "target_year": "2027",
        **values,
    }


def test_coordinators_add_and_edit_the_strategys_measures_in_the_admin(client, people):
    strategy = ProjectIndexPage.objects.get().add_child(
        instance=StrategyPage(title="Digitalisierungsstrategie")
    )
    existing = StrategyMeasureFactory(code="1.1", title="Akten digital führen")
    client.force_login(people["coordinator"])
    assert client.get(MEASURES).status_code == 200

    response = client.post(f"{MEASURES}add/", measure_form(existing.handlungsfeld))
    assert response.status_code == 302
    added = StrategyMeasure.objects.get(code="2.3")
    assert (added.title, added.target_year) == ("Digitale Ratsarbeit", 2027)

    response = client.post(
        f"{MEASURES}edit/{existing.pk}/",
        measure_form(existing.handlungsfeld, code="1.1", title="Akten überall digital führen"),
    )
    assert response.status_code == 302
    assert StrategyMeasure.objects.get(pk=existing.pk).title == "Akten überall digital führen"

    content = client.get(strategy.url).content.decode()
    assert "1.1 Akten überall digital führen" in content
    assert "2.3 Digitale Ratsarbeit" in content


@pytest.mark.parametrize(
    ("role", "sent_to"),
    [
        # Wagtail sends an editor it refuses a snippet to its dashboard (as in the access
        # matrix, tests/network/test_access_matrix.py); a member has no admin at all.
        ("editor_brakel", "/admin/"),
        ("member", "/konto/login/"),
    ],
)
def test_editors_and_members_cannot_add_or_edit_measures(client, people, role, sent_to):
    existing = StrategyMeasureFactory(code="1.1", title="Akten digital führen")
    client.force_login(people[role])
    for response in [
        client.get(MEASURES),
        client.get(f"{MEASURES}add/"),
        client.post(f"{MEASURES}add/", measure_form(existing.handlungsfeld)),
        client.get(f"{MEASURES}edit/{existing.pk}/"),
        client.post(
            f"{MEASURES}edit/{existing.pk}/",
            measure_form(existing.handlungsfeld, code="1.1", title="Übernommen"),
        ),
    ]:
        assert response.status_code == 302
        assert response["Location"].split("?")[0] == sent_to
    assert list(StrategyMeasure.objects.values_list("code", "title")) == [
        ("1.1", "Akten digital führen")
    ]


def test_members_can_start_a_forum_thread_about_a_project_and_visitors_cannot(
    client, people, e_akte
):
    category = ForumCategoryFactory(name="Dokumentenmanagement", slug="dms")
    start_form = 'action="/netzwerk/forum/neu/"'

    visitor_page = client.get(e_akte.url).content.decode()
    assert "Diskussion im Forum" not in visitor_page
    assert "Thema zu dieser Seite beginnen" not in visitor_page
    assert start_form not in visitor_page

    client.force_login(people["member"])
    member_page = client.get(e_akte.url).content.decode()
    assert "Thema zu dieser Seite beginnen" in member_page
    assert start_form in member_page
    assert f'<input type="hidden" name="seite_id" value="{e_akte.pk}">' in member_page
    # The form leads on to the thread form of the chosen category, about this project.
    response = client.get("/netzwerk/forum/neu/", {"seite_id": e_akte.pk, "kategorie": "dms"})
    assert (
        response["Location"]
        == f"/netzwerk/forum/kategorie/{category.slug}/neu/?seite_id={e_akte.pk}"
    )
    thread_form = client.get(response["Location"])
    assert thread_form.context["about_page"].pk == e_akte.pk
    assert "Das Thema bezieht sich auf die Seite „Einführung E-Akte“" in (
        thread_form.content.decode()
    )
