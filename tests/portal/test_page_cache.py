"""Visitors get pages from the page cache, and every change of content shows to them at once."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from network import page_cache
from network.bulk import PageAppender
from portal.models import SearchQuery
from projects.models import ProjectPage
from tests.factories.network import OzgLeistungFactory
from tests.factories.projects import ProjectPageFactory
from tests.projects.test_project_pages import project_form_data
from tests.projects.test_status_updates import post_update

# content_changed() as the site runs it; tests/conftest.py replaces it for every test.
CONTENT_CHANGED_ON_COMMIT = page_cache.content_changed


@pytest.fixture
def e_akte(brakel, hoexter):
    return ProjectPageFactory(parent=brakel, title="Einführung E-Akte")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def visit(client, url):
    """A visitor's request, asserting that it succeeded; the response with its text."""
    response = client.get(url)
    assert response.status_code == 200, url
    response.text = response.content.decode()
    return response


def cached(client, url):
    """Visit twice: the second answer must come from the cache, without the database."""
    visit(client, url)
    response = visit(client, url)
    assert response["X-Cache"] == "hit", url
    return response


@pytest.mark.parametrize(
    "url",
    ["/", "{project}", "/projekte/", "/kommunen/brakel/", "/projekte/feed/", "/api/v2/pages/"],
)
def test_a_visitor_gets_the_page_again_from_the_cache(
    client, e_akte, url, django_assert_num_queries
):
    url = url.format(project=e_akte.url)
    first = visit(client, url)
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = visit(client, url)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # Browsers ask again each time: a change must show at once.
    assert "no-cache" in second["Cache-Control"]
    assert "max-age" not in second["Cache-Control"]
    head = client.head(url)
    assert (head.status_code, head["X-Cache"]) == (200, "hit")


def test_an_edited_and_published_project_shows_at_once(client, people, e_akte):
    for url in (e_akte.url, "/projekte/", "/kommunen/brakel/"):
        cached(client, url)
    editor = signed_in(people["editor_brakel"])
    response = editor.post(
        f"/admin/pages/{e_akte.pk}/edit/", project_form_data("E-Akte für alle Ämter")
    )
    assert response.status_code == 302
    for url in (ProjectPage.objects.get(pk=e_akte.pk).url, "/projekte/", "/kommunen/brakel/"):
        response = visit(client, url)
        assert response["X-Cache"] == "miss"
        assert "E-Akte für alle Ämter" in response.text, url


def test_a_saved_draft_leaves_the_cache_alone(client, people, e_akte):
    """Wagtail saves drafts every few seconds while an editor types; visitors see none of it."""
    cached(client, e_akte.url)
    editor = signed_in(people["editor_brakel"])
    data = project_form_data("Entwurf, noch geheim")
    del data["action-publish"]
    assert editor.post(f"/admin/pages/{e_akte.pk}/edit/", data).status_code == 302
    assert ProjectPage.objects.get(pk=e_akte.pk).has_unpublished_changes
    response = visit(client, e_akte.url)
    assert response["X-Cache"] == "hit"
    assert "Entwurf, noch geheim" not in response.text


def test_a_status_update_shows_at_once(client, people, e_akte):
    for url in (e_akte.url, "/projekte/feed/"):
        cached(client, url)
    text = "Die Schulungen sind abgeschlossen."
    assert post_update(Client(), people["editor_brakel"], e_akte, text=text).status_code == 302
    for url in (e_akte.url, "/projekte/feed/"):
        assert text in visit(client, url).text, url


def test_noch_aktuell_shows_at_once(client, people, e_akte):
    # The project has had no news for four months (set up before any page is cached).
    long_ago = timezone.now() - timedelta(days=120)
    ProjectPage.objects.filter(pk=e_akte.pk).update(last_confirmed_at=long_ago)
    assert "seit über drei Monaten ohne Neuigkeit" in cached(client, e_akte.url).text
    editor = signed_in(people["editor_brakel"])
    assert editor.post(e_akte.url + e_akte.reverse_subpage("confirm")).status_code == 302
    assert "seit über drei Monaten ohne Neuigkeit" not in visit(client, e_akte.url).text


def test_a_deleted_project_is_gone_at_once(client, e_akte):
    assert "Einführung E-Akte" in cached(client, "/projekte/").text
    cached(client, e_akte.url)
    url = e_akte.url
    e_akte.delete()
    assert client.get(url).status_code == 404
    assert "Einführung E-Akte" not in visit(client, "/projekte/").text


