"""The knowledge base: best practices and their reuse, guides, reading path, template library."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Collection, Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from kb.models import (
    BestPracticeAttachment,
    BestPracticePage,
    GuidePage,
    KnowledgeIndexPage,
    PopulationClass,
    ReadingPathPage,
    Reuse,
    TemplateDocument,
    TemplateLibraryPage,
)
from network import notifications, permissions
from network.models import Notification
from projects.models import ProjectAttachment
from tests.factories.kb import (
    BestPracticePageFactory,
    GuidePageFactory,
    HandlungsfeldFactory,
    TemplateDocumentFactory,
)
from tests.factories.network import OrganisationPageFactory, UserFactory
from tests.factories.projects import ProjectPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def knowledge_index(db):
    return KnowledgeIndexPage.objects.get()


@pytest.fixture
def coordinator(brakel):
    user = UserFactory(organisation=brakel)
    permissions.add_to_role(user, permissions.COORDINATORS)
    return user


class TestPageTypes(WagtailPageTestCase):
    """Wagtail's own checks: each page type is created where it belongs, routes and renders."""

    def test_page_types_can_be_created_where_they_belong_and_render(self):
        knowledge_index = KnowledgeIndexPage.objects.get()
        for page_type in (BestPracticePage, GuidePage, ReadingPathPage, TemplateLibraryPage):
            self.assertCanCreateAt(KnowledgeIndexPage, page_type)
            self.assertAllowedParentPageTypes(page_type, {KnowledgeIndexPage})
        best_practice = BestPracticePageFactory(organisations=[OrganisationPageFactory()])
        guide = GuidePageFactory()
        path = knowledge_index.add_child(instance=ReadingPathPage(title="Einstieg"))
        path.steps.create(page=best_practice, note="Zuerst das")
        library = knowledge_index.add_child(instance=TemplateLibraryPage(title="Vorlagen"))
        for page in (best_practice, guide, path, library):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)


