"""The site search: German matching, every kind of content, facets, permissions, help."""

from collections import Counter
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import PageViewRestriction

from kb.models import GlossaryPage, KnowledgeIndexPage, ReadingPathPage, TemplateCategory
from network import forum
from network.models import Thread, Visibility
from network.personal_data import erase_personal_data
from portal.models import Kind, SearchEntry, SearchQuery
from portal.search import entries as search_entries
from portal.search.engine import (
    FACETS,
    RESULTS_PER_PAGE,
    query_terms,
    required_terms,
    visible_entries,
)
from portal.search.expansion import glossary_names, repaired
from portal.search.german import stems
from projects.models import PartnerRole, ProjectStatus
from tests.factories.kb import (
    BestPracticePageFactory,
    FundingCallPageFactory,
    GlossaryTermFactory,
    GuidePageFactory,
    HandlungsfeldFactory,
    TemplateDocumentFactory,
)
from tests.factories.network import (
    ContactPersonFactory,
    EventFactory,
    ForumCategoryFactory,
    UserFactory,
)
from tests.factories.projects import ProjectPageFactory


def results(client, query, **filters):
    response = client.get("/suche/", {"q": query, **filters})
    assert response.status_code == 200
    return response


def titles(response):
    return (
        [entry.title for entry in response.context["results"]]
        if "results" in response.context
        else []
    )


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    """An element's text as it reads, with its white space collapsed."""
    return " ".join(element.get_text().split())


def result_meta(response):
    """The meta line (type, organisation, status) of each result on the page, by title."""
    return {
        text(result.select_one(".search-result__title")): text(
            result.select_one(".search-result__meta")
        )
        for result in soup(response).select("article.search-result")
    }


def heading_total(response):
    """The number in the page's "N Treffer für …" heading."""
    heading = text(soup(response).select_one("#treffer"))
    number, rest = heading.split(" ", 1)
    assert rest.startswith("Treffer für"), heading
    return int(number)


def facet_counts(response):
    """Each facet's values with their counts, as the page shows them."""
    return {
        facet["name"]: {value.value: value.count for value in facet["values"]}
        for facet in response.context["facets"]
    }


def suggested_titles(client, typed):
    data = client.get("/suche/vorschlaege/", {"q": typed, "format": "json"}).json()
    return [suggestion["title"] for suggestion in data["suggestions"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Schule", "WLAN an allen Schulen"),
        ("Schulen", "Tablets für die Grundschule"),
        ("Foerderung", "Förderung digitaler Lernorte"),
        ("förderungen lernort", "Förderung digitaler Lernorte"),
        ("Digitalisierungsbeauftragte", "Digitalisierungsbeauftragter in Teilzeit"),
        ("dienstanweisung mobil", "Dienstanweisung mobiles Arbeiten"),
        ("Grundsch", "Tablets für die Grundschule"),  # the beginning of a word
    ],
)
def test_german_spellings_and_forms_find_each_other(client, schools, query, expected):
    assert expected in titles(results(client, query))


def test_sharp_s_and_ss_find_each_other(client, brakel):
    ProjectPageFactory(parent=brakel, title="Schäden an der Straße melden")
    TemplateDocumentFactory(title="Checkliste Strasse und Gehweg")
    both = {"Schäden an der Straße melden", "Checkliste Strasse und Gehweg"}
    for query in ["Strasse", "Straße", "Strassen", "STRASSE"]:
        assert set(titles(results(client, query))) == both, query
    # The word found under the other spelling is marked as a match, too.
    assert "<mark>Straße</mark>" in results(client, "Strasse").content.decode()
    assert "<mark>Strasse</mark>" in results(client, "Straße").content.decode()
    # And while typing.
    assert set(suggested_titles(client, "Strass")) == both
    assert set(suggested_titles(client, "Straß")) == both


def test_results_carry_type_organisation_and_status(client, schools):
    content = results(client, "WLAN").content.decode()
    assert "Projekt" in content
    assert "Brakel" in content
    assert "in Umsetzung" in content
    assert "<mark>WLAN</mark>" in content


def test_each_result_names_its_own_type_organisation_and_status(client, schools):
    call = schools["call"]
    assert result_meta(results(client, "Schule")) == {
        "WLAN an allen Schulen": "Projekt · Brakel · in Umsetzung",
        "Tablets für die Grundschule": "Projekt · Höxter · geplant",
        # A funding call belongs to no organisation; its status is the call's.
        "Förderung digitaler Lernorte": f"Förderaufruf · {call.status.label}",
    }
    assert result_meta(results(client, "Dienstanweisung")) == {
        "Dienstanweisung mobiles Arbeiten": "Vorlage"
    }


