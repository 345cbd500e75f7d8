"""Who reaches which page: every URL of the people and membership feature, plus the admin."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text

ROLES = ["visitor", "pending", "member", "editor_brakel", "editor_hoexter", "coordinator"]

# What each role gets, in the order of ROLES: a status code, or where a redirect leads.
# "login": the login page; "wait": the page explaining a pending approval; "home": the start
# page; "dashboard": Wagtail's dashboard, where Wagtail sends everyone it refuses a snippet.
# A 404 hides what a role may not know exists.
L, W, H, D = "login", "wait", "home", "dashboard"
MATRIX = {
    "/netzwerk/personen/": [200, 200, 200, 200, 200, 200],
    "/netzwerk/personen/{public}/vcard/": [200, 200, 200, 200, 200, 200],
    "/netzwerk/personen/{members}/vcard/": [404, 404, 200, 200, 200, 200],
    "/netzwerk/personen/{hidden}/vcard/": [404, 404, 404, 404, 404, 404],
    "/netzwerk/personen/{unrecorded}/vcard/": [404, 404, 404, 404, 404, 404],
    "/kommunen/brakel/": [200, 200, 200, 200, 200, 200],
    "/konto/freischaltung/": [L, 200, H, H, H, H],
    "/konto/profil/": [L, W, 200, 200, 200, 200],
    "/konto/meine-daten/": [L, 200, 200, 200, 200, 200],
    "/konto/meine-daten/export.json": [L, 200, 200, 200, 200, 200],
    "/konto/meine-daten/loeschen/": [405, 405, 405, 405, 405, 405],
    "/netzwerk/freischaltungen/": [L, W, 403, 403, 403, 200],
    "/netzwerk/freischaltungen/{pending_user}/": [405, 405, 405, 405, 405, 405],
    "/netzwerk/einladungen/": [L, W, 403, 200, 200, 200],
    "/netzwerk/mitglieder/": [L, W, 403, 403, 403, 200],
    "/netzwerk/mitglieder/{member_user}/rollen/": [405, 405, 405, 405, 405, 405],
    "/admin/": [L, L, L, 200, 200, 200],
    "/admin/pages/{brakel_page}/edit/": [L, L, L, 200, 403, 200],
    "/admin/pages/{hoexter_page}/edit/": [L, L, L, 403, 200, 200],
    "/admin/pages/{hoexter_page}/history/": [L, L, L, 403, 200, 200],
    "/admin/pages/{brakel_page}/delete/": [L, L, L, 403, 403, 200],
    "/admin/pages/{brakel_page}/unpublish/": [L, L, L, 403, 403, 200],
    "/admin/pages/{brakel_page}/move/": [L, L, L, 403, 403, 200],
    "/admin/pages/{brakel_page}/privacy/": [L, L, L, 403, 403, 200],
    "/admin/snippets/network/contactperson/": [L, L, L, D, D, 200],
    "/admin/snippets/network/contactperson/edit/{public}/": [L, L, L, D, D, 200],
    "/admin/projekte/import/": [L, L, L, 403, 403, 200],
}
REDIRECTS = {
    L: "/konto/login/",
    W: "/konto/freischaltung/",
    H: "/",
    D: "/admin/",
}


def outcome(response):
    if response.status_code != 302:
        return response.status_code
    location = response["Location"].split("?")[0]
    return next((name for name, path in REDIRECTS.items() if location == path), location)


@pytest.mark.parametrize("url", MATRIX)
def test_access_matrix(client, people, contacts, brakel, hoexter, url):
    keys = {name: contact.pk for name, contact in contacts.items()}
    path = url.format(
        brakel_page=brakel.pk,
        hoexter_page=hoexter.pk,
        pending_user=people["pending"].pk,
        member_user=people["member"].pk,
        **keys,
    )
    actual = {}
    for role in ROLES:
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        actual[role] = outcome(client.get(path))
    assert actual == dict(zip(ROLES, MATRIX[url], strict=True))


@pytest.mark.parametrize("action", ["unpublish", "delete"])
def test_editor_cannot_remove_their_organisation_page_by_bulk_action(
    client, people, brakel, action
):
    client.force_login(people["editor_brakel"])
    client.post(f"/admin/bulk/wagtailcore/page/{action}/?id={brakel.pk}", {})
    brakel.refresh_from_db()
    assert brakel.live


def test_coordinator_can_unpublish_an_organisation_page_by_bulk_action(client, people, brakel):
    client.force_login(people["coordinator"])
    client.post(f"/admin/bulk/wagtailcore/page/unpublish/?id={brakel.pk}", {})
    brakel.refresh_from_db()
    assert not brakel.live


def edit_form(page, title):
    return nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "kind": page.kind,
            "official_name": page.official_name,
            "ags": page.ags,
            "description": rich_text("<p>Neu beschrieben.</p>"),
            "action-publish": "publish",
        }
    )


def test_editor_saves_their_organisation_page_but_not_another(client, people, brakel, hoexter):
    client.force_login(people["editor_brakel"])

    own = client.post(f"/admin/pages/{brakel.pk}/edit/", edit_form(brakel, "Brakel (neu)"))
    other = client.post(f"/admin/pages/{hoexter.pk}/edit/", edit_form(hoexter, "Gekapert"))

    assert own.status_code == 302
    brakel.refresh_from_db()
    assert brakel.title == "Brakel (neu)"
    assert brakel.live
    assert other.status_code == 403
    hoexter.refresh_from_db()
    assert hoexter.title == "Höxter"
