"""Every page type is valid HTML, checked by the Nu HTML checker (npm vnu-jar, Java)."""

import shutil
import subprocess
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from kb.models import DeadlineLabel, KnowledgeIndexPage, ReadingPathPage, TemplateLibraryPage
from network import forum, permissions
from network.models import FlagReason, Invitation, OrganisationPage
from projects.models import Introduction, PartnerRole
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
    OrganisationPageFactory,
    PendingUserFactory,
    UserFactory,
)
from tests.factories.projects import ProjectPageFactory, filled_register, overlapping_projects

VNU_JAR = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Name of the saved file: (who looks, URL) or (who posts, URL, form data); {event} stands for an
# upcoming event's key, {call} and {closed_call} for the slugs of an open and a closed funding
# call, {project} and {similar} for the paths of Brakel's project and Höxter's similar one.
PAGES = {
    "home": (None, "/"),
    "kommunen": (None, "/kommunen/"),
    "kommunen-fehler": (None, "/kommunen/?kreis=kaputt"),
    "organisation": (None, "/kommunen/brakel/"),
    "kreis": (None, "/kommunen/kreis-hoexter/"),
    "impressum": (None, "/impressum/"),
    "netzwerk": (None, "/netzwerk/"),
    "wissen": (None, "/wissen/"),
    "glossar": (None, "/wissen/glossar/"),
    "suche": (None, "/suche/?q=Brakel"),
    "anmeldung": (None, "/konto/login/"),
    "registrierung": (None, "/konto/signup/"),
    "personen": (None, "/netzwerk/personen/"),
    "termine": (None, "/netzwerk/termine/"),
    "termin": (None, "/netzwerk/termine/{event}/"),
    "foerderung": (None, "/foerderung/"),
    "foerderung-filter-fehler": (None, "/foerderung/?thema=kaputt&status=offen"),
    "foerderung-archiv": (None, "/foerderung/archiv/"),
    "foerderaufruf": (None, "/foerderung/{call}/"),
    "foerderaufruf-geschlossen": (None, "/foerderung/{closed_call}/"),
    "foerderaufruf-mitglied": ("member", "/foerderung/{call}/"),
    "nicht-gefunden": (None, "/gibt-es-nicht/"),
    "freischaltung-wartet": ("pending", "/konto/freischaltung/"),
    "personen-mitglieder": ("coordinator", "/netzwerk/personen/?function=unbekannt"),
    "organisation-mitglieder": ("coordinator", "/kommunen/brakel/"),
    "suche-personen": ("coordinator", "/suche/?q=Brakel"),
    "profil": ("coordinator", "/konto/profil/"),
    "meine-daten": ("coordinator", "/konto/meine-daten/"),
    "freischaltungen": ("coordinator", "/netzwerk/freischaltungen/"),
    "einladungen": ("coordinator", "/netzwerk/einladungen/"),
    "mitglieder": ("coordinator", "/netzwerk/mitglieder/"),
    "keine-berechtigung": ("coordinator", "/admin/pages/1/delete/"),
    "forum": ("coordinator", "/netzwerk/forum/"),
    "forum-kategorie": ("coordinator", "/netzwerk/forum/kategorie/{category}/"),
    "forum-neues-thema": ("coordinator", "/netzwerk/forum/kategorie/{category}/neu/"),
    "forum-thema": ("coordinator", "/netzwerk/forum/thema/{thread}/?zitat={post}"),
    "forum-thema-mitglied": ("member", "/netzwerk/forum/thema/{thread}/"),
    "forum-verlauf": ("coordinator", "/netzwerk/forum/beitrag/{post}/verlauf/"),
    "forum-melden": ("member", "/netzwerk/forum/beitrag/{post}/melden/"),
    "forum-abtrennen": ("coordinator", "/netzwerk/forum/beitrag/{post}/abtrennen/"),
    "forum-moderation": ("coordinator", "/netzwerk/forum/moderation/"),
    "benachrichtigungen": ("member", "/netzwerk/benachrichtigungen/"),
    "benachrichtigungen-einstellungen": ("member", "/konto/benachrichtigungen/"),
    "wissen-leitfaeden": (None, "/wissen/?art=leitfaeden&groesse=kaputt"),
    "praxisbeispiel": ("member", "/wissen/praxis/"),
    "leitfaden": (None, "/wissen/leitfaden/"),
    "einstieg": (None, "/wissen/einstieg/"),
    "vorlagen": (None, "/wissen/vorlagen/"),
    "projekte": (None, "/projekte/"),
    "projekte-filter": (None, "/projekte/?status=in_umsetzung&kommune=brakel&ozg=kaputt"),
    "projekte-leer": (None, "/projekte/?q=Raumfahrt"),
    "projekte-mitglied": ("member", "/projekte/?thema=verwaltung-digital&sortierung=titel"),
    "projekt": (None, "{project}"),
    "projekt-mitglied": ("member", "{project}"),
    "projekt-koordination": ("coordinator", "{similar}"),
    "statusmeldung": ("member", "{project}statusmeldung/"),
    "statusmeldung-fehler": ("member", "{project}statusmeldung/", {"text": "", "progress": "120"}),
    "strategie": (None, "/projekte/strategie/"),
    # The search, after the pages above have searched: the analytics has rows to show.
    "suche-treffer": (None, "/suche/?q=Akte"),
    "suche-filter": (None, "/suche/?q=Akte&art=projekt&kommune=brakel"),
    "suche-filter-leer": (None, "/suche/?q=Akte&art=termin"),
    "suche-leer": (None, "/suche/?q=Akte+Mondlandung"),
    "suche-ohne-begriff": (None, "/suche/"),
    "suchvorschlaege": (None, "/suche/vorschlaege/?q=Einf"),
    "suchvorschlaege-leer": (None, "/suche/vorschlaege/?q=Zzyzx"),
    "schlagwort": (None, "/tags/dms/"),
    "schlagwort-mitglied": ("member", "/tags/dms/?art=projekt"),
    "suchauswertung": ("coordinator", "/suche/auswertung/"),
    "koordination": ("coordinator", "/koordination/"),
    "koordination-abdeckung": ("coordinator", "/koordination/abdeckung/"),
    "koordination-abdeckung-seite-2": ("coordinator", "/koordination/abdeckung/?seite=2"),
    "koordination-ozg": ("coordinator", "/koordination/ozg/"),
    "koordination-ueberschneidungen": ("coordinator", "/koordination/ueberschneidungen/"),
    "koordination-redaktion": ("editor", "/koordination/"),
}
# The pages that answer with an error on purpose.
STATUS_CODES = {"nicht-gefunden": 404, "keine-berechtigung": 403, "statusmeldung-fehler": 400}


