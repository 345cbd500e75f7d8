"""The demo network that `make run` serves."""

from collections import Counter
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision

from kb.models import (
    ApplicantGroup,
    BestPracticePage,
    FundingCallPage,
    FundingDeadline,
    FundingLevel,
    FundingStatus,
    GlossaryTerm,
    GuidePage,
    ReadingPathPage,
    Reuse,
    TemplateDocument,
)
from network import permissions
from network.models import (
    ContactPerson,
    Event,
    EventKind,
    ForumCategory,
    OrganisationPage,
    OzgLeistung,
    Post,
    Thread,
    Visibility,
)
from portal.models import HomePage
from projects.models import (
    PartnerRole,
    ProjectFunding,
    ProjectOzgLeistung,
    ProjectPage,
    ProjectPartner,
    ProjectStatus,
    StatusUpdate,
    StrategyMeasure,
    StrategyPage,
)
from projects.permissions import may_post_status_update


def test_load_demo_builds_the_hoexter_network_and_is_idempotent(demo_network, client):
    # demo_network (tests/conftest.py) has run load_demo once, for this and other tests.
    assert OrganisationPage.objects.filter(ags__startswith="05762").count() == 11
    assert OzgLeistung.objects.count() == 557
    assert HomePage.objects.get().title == "Digitalnetzwerk Kreis Höxter"
    assert "Dokumentenmanagementsystem" in OrganisationPage.objects.get(ags="05762016").description
    users = get_user_model().objects.order_by("username")
    assert list(users.values_list("username", flat=True)) == [
        "admin",
        "beverungen",
        "brakel",
        "koordination",
        "mitglied",
        "nieheim",
        "steinheim",
        "warburg",
        "willebadessen",
    ]
    brakel = users.get(username="brakel")
    assert brakel.organisation.title == "Brakel"
    assert users.get(username="admin").is_superuser
    assert permissions.can_approve_members(users.get(username="koordination"))
    assert brakel.organisation.permissions_for_user(brakel).can_edit()
    assert permissions.is_member(users.get(username="mitglied"))
    assert not permissions.can_invite(users.get(username="mitglied"))

    visibilities = set(ContactPerson.objects.values_list("visibility", flat=True))
    assert visibilities == {Visibility.PUBLIC, Visibility.MEMBERS, Visibility.HIDDEN}
    assert ContactPerson.objects.filter(consent_recorded_at__isnull=True).exists()
    assert ContactPerson.objects.get(user=brakel).is_listed

    assert ForumCategory.objects.count() == 5
    assert Thread.objects.count() == 12
    assert Thread.objects.filter(solution__isnull=False).count() >= 5
    assert Thread.objects.filter(is_pinned=True).count() == 1
    assert Thread.objects.filter(is_locked=True).count() == 1
    assert all(thread.post_count >= 2 for thread in Thread.objects.all())
    assert Post.objects.filter(created_at__gt=timezone.now()).count() == 0

    assert BestPracticePage.objects.live().count() == 10
    assert GuidePage.objects.live().count() == 3
    assert TemplateDocument.objects.count() == 15
    assert all(
        document.file_size == document.file.size for document in TemplateDocument.objects.all()
    )
    assert Reuse.objects.exists()
    assert ReadingPathPage.objects.get().steps.count() >= 6
    assert all(page.organisations.exists() for page in BestPracticePage.objects.all())

    upcoming = {event.kind: event for event in Event.objects.upcoming()}
    assert upcoming[EventKind.NETZWERKTREFFEN].location.startswith("Kreishaus Höxter")
    assert upcoming[EventKind.SCHULUNG].online_url
    assert upcoming[EventKind.SCHULUNG].organiser.title == "Brakel"
    assert [event.kind for event in Event.objects.past()] == [EventKind.NETZWERKTREFFEN]

    assert GlossaryTerm.objects.count() == 40
    for term in GlossaryTerm.objects.all():
        term.full_clean()  # the demo's definitions fit the tooltip's 300 characters
    assert GlossaryTerm.objects.get(slug="dsgvo").link_page.url == "/datenschutz/"
    knowledge_base = client.get("/wissen/").content.decode()
    assert 'href="/wissen/glossar/#e-akte"' in knowledge_base
    assert 'href="/wissen/glossar/#ozg"' in knowledge_base
    assert 'id="digitallotsen"' in client.get("/wissen/glossar/").content.decode()
    calls = FundingCallPage.objects.live().public()
    assert calls.count() == 12
    assert {call.level for call in calls} >= set(FundingLevel) - {FundingLevel.SONSTIGE}
    statuses = [call.status for call in calls]
    assert statuses.count(FundingStatus.CLOSED) == 2
    assert statuses.count(FundingStatus.ANNOUNCED) == 1
    assert statuses.count(FundingStatus.OPEN) >= 2
    assert statuses.count(FundingStatus.CLOSING_SOON) >= 5
    days_left = {deadline.days_left for deadline in FundingDeadline.objects.all()}
    assert {-1, 0, 3, 14, 30, 31} <= days_left
    assert all(call.handlungsfelder.exists() and call.applicant_groups.exists() for call in calls)
    assert ApplicantGroup.objects.count() == 6
    deadline_keys = set(FundingDeadline.objects.values_list("pk", flat=True))

    assert_projects_and_strategy(client)
    projects_before = project_states()

    log_entries = PageLogEntry.objects.count()
    revisions = Revision.objects.count()
    updates = StatusUpdate.objects.count()
    posts = Post.objects.count()
    call_command("load_demo", verbosity=0)
    assert PageLogEntry.objects.count() == log_entries
    assert get_user_model().objects.count() == 9
    assert Event.objects.count() == 3
    assert Post.objects.count() == posts
    assert BestPracticePage.objects.count() == 10
    assert TemplateDocument.objects.count() == 15
    assert GlossaryTerm.objects.count() == 40
    assert set(FundingDeadline.objects.values_list("pk", flat=True)) == deadline_keys
    assert Revision.objects.count() == revisions
    assert StatusUpdate.objects.count() == updates
    assert StrategyMeasure.objects.count() == 30
    assert project_states() == projects_before

    assert client.login(username="mitglied", password="demo-passwort")
    # Members see the members-only projects in the register as well.
    assert "42 Projekte" in client.get("/projekte/").content.decode()


