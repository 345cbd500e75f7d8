"""Funding call pages: where they live, what they show, and how coordinators create them."""

from datetime import date
from html import unescape

import pytest
from django.utils.html import strip_tags
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from kb.models import (
    DeadlineLabel,
    FundingCallIndexPage,
    FundingCallPage,
    FundingLevel,
    KnowledgeIndexPage,
)
from network import notifications, permissions
from network.models import Follow
from portal.models import HomePage
from tests.factories.kb import (
    ApplicantGroupFactory,
    FundingCallPageFactory,
    HandlungsfeldFactory,
)
from tests.factories.network import UserFactory

pytestmark = pytest.mark.django_db


def text_of(response):
    """The page as a reader sees it: without tags, words apart, whitespace collapsed."""
    return " ".join(unescape(strip_tags(response.content.decode().replace("<", " <"))).split())


class TestFundingPageTypes(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = FundingCallIndexPage.objects.get()
        cls.call = FundingCallPageFactory(
            deadlines=[(DeadlineLabel.SKIZZE, 10), 40], handlungsfelder=[HandlungsfeldFactory()]
        )
        cls.closed_call = FundingCallPageFactory(deadlines=[-1])
        cls.coordinator = UserFactory()
        permissions.add_to_role(cls.coordinator, permissions.COORDINATORS)

    def test_calls_live_only_below_the_funding_index(self):
        self.assertAllowedParentPageTypes(FundingCallPage, {FundingCallIndexPage})
        self.assertAllowedSubpageTypes(FundingCallIndexPage, {FundingCallPage})
        self.assertAllowedSubpageTypes(FundingCallPage, set())
        self.assertCanCreateAt(FundingCallIndexPage, FundingCallPage)
        self.assertCanNotCreateAt(HomePage, FundingCallPage)
        self.assertCanNotCreateAt(KnowledgeIndexPage, FundingCallPage)

    def test_call_pages_route_and_render_for_visitors_and_members(self):
        for call in (self.call, self.closed_call):
            self.assertPageIsRoutable(call)
            self.assertPageIsRenderable(call)
            self.assertPageIsRenderable(call, user=UserFactory())
            self.assertPageIsPreviewable(call)

    def test_every_route_of_the_index_renders(self):
        for route in ("/", "archiv/", "feed/", "fristen.ics"):
            self.assertPageIsRoutable(self.index, route)
            self.assertPageIsRenderable(self.index, route)
        self.assertPageIsRenderable(self.index, query_data={"status": "offen", "seite": "9"})
        self.assertPageIsPreviewable(self.index)

    def test_coordinators_create_a_call_with_its_deadlines_in_the_admin(self):
        self.client.force_login(self.coordinator)
        kreis = ApplicantGroupFactory(name="Kreis")
        data = nested_form_data(
            {
                "title": "Modellprojekte Ende-zu-Ende-Digitalisierung",
                "slug": "ende-zu-ende",
                "programme": "Digitale Kommune",
                "funder": "Land NRW",
                "level": FundingLevel.LAND,
                "summary": "Vom Online-Antrag bis zum Bescheid ohne Papier.",
                "description": rich_text("<p>Gefördert werden Modellprojekte.</p>"),
                "funding_rate": "90",
                "max_amount": "500000",
                "link": "https://foerderung.example/ende-zu-ende",
                "deadlines": inline_formset(
                    [{"label": DeadlineLabel.ANTRAG, "date": "2099-03-31", "note": ""}]
                ),
            }
        )
        # A multiple choice is posted as a list, which nested_form_data would split.
        data["applicant_groups"] = [kreis.pk]
        self.assertCanCreate(self.index, FundingCallPage, data)
        call = FundingCallPage.objects.get(slug="ende-zu-ende")
        assert call.live
        assert call.next_deadline == date(2099, 3, 31)
        assert list(call.applicant_groups.all()) == [kreis]

    def test_a_call_needs_at_least_one_deadline(self):
        self.client.force_login(self.coordinator)
        data = nested_form_data(
            {
                "title": "Ohne Frist",
                "programme": "P",
                "funder": "F",
                "level": FundingLevel.BUND,
                "summary": "S",
                "link": "https://foerderung.example/",
                "deadlines": inline_formset([]),
            }
        )
        data["applicant_groups"] = [ApplicantGroupFactory().pk]
        data["action-publish"] = "action-publish"
        response = self.client.post(f"/admin/pages/add/kb/fundingcallpage/{self.index.pk}/", data)
        assert response.status_code == 200
        assert response.context["form"].formsets["deadlines"].non_form_errors()
        assert not FundingCallPage.objects.filter(title="Ohne Frist").exists()


def test_call_page_shows_conditions_in_german_format_and_every_deadline(client, clock):
    call = FundingCallPageFactory(
        title="Gigabitförderung",
        level=FundingLevel.BUND,
        funder="Bundesministerium",
        funding_rate="87.50",
        funding_rate_note="mit dem Land bis zu 90 Prozent",
        max_amount="150000000",
        deadlines=[(DeadlineLabel.SKIZZE, -2), 0, (DeadlineLabel.VERWENDUNGSNACHWEIS, 200)],
        applicant_groups=[
            ApplicantGroupFactory(name="Gemeinde"),
            ApplicantGroupFactory(name="Kreis"),
        ],
        contact_name="Servicetelefon",
        contact_email="gigabit@foerderung.example",
        contact_phone="030 0000-810",
    )

    text = text_of(client.get(call.url))

    assert "Stand: endet bald" in text
    assert "bis zu 87,50 %; mit dem Land bis zu 90 Prozent" in text
    assert "150.000.000 €" in text
    assert "Antragsberechtigt Gemeinde, Kreis" in text
    assert "Fördergeber Bundesministerium (Bund)" in text
    assert "Skizze 14. April 2026 (abgelaufen)" in text
    assert "Antrag 16. April 2026 (endet heute)" in text
    assert "Verwendungsnachweis 2. November 2026 (noch 200 Tage)" in text
    html = client.get(call.url).content.decode()
    assert '<time datetime="2026-04-16">' in html
    assert 'href="mailto:gigabit@foerderung.example"' in html
    assert 'href="tel:0300000-810"' in html


def test_closed_call_says_so_and_links_the_archive(client, clock):
    call = FundingCallPageFactory(deadlines=[-1])
    html = client.get(call.url).content.decode()
    assert "Dieser Förderaufruf ist abgeschlossen" in html
    assert 'href="/foerderung/archiv/"' in html
    assert "An Fristen erinnert werden" not in html


def test_announced_call_says_from_when_to_apply(client, clock):
    call = FundingCallPageFactory(opens_on=date(2026, 5, 4), deadlines=[60])
    text = text_of(client.get(call.url))
    assert "Stand: angekündigt" in text
    assert "Anträge sind ab dem 4. Mai 2026 möglich." in text


def test_members_follow_the_call_and_each_handlungsfeld_visitors_are_asked_to_log_in(
    client, member, handlungsfeld
):
    call = FundingCallPageFactory(handlungsfelder=[handlungsfeld])
    notifications.follow(member, handlungsfeld)

    visitor_page = client.get(call.url).content.decode()
    assert 'name="typ" value="seite"' not in visitor_page
    assert f'href="/konto/login/?next={call.url}"' in visitor_page

    client.force_login(member)
    html = client.get(call.url).content.decode()
    assert html.count('name="typ" value="seite"') == 1  # not a second one in the forum section
    assert '<input type="hidden" name="typ" value="handlungsfeld">' in html
    assert "„Digitale Verwaltung“ nicht mehr folgen" in html
    assert "Diskussion im Forum" in html


def test_following_a_handlungsfeld_through_the_follow_button(client, member, handlungsfeld):
    client.force_login(member)
    form = {"typ": "handlungsfeld", "id": handlungsfeld.pk, "zurueck": "/foerderung/"}

    response = client.post("/netzwerk/folgen/", form)

    assert response["Location"] == "/foerderung/"
    assert notifications.is_following(member, handlungsfeld)
    client.post("/netzwerk/folgen/", form)
    assert not Follow.objects.exists()
    assert client.post("/netzwerk/folgen/", {**form, "id": 999}).status_code == 404


def test_visitors_cannot_follow_a_handlungsfeld(client, handlungsfeld):
    response = client.post("/netzwerk/folgen/", {"typ": "handlungsfeld", "id": handlungsfeld.pk})
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    assert not Follow.objects.exists()