def network_people():
    brakel = OrganisationPage.objects.get(ags="05762016")
    coordinator = UserFactory(organisation=brakel)
    permissions.add_to_role(coordinator, permissions.COORDINATORS)
    contact = ContactPersonFactory(organisation=brakel, user=coordinator)
    contact.expertise.set(["E-Akte"])
    contact.save()
    Invitation.objects.create(email="neu@brakel.example", organisation=brakel)
    editor = UserFactory(organisation=brakel)
    permissions.make_editor(editor, brakel)
    return {
        None: None,
        "coordinator": coordinator,
        "editor": editor,
        "member": UserFactory(organisation=brakel),
        "pending": PendingUserFactory(organisation=brakel),
    }


def network_forum(people):
    """A thread about Brakel's page with a reply that solved it, a flag and an edit."""
    category = ForumCategoryFactory()
    thread = forum.start_thread(
        category=category,
        author=people["member"],
        title="Welches DMS?",
        body="Wer hat **Erfahrung**?\n\n- Ausschreibung\n- Einführung",
        about_page=OrganisationPage.objects.get(ags="05762016"),
        tags=["DMS"],
    )
    answer = forum.add_post(thread, people["coordinator"], "> Wer hat Erfahrung?\n\nWir, @x.")
    forum.set_solution(thread, answer, people["member"])
    forum.edit_post(answer, people["coordinator"], "Wir, seit 2021.")
    forum.flag_post(answer, people["member"], FlagReason.OFF_TOPIC, "Bitte prüfen")
    return {"category": category.slug, "thread": thread.pk, "post": answer.pk}


def network_events():
    """An upcoming event with every field filled in, and a past one."""
    kreis = OrganisationPage.objects.get(ags="05762")
    EventFactory(organiser=kreis, starts_at=timezone.now() - timedelta(days=30))
    return EventFactory(organiser=kreis, online_url="https://konferenz.example/treffen")