def test_a_renamed_ozg_service_shows_at_once(client, brakel):
    leistung = OzgLeistungFactory(name="Baugenehmigung")
    project = ProjectPageFactory(parent=brakel, ozg=[(leistung, 2)])
    assert "Baugenehmigung" in cached(client, project.url).text
    leistung.name = "Digitale Baugenehmigung"
    leistung.save()
    assert "Digitale Baugenehmigung" in visit(client, project.url).text


def test_projects_written_in_bulk_show_at_once(client, brakel):
    """network.bulk writes rows without signals, and says so itself."""
    cached(client, "/projekte/")
    PageAppender(ProjectPage).append(
        [(brakel, {"title": "Massenhaft digital", "lead_organisation_id": brakel.pk})]
    )
    assert "Massenhaft digital" in visit(client, "/projekte/").text


def test_a_rebuilt_search_index_shows_at_once(client, e_akte):
    """Tag pages list the search index, which is not content of its own (network.page_cache)."""
    cached(client, "/")
    call_command("rebuild_search", verbosity=0)
    assert visit(client, "/")["X-Cache"] == "miss"


def test_signed_in_people_neither_get_nor_fill_cached_pages(client, people, e_akte):
    cached(client, e_akte.url)
    member = signed_in(people["member"])
    for _ in range(2):
        response = member.get(e_akte.url)
        assert "X-Cache" not in response
        # Made for the member: with what only signed-in people see.
        assert "Abmelden" in response.content.decode()
    assert member.get("/kommunen/brakel/").status_code == 200
    assert visit(client, "/kommunen/brakel/")["X-Cache"] == "miss"


def test_members_only_content_never_reaches_visitors_through_the_cache(
    client, people, contacts, hoexter
):
    member = signed_in(people["member"])
    url = hoexter.url
    assert "Maria Mitgliedsnah" in member.get(url).content.decode()
    response = visit(client, url)
    assert response["X-Cache"] == "miss"
    assert "Maria Mitgliedsnah" not in response.text
    assert "Maria Mitgliedsnah" not in cached(client, url).text
    # And the member still gets their own page, not the visitors' copy.
    assert "Maria Mitgliedsnah" in member.get(url).content.decode()


def test_a_message_for_one_visitor_is_not_shared(client, people):
    """Signing out leaves a message for the next page, in a cookie."""
    cached(client, "/")
    leaving = signed_in(people["member"])
    assert leaving.post("/konto/logout/").status_code == 302
    response = leaving.get("/")
    assert "X-Cache" not in response
    assert "abgemeldet" in response.content.decode()
    assert "abgemeldet" not in visit(client, "/").text
    assert "abgemeldet" not in visit(leaving, "/").text  # shown once


@pytest.mark.urls("tests.portal.page_cache_urls")
def test_a_page_with_a_form_is_not_shared(client):
    """The form's CSRF token belongs to one visitor, and renews their cookie on every page."""
    first = visit(client, "/formular/")
    assert "csrftoken" in first.cookies
    for visitor in (client, Client()):
        response = visit(visitor, "/formular/")
        assert response["X-Cache"] == "miss"
        assert "csrftoken" in response.cookies


def test_searching_and_signing_in_leave_the_cache_alone(client, people, e_akte):
    cached(client, "/")
    for query in ("E-Akte", "Fahrradwege"):
        assert visit(client, f"/suche/?q={query}").get("X-Cache") is None
    signing_in = Client().post(
        "/konto/login/", {"login": people["member"].username, "password": "demo-passwort"}
    )
    assert signing_in.status_code == 302
    assert visit(client, "/")["X-Cache"] == "hit"


def test_every_search_is_still_counted(client, e_akte):
    for _ in range(2):
        visit(client, "/suche/?q=Akte")
    assert SearchQuery.objects.get(query="akte").count == 2


def test_a_change_shows_once_committed_with_one_new_generation_per_transaction(
    client, e_akte, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(page_cache, "content_changed", CONTENT_CHANGED_ON_COMMIT)
    cached(client, e_akte.url)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        e_akte.title = "E-Akte, umbenannt"
        e_akte.save_revision().publish()
        # Not committed yet: others still read the old title, and may store it.
        assert visit(client, e_akte.url)["X-Cache"] == "hit"
    assert callbacks.count(page_cache.new_generation) == 1
    assert "E-Akte, umbenannt" in visit(client, e_akte.url).text


def test_the_page_cache_can_be_switched_off(client, settings, e_akte):
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(2):
        assert "X-Cache" not in visit(client, e_akte.url)