def test_coordinator_creates_a_best_practice_in_the_admin(client, coordinator, brakel):
    client.force_login(coordinator)
    handlungsfeld = HandlungsfeldFactory()
    parent = KnowledgeIndexPage.objects.get()
    data = nested_form_data(
        {
            "title": "Online-Termine im Bürgerbüro",
            "slug": "online-termine",
            "summary": "Termine werden online gebucht.",
            "handlungsfeld": handlungsfeld.pk,
            "tags": "Bürgerservice",
            "situation": rich_text("<p>Lange Warteschlangen.</p>"),
            "solution": rich_text("<p>Ein Buchungssystem.</p>"),
            "result": rich_text("<p>Keine Schlangen mehr.</p>"),
            "effort": "20 Personentage",
            "cost": "12000",
            "transferability": rich_text("<p>Für jede Stadt.</p>"),
            "suits_from": PopulationClass.UNDER_5000,
            "suits_to": PopulationClass.UNDER_50000,
            "ozg_leistungen": [],
            "contact_people": [],
            "attachments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    data["organisations"] = [brakel.pk]
    response = client.post(f"/admin/pages/add/kb/bestpracticepage/{parent.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    page = BestPracticePage.objects.get(slug="online-termine")
    assert page.live
    assert list(page.organisations.all()) == [brakel]
    assert client.get(page.url).status_code == 200


def test_town_size_range_must_be_ordered(knowledge_index):
    page = BestPracticePage(
        title="x", suits_from=PopulationClass.LARGE, suits_to=PopulationClass.UNDER_5000
    )
    with pytest.raises(Exception) as raised:
        page.clean()
    assert "darf nicht kleiner" in str(raised.value)


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        (0, PopulationClass.UNDER_5000),
        (4_999, PopulationClass.UNDER_5000),
        (5_000, PopulationClass.UNDER_10000),
        (19_999, PopulationClass.UNDER_20000),
        (99_999, PopulationClass.UNDER_100000),
        (100_000, PopulationClass.LARGE),
    ],
)
def test_population_classes(population, expected):
    assert PopulationClass.of(population) == expected


def test_best_practice_page_shows_its_parts(client, people, contacts, brakel):
    page = BestPracticePageFactory(organisations=[brakel], cost=48000)
    page.contact_people.set([contacts["public"], contacts["members"]])
    page.tags.set(["E-Akte"])
    page.save_revision().publish()

    html = client.get(page.url).content.decode()

    for text in ("Vorher war alles auf Papier", "Ausgangslage", "Übertragbarkeit", "48.000 €"):
        assert text in html
    assert "E-Akte" in html
    assert contacts["public"].name in html
    assert contacts["members"].name not in html  # visitors see only public contacts


def test_member_reports_reuse_in_one_click(client, people, brakel, hoexter):
    page = BestPracticePageFactory(organisations=[brakel])
    follower = people["editor_brakel"]
    notifications.follow(follower, brakel)
    member = people["member"]  # works for Höxter
    client.force_login(member)
    assert "Höxter nutzt das auch" in client.get(page.url).content.decode()

    response = client.post(f"{page.url}nachnutzung/")

    assert response["Location"] == page.url
    reuse = Reuse.objects.get()
    assert (reuse.organisation, reuse.reported_by) == (hoexter, member)
    assert reuse.since == timezone.localdate()
    html = client.get(page.url).content.decode()
    assert "Höxter nutzt das auch" not in html
    assert "seit" in html
    notification = Notification.objects.get(recipient=follower)
    assert "Höxter nutzt „Praxisbeispiel" in notification.text
    client.post(f"{page.url}nachnutzung/")
    assert Reuse.objects.count() == 1


def test_visitors_cannot_report_reuse(client, brakel):
    page = BestPracticePageFactory(organisations=[brakel])
    assert client.post(f"{page.url}nachnutzung/").status_code == 403
    assert client.get(f"{page.url}nachnutzung/").status_code == 405
    assert not Reuse.objects.exists()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Klein", "Groß", "Mittel"]),
        ({"handlungsfeld": "schule"}, ["Mittel"]),
        ({"schlagwort": "e-akte"}, ["Groß"]),
        ({"groesse": PopulationClass.UNDER_5000}, ["Klein"]),
        ({"groesse": PopulationClass.LARGE}, ["Groß", "Mittel"]),
        ({"sortierung": "titel"}, ["Groß", "Klein", "Mittel"]),
        ({"sortierung": "nachnutzung"}, ["Mittel", "Klein", "Groß"]),
        ({"art": "leitfaeden"}, ["Leitfaden Schule"]),
        ({"art": "leitfaeden", "handlungsfeld": "verwaltung"}, []),
        ({"groesse": "99"}, ["Klein", "Groß", "Mittel"]),
    ],
)
def test_knowledge_index_filters_and_sorts(
    client, brakel, hoexter, knowledge_index, query, expected
):
    verwaltung = HandlungsfeldFactory(name="Verwaltung", slug="verwaltung")
    schule = HandlungsfeldFactory(name="Schule", slug="schule")
    mittel = BestPracticePageFactory(
        title="Mittel", handlungsfeld=schule, suits_from=3, suits_to=6, organisations=[brakel]
    )
    gross = BestPracticePageFactory(
        title="Groß", handlungsfeld=verwaltung, suits_from=5, suits_to=6, organisations=[brakel]
    )
    gross.tags.set(["E-Akte"])
    gross.save_revision().publish()
    klein = BestPracticePageFactory(
        title="Klein", handlungsfeld=verwaltung, suits_from=1, suits_to=2, organisations=[brakel]
    )
    for order, page in enumerate((mittel, gross, klein)):
        Page.objects.filter(pk=page.pk).update(
            first_published_at=timezone.now() - timezone.timedelta(days=10 - order)
        )
    Reuse.objects.create(best_practice=mittel, organisation=hoexter)
    Reuse.objects.create(best_practice=mittel, organisation=brakel)
    Reuse.objects.create(best_practice=klein, organisation=hoexter)
    GuidePageFactory(title="Leitfaden Schule", handlungsfeld=schule)

    response = client.get(knowledge_index.url, query)

    assert response.status_code == 200
    assert [page.title for page in response.context["results"]] == expected


