"""The site search: German matching, every kind of content, facets, permissions, help."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from kb.models import GlossaryPage, KnowledgeIndexPage, ReadingPathPage, TemplateCategory
from network import forum
from network.models import Visibility
from network.personal_data import erase_personal_data
from portal.models import SearchEntry, SearchQuery
from portal.search.engine import query_terms, required_terms, visible_entries
from portal.search.expansion import glossary_names, repaired
from portal.search.german import stems
from projects.models import PartnerRole
from tests.factories.kb import (
    BestPracticePageFactory,
    GlossaryTermFactory,
    TemplateDocumentFactory,
)
from tests.factories.network import ContactPersonFactory, ForumCategoryFactory, UserFactory
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


def test_results_carry_type_organisation_and_status(client, schools):
    content = results(client, "WLAN").content.decode()
    assert "Projekt" in content
    assert "Brakel" in content
    assert "in Umsetzung" in content
    assert "<mark>WLAN</mark>" in content


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