def test_members_only_results_say_so_in_their_meta_line(client, secrets, people):
    client.force_login(people["member"])
    assert result_meta(results(client, "Quastenflosser")) == {
        "Geheimprojekt Quastenflosser": "Projekt · Brakel · geplant · nur für Mitglieder"
    }
    assert result_meta(results(client, "Nacktmull")) == {
        "Maria Nacktmull": "Ansprechperson · Höxter · nur für Mitglieder"
    }


def test_facets_count_and_combine_with_the_query(client, schools, brakel):
    response = results(client, "Schule")
    facets = {facet["name"]: facet for facet in response.context["facets"]}
    kinds = {value.value: value.count for value in facets["art"]["values"]}
    assert kinds["projekt"] == 2
    assert kinds["foerderaufruf"] == 1
    statuses = {value.label: value.count for value in facets["status"]["values"]}
    assert statuses["in Umsetzung"] == 1
    assert titles(results(client, "Schule", art="projekt", kommune=brakel.slug)) == [
        "WLAN an allen Schulen"
    ]
    assert titles(results(client, "Schule", schlagwort="schule")) == ["Tablets für die Grundschule"]
    assert set(titles(results(client, "Schule", handlungsfeld="bildung", status="geplant"))) == {
        "Tablets für die Grundschule"
    }
    # A chosen value links to the same search without it.
    chosen = next(v for v in results(client, "Schule", art="projekt").context["facets"][0]["values"]
                  if v.selected)  # fmt: skip
    assert "art=" not in chosen.url and "q=Schule" in chosen.url


def planted(title, kind, kommunen=(), handlungsfeld=None, status="", tags=()):
    """An entry's facet values as the test wrote them: facet name → set of values."""
    return {
        "title": title,
        "art": {kind},
        "kommune": {organisation.slug for organisation in kommunen},
        "handlungsfeld": {handlungsfeld.slug} if handlungsfeld else set(),
        "status": {status} if status else set(),
        "schlagwort": {slugify(tag) for tag in tags},
    }


def expected(entries, filters):
    """The counts each facet must show and the titles of the results: a facet counts the
    values of the entries that all the other chosen values leave; the results are those that
    all of them leave."""

    def chosen(entry, leave_out=None):
        return all(value in entry[name] for name, value in filters.items() if name != leave_out)

    counts = {
        name: dict(
            Counter(value for entry in entries if chosen(entry, name) for value in entry[name])
        )
        for name in FACETS
    }
    return counts, {entry["title"] for entry in entries if chosen(entry)}


@pytest.fixture
def fibre(brakel, hoexter, kreis):
    """Everything about "Glasfaser": content of every kind with facets, in two Handlungsfelder,
    with lead, partner and interested organisations; and each entry's facet values."""
    infrastruktur = HandlungsfeldFactory(name="Infrastruktur", slug="infrastruktur")
    bildung = HandlungsfeldFactory(name="Bildung", slug="bildung")
    entries = []
    projects = [
        # title, lead, partners, status, Handlungsfeld, tags
        (
            "Glasfaser für Gewerbegebiete",
            brakel,
            [(hoexter, PartnerRole.INVOLVED)],
            ProjectStatus.IN_PROGRESS,
            infrastruktur,
            ["Breitband", "Gewerbe"],
        ),
        (
            "Glasfaser an Schulen",
            hoexter,
            [(kreis, PartnerRole.INTERESTED)],
            ProjectStatus.PLANNED,
            bildung,
            ["Breitband", "Schule"],
        ),
        (
            "Glasfaser im Außenbereich",
            kreis,
            [(brakel, PartnerRole.INVOLVED)],
            ProjectStatus.PLANNED,
            infrastruktur,
            ["Breitband"],
        ),
        ("Glasfaser-Monitoring", brakel, [], ProjectStatus.IN_OPERATION, infrastruktur, []),
    ]
    for title, lead, partners, status, handlungsfeld, tags in projects:
        ProjectPageFactory(
            parent=lead,
            title=title,
            partners=partners,
            status=status,
            handlungsfeld=handlungsfeld,
            tags=tags,
        )
        # The interested are no Kommune of the project.
        kommunen = [lead] + [org for org, role in partners if role != PartnerRole.INTERESTED]
        entries.append(planted(title, Kind.PROJECT, kommunen, handlungsfeld, status, tags))
    practice = BestPracticePageFactory(
        title="Glasfaser-Ausbau in Eigenregie", organisations=[hoexter], handlungsfeld=infrastruktur
    )
    practice.tags.add("Breitband")
    practice.save_revision().publish()
    entries.append(
        planted(practice.title, Kind.BEST_PRACTICE, [hoexter], infrastruktur, tags=["Breitband"])
    )
    guide = GuidePageFactory(title="Leitfaden Glasfaserausbau", handlungsfeld=bildung)
    entries.append(planted(guide.title, Kind.GUIDE, handlungsfeld=bildung))
    for title, deadline, handlungsfeld in [
        ("Glasfaser-Förderung des Landes", 60, infrastruktur),
        ("Glasfaser-Gutscheine", -30, bildung),
    ]:
        call = FundingCallPageFactory(
            title=title, deadlines=[deadline], handlungsfelder=[handlungsfeld]
        )
        entries.append(
            planted(title, Kind.FUNDING_CALL, handlungsfeld=handlungsfeld, status=call.status)
        )
    template = TemplateDocumentFactory(
        title="Glasfaser-Leistungsverzeichnis", organisation=brakel, handlungsfeld=bildung
    )
    template.tags.add("Breitband")
    entries.append(planted(template.title, Kind.TEMPLATE, [brakel], bildung, tags=["Breitband"]))
    event = EventFactory(title="Glasfaser-Stammtisch", organiser=kreis)
    entries.append(planted(event.title, Kind.EVENT, [kreis]))
    return entries


