"""The demo's knowledge base and funding calls."""

from datetime import timedelta
from itertools import zip_longest

from django.core.files import File
from django.utils import timezone

from kb.models import (
    ApplicantGroup,
    BestPracticePage,
    FundingCallIndexPage,
    FundingCallPage,
    FundingDeadline,
    GlossaryTerm,
    GuidePage,
    Handlungsfeld,
    KnowledgeIndexPage,
    ReadingPathPage,
    ReadingPathStep,
    Reuse,
    TemplateDocument,
    TemplateLibraryPage,
)
from kb.models import today as funding_today
from network import permissions
from network.models import (
    ContactPerson,
    OrganisationPage,
    OzgLeistung,
)
from portal.demo import FIXTURES, organisations_by_ags, publish_changes
from portal.models import HomePage


def load_handlungsfelder(handlungsfelder):
    for position, entry in enumerate(handlungsfelder):
        Handlungsfeld.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "name": entry["name"],
                "description": entry["description"],
                "position": position,
            },
        )


def load_glossary(glossary):
    """The terms, by slug, and an introduction to the knowledge base that uses some."""
    pages = {page.slug: page for page in HomePage.objects.get().get_children()}
    for entry in glossary["terms"]:
        GlossaryTerm.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "term": entry["term"],
                "long_form": entry.get("long_form", ""),
                "definition": entry["definition"],
                "explanation": entry.get("explanation", ""),
                "spellings": entry.get("spellings", ""),
                "link_page": pages[entry["link"]] if "link" in entry else None,
            },
        )
    publish_changes(KnowledgeIndexPage.objects.get(), {"intro": glossary["knowledge_base_intro"]})


def load_knowledge(knowledge):
    """Best practices, guides, templates and the reading path; existing pages (by slug) stay."""
    index = KnowledgeIndexPage.objects.get()
    handlungsfelder = {field.slug: field for field in Handlungsfeld.objects.all()}
    existing = set(index.get_children().values_list("slug", flat=True))
    organisations = organisations_by_ags(
        [ags for entry in knowledge["best_practices"] for ags in entry["organisations"]]
        + [entry["organisation"] for entry in knowledge["templates"]]
    )
    contacts = {contact.name: contact for contact in ContactPerson.objects.all()}
    for entry in knowledge["best_practices"]:
        if entry["slug"] not in existing:
            load_best_practice(index, entry, handlungsfelder, organisations, contacts)
    for entry in knowledge["guides"]:
        if entry["slug"] not in existing:
            guide = GuidePage(
                title=entry["title"],
                slug=entry["slug"],
                summary=entry["summary"],
                handlungsfeld=handlungsfelder[entry["handlungsfeld"]],
                chapters=[("chapter", chapter) for chapter in entry["chapters"]],
            )
            guide.tags.set(entry["tags"])
            index.add_child(instance=guide)
    if "vorlagen" not in existing:
        index.add_child(
            instance=TemplateLibraryPage(
                title="Vorlagen",
                slug="vorlagen",
                intro="<p>Vorlagen aus den Kommunen des Netzwerks zum Anpassen.</p>",
            )
        )
    load_templates(knowledge["templates"], handlungsfelder, organisations)
    if "einstieg" not in existing:
        load_reading_path(index, knowledge["reading_path"])


def load_best_practice(index, entry, handlungsfelder, organisations, contacts):
    page = BestPracticePage(
        title=entry["title"],
        slug=entry["slug"],
        summary=entry["summary"],
        handlungsfeld=handlungsfelder[entry["handlungsfeld"]],
        situation=entry["situation"],
        solution=entry["solution"],
        result=entry["result"],
        effort=entry.get("effort", ""),
        cost=entry.get("cost"),
        transferability=entry["transferability"],
        suits_from=entry["suits_from"],
        suits_to=entry["suits_to"],
    )
    page.organisations.set([organisations[ags] for ags in entry["organisations"]])
    page.ozg_leistungen.set(OzgLeistung.objects.filter(ozg_id__in=entry.get("ozg_ids", [])))
    page.contact_people.set([contacts[name] for name in entry.get("contacts", [])])
    page.tags.set(entry["tags"])
    index.add_child(instance=page)
    today = timezone.localdate()
    for ags, days_ago in entry.get("reused_by", []):
        Reuse.objects.create(
            best_practice=page,
            organisation=OrganisationPage.objects.get(ags=ags),
            since=today - timedelta(days=days_ago),
        )