@pytest.mark.scale
def test_knowledge_index_costs_the_same_queries_with_5000_best_practices(
    client, knowledge_index, brakel, django_assert_max_num_queries
):
    handlungsfeld = HandlungsfeldFactory()
    template = BestPracticePageFactory(organisations=[brakel], handlungsfeld=handlungsfeld)
    with django_assert_max_num_queries(20) as few:
        client.get(knowledge_index.url, {"seite": 1})
    budget = len(few)
    bulk_copies(template, 4999)
    with django_assert_max_num_queries(budget):
        response = client.get(knowledge_index.url, {"seite": 200, "sortierung": "nachnutzung"})
    assert response.context["results"].paginator.count == 5000
    assert len(response.context["results"]) == 20


def bulk_copies(page, count):
    """Many copies of a page, inserted in bulk as the Gemeindeverzeichnis importer does."""
    parent = page.get_parent()
    content_type = ContentType.objects.get_for_model(BestPracticePage)
    last_step = int(page.path[-page.steplen :], 36)
    bases = []
    for number in range(1, count + 1):
        bases.append(
            Page(
                title=f"{page.title} {number}",
                draft_title=f"{page.title} {number}",
                slug=f"{page.slug}-{number}",
                path=BestPracticePage._get_path(parent.path, parent.depth + 1, last_step + number),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{page.slug}-{number}/",
                content_type=content_type,
                locale_id=page.locale_id,
                live=True,
                first_published_at=page.first_published_at,
            )
        )
    Page.objects.bulk_create(bases)
    fields = {
        name: getattr(page, name)
        for name in (
            "summary",
            "handlungsfeld_id",
            "situation",
            "solution",
            "result",
            "transferability",
            "suits_from",
            "suits_to",
        )
    }
    for base in bases:
        BestPracticePage(
            page_ptr=base,
            **{f.attname: getattr(base, f.attname) for f in Page._meta.concrete_fields},
            **fields,
        ).save_base(raw=True, force_insert=True)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)


def test_guide_has_a_table_of_contents_with_working_anchors(client):
    guide = GuidePageFactory()
    html = client.get(guide.url).content.decode()
    assert 'href="#kapitel-2-ausschreibung-vergabe"' in html
    assert 'id="kapitel-2-ausschreibung-vergabe"' in html
    assert "2. Ausschreibung &amp; Vergabe" in html


def test_template_library_filters(client, knowledge_index, brakel):
    library = knowledge_index.add_child(instance=TemplateLibraryPage(title="Vorlagen"))
    schule = HandlungsfeldFactory(slug="schule")
    TemplateDocumentFactory(title="Dienstanweisung E-Mail", category="dienstanweisung")
    TemplateDocumentFactory(title="Leistungsbeschreibung DMS", category="ausschreibung")
    tagged = TemplateDocumentFactory(title="Checkliste WLAN", handlungsfeld=schule)
    tagged.tags.add("WLAN")

    def titles(query):
        response = client.get(library.url, query)
        return [document.title for document in response.context["documents"]]

    assert titles({}) == ["Checkliste WLAN", "Dienstanweisung E-Mail", "Leistungsbeschreibung DMS"]
    assert titles({"kategorie": "ausschreibung"}) == ["Leistungsbeschreibung DMS"]
    assert titles({"handlungsfeld": "schule"}) == ["Checkliste WLAN"]
    assert titles({"schlagwort": "wlan"}) == ["Checkliste WLAN"]
    assert titles({"q": "dienst"}) == ["Dienstanweisung E-Mail"]
    # Documents outside the templates' collection are attachments, not templates.
    TemplateDocumentFactory(title="Anhang", collection=Collection.get_first_root_node())
    assert "Anhang" not in titles({})


def test_tag_filters_offer_no_forum_tags(client, knowledge_index, people):
    from network import forum
    from tests.factories.network import ForumCategoryFactory

    forum.start_thread(
        category=ForumCategoryFactory(),
        author=people["member"],
        title="Intern",
        body="Nur für Mitglieder",
        tags=["Geheimprojekt"],
    )
    BestPracticePageFactory(organisations=[people["member"].organisation]).tags.add("E-Akte")
    options = list(
        client.get(knowledge_index.url).context["filter_form"].fields["schlagwort"].queryset
    )
    assert "Geheimprojekt" not in [tag.name for tag in options]