def test_facet_counts_and_the_total_follow_every_choice_of_the_others(
    client, fibre, brakel, hoexter
):
    choices = [
        {},
        {"art": "projekt"},
        {"status": ProjectStatus.PLANNED},
        {"handlungsfeld": "bildung"},
        {"art": "projekt", "handlungsfeld": "infrastruktur"},
        {"status": ProjectStatus.PLANNED, "handlungsfeld": "infrastruktur"},
        {"kommune": brakel.slug},
        {"kommune": hoexter.slug, "handlungsfeld": "infrastruktur"},
        {"schlagwort": "breitband", "art": "projekt"},
        {"status": ProjectStatus.PLANNED, "kommune": hoexter.slug, "schlagwort": "schule"},
        # A choice that leaves nothing: the other facets still say what each value would leave.
        {"art": "termin", "status": ProjectStatus.PLANNED},
    ]
    for filters in choices:
        response = results(client, "Glasfaser", **filters)
        counts, found = expected(fibre, filters)
        assert facet_counts(response) == counts, filters
        assert set(titles(response)) == found, filters
        assert response.context["total"] == len(found), filters
        assert heading_total(response) == len(found), filters
        for facet in response.context["facets"]:
            name = facet["name"]
            # The most frequent values first; the chosen one marked, if it is counted at all.
            shown = [value.count for value in facet["values"]]
            assert shown == sorted(shown, reverse=True), (filters, name)
            selected = {value.value for value in facet["values"] if value.selected}
            chosen = {filters[name]} if name in filters else set()
            assert selected == chosen & set(counts[name]), (filters, name)


def test_facet_values_are_labelled_with_names(client, fibre, brakel, hoexter, kreis):
    facets = {
        facet["name"]: {value.value: value.label for value in facet["values"]}
        for facet in results(client, "Glasfaser").context["facets"]
    }
    assert facets["kommune"] == {
        brakel.slug: "Brakel",
        hoexter.slug: "Höxter",
        kreis.slug: "Kreis Höxter",
    }
    assert facets["handlungsfeld"] == {"infrastruktur": "Infrastruktur", "bildung": "Bildung"}
    assert facets["art"]["projekt"] == "Projekt"
    assert facets["status"][ProjectStatus.PLANNED] == "geplant"
    assert facets["schlagwort"]["breitband"] == "Breitband"