def knowledge_base():
    brakel = OrganisationPage.objects.get(ags="05762016")
    index = KnowledgeIndexPage.objects.get()
    practice = BestPracticePageFactory(slug="praxis", organisations=[brakel], cost=48000)
    practice.contact_people.set([ContactPersonFactory(organisation=brakel)])
    practice.save_revision().publish()
    GuidePageFactory(slug="leitfaden")
    path = index.add_child(instance=ReadingPathPage(title="Einstieg", slug="einstieg"))
    path.steps.create(page=practice, note="Zuerst.")
    index.add_child(instance=TemplateLibraryPage(title="Vorlagen", slug="vorlagen"))
    TemplateDocumentFactory(organisation=brakel)


def knowledge_base_glossary():
    """Terms with every field filled in, explained in the knowledge base's introduction."""
    projects = KnowledgeIndexPage.objects.get().get_siblings().get(slug="projekte")
    GlossaryTermFactory(
        term="OZG",
        long_form="Onlinezugangsgesetz",
        definition="Verwaltungsleistungen auch online, <bitte> & „bald“.",
        explanation=f'<p>Siehe <a linktype="page" id="{projects.pk}">Projekte</a>.</p>',
        link_page=projects,
    )
    GlossaryTermFactory(term="E-Akte", spellings="elektronische Akte")
    GlossaryTermFactory(term="5G")
    page = KnowledgeIndexPage.objects.get()
    page.intro = (
        "<p>Das <b>OZG</b> und die elektronische Akte, in <i>Listen</i>:</p>"
        "<ul><li>E-Akte und OZG</li></ul><p><a href='/projekte/'>OZG-Projekte</a></p>"
    )
    page.save_revision().publish()


def network_funding():
    """An open call with every field filled in and two deadlines, and a closed one."""
    call = FundingCallPageFactory(
        deadlines=[(DeadlineLabel.SKIZZE, 5), (DeadlineLabel.ANTRAG, 40)],
        handlungsfelder=[HandlungsfeldFactory(), HandlungsfeldFactory()],
        description="<h2>Voraussetzungen</h2><ul><li>Barrierefrei</li></ul>",
        funding_rate_note="90 Prozent für Verbünde",
        contact_name="Referat 21",
        contact_email="referat21@foerderung.example",
        contact_phone="0211 0000-21",
    )
    closed_call = FundingCallPageFactory(deadlines=[-1])
    return {"call": call.slug, "closed_call": closed_call.slug}


def project_register(people):
    """Brakel's project with everything filled in, Höxter's similar one and the strategy.

    Brakel's member writes the status updates; the coordinator (of Brakel) may report on
    Höxter's project too and sees "Wir wollen das auch" there.
    """
    brakel = OrganisationPage.objects.get(ags="05762016")
    hoexter = OrganisationPage.objects.get(ags="05762020")
    register = filled_register(brakel, hoexter, people["member"])
    return {"project": register["project"].url, "similar": register["similar"].url}


def dashboard_overlaps(people):
    """Steinheim and Warburg do the same thing apart (two overlaps, one already introduced),
    Warburg's project is stale; 50 more towns take part in a project, so that the coverage
    matrix has a second page.
    """
    steinheim = OrganisationPage.objects.get(ags="05762032")
    warburg = OrganisationPage.objects.get(ags="05762036")
    overlap = overlapping_projects(steinheim, warburg)
    introduction = Introduction.objects.create(
        subject_type=ContentType.objects.get_for_model(overlap["leistung"]),
        subject_id=overlap["leistung"].pk,
        introduced_by=people["coordinator"],
    )
    introduction.organisations.set([steinheim, warburg])
    ProjectPageFactory(
        parent=steinheim,
        partners=[
            (OrganisationPageFactory(title=f"Musterdorf {number:02d}"), PartnerRole.INVOLVED)
            for number in range(50)
        ],
    )


@pytest.mark.django_db
def test_pages_are_valid_html(client, tmp_path, organisation_index):
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.skip("Java or the Nu HTML checker (npm ci) is missing")
    call_command(
        "import_gemeindeverzeichnis",
        str(settings.BASE_DIR / "fixtures" / "gemeindeverzeichnis_destatis.csv"),
        kreis="05762",
        verbosity=0,
    )
    people = network_people()
    keys = {"event": network_events().pk, **network_forum(people), **network_funding()}
    knowledge_base()
    knowledge_base_glossary()
    keys.update(project_register(people))
    dashboard_overlaps(people)
    files = []
    for name, (role, url, *posted) in PAGES.items():
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        url = url.format(**keys)
        response = client.post(url, posted[0]) if posted else client.get(url)
        # A page that broke would be checked as the valid error page in its place.
        assert response.status_code == STATUS_CODES.get(name, 200), name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "text", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