SAFE_FILES = [
    ("checkliste.txt", b"Checkliste OZG\n- Formular pruefen\n"),
    ("kostenplan.csv", b"Position;Betrag\nLizenz;1200\n"),
    ("vorlage.pdf", b"%PDF-1.7\n1 0 obj\n"),
]
DANGEROUS_FILES = [
    ("seite.html", b"<html><script>alert(1)</script></html>", "Dateiendung"),
    (
        "bild.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "Dateiendung",
    ),
    ("programm.exe", b"MZ\x90\x00\x03", "Dateiendung"),
    ("getarnt.pdf", b"<!DOCTYPE html><html><script>alert(1)</script>", "Webseiten-Code"),
    ("getarnt.txt", b'  <svg onload="alert(1)">', "Webseiten-Code"),
    ("programm.docx", b"MZ\x90\x00\x03\x00\x00\x00", "enthält ein Programm"),
    ("skript.txt", b"#!/bin/sh\nrm -rf /\n", "oder ein Skript"),
]


def upload_form(name, content):
    return {
        "title": name,
        "file": SimpleUploadedFile(name, content),
        "collection": Collection.get_first_root_node().pk,
        "category": "checkliste",
    }


@pytest.mark.parametrize(("name", "content"), SAFE_FILES)
def test_safe_templates_can_be_uploaded(client, coordinator, name, content):
    client.force_login(coordinator)
    response = client.post(
        "/admin/documents/add/",
        upload_form(name, content),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert TemplateDocument.objects.get().category == "checkliste"


@pytest.mark.parametrize(("name", "content", "message"), DANGEROUS_FILES)
def test_dangerous_uploads_are_refused_with_a_clear_message(
    client, coordinator, name, content, message
):
    client.force_login(coordinator)
    response = client.post(
        "/admin/documents/add/",
        upload_form(name, content),
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert message in errors
    assert not TemplateDocument.objects.exists()


def test_knowledge_texts_explain_glossary_terms(client, brakel):
    from tests.factories.kb import GlossaryTermFactory

    GlossaryTermFactory(term="DMS", long_form="Dokumentenmanagementsystem")
    practice = BestPracticePageFactory(
        organisations=[brakel], solution="<p>Ein DMS für alle Ämter, dann noch ein DMS.</p>"
    )
    guide = GuidePageFactory(chapters=[("chapter", {"title": "Start", "body": "<p>Das DMS.</p>"})])
    for page in (practice, guide):
        html = client.get(page.url).content.decode()
        assert 'href="/wissen/glossar/#dms"' in html
        assert html.count('role="tooltip"') == 1


@pytest.mark.parametrize(
    ("factory", "attachment", "key"),
    [
        (
            lambda organisation: BestPracticePageFactory(organisations=[organisation]),
            BestPracticeAttachment,
            "page",
        ),
        (
            lambda organisation: ProjectPageFactory(parent=organisation),
            ProjectAttachment,
            "project",
        ),
    ],
    ids=["best practice", "project"],
)
def test_attached_documents_are_listed_with_their_type_and_size(
    client, brakel, factory, attachment, key
):
    page = factory(brakel)
    client.get(page.url)  # what a server keeps between requests (sites, content types)

    def attach(count):
        for _ in range(count):
            attachment.objects.create(**{key: page}, document=TemplateDocumentFactory())
        page.save_revision().publish()
        with CaptureQueriesContext(connection) as queries:
            html = client.get(page.url).content.decode()
        return html, len(queries)

    html, one_document = attach(1)
    document = TemplateDocument.objects.get()
    assert f'href="{document.url}">{document.title}</a> (TXT, 16' in html
    html, four_documents = attach(3)
    assert html.count('<li><a class="kern-link" href="/dokumente/') == 4
    assert four_documents == one_document
