"""Status updates from the project page: who may post, what they change, who hears of it."""

from datetime import UTC, datetime

import pytest
from wagtail.models import Revision

from network.models import Notification, NotificationKind
from network.notifications import follow
from projects.models import PartnerRole, ProjectPage, ProjectStatus, StatusUpdate
from tests.factories.network import UserFactory
from tests.factories.projects import ProjectPageFactory

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


@pytest.fixture
def hoexter_project_with_brakel(brakel, hoexter):
    """Höxter leads, Brakel takes part."""
    return ProjectPageFactory(
        parent=hoexter, title="Gemeinsames Serviceportal", partners=[(brakel, PartnerRole.INVOLVED)]
    )


@pytest.fixture
def hoexter_project_brakel_interested(brakel, hoexter):
    """Höxter leads; Brakel only said "Wir wollen das auch"."""
    return ProjectPageFactory(
        parent=hoexter, title="Digitaler Bauantrag", partners=[(brakel, PartnerRole.INTERESTED)]
    )


def status_url(project):
    return project.url + project.reverse_subpage("status_update")


def confirm_url(project):
    return project.url + project.reverse_subpage("confirm")


def post_update(client, user, project, **data):
    client.force_login(user)
    return client.post(status_url(project), {"text": "Schulung abgeschlossen.", **data})


@pytest.mark.parametrize(
    ("role", "project_name", "allowed"),
    [
        ("editor_brakel", "e_akte", True),  # Brakel leads
        ("editor_hoexter", "e_akte", True),  # Höxter takes part
        ("member", "e_akte", True),  # a member of Höxter, which takes part
        ("coordinator", "e_akte", True),
        ("editor_brakel", "hoexter_project", False),
        ("editor_brakel", "hoexter_project_with_brakel", True),  # Brakel takes part
        ("editor_brakel", "hoexter_project_brakel_interested", False),  # interest only
        ("member", "hoexter_project", True),  # Höxter's own project
        ("pending", "e_akte", False),
    ],
)
def test_who_may_post_a_status_update(client, people, request, role, project_name, allowed):
    project = request.getfixturevalue(project_name)
    response = post_update(client, people[role], project, status=ProjectStatus.IN_OPERATION)
    if allowed:
        assert response.status_code == 302
        assert StatusUpdate.objects.filter(project=project, author=people[role]).exists()
    else:
        # Every role here is logged in: a refusal is a 403, not a way round to the login.
        assert response.status_code == 403
        assert not StatusUpdate.objects.filter(project=project).exists()
        assert ProjectPage.objects.get(pk=project.pk).status == project.status


def test_a_member_of_an_organisation_outside_the_project_gets_403(client, e_akte, bad_driburg):
    outsider = UserFactory(organisation=bad_driburg)
    response = post_update(client, outsider, e_akte)
    assert response.status_code == 403
    assert not StatusUpdate.objects.exists()


def test_interest_alone_gives_no_right_to_report(client, e_akte, bad_driburg):
    interested = UserFactory(organisation=bad_driburg)
    client.force_login(interested)
    client.post(e_akte.url + e_akte.reverse_subpage("interest"))
    assert post_update(client, interested, e_akte).status_code == 403


def test_visitors_are_sent_to_the_login(client, e_akte):
    response = client.post(status_url(e_akte), {"text": "Hallo"})
    assert response.status_code == 302
    assert "/konto/" in response["Location"]
    assert not StatusUpdate.objects.exists()


def test_a_new_status_is_published_as_a_revision(client, people, e_akte):
    response = post_update(
        client, people["editor_brakel"], e_akte, status=ProjectStatus.IN_OPERATION, progress=100
    )
    update = StatusUpdate.objects.get()
    assert response["Location"].endswith(f"#statusmeldung-{update.pk}")
    project = ProjectPage.objects.get(pk=e_akte.pk)
    assert (project.status, project.progress) == (ProjectStatus.IN_OPERATION, 100)
    assert update.revision == project.live_revision
    assert update.revision.user == people["editor_brakel"]
    assert update.revision.as_object().status == ProjectStatus.IN_OPERATION


def test_text_alone_changes_no_revision(client, people, e_akte):
    revisions = Revision.objects.count()
    post_update(client, people["member"], e_akte)
    update = StatusUpdate.objects.get()
    assert (update.status, update.progress, update.revision) == ("", None, None)
    assert Revision.objects.count() == revisions


def test_a_draft_keeps_its_edits_and_gets_the_new_status(client, people, e_akte):
    draft = ProjectPage.objects.get(pk=e_akte.pk)
    draft.summary = "Neue Kurzbeschreibung, noch nicht veröffentlicht."
    draft.save_revision(user=people["editor_brakel"])
    post_update(client, people["member"], e_akte, status=ProjectStatus.PAUSED)
    project = ProjectPage.objects.get(pk=e_akte.pk)
    assert project.status == ProjectStatus.PAUSED
    assert project.summary == e_akte.summary  # the draft is still a draft
    assert project.has_unpublished_changes
    latest = project.get_latest_revision_as_object()
    assert latest.summary == "Neue Kurzbeschreibung, noch nicht veröffentlicht."
    assert latest.status == ProjectStatus.PAUSED