def load_templates(templates, handlungsfelder, organisations):
    existing = set(TemplateDocument.objects.values_list("title", flat=True))
    for entry in templates:
        if entry["title"] in existing:
            continue
        path = FIXTURES / "demo" / "vorlagen" / entry["file"]
        document = TemplateDocument(
            title=entry["title"],
            category=entry["category"],
            description=entry["description"],
            organisation=organisations[entry["organisation"]],
            handlungsfeld=handlungsfelder[entry["handlungsfeld"]],
            file=File(path.open("rb"), name=entry["file"]),
            # Recorded as Wagtail's upload form does; else the first page to list the document
            # would write it.
            file_size=path.stat().st_size,
            collection=permissions.collection(permissions.TEMPLATE_COLLECTION),
        )
        document.save()
        document.tags.set(entry["tags"])


def load_reading_path(index, reading_path):
    path = ReadingPathPage(
        title=reading_path["title"], slug="einstieg", intro=reading_path["intro"]
    )
    steps = {page.slug: page for page in index.get_children()}
    for entry in reading_path["steps"]:
        # A step may point to a page a later version of the demo adds; it waits until then.
        if entry["page"] in steps:
            path.steps.add(ReadingPathStep(page=steps[entry["page"]], note=entry["note"]))
    index.add_child(instance=path)


def load_funding(funding):
    """Applicant groups and published funding calls with deadlines around today.

    A call is matched by its slug and published again only when something differs; its
    deadlines keep their keys, so reminders already sent are not sent again.
    """
    for position, entry in enumerate(funding["applicant_groups"]):
        ApplicantGroup.objects.update_or_create(
            slug=entry["slug"], defaults={"name": entry["name"], "position": position}
        )
    groups = {group.slug: group for group in ApplicantGroup.objects.all()}
    handlungsfelder = {field.slug: field for field in Handlungsfeld.objects.all()}
    index = FundingCallIndexPage.objects.get()
    calls = {call.slug: call for call in FundingCallPage.objects.child_of(index)}
    today = funding_today()
    for entry in funding["calls"]:
        call = calls.get(entry["slug"]) or FundingCallPage(slug=entry["slug"])
        values = {
            "title": entry["title"],
            "draft_title": entry["title"],
            "programme": entry["programme"],
            "funder": entry["funder"],
            "level": entry["level"],
            "summary": entry["summary"],
            "description": entry["description"],
            "opens_on": today + timedelta(days=entry["opens_in_days"])
            if "opens_in_days" in entry
            else None,
            "funding_rate": entry["funding_rate"],
            "funding_rate_note": entry.get("funding_rate_note", ""),
            "max_amount": entry["max_amount"],
            "link": entry["link"],
            "contact_name": entry["contact_name"],
            "contact_email": entry["contact_email"],
            "contact_phone": entry["contact_phone"],
        }
        deadlines = sorted(
            (
                (deadline["label"], today + timedelta(days=deadline["days_from_today"]))
                for deadline in entry["deadlines"]
            ),
            key=lambda deadline: deadline[1],
        )
        if (
            call.pk is not None
            and all(getattr(call, name) == value for name, value in values.items())
            and [(deadline.label, deadline.date) for deadline in call.deadlines_by_date]
            == deadlines
            and {field.slug for field in call.handlungsfelder.all()}
            == set(entry["handlungsfelder"])
            and {group.slug for group in call.applicant_groups.all()}
            == set(entry["applicant_groups"])
        ):
            continue
        for name, value in values.items():
            setattr(call, name, value)
        keys = [deadline.pk for deadline in call.deadlines_by_date] if call.pk else []
        call.deadlines = [
            FundingDeadline(pk=key, label=label, date=date)
            for (label, date), key in zip_longest(deadlines, keys[: len(deadlines)])
        ]
        call.handlungsfelder = [handlungsfelder[slug] for slug in entry["handlungsfelder"]]
        call.applicant_groups = [groups[slug] for slug in entry["applicant_groups"]]
        if call.pk is None:
            index.add_child(instance=call)
        call.save_revision(log_action=True).publish()