def test_the_total_and_the_pages_follow_the_chosen_facets(client, brakel):
    infrastruktur = HandlungsfeldFactory(name="Infrastruktur", slug="infrastruktur")
    elsewhere = HandlungsfeldFactory()
    templates = {
        TemplateDocumentFactory(
            title=f"Glasfaser-Vorlage {number}", handlungsfeld=infrastruktur
        ).title
        for number in range(RESULTS_PER_PAGE + 1)
    }
    TemplateDocumentFactory(title="Glasfaser-Vorlage anderswo", handlungsfeld=elsewhere)
    ProjectPageFactory(parent=brakel, title="Glasfaser-Projekt", handlungsfeld=infrastruktur)
    for filters, found in [
        ({"handlungsfeld": "infrastruktur"}, templates | {"Glasfaser-Projekt"}),
        ({"handlungsfeld": "infrastruktur", "art": "vorlage"}, templates),
    ]:
        first = results(client, "Glasfaser", **filters)
        second = results(client, "Glasfaser", seite=2, **filters)
        assert first.context["total"] == heading_total(first) == len(found), filters
        assert first.context["results"].paginator.num_pages == 2, filters
        assert len(titles(first)) == RESULTS_PER_PAGE, filters
        assert len(titles(second)) == len(found) - RESULTS_PER_PAGE, filters
        assert set(titles(first)) | set(titles(second)) == found, filters
        # A page past the last shows the last.
        assert titles(results(client, "Glasfaser", seite=3, **filters)) == titles(second)


def test_a_project_belongs_to_its_lead_and_partners_not_to_the_interested(brakel, hoexter, kreis):
    project = ProjectPageFactory(
        parent=brakel,
        partners=[(hoexter, PartnerRole.INVOLVED), (kreis, PartnerRole.INTERESTED)],
    )
    entry = SearchEntry.objects.get(title=project.title)
    assert set(entry.organisations.values_list("organisation", flat=True)) == {
        brakel.pk,
        hoexter.pk,
    }
    assert entry.organisation_label == "Brakel, Höxter"


def test_entries_follow_a_renamed_organisation_and_other_saves_leave_them_alone(brakel, hoexter):
    project = ProjectPageFactory(parent=brakel, partners=[(hoexter, PartnerRole.INVOLVED)])
    indexed = SearchEntry.objects.get(title=project.title)
    hoexter.save_revision().publish()
    assert SearchEntry.objects.get(pk=indexed.pk).indexed_at == indexed.indexed_at
    hoexter.title = "Höxter (Kreisstadt)"
    hoexter.save_revision().publish()
    assert SearchEntry.objects.get(pk=indexed.pk).organisation_label == (
        "Brakel, Höxter (Kreisstadt)"
    )


SECRET_WORDS = ["Quastenflosser", "Pfeilschwanzkrebs", "Axolotl", "Nacktmull"]


def test_visitors_never_find_members_only_content(client, secrets):
    for word in SECRET_WORDS:
        response = results(client, word)
        assert titles(response) == []
        assert response.context["total"] == 0
        suggestions = client.get("/suche/vorschlaege/", {"q": word, "format": "json"}).json()
        assert suggestions["suggestions"] == []
        page = client.get("/suche/vorschlaege/", {"q": word}).content.decode()
        assert f"{word}</a>" not in page
    # Facets never reveal them either: not as a tag, not as a count.
    everything = results(client, "Geheimprojekt Netz Hanna Maria")
    assert everything.context["total"] == 0
    assert client.get("/tags/quastenflosser-schlagwort/").status_code == 404
    wide = results(client, "Brakel")
    for facet in wide.context["facets"]:
        assert all("Quastenflosser" not in value.label for value in facet["values"])


def test_titles_only_members_may_see_are_never_suggested_to_visitors(client, secrets, people):
    """Suggestions search titles only: each token here is in a title, so a leak would show."""
    thread = forum.start_thread(
        category=ForumCategoryFactory(),
        author=people["member"],
        title="Erfahrungen mit Seegurken-Firewalls",
        body="Wer hat so etwas im Einsatz?",
    )
    secret_titles = {
        "Seegurk": (thread.title, reverse("network:thread", args=[thread.pk])),
        "Quastenfl": ("Geheimprojekt Quastenflosser", None),
        "Nacktm": ("Maria Nacktmull", None),
    }

    def suggestion_links(typed):
        page = client.get("/suche/vorschlaege/", {"q": typed})
        return {text(link): link["href"] for link in soup(page).select("main li a")}

    for typed, (title, url) in secret_titles.items():
        assert suggested_titles(client, typed) == [], typed
        assert title not in suggestion_links(typed), typed
        if url:
            assert url not in client.get("/suche/vorschlaege/", {"q": typed}).content.decode()
    response = results(client, "Seegurken")
    assert titles(response) == [] and response.context["total"] == 0
    assert "Firewalls" not in response.content.decode()
    # What members are suggested: the same checks find the titles when they are there.
    client.force_login(people["member"])
    for typed, (title, url) in secret_titles.items():
        assert suggested_titles(client, typed) == [title], typed
        assert title in suggestion_links(typed), typed
        if url:
            assert suggestion_links(typed)[title] == url
    assert titles(results(client, "Seegurken")) == [thread.title]
    # Hidden contacts are suggested to nobody.
    assert suggested_titles(client, "Axolo") == []