def test_bad_input_gets_german_messages_and_saves_nothing(client, people, e_akte):
    response = post_update(client, people["editor_brakel"], e_akte, text="", progress=150)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Dieses Feld muss ausgefüllt werden." in content
    assert "kleiner oder gleich 100" in content
    # Screen readers hear the error and the hint of the field.
    assert 'aria-describedby="id_progress_error id_progress_helptext"' in content
    assert not StatusUpdate.objects.exists()


def test_followers_of_the_project_its_organisations_and_topics_hear_of_it(
    client, people, e_akte, hoexter, hoexter_project
):
    followers = {target: UserFactory() for target in (e_akte, hoexter, e_akte.handlungsfeld)}
    followers[e_akte.tags.first()] = UserFactory()
    for target, follower in followers.items():
        follow(follower, target)
    follow(UserFactory(), hoexter_project)  # not told
    post_update(client, people["editor_brakel"], e_akte)
    notified = Notification.objects.filter(kind=NotificationKind.PROJECT_UPDATE)
    assert set(notified.values_list("recipient", flat=True)) == {
        follower.pk for follower in followers.values()
    }


def test_the_timeline_shows_the_update(client, people, e_akte):
    post_update(client, people["member"], e_akte, status=ProjectStatus.IN_OPERATION)
    content = client.get(e_akte.url).content.decode()
    assert "Schulung abgeschlossen." in content
    assert "Neuer Status: in Betrieb" in content


def test_noch_aktuell_confirms_the_project(client, people, e_akte):
    older_revision = e_akte.save_revision()
    ProjectPage.objects.filter(pk=e_akte.pk).update(last_confirmed_at="2020-01-01T00:00Z")
    client.force_login(people["editor_hoexter"])
    response = client.post(e_akte.url + e_akte.reverse_subpage("confirm"))
    assert response.status_code == 302
    project = ProjectPage.objects.get(pk=e_akte.pk)
    assert not project.is_stale
    # Publishing an older revision keeps the confirmation.
    older_revision.publish()
    assert not ProjectPage.objects.get(pk=e_akte.pk).is_stale


def test_the_brakel_editor_reports_on_hoexters_project_where_brakel_takes_part(
    client, people, brakel, hoexter_project_with_brakel
):
    project = hoexter_project_with_brakel
    client.force_login(people["editor_brakel"])
    content = client.get(project.url).content.decode()
    assert f'action="{status_url(project)}"' in content
    assert f'action="{confirm_url(project)}"' in content
    response = post_update(
        client, people["editor_brakel"], project, status=ProjectStatus.IN_PROGRESS, progress=60
    )
    assert response.status_code == 302
    update = StatusUpdate.objects.get(project=project)
    assert update.organisation == brakel
    live = ProjectPage.objects.get(pk=project.pk)
    assert (live.status, live.progress) == (ProjectStatus.IN_PROGRESS, 60)
    assert live.lead_organisation.title == "Höxter"


def test_the_brakel_editor_gets_403_where_brakel_is_only_interested(
    client, people, hoexter_project_brakel_interested
):
    project = hoexter_project_brakel_interested
    client.force_login(people["editor_brakel"])
    assert client.get(status_url(project)).status_code == 403
    response = post_update(
        client, people["editor_brakel"], project, status=ProjectStatus.IN_OPERATION, progress=100
    )
    assert response.status_code == 403
    assert not StatusUpdate.objects.exists()
    live = ProjectPage.objects.get(pk=project.pk)
    assert (live.status, live.progress) == (project.status, project.progress)
    # Nor does the page offer the form or the confirmation.
    content = client.get(project.url).content.decode()
    assert f'action="{status_url(project)}"' not in content
    assert f'action="{confirm_url(project)}"' not in content


def confirm_as(client, user, project):
    """Post "Noch aktuell" for a project last confirmed long ago."""
    ProjectPage.objects.filter(pk=project.pk).update(last_confirmed_at=LONG_AGO)
    client.force_login(user)
    return client.post(confirm_url(project))


def test_noch_aktuell_is_refused_to_a_member_of_an_organisation_outside_the_project(
    client, e_akte, bad_driburg
):
    response = confirm_as(client, UserFactory(organisation=bad_driburg), e_akte)
    assert response.status_code == 403
    assert ProjectPage.objects.get(pk=e_akte.pk).last_confirmed_at == LONG_AGO


def test_noch_aktuell_is_refused_to_the_editor_of_an_only_interested_organisation(
    client, people, hoexter_project_brakel_interested
):
    project = hoexter_project_brakel_interested
    response = confirm_as(client, people["editor_brakel"], project)
    assert response.status_code == 403
    assert ProjectPage.objects.get(pk=project.pk).last_confirmed_at == LONG_AGO


def test_wir_wollen_das_auch_adds_the_organisation_and_tells_the_lead(
    client, people, e_akte, bad_driburg
):
    driburg_member = UserFactory(organisation=bad_driburg)
    client.force_login(driburg_member)
    response = client.post(e_akte.url + e_akte.reverse_subpage("interest"))
    assert response.status_code == 302
    project = ProjectPage.objects.get(pk=e_akte.pk)
    assert project.partners.get(organisation=bad_driburg).role == PartnerRole.INTERESTED
    notified = Notification.objects.filter(subject_id=e_akte.pk).values_list("recipient", flat=True)
    assert set(notified) == {people["editor_brakel"].pk}
    # Once is enough: the button is gone and a second post is refused.
    assert "Wir wollen das auch" not in client.get(e_akte.url).content.decode()
    assert client.post(e_akte.url + e_akte.reverse_subpage("interest")).status_code == 403
