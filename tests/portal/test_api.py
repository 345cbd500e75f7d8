"""The open-data API at /api/v2/: public pages with documented fields, and nothing else.

Each thing the API must never serve carries a token of its own; whatever is asked, by a visitor
or a logged-in member, no token appears in any answer.
"""

import base64
import datetime
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from kb.models import FundingLevel, FundingStatus, Reuse, today
from network import permissions
from network.models import OrganisationKind, Visibility
from portal.api import OPEN_DATA_MODELS, documented_fields, open_pages, type_name
from projects.models import PartnerRole, ProjectStatus, Reifegrad
from tests.factories.kb import (
    BestPracticePageFactory,
    FundingCallPageFactory,
    HandlungsfeldFactory,
)
from tests.factories.network import OrganisationPageFactory, OzgLeistungFactory
from tests.factories.projects import ProjectPageFactory, StatusUpdateFactory

# Where each token was planted; none may reach the API.
TOKENS = {
    "members_title": "Quastenflosser",
    "members_summary": "Pfeilschwanzkrebs",
    "members_update": "Schnabeltierbericht",
    "members_tag": "Nacktmullschlagwort",
    "draft_title": "Erdferkelentwurf",
    "draft_summary": "Gürteltierkurzfassung",
    "unpublished_call": "Okapiförderung",
    "unpublished_organisation": "Tapirhausen",
    "private_organisation": "Kiwiburg",
    "private_project": "Kakapoprojekt",
    "group_restricted_practice": "Beutelwolfpraxis",
    "hidden_contact": "Hanna Verborgen",
    "hidden_contact_email": "hanna@brakel.example",
    "members_contact": "Maria Mitgliedsnah",
}


@pytest.fixture
def network(kreis, brakel, hoexter, contacts, people):
    """Public pages of every type, and next to them everything the API must keep back."""
    topic = HandlungsfeldFactory(name="Verwaltung digital", slug="verwaltung-digital")
    building = OzgLeistungFactory(ozg_id="99001", name="Baugenehmigung")
    parking = OzgLeistungFactory(ozg_id="99002", name="Bewohnerparkausweis")
    brakel.official_name = "Brakel, Stadt"
    brakel.ars = "057620016016"
    brakel.latitude = Decimal("51.716500")
    brakel.longitude = Decimal("9.186300")
    brakel.website = "https://www.brakel.de"
    brakel.population = 16163
    brakel.save_revision().publish()

    call = FundingCallPageFactory(
        title="Digitale Kommune NRW 2025",
        programme="Digitale Kommune",
        level=FundingLevel.LAND,
        deadlines=[20, 120],
        handlungsfelder=[topic],
    )
    unpublished_call = FundingCallPageFactory(title=TOKENS["unpublished_call"])
    unpublished_call.unpublish()
    unpublished_organisation = OrganisationPageFactory(title=TOKENS["unpublished_organisation"])
    unpublished_organisation.unpublish()

    project = ProjectPageFactory(
        parent=brakel,
        title="Einführung E-Akte",
        summary="Die Verwaltung arbeitet papierlos.",
        status=ProjectStatus.IN_PROGRESS,
        progress=40,
        start_date="2024-03-01",
        end_date="2026-06-30",
        handlungsfeld=topic,
        reusable=True,
        product="enaio",
        vendor="OPTIMAL SYSTEMS",
        repository_url="https://gitlab.opencode.de/brakel/e-akte",
        budget=Decimal("120000.00"),
        partners=[
            (hoexter, PartnerRole.INVOLVED),
            (unpublished_organisation, PartnerRole.INTERESTED),
        ],
        ozg=[(building, Reifegrad.FORM), (parking, Reifegrad.ONCE_ONLY)],
        tags=["E-Akte", "DMS"],
    )
    project.funding.create(funding_call=call, amount=Decimal("90000"), year=2025)
    project.funding.create(funding_call=unpublished_call, amount=Decimal("5000.5"), year=2026)
    project.contact_people.set([contacts["public"], contacts["hidden"], contacts["members"]])
    project.save_revision().publish()
    # A draft on top of the published project: the API serves what is published.
    project.title = TOKENS["draft_title"]
    project.summary = TOKENS["draft_summary"]
    project.save_revision()

    members_only = ProjectPageFactory(
        parent=hoexter,
        title=f"{TOKENS['members_title']} Rechenzentrum",
        summary=f"Vertraulich: {TOKENS['members_summary']}",
        visibility=Visibility.MEMBERS,
        handlungsfeld=topic,
        tags=[TOKENS["members_tag"]],
        ozg=[(building, Reifegrad.ONLINE)],
    )
    members_only.funding.create(funding_call=call, amount=Decimal("1000"), year=2025)
    members_only.save_revision().publish()
    StatusUpdateFactory(project=members_only, text=f"{TOKENS['members_update']}: bestanden")

    private_organisation = OrganisationPageFactory(title=TOKENS["private_organisation"])
    PageViewRestriction.objects.create(
        page=private_organisation, restriction_type=PageViewRestriction.LOGIN
    )
    private_project = ProjectPageFactory(
        parent=private_organisation, title=TOKENS["private_project"], handlungsfeld=topic
    )

    practice = BestPracticePageFactory(
        title="Digitalisierungsbeauftragte in Teilzeit",
        summary="Wie eine kleine Stadt die Stelle besetzt hat.",
        handlungsfeld=topic,
        organisations=[brakel, unpublished_organisation],
    )
    practice.ozg_leistungen.set([building])
    practice.contact_people.set([contacts["hidden"]])
    practice.save_revision().publish()
    Reuse.objects.create(best_practice=practice, organisation=hoexter, since="2025-01-15")
    Reuse.objects.create(best_practice=practice, organisation=unpublished_organisation)
    restricted_practice = BestPracticePageFactory(title=TOKENS["group_restricted_practice"])
    restriction = PageViewRestriction.objects.create(
        page=restricted_practice, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=permissions.MEMBERS)])

    return {
        "project": project,
        "members_only": members_only,
        "private_organisation": private_organisation,
        "private_project": private_project,
        "unpublished_call": unpublished_call,
        "unpublished_organisation": unpublished_organisation,
        "restricted_practice": restricted_practice,
        "practice": practice,
        "call": call,
        "topic": topic,
    }