def test_visitors_facet_counts_leave_out_what_only_members_may_find(
    client, brakel, hoexter, kreis, people
):
    public = [
        ProjectPageFactory(
            parent=brakel,
            title="Glasfaser für Gewerbegebiete",
            status=ProjectStatus.PLANNED,
            tags=["Breitband"],
        ),
        ProjectPageFactory(
            parent=hoexter, title="Glasfaser an Schulen", status=ProjectStatus.IN_PROGRESS
        ),
    ]
    members_only = ProjectPageFactory(
        parent=kreis,
        title="Glasfaser-Geheimplan",
        status=ProjectStatus.PAUSED,
        partners=[(brakel, PartnerRole.INVOLVED)],
        visibility=Visibility.MEMBERS,
        tags=["Breitband", "Glasfaser-Intern"],
    )
    thread = forum.start_thread(
        category=ForumCategoryFactory(),
        author=people["member"],
        title="Glasfaser-Frage",
        body="Wer hat schon ausgebaut?",
        tags=["Breitband"],
    )

    def facts(project):
        organisations = [
            partner.organisation
            for partner in project.partners.all()
            if partner.role != PartnerRole.INTERESTED
        ]
        return planted(
            project.title,
            Kind.PROJECT,
            [project.get_parent(), *organisations],
            project.handlungsfeld,
            project.status,
            project.tags.names(),
        )

    visible = [facts(project) for project in public]
    everything = [
        *visible,
        facts(members_only),
        planted(thread.title, Kind.FORUM, tags=["Breitband"]),
    ]
    choices = [
        {},
        {"art": "projekt"},
        {"schlagwort": "breitband"},
        # What only members have: a visitor who asks for it finds nothing and sees no count.
        {"status": ProjectStatus.PAUSED},
        {"schlagwort": "glasfaser-intern"},
        {"art": "forum"},
        {"kommune": kreis.slug},
    ]
    for user, entries in [(None, visible), (people["member"], everything)]:
        if user:
            client.force_login(user)
        for filters in choices:
            response = results(client, "Glasfaser", **filters)
            counts, found = expected(entries, filters)
            assert facet_counts(response) == counts, (user, filters)
            assert set(titles(response)) == found, (user, filters)
            assert heading_total(response) == len(found), (user, filters)


def test_members_find_members_content_but_never_hidden_contacts(client, secrets, people):
    client.force_login(people["member"])
    assert titles(results(client, "Quastenflosser")) == ["Geheimprojekt Quastenflosser"]
    assert titles(results(client, "Pfeilschwanzkrebs")) == ["Frage zum Netz"]
    assert titles(results(client, "Nacktmull")) == ["Maria Nacktmull"]
    assert titles(results(client, "Axolotl")) == []
    assert client.get("/tags/quastenflosser-schlagwort/").status_code == 200


def test_withdrawn_consent_and_deleted_accounts_leave_the_index_at_once(client, brakel):
    contact = ContactPersonFactory(name="Olga Oktopus", organisation=brakel)
    assert titles(results(client, "Oktopus")) == ["Olga Oktopus"]
    contact.record_consent(Visibility.HIDDEN)
    contact.save()
    assert titles(results(client, "Oktopus")) == []

    user = UserFactory(first_name="Paul", last_name="Pottwal", organisation=brakel)
    ContactPersonFactory(name="Paul Pottwal", organisation=brakel, user=user)
    assert titles(results(client, "Pottwal")) == ["Paul Pottwal"]
    erase_personal_data(user)
    assert titles(results(client, "Pottwal")) == []
    assert not SearchEntry.objects.filter(title__contains="Pottwal").exists()


def test_unpublished_pages_and_hidden_posts_leave_the_index(client, schools, people):
    schools["wlan"].unpublish()
    assert "WLAN an allen Schulen" not in titles(results(client, "WLAN"))
    thread = forum.start_thread(
        category=ForumCategoryFactory(),
        author=people["member"],
        title="Router",
        body="Der Beitrag über Zitteraale.",
    )
    client.force_login(people["member"])
    assert titles(results(client, "Zitteraal")) == ["Router"]
    forum.set_hidden(thread.posts.get(), True, people["coordinator"])
    assert titles(results(client, "Zitteraal")) == []


