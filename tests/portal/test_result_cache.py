"""Counts, search results, similar projects and the dashboard's figures are computed once per
change of content (network.page_cache.remembered): the next request reads them, and any change
of content shows at once, to each audience only what it may see."""

import functools
import itertools

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client

from network import page_cache
from network.models import Visibility
from projects.models import ProjectStatus
from tests.factories.kb import BestPracticePageFactory
from tests.factories.network import ContactPersonFactory
from tests.factories.projects import ProjectPageFactory
from tests.projects.test_status_updates import post_update


@pytest.fixture
def e_akte(brakel):
    return ProjectPageFactory(parent=brakel, title="E-Akte", status=ProjectStatus.IN_PROGRESS)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def count_queries(client, url, django_assert_max_num_queries):
    """The queries of one request (at most 100, which no page needs)."""
    with django_assert_max_num_queries(100) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def option_labels(response, name):
    soup = BeautifulSoup(response.content, "html.parser")
    return [option.get_text() for option in soup.select(f"select[name={name}] option")]


def similar_titles(client, project):
    """The similar projects a project's page shows."""
    soup = BeautifulSoup(client.get(project.url).content, "html.parser")
    return [link.get_text() for link in soup.select("section[aria-labelledby=wer-noch] li a")]


def search_titles(client, query):
    response = client.get("/suche/", {"q": query})
    assert response.status_code == 200
    return [entry.title for entry in response.context.get("results", [])]


def test_a_result_is_computed_once_per_generation_and_key(db):
    computed = []

    def compute():
        computed.append(len(computed) + 1)
        return computed[-1]

    assert page_cache.remembered("test", ("a", 1), compute) == 1
    assert page_cache.remembered("test", ("a", 1), compute) == 1
    assert page_cache.remembered("test", ("a", 2), compute) == 2
    assert page_cache.remembered("other", ("a", 1), compute) == 3
    page_cache.new_generation()
    assert page_cache.remembered("test", ("a", 1), compute) == 4


def test_a_remembered_block_is_rendered_once_per_generation_key_and_audience(db, people, rf):
    block = Template(
        "{% load network_tags %}{% remembered 'test' key %}{{ rendering }}{% endremembered %}"
    )
    counter = itertools.count(1)

    def render(key, user=None):
        request = rf.get("/")
        request.user = user or AnonymousUser()
        rendering = functools.partial(next, counter)
        return block.render(Context({"request": request, "key": key, "rendering": rendering}))

    assert render(1) == "1"
    assert render(1) == "1"
    assert render(2) == "2"
    assert render(1, people["member"]) == "3"
    page_cache.new_generation()
    assert render(1) == "4"


def test_a_remembered_block_needs_a_name():
    with pytest.raises(TemplateSyntaxError, match="needs a name"):
        Template("{% load network_tags %}{% remembered %}x{% endremembered %}")


def test_without_seconds_results_are_always_computed(db, settings):
    settings.RESULT_CACHE_SECONDS = 0
    computed = []
    for _ in range(2):
        page_cache.remembered("test", "key", lambda: computed.append(1) or len(computed))
    assert len(computed) == 2


def test_the_register_counts_once_and_shows_a_status_update_at_once(
    people, e_akte, django_assert_max_num_queries
):
    member = signed_in(people["member"])
    first = count_queries(member, "/projekte/", django_assert_max_num_queries)
    assert count_queries(member, "/projekte/", django_assert_max_num_queries) < first
    assert "in Betrieb (0)" in option_labels(member.get("/projekte/"), "status")

    post_update(Client(), people["editor_brakel"], e_akte, status=ProjectStatus.IN_OPERATION)

    labels = option_labels(member.get("/projekte/"), "status")
    assert "in Betrieb (1)" in labels
    assert "in Umsetzung (0)" in labels
    filtered = member.get("/projekte/", {"status": ProjectStatus.IN_OPERATION})
    assert filtered.context_data["projects"].paginator.count == 1


def test_register_counts_of_members_never_reach_visitors(people, brakel):
    ProjectPageFactory(parent=brakel, title="Intern", visibility=Visibility.MEMBERS)
    ProjectPageFactory(parent=brakel, title="Offen")
    member = signed_in(people["member"])
    seen_by_member = member.get("/projekte/")
    assert seen_by_member.context_data["projects"].paginator.count == 2
    assert "Intern" in seen_by_member.content.decode()
    assert "geplant (2)" in option_labels(seen_by_member, "status")
    visitor = Client()
    seen_by_visitor = visitor.get("/projekte/")
    assert seen_by_visitor.context_data["projects"].paginator.count == 1
    # Neither the page's projects nor the rendered filters members got before.
    assert "Intern" not in seen_by_visitor.content.decode()
    assert "geplant (1)" in option_labels(seen_by_visitor, "status")


def test_search_finds_new_content_at_once_and_never_members_results_for_visitors(people, brakel):
    member = signed_in(people["member"])
    assert search_titles(member, "Zitteraal") == []
    ProjectPageFactory(parent=brakel, title="Zitteraal intern", visibility=Visibility.MEMBERS)
    assert search_titles(member, "Zitteraal") == ["Zitteraal intern"]
    assert search_titles(Client(), "Zitteraal") == []
    ProjectPageFactory(parent=brakel, title="Zitteraal offen")
    assert sorted(search_titles(member, "Zitteraal")) == ["Zitteraal intern", "Zitteraal offen"]
    assert search_titles(Client(), "Zitteraal") == ["Zitteraal offen"]


