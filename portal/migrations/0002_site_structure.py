"""The page tree of the URL contract: home, the four sections and the three legal pages.

Created here rather than by the demo so that every installation, and every test database, has the
paths that users, scripts and tests rely on. The legal pages are drafts for the operator to complete.
"""

import uuid

from django.db import migrations
from django.utils import timezone

HOME_PATH = "00010001"

SECTIONS = [
    (
        "network", "organisationindexpage", "Kommunen", "kommunen",
        {"intro": "<p>Der Kreis und seine Städte und Gemeinden mit ihren Stammdaten aus dem "
                  "Gemeindeverzeichnis des Statistischen Bundesamts.</p>"},
    ),
    (
        "projects", "projectindexpage", "Projekte", "projekte",
        {"intro": "<p>Die Digitalisierungsprojekte aller Kommunen im Netzwerk mit ihrem Stand.</p>"},
    ),
    (
        "kb", "knowledgeindexpage", "Wissen", "wissen",
        {"intro": "<p>Praxisbeispiele, Leitfäden, Vorlagen und Begriffe rund um die kommunale "
                  "Digitalisierung.</p>"},
    ),
    (
        "kb", "fundingcallindexpage", "Förderung", "foerderung",
        {"intro": "<p>Förderaufrufe für kommunale Digitalisierungsvorhaben und ihre Fristen.</p>"},
    ),
]


def paragraphs(*texts):
    return [{"type": "paragraph", "value": f"<p>{text}</p>", "id": str(uuid.uuid4())} for text in texts]


def heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}, "id": str(uuid.uuid4())}


LEGAL_PAGES = [
    (
        "Impressum", "impressum",
        [heading("Angaben gemäß § 5 DDG")]
        + paragraphs(
            "[Name der betreibenden Stelle, z. B. Kreis Höxter – Stabsstelle Digitalisierung]<br>"
            "[Straße und Hausnummer]<br>[Postleitzahl und Ort]",
            "Vertreten durch: [Landrat oder Landrätin, Bürgermeister oder Bürgermeisterin]",
        )
        + [heading("Kontakt")]
        + paragraphs("Telefon: [Telefonnummer]<br>E-Mail: [E-Mail-Adresse]")
        + [heading("Verantwortlich für den Inhalt")]
        + paragraphs(
            "Für die Projekte und Beiträge der beteiligten Kommunen sind die jeweiligen "
            "Kommunen verantwortlich. Redaktionell verantwortlich für die übrigen Inhalte: "
            "[Name, Anschrift]."
        ),
    ),
    (
        "Datenschutz", "datenschutz",
        [heading("Verantwortliche Stelle")]
        + paragraphs(
            "Verantwortlich für die Verarbeitung personenbezogener Daten auf dieser Plattform ist "
            "[Name und Anschrift der betreibenden Stelle]. Die behördliche Datenschutzbeauftragte "
            "oder den behördlichen Datenschutzbeauftragten erreichen Sie unter [Kontakt]."
        )
        + [heading("Welche Daten wir verarbeiten")]
        + paragraphs(
            "Beim Aufruf der Seiten verarbeitet der Server technisch notwendige Daten "
            "(IP-Adresse, Zeitpunkt, aufgerufene Adresse) für höchstens sieben Tage, um den Betrieb "
            "und die Sicherheit zu gewährleisten (Art. 6 Abs. 1 lit. e DSGVO).",
            "Für ein Benutzerkonto speichern wir Name, E-Mail-Adresse, Organisation und Funktion. "
            "Angaben als Ansprechperson werden nur mit Ihrer Einwilligung veröffentlicht; "
            "Sie können sie jederzeit widerrufen (Art. 6 Abs. 1 lit. a DSGVO).",
            "Die Plattform setzt nur technisch notwendige Cookies (Sitzung, Schutz vor "
            "Formularmissbrauch). Es gibt keine Analyse- oder Werbedienste.",
        )
        + [heading("Ihre Rechte")]
        + paragraphs(
            "Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der "
            "Verarbeitung, Datenübertragbarkeit und Widerspruch sowie das Recht auf Beschwerde bei "
            "der zuständigen Aufsichtsbehörde, in Nordrhein-Westfalen der Landesbeauftragten für "
            "Datenschutz und Informationsfreiheit."
        ),
    ),
    (
        "Erklärung zur Barrierefreiheit", "barrierefreiheit",
        paragraphs(
            "[Name der betreibenden Stelle] ist bemüht, diese Plattform im Einklang mit dem "
            "Behindertengleichstellungsrecht barrierefrei zugänglich zu machen. Maßstab sind die "
            "Web Content Accessibility Guidelines (WCAG) 2.1 auf Stufe AA und die BITV 2.0."
        )
        + [heading("Stand der Vereinbarkeit")]
        + paragraphs(
            "Die Seiten werden bei jeder Änderung automatisch auf Barrierefreiheit geprüft. "
            "Hochgeladene Dokumente der Kommunen sind möglicherweise nicht vollständig "
            "barrierefrei.",
        )
        + [heading("Barrieren melden")]
        + paragraphs(
            "Wenn Ihnen Barrieren auffallen, schreiben Sie uns bitte an [E-Mail-Adresse]. "
            "Wir antworten innerhalb von sechs Wochen.",
            "Erhalten Sie keine zufriedenstellende Antwort, können Sie sich an die "
            "Ombudsstelle für barrierefreie Informationstechnik des Landes wenden: [Kontakt].",
        ),
    ),
]


def create_site_structure(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("portal.HomePage")

    # Wagtail's initial "Welcome" page makes room for ours.
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore").delete()
    locale = Locale.objects.order_by("pk").first()
    now = timezone.now()

    def content_type(app_label, model):
        return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]

    def common(title, slug, path, depth, url_path):
        return {
            "title": title, "draft_title": title, "slug": slug, "path": path, "depth": depth,
            "url_path": url_path, "locale": locale, "live": True, "first_published_at": now,
            "last_published_at": now,
        }

    children = [(app, model, title, slug, fields) for app, model, title, slug, fields in SECTIONS]
    children += [("portal", "legalpage", title, slug, {"body": body}) for title, slug, body in LEGAL_PAGES]

    home = HomePage.objects.create(
        content_type=content_type("portal", "homepage"),
        numchild=len(children),
        intro="<p>Die Plattform des Digitalisierungsnetzwerks: Projekte, Praxiswissen, "
              "Fördermittel und Ansprechpersonen der Kommunen an einem Ort.</p>",
        **common("Digitalnetz", "home", HOME_PATH, 2, "/home/"),
    )
    for position, (app_label, model, title, slug, fields) in enumerate(children, start=1):
        apps.get_model(app_label, model).objects.create(
            content_type=content_type(app_label, model),
            numchild=0,
            show_in_menus=app_label != "portal",
            **common(title, slug, f"{HOME_PATH}{position:04d}", 3, f"/home/{slug}/"),
            **fields,
        )
    Page.objects.filter(depth=1).update(numchild=1)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Digitalnetz"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("network", "0002_organisations_and_ozg"),
        ("projects", "0001_initial"),
        ("kb", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_site_structure, migrations.RunPython.noop)]