def test_a_long_threads_entry_holds_its_first_posts_however_it_is_written(
    client, people, monkeypatch
):
    monkeypatch.setattr(search_entries, "INDEXED_POSTS", 2)
    thread = forum.start_thread(
        category=ForumCategoryFactory(),
        author=people["member"],
        title="Router",
        body="Der Beitrag über Zitteraale.",
    )
    forum.add_post(thread, people["member"], "Dann kamen Pottwale.")
    forum.add_post(thread, people["member"], "Zuletzt Seegurken.")
    client.force_login(people["member"])
    for written_by in ("a reply", "a rebuild"):
        assert titles(results(client, "Pottwal")) == ["Router"], written_by
        assert titles(results(client, "Seegurke")) == [], written_by
        call_command("rebuild_search", verbosity=0)


def test_a_threads_entry_is_dated_by_its_last_post(people):
    thread = forum.start_thread(
        category=ForumCategoryFactory(),
        author=people["member"],
        title="Router",
        body="Der Beitrag über Zitteraale.",
    )
    Thread.objects.filter(pk=thread.pk).update(last_post_at=timezone.now() - timedelta(days=3))
    thread.refresh_from_db()
    reply = forum.add_post(thread, people["member"], "Dann kamen Pottwale.")
    thread.refresh_from_db()
    assert thread.last_post_at == reply.created_at
    assert SearchEntry.objects.get(title="Router").date == reply.created_at


def test_empty_results_suggest_a_spelling_tags_and_the_glossary(client, schools):
    glossary = GlossaryPage.objects.get()
    GlossaryTermFactory(term="WLAN-Ausleuchtung", definition="Wie weit das Funknetz reicht.")
    response = results(client, "Schhulen")
    content = response.content.decode()
    assert response.context["suggestion"] == "schulen"
    assert 'href="?q=schulen"' in content
    assert "/tags/wlan/" in content
    response = results(client, "Ausleuchtung Mondlandung")
    assert [hint.title for hint in response.context["glossary_hints"]] == ["WLAN-Ausleuchtung"]
    assert f"{glossary.url}#wlan-ausleuchtung" in response.content.decode()
    GlossaryTermFactory(term="Mondlandung", definition="Ein Vorhaben von 1969.")
    response = results(client, "Ausleuchtung Mondlandung")
    hints = {hint.title for hint in response.context["glossary_hints"]}
    assert hints == {"WLAN-Ausleuchtung", "Mondlandung"}


def test_suggestions_while_typing_as_json_and_as_page(client, schools):
    data = client.get("/suche/vorschlaege/", {"q": "Tabl", "format": "json"}).json()
    assert data["suggestions"] == [
        {"title": "Tablets für die Grundschule", "url": schools["tablets"].url, "kind": "Projekt"}
    ]
    page = client.get("/suche/vorschlaege/", {"q": "Tabl"}).content.decode()
    assert f'href="{schools["tablets"].url}"' in page
    assert client.get("/suche/vorschlaege/", {"q": "x"}).status_code == 200


def test_tag_pages_list_everything_with_the_tag(client, schools, brakel):
    TemplateDocumentFactory(title="Ausleuchtungsplan").tags.add("WLAN")
    response = client.get("/tags/wlan/")
    assert response.status_code == 200
    assert {entry.title for entry in response.context["response"].page} == {
        "WLAN an allen Schulen",
        "Ausleuchtungsplan",
    }
    assert client.get("/tags/gibt-es-nicht/").status_code == 404


def test_coordinators_see_what_people_search_and_do_not_find(client, schools, people):
    results(client, "Schulen")
    results(client, "schulen")
    results(client, "Drohnenabwehr")
    assert SearchQuery.objects.get(query="schulen").count == 2
    assert client.get("/suche/auswertung/").status_code == 302
    client.force_login(people["member"])
    assert client.get("/suche/auswertung/").status_code == 403
    client.force_login(people["coordinator"])
    response = client.get("/suche/auswertung/")
    assert response.context["top_queries"][0] == {"query": "schulen", "total": 2}
    assert response.context["unanswered_queries"] == [{"query": "drohnenabwehr", "total": 1}]


def test_bad_input_never_breaks_the_search(client, schools):
    for query in ['"', "*", "AND OR NOT", "title_stems:x", "a" * 300, "\x00", "ü–ß"]:
        assert client.get("/suche/", {"q": query}).status_code == 200
        assert client.get("/suche/vorschlaege/", {"q": query, "format": "json"}).status_code == 200
    assert (
        client.get("/suche/", {"q": "Schule", "seite": "abc", "art": "'; DROP"}).status_code == 200
    )