def test_similar_projects_follow_new_projects_at_once(people, brakel, hoexter):
    mine = ProjectPageFactory(parent=brakel, title="Zitteraal-Register Brakel")
    member = signed_in(people["member"])
    assert similar_titles(member, mine) == []
    ProjectPageFactory(parent=hoexter, title="Zitteraal-Register Höxter")
    assert similar_titles(member, mine) == ["Zitteraal-Register Höxter"]


def test_the_dashboard_counts_once_and_shows_a_new_project_at_once(
    people, e_akte, hoexter, django_assert_max_num_queries
):
    coordinator = signed_in(people["coordinator"])
    first = count_queries(coordinator, "/koordination/", django_assert_max_num_queries)
    assert count_queries(coordinator, "/koordination/", django_assert_max_num_queries) < first
    assert "1 Projekt;" in coordinator.get("/koordination/").content.decode()

    ProjectPageFactory(parent=hoexter, title="Geodatenportal Höxter")

    response = coordinator.get("/koordination/")
    assert response.context["tables"]["overview"].total == 2
    assert "2 Projekte;" in response.content.decode()


def test_similar_projects_members_saw_first_never_reach_visitors(people, brakel, hoexter):
    mine = ProjectPageFactory(parent=brakel, title="Zitteraal-Register Brakel")
    ProjectPageFactory(
        parent=hoexter, title="Zitteraal-Register Höxter", visibility=Visibility.MEMBERS
    )
    member = signed_in(people["member"])
    assert similar_titles(member, mine) == ["Zitteraal-Register Höxter"]
    assert similar_titles(Client(), mine) == []


def test_an_organisations_projects_follow_changes_and_never_reach_other_audiences(people, brakel):
    ProjectPageFactory(parent=brakel, title="Intern", visibility=Visibility.MEMBERS)
    member = signed_in(people["member"])
    assert "Intern" in member.get(brakel.url).content.decode()
    assert "Intern" not in Client().get(brakel.url).content.decode()

    ProjectPageFactory(parent=brakel, title="Neues Serviceportal")

    assert "Neues Serviceportal" in member.get(brakel.url).content.decode()
    assert "Neues Serviceportal" in Client().get(brakel.url).content.decode()


def test_an_organisations_contacts_follow_changes_and_never_reach_other_audiences(people, brakel):
    member, visitor = signed_in(people["member"]), Client()
    ContactPersonFactory(organisation=brakel, name="Erika Intern", consent=Visibility.MEMBERS)
    assert "Erika Intern" in member.get(brakel.url).content.decode()
    assert "Erika Intern" not in visitor.get(brakel.url).content.decode()

    ContactPersonFactory(organisation=brakel, name="Otto Offen")

    assert "Otto Offen" in member.get(brakel.url).content.decode()
    assert "Otto Offen" in visitor.get(brakel.url).content.decode()


def timeline(client, project):
    page = client.get(project.url).content.decode()
    return page.split('id="statusmeldungen"', 1)[1].split('id="wer-noch"', 1)[0]


def test_a_new_status_update_shows_at_once_with_its_author_for_members_only(people, e_akte):
    member, visitor = signed_in(people["member"]), Client()
    assert "Noch keine Statusmeldung" in timeline(member, e_akte)
    assert "Noch keine Statusmeldung" in timeline(visitor, e_akte)

    post_update(Client(), people["editor_brakel"], e_akte, status=ProjectStatus.IN_OPERATION)

    author = people["editor_brakel"].get_full_name()
    seen_by_member, seen_by_visitor = timeline(member, e_akte), timeline(visitor, e_akte)
    assert "Schulung abgeschlossen." in seen_by_member
    assert f"({author})" in seen_by_member
    assert "Schulung abgeschlossen." in seen_by_visitor
    assert author not in seen_by_visitor


@pytest.mark.parametrize(
    "page_factory",
    [
        lambda brakel: ProjectPageFactory(parent=brakel, title="E-Akte"),
        lambda brakel: BestPracticePageFactory(organisations=[brakel]),
    ],
    ids=["project", "best practice"],
)
def test_a_page_shows_an_edit_at_once_and_members_only_contacts_to_members_only(
    people, brakel, page_factory
):
    page = page_factory(brakel)
    member, visitor = signed_in(people["member"]), Client()
    assert "auch im Bauamt" not in member.get(page.url).content.decode()
    assert "auch im Bauamt" not in visitor.get(page.url).content.decode()

    page.summary = "Alle Akten digital, auch im Bauamt."
    page.contact_people.set(
        [ContactPersonFactory(organisation=brakel, name="Erika Intern", consent=Visibility.MEMBERS)]
    )
    page.save_revision().publish()

    seen_by_member = member.get(page.url).content.decode()
    seen_by_visitor = visitor.get(page.url).content.decode()
    assert "auch im Bauamt" in seen_by_member
    assert "auch im Bauamt" in seen_by_visitor
    assert "Erika Intern" in seen_by_member
    assert "Erika Intern" not in seen_by_visitor
