"""The demo network that `make run` serves."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry

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
from projects.models import StrategyMeasure, StrategyPage

pytestmark = pytest.mark.django_db


def test_load_demo_builds_the_hoexter_network_and_is_idempotent(client):
    call_command("load_demo", verbosity=0)
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

    measures = StrategyMeasure.objects.all()
    assert measures.count() == 30
    assert measures.values("handlungsfeld").distinct().count() == 10
    strategy = StrategyPage.objects.live().get()
    assert strategy.url == "/projekte/strategie/"
    response = client.get(strategy.url)
    assert response.status_code == 200
    assert "1.3 Digitales Bauantragsverfahren" in response.content.decode()

    log_entries = PageLogEntry.objects.count()
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
    assert StrategyMeasure.objects.count() == 30

    assert client.login(username="mitglied", password="demo-passwort")