def test_rebuild_search_writes_every_entry_and_removes_stale_ones(schools):
    SearchEntry.objects.filter(title="WLAN an allen Schulen").delete()
    stale = SearchEntry.objects.get(title="Tablets für die Grundschule")
    stale.pk = None
    stale.object_id = 999999
    stale.save()
    call_command("rebuild_search", verbosity=0)
    assert SearchEntry.objects.filter(title="WLAN an allen Schulen").count() == 1
    assert not SearchEntry.objects.filter(object_id=999999).exists()
    call_command("rebuild_search", art="foerderaufruf", verbosity=0)
    assert SearchEntry.objects.filter(kind="foerderaufruf").count() == 1


# Relevance: what makes the right results come first (the demo-wide check is
# tests/portal/test_search_relevance.py).


def test_questions_search_for_their_topic_not_their_stop_words(client, schools):
    assert query_terms("Wer hat schon ein DMS?") == ["dms"]
    assert query_terms("Gibt es eine Vorlage fuer mobiles Arbeiten?") == [
        "vorlag",
        "mobil",
        "arbeit",
    ]
    # A query of stop words alone is searched as it is, rather than for everything.
    assert query_terms("Was ist das") == ["was", "ist", "das"]
    assert titles(results(client, "Wer hat schon eine Dienstanweisung?")) == [
        "Dienstanweisung mobiles Arbeiten"
    ]


def test_stop_words_are_not_indexed_and_compounds_are_indexed_joined_too():
    assert stems("Die Akte für das Amt") == "akt amt"
    assert stems("Digital-Lotsen für die E-Akte") == "digital lots e akt digitallots eakt"


def test_hyphenated_and_joined_compounds_find_each_other(client, brakel):
    ProjectPageFactory(parent=brakel, title="Digital-Lotsen für Ältere")
    BestPracticePageFactory(title="Die eAkte im Bürgerbüro")
    assert titles(results(client, "Digitallotsen")) == ["Digital-Lotsen für Ältere"]
    assert titles(results(client, "Digital-Lotsen")) == ["Digital-Lotsen für Ältere"]
    assert titles(results(client, "eAkte")) == ["Die eAkte im Bürgerbüro"]


def test_long_queries_find_what_matches_most_of_their_words_first(client, brakel, hoexter):
    ProjectPageFactory(parent=brakel, title="Tablets für Schulen", summary="Neue Geräte.")
    ProjectPageFactory(
        parent=hoexter, title="Tablets und WLAN für Schulen", summary="Geräte und Netz."
    )
    # Three words: one may be missing, but what has all three comes first.
    assert titles(results(client, "Tablets Schulen WLAN")) == [
        "Tablets und WLAN für Schulen",
        "Tablets für Schulen",
    ]
    # Two words: both must match.
    assert titles(results(client, "Tablets Zauberstab")) == []
    assert required_terms(1) == 1 and required_terms(2) == 2
    assert required_terms(3) == 2 and required_terms(4) == 3 and required_terms(6) == 4


def test_a_title_the_query_describes_comes_before_longer_ones(client, schools):
    long_text = " ".join(["Die Einführung braucht Zeit und einen guten Aktenplan."] * 40)
    BestPracticePageFactory(title="Eine E-Akte einführen", summary=long_text)
    BestPracticePageFactory(
        title="Checkliste Einführung der E-Akte in einem Fachbereich", summary="Kurz."
    )
    assert titles(results(client, "e-akte einführen")) == [
        "Eine E-Akte einführen",
        "Checkliste Einführung der E-Akte in einem Fachbereich",
    ]


def test_short_words_match_whole_words_and_long_ones_the_ends_of_titles(client, brakel):
    ProjectPageFactory(parent=brakel, title="Eine App für die Stadt")
    ProjectPageFactory(parent=brakel, title="Appell an die Bürgerschaft")
    ProjectPageFactory(parent=brakel, title="Starkregen-Gefahrenkarte")
    TemplateDocumentFactory(title="Passwortrichtlinie")
    assert titles(results(client, "App")) == ["Eine App für die Stadt"]
    assert titles(results(client, "Karte")) == ["Starkregen-Gefahrenkarte"]
    assert titles(results(client, "Passwort Richtlinie")) == ["Passwortrichtlinie"]
    assert "<mark>App</mark>" in results(client, "App").content.decode()