def assert_projects_and_strategy(client):
    """About forty projects across the network, each with its history, and the strategy."""
    projects = ProjectPage.objects.live()
    assert projects.count() == 42
    assert set(projects.values_list("lead_organisation__ags", flat=True)) == set(
        OrganisationPage.objects.filter(ags__startswith="05762").values_list("ags", flat=True)
    )
    statuses = Counter(projects.values_list("status", flat=True))
    assert statuses[ProjectStatus.PAUSED] == statuses[ProjectStatus.STOPPED] == 1
    assert statuses[ProjectStatus.IDEA] >= 3 and statuses[ProjectStatus.PLANNED] >= 3
    implemented = sum(statuses[status] for status in ProjectStatus.implemented())
    assert 0.4 <= implemented / 42 <= 0.65
    shared = (
        ProjectPartner.objects.filter(role__in=PartnerRole.participating())
        .values("project")
        .annotate(organisations=Count("pk"))
        .filter(organisations__gte=2)
    )
    assert shared.count() >= 15
    assert ProjectPartner.objects.filter(role=PartnerRole.INTERESTED).count() >= 10
    assert projects.filter(visibility=Visibility.MEMBERS).count() == 4
    assert 3 <= projects.stale().count() <= 6
    assert ProjectOzgLeistung.objects.filter(leistung__ozg_id="10519").exists()  # Baugenehmigung
    assert ProjectFunding.objects.count() >= 20
    assert not ProjectFunding.objects.filter(funding_call__isnull=True).exists()
    assert projects.exclude(repository_url="").filter(slug="stadt-app").exists()

    two_years_ago = timezone.now() - timedelta(days=731)
    assert not StatusUpdate.objects.filter(created_at__gt=timezone.now()).exists()
    assert not StatusUpdate.objects.filter(created_at__lt=two_years_ago).exists()
    for project in projects.prefetch_related("partners", "status_updates__author"):
        history = sorted(project.status_updates.all(), key=lambda update: update.created_at)
        assert history, project.title
        # What the project shows is what its last updates said, published as its last revision.
        statuses = [update.status for update in history if update.status]
        progress = [update.progress for update in history if update.progress is not None]
        revisions = [update.revision_id for update in history if update.revision_id]
        assert (project.status, project.progress) == (statuses[-1], progress[-1])
        assert revisions[-1] == project.live_revision_id
        assert project.last_confirmed_at == history[-1].created_at
        for update in history:
            assert update.author is None or may_post_status_update(update.author, project)

    measures = StrategyMeasure.objects.all()
    assert measures.count() == 30
    assert measures.values("handlungsfeld").distinct().count() == 10
    assert measures.filter(projects__isnull=False).distinct().count() >= 25
    strategy = StrategyPage.objects.live().get()
    assert strategy.url == "/projekte/strategie/"
    response = client.get(strategy.url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "1.3 Digitales Bauantragsverfahren" in page
    assert "Digitaler Bauantrag mit der Bauaufsicht des Kreises" in page
    assert "Gemeinsamer Informationssicherheitsbeauftragter" not in page  # members only

    register = client.get("/projekte/").content.decode()
    assert "38 Projekte" in register  # visitors do not see the members-only ones
    assert "Serviceportal Höxter mit EfA-Onlinediensten" in register
    serviceportal = projects.get(slug="serviceportal")
    assert client.get(serviceportal.url).status_code == 200


def project_states():
    return {
        project.pk: (
            project.status,
            project.progress,
            project.last_confirmed_at,
            project.live_revision_id,
        )
        for project in ProjectPage.objects.all()
    }


def test_a_page_of_each_kind_opens_in_the_editor(demo_network, client):
    client.force_login(get_user_model().objects.get(username="admin"))
    first_of_each_kind = {}
    for page in Page.objects.filter(depth__gt=1).order_by("-pk"):
        first_of_each_kind[page.content_type_id] = page
    assert len(first_of_each_kind) >= 15
    for page in first_of_each_kind.values():
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page.title