def get_json(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def items(client, query=""):
    return get_json(client, f"/api/v2/pages/?limit=100&{query}")["items"]


def by_title(client, query):
    return {item["title"]: item for item in items(client, query)}


def probing_urls(network, kreis, brakel):
    """Every way of asking we offer, at everything hidden and everything around it."""
    hidden = [
        network["members_only"],
        network["private_organisation"],
        network["private_project"],
        network["unpublished_call"],
        network["unpublished_organisation"],
        network["restricted_practice"],
    ]
    public = [network["project"], network["practice"], network["call"], brakel, kreis]
    urls = ["/api/v2/", "/api/v2/pages/?limit=100", "/api/v2/pages/?limit=100&fields=*"]
    for model in OPEN_DATA_MODELS:
        urls.append(f"/api/v2/pages/?limit=100&type={type_name(model)}&fields=*")
        urls.append(f"/api/v2/pages/?limit=100&type={type_name(model)}&fields=_,id,title")
    for token in TOKENS.values():
        urls.append(f"/api/v2/pages/?limit=100&search={token}")
        urls.append(f"/api/v2/pages/?limit=100&type=projects.ProjectPage&search={token}")
        urls.append(f"/api/v2/pages/?limit=100&type=projects.ProjectPage&tags={token}")
    for page in [*public, *hidden]:
        urls.append(f"/api/v2/pages/{page.pk}/")
        urls.append(f"/api/v2/pages/{page.pk}/?fields=*")
        urls.append(f"/api/v2/pages/?limit=100&fields=*&child_of={page.pk}")
        urls.append(f"/api/v2/pages/?limit=100&fields=*&descendant_of={page.pk}")
        urls.append(f"/api/v2/pages/?limit=100&fields=*&ancestor_of={page.pk}")
        urls.append(f"/api/v2/pages/find/?id={page.pk}")
        urls.append(f"/api/v2/pages/find/?html_path={page.url}")
    urls += [
        "/api/v2/pages/?limit=100&fields=*&child_of=root",
        "/api/v2/pages/?limit=100&fields=*&descendant_of=root",
        f"/api/v2/pages/?limit=100&type=projects.ProjectPage&fields=*"
        f"&lead_organisation={network['private_organisation'].pk}",
        "/api/v2/pages/?limit=100&type=projects.ProjectPage&fields=*&visibility=members",
        "/api/v2/pages/?limit=100&type=projects.ProjectPage&fields=*&order=-title",
    ]
    return urls


def assert_no_token(response, url):
    content = response.content.decode()
    if response.status_code in (301, 302):
        content += response["Location"]
    leaked = [token for token in TOKENS.values() if token in content]
    assert not leaked, (url, leaked)
    assert response.status_code != 500, url


@pytest.mark.parametrize("who", ["visitor", "member", "coordinator"])
def test_nothing_hidden_reaches_the_api_whoever_asks(client, network, kreis, brakel, people, who):
    if people[who] is not None:
        client.force_login(people[who])
    # Members see these on the site: the tokens are there to be found, just not in the API.
    page = client.get(network["members_only"].url)
    assert (TOKENS["members_title"] in page.content.decode()) is (who != "visitor")
    for url in probing_urls(network, kreis, brakel):
        response = client.get(url, follow=True)
        assert_no_token(response, url)


def test_a_password_sent_along_changes_nothing(client, network, kreis, brakel, people):
    """The API takes no login: HTTP Basic is neither checked (no password guessing here) nor
    a way in."""
    for password in ["demo-passwort", "falsch"]:
        credentials = base64.b64encode(f"mitglied:{password}".encode()).decode()
        response = client.get(
            "/api/v2/pages/?limit=100&fields=*", headers={"Authorization": f"Basic {credentials}"}
        )
        assert response.status_code == 200
        assert_no_token(response, password)


def test_hidden_pages_are_not_found_like_pages_that_never_were(client, network):
    missing = 999_999
    for page in ["members_only", "private_project", "unpublished_call", "restricted_practice"]:
        pk = network[page].pk
        assert client.get(f"/api/v2/pages/{pk}/").status_code == 404
        assert client.get(f"/api/v2/pages/find/?id={pk}").status_code == 404
        # As a filter, a hidden page answers exactly as a page that does not exist.
        hidden = get_json(client, f"/api/v2/pages/?child_of={pk}", status=400)
        assert hidden == get_json(client, f"/api/v2/pages/?child_of={missing}", status=400)
    assert client.get(f"/api/v2/pages/{missing}/").status_code == 404


def test_the_open_set_is_decided_in_one_place(network, brakel, hoexter, kreis):
    from wagtail.models import Site

    served = set(open_pages(Site.objects.get()).values_list("pk", flat=True))
    assert network["project"].pk in served
    assert {brakel.pk, hoexter.pk, kreis.pk, network["practice"].pk, network["call"].pk} <= served
    for hidden in [
        "members_only",
        "private_organisation",
        "private_project",
        "unpublished_call",
        "unpublished_organisation",
        "restricted_practice",
    ]:
        assert network[hidden].pk not in served, hidden


def test_the_listing_holds_the_four_types_and_filters_by_type(client, network):
    listed = items(client)
    assert {item["meta"]["type"] for item in listed} == {
        "projects.ProjectPage",
        "network.OrganisationPage",
        "kb.BestPracticePage",
        "kb.FundingCallPage",
    }
    projects = items(client, "type=projects.ProjectPage")
    assert [item["title"] for item in projects] == ["Einführung E-Akte"]
    assert get_json(client, "/api/v2/pages/?type=projects.ProjectPage")["meta"]["total_count"] == 1
    assert items(client, "type=portal.HomePage") == []
    assert items(client, "type=network.OrganisationIndexPage") == []
    get_json(client, "/api/v2/pages/?type=network.User", status=400)


def test_a_project_with_every_documented_field(client, network, brakel, hoexter):
    project = network["project"]
    data = get_json(client, f"/api/v2/pages/{project.pk}/")
    assert data["title"] == "Einführung E-Akte"
    assert data["meta"]["type"] == "projects.ProjectPage"
    assert data["meta"]["html_url"].endswith("/kommunen/brakel/einfuhrung-e-akte/")
    assert data["meta"]["parent"]["id"] == brakel.pk
    assert data["summary"] == "Die Verwaltung arbeitet papierlos."
    assert (data["status"], data["status_label"], data["progress"]) == (
        "in_umsetzung",
        "in Umsetzung",
        40,
    )
    assert (data["start_date"], data["end_date"]) == ("2024-03-01", "2026-06-30")
    assert data["handlungsfeld"] == {
        "id": network["topic"].pk,
        "name": "Verwaltung digital",
        "slug": "verwaltung-digital",
    }
    assert data["lead_organisation"]["id"] == brakel.pk
    assert data["lead_organisation"]["title"] == "Brakel"
    assert data["lead_organisation"]["meta"]["detail_url"].endswith(f"/api/v2/pages/{brakel.pk}/")
    # The unpublished organisation that is interested is left out.
    assert sorted(
        (partner["organisation"]["title"], partner["role"], partner["role_label"])
        for partner in data["partners"]
    ) == [("Brakel", "federfuehrend", "federführend"), ("Höxter", "beteiligt", "beteiligt")]
    assert data["ozg_leistungen"] == [
        {
            "ozg_id": "99001",
            "name": "Baugenehmigung",
            "reifegrad": 2,
            "reifegrad_label": "2 – Formular online",
        },
        {
            "ozg_id": "99002",
            "name": "Bewohnerparkausweis",
            "reifegrad": 4,
            "reifegrad_label": "4 – vollständig digital (Once Only)",
        },
    ]
    assert data["reusable"] is True
    assert (data["product"], data["vendor"]) == ("enaio", "OPTIMAL SYSTEMS")
    assert data["repository_url"] == "https://gitlab.opencode.de/brakel/e-akte"
    assert data["budget"] == "120000.00"
    funding = sorted(data["funding"], key=lambda entry: entry["year"])
    assert funding[0]["funding_call"]["title"] == "Digitale Kommune NRW 2025"
    assert (funding[0]["amount"], funding[0]["year"]) == ("90000.00", 2025)
    # The money stays public; the unpublished call it came from does not.
    assert funding[1] == {"funding_call": None, "amount": "5000.50", "year": 2026}
    assert data["tags"] == ["DMS", "E-Akte"]
    confirmed = datetime.datetime.fromisoformat(data["last_confirmed_at"])
    assert abs(confirmed - project.last_confirmed_at) < datetime.timedelta(seconds=1)
    for private in ["visibility", "contact_people", "import_key", "stale_reminder_sent_at"]:
        assert private not in data


def test_an_organisation_with_its_master_data(client, network, brakel, kreis):
    data = get_json(client, f"/api/v2/pages/{brakel.pk}/")
    assert (data["kind"], data["kind_label"]) == (OrganisationKind.STADT.value, "Stadt")
    assert data["official_name"] == "Brakel, Stadt"
    assert (data["ags"], data["ars"]) == ("05762016", "057620016016")
    assert data["population"] == 16163
    assert (data["latitude"], data["longitude"]) == ("51.716500", "9.186300")
    assert data["website"] == "https://www.brakel.de"
    assert data["parent_kreis"]["id"] == kreis.pk
    assert data["parent_kreis"]["title"] == "Kreis Höxter"
    assert "editors_group" not in data
    assert get_json(client, f"/api/v2/pages/{kreis.pk}/")["parent_kreis"] is None


def test_a_best_practice_with_who_did_it_and_who_reuses_it(client, network, brakel, hoexter):
    data = get_json(client, f"/api/v2/pages/{network['practice'].pk}/")
    assert [org["title"] for org in data["organisations"]] == ["Brakel"]
    assert data["handlungsfeld"]["name"] == "Verwaltung digital"
    assert data["ozg_leistungen"] == [{"ozg_id": "99001", "name": "Baugenehmigung"}]
    assert data["situation"] == "<p>Vorher war alles auf Papier.</p>"
    assert data["suits_label"] == "unter 5.000 Einwohner bis 100.000 Einwohner und mehr"
    assert [(reuse["organisation"]["title"], reuse["since"]) for reuse in data["reuses"]] == [
        ("Höxter", "2025-01-15")
    ]
    assert "contact_people" not in data


def test_a_funding_call_with_its_deadlines_and_status(client, network):
    data = get_json(client, f"/api/v2/pages/{network['call'].pk}/")
    assert data["programme"] == "Digitale Kommune"
    assert (data["level"], data["level_label"]) == ("land", "Land")
    assert data["deadlines"] == [
        {"label": "antrag", "name": "Antrag", "date": str(today() + datetime.timedelta(days=d))}
        for d in (20, 120)
    ]
    assert data["next_deadline"] == str(today() + datetime.timedelta(days=20))
    assert (data["status"], data["status_label"]) == (FundingStatus.CLOSING_SOON, "endet bald")
    assert data["applicant_groups"] == ["Kommune"]
    assert data["handlungsfelder"] == [
        {"id": network["topic"].pk, "name": "Verwaltung digital", "slug": "verwaltung-digital"}
    ]
    assert (data["funding_rate"], data["max_amount"]) == ("80.00", "250000.00")


@pytest.mark.parametrize("model", OPEN_DATA_MODELS, ids=type_name)
def test_every_field_is_documented_and_served(client, network, model):
    index = get_json(client, "/api/v2/")
    documented = index["types"][type_name(model)]["fields"]
    assert documented == {name: str(text) for name, text in documented_fields(model).items()}
    assert all(text.strip() for text in documented.values())
    served = items(client, f"type={type_name(model)}&fields=*")
    assert served
    for item in served:
        assert set(documented) <= set(item), set(documented) - set(item)
        assert set(item) - set(documented) <= {"id", "meta", "title"}


def test_the_index_points_at_the_endpoint_and_the_register(client, network):
    index = get_json(client, "/api/v2/")
    assert index["endpoints"]["pages"].endswith("/api/v2/pages/")
    assert index["register_csv"].endswith("/projekte/export.csv")
    assert "type" in index["query_parameters"]


def test_filters_search_and_tree(client, network, brakel, hoexter):
    assert list(by_title(client, "type=projects.ProjectPage&status=in_umsetzung")) == [
        "Einführung E-Akte"
    ]
    assert by_title(client, "type=projects.ProjectPage&status=idee") == {}
    assert list(by_title(client, "type=projects.ProjectPage&tags=DMS")) == ["Einführung E-Akte"]
    assert list(by_title(client, "search=E-Akte")) == ["Einführung E-Akte"]
    # Quotes and blanks, which Wagtail's SQLite search cannot take (portal.search.wagtail_backend).
    assert list(by_title(client, 'search=E-Akte"')) == ["Einführung E-Akte"]
    assert list(by_title(client, 'search="E-Akte')) == ["Einführung E-Akte"]
    assert by_title(client, 'search="') == by_title(client, "search=%20%20") == {}
    assert list(by_title(client, f"child_of={brakel.pk}")) == ["Einführung E-Akte"]
    # Höxter's only project is for members.
    assert by_title(client, f"descendant_of={hoexter.pk}") == {}
    organisations = by_title(client, "type=network.OrganisationPage&order=title")
    assert list(organisations) == ["Brakel", "Höxter", "Kreis Höxter"]


@pytest.mark.parametrize(
    "query",
    [
        "type=projects.ProjectPage&start_date=kaputt",
        "type=projects.ProjectPage&budget=viel",
        "type=projects.ProjectPage&progress=halb",
        "type=projects.ProjectPage&partners=1",
        "type=projects.ProjectPage&visibility=public",
        "type=projects.ProjectPage&order=tags",
        "type=projects.ProjectPage&order=partners",
        "type=kb.BestPracticePage&organisations=x",
        "fields=contact_people",
        "type=projects.ProjectPage&fields=contact_people",
        "type=projects.ProjectPage&fields=draft_title",
        "site=1",
        "limit=101",
        f"type=projects.ProjectPage&lead_organisation={'9' * 30}",
        f"type=network.OrganisationPage&parent_kreis={'9' * 30}",
        f"offset={'9' * 30}",
    ],
)
def test_bad_queries_are_answered_with_400(client, network, query):
    data = get_json(client, f"/api/v2/pages/?{query}", status=400)
    assert data["message"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("who", ["visitor", "coordinator"])
def test_the_api_only_reads(client, network, people, method, who):
    if people[who] is not None:
        client.force_login(people[who])
    project = network["project"]
    for url in ["/api/v2/pages/", f"/api/v2/pages/{project.pk}/", "/api/v2/"]:
        response = getattr(client, method)(
            url, data=json.dumps({"title": "Übernommen"}), content_type="application/json"
        )
        assert response.status_code == 405, (method, url)
    project.refresh_from_db()
    assert project.title == "Einführung E-Akte"


def test_no_images_or_documents_endpoints(client, db):
    assert client.get("/api/v2/images/").status_code == 404
    assert client.get("/api/v2/documents/").status_code == 404


@pytest.mark.parametrize("model", OPEN_DATA_MODELS, ids=type_name)
def test_a_longer_page_costs_no_more_queries(client, brakel, hoexter, model):
    """What the pages of a listing show comes with them, a query per relation; only
    references to pages not seen yet on the page cost one more query each."""
    topic = HandlungsfeldFactory()
    call = FundingCallPageFactory(handlungsfelder=[topic])
    building = OzgLeistungFactory()

    def add(number):
        for _ in range(number):
            project = ProjectPageFactory(
                parent=brakel,
                handlungsfeld=topic,
                partners=[(hoexter, PartnerRole.INVOLVED)],
                ozg=[(building, Reifegrad.FORM)],
                tags=["E-Akte"],
            )
            project.funding.create(funding_call=call, amount=1000, year=2025)
            practice = BestPracticePageFactory(handlungsfeld=topic, organisations=[brakel])
            practice.ozg_leistungen.set([building])
            practice.tags.add("E-Akte")
            practice.save_revision().publish()
            Reuse.objects.create(best_practice=practice, organisation=hoexter)
            FundingCallPageFactory(handlungsfelder=[topic])
            OrganisationPageFactory(parent_kreis=brakel.parent_kreis)

    def queries(limit):
        with CaptureQueriesContext(connection) as captured:
            url = f"/api/v2/pages/?type={type_name(model)}&fields=*&limit={limit}"
            listed = get_json(client, url)["items"]
        assert len(listed) == limit
        return len(captured)

    add(2)
    few = queries(2)
    add(8)
    assert queries(10) == few