def test_what_people_call_each_kind_of_content_finds_it(client, schools, brakel):
    ContactPersonFactory(name="Paula Pfiffig", organisation=brakel)
    assert titles(results(client, "Vorlage Dienstanweisung")) == [
        "Dienstanweisung mobiles Arbeiten"
    ]
    assert titles(results(client, "Förderprogramm Lernorte")) == ["Förderung digitaler Lernorte"]
    # A contact is found by the name of the organisation, which the card shows.
    assert titles(results(client, "Ansprechpartnerin Brakel")) == ["Paula Pfiffig"]


def test_templates_are_found_by_description_category_and_organisation(client, hoexter):
    TemplateDocumentFactory(
        title="Notfallkarte",
        description="Erste Schritte bei einem Sicherheitsvorfall.",
        category=TemplateCategory.CHECKLISTE,
        organisation=hoexter,
    )
    for query in ["Sicherheitsvorfall", "Checkliste Notfall", "Notfallkarte Höxter"]:
        assert titles(results(client, query)) == ["Notfallkarte"], query


def test_reading_paths_are_found_by_their_introduction(client, db):
    knowledge_index = KnowledgeIndexPage.objects.get()
    knowledge_index.add_child(
        instance=ReadingPathPage(
            title="Einstieg", intro="<p>Für neue Digitalisierungsbeauftragte.</p>"
        )
    )
    assert titles(results(client, "Digitalisierungsbeauftragte Einstieg")) == ["Einstieg"]


def test_the_glossarys_names_of_a_thing_find_each_other(client, brakel):
    GlossaryTermFactory(
        term="DMS",
        long_form="Dokumentenmanagementsystem",
        spellings="Dokumentenmanagementsysteme, elektronische Ablage",
    )
    ProjectPageFactory(parent=brakel, title="Ein Dokumentenmanagementsystem für alle")
    ProjectPageFactory(parent=brakel, title="DMS-Schulung")
    assert glossary_names()["dms"] == ["dokumentenmanagementsystem"]
    assert "elektron" not in glossary_names()  # a name of two words is no alternative
    response = results(client, "Wer hat ein DMS?")
    assert set(titles(response)) >= {"Ein Dokumentenmanagementsystem für alle", "DMS-Schulung"}
    assert "<mark>Dokumentenmanagementsystem</mark>" in response.content.decode()
    assert "DMS-Schulung" in titles(results(client, "Dokumentenmanagementsysteme"))


def test_unknown_compounds_are_split_and_typos_in_long_words_forgiven(client, brakel):
    ProjectPageFactory(parent=brakel, title="Tablets für Ratsmitglieder")
    ProjectPageFactory(parent=brakel, title="Ein Dokumentenmanagementsystem für alle")
    assert titles(results(client, "Ratstablet")) == ["Tablets für Ratsmitglieder"]
    assert titles(results(client, "Dokumentenmanagment")) == [
        "Ein Dokumentenmanagementsystem für alle"
    ]
    # Short words are left alone: the page offers another spelling instead.
    assert titles(results(client, "Tabelts")) == []


def test_query_repairs_ask_only_what_the_user_may_see(brakel, people):
    ProjectPageFactory(
        parent=brakel, title="Quastenflosser im Teich", visibility=Visibility.MEMBERS
    )
    ProjectPageFactory(parent=brakel, title="Bericht des Jahres")
    visitor, member = visible_entries(AnonymousUser()), visible_entries(people["member"])
    assert repaired("quastenflosserbericht", visitor) == [("quastenflosserbericht",)]
    assert repaired("quastenflosserbericht", member) == [
        ("quastenflosser", "quastenfloss"),
        ("bericht",),
    ]
    assert repaired("quastenflossr", visitor) == [("quastenflossr",)]
    assert repaired("quastenflossr", member) == [("quastenfloss",)]


def test_a_restricted_section_leaves_the_index_with_its_projects(client, brakel):
    ProjectPageFactory(parent=brakel, title="Projekt im Sperrbezirk")
    assert titles(results(client, "Sperrbezirk")) == ["Projekt im Sperrbezirk"]
    restriction = PageViewRestriction.objects.create(
        page=brakel, restriction_type=PageViewRestriction.LOGIN
    )
    assert titles(results(client, "Sperrbezirk")) == []
    restriction.delete()
    assert titles(results(client, "Sperrbezirk")) == ["Projekt im Sperrbezirk"]
