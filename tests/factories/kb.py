from datetime import timedelta

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils.text import slugify

from kb.models import (
    ApplicantGroup,
    BestPracticePage,
    DeadlineLabel,
    FundingCallIndexPage,
    FundingCallPage,
    FundingDeadline,
    FundingLevel,
    GlossaryTerm,
    GuidePage,
    Handlungsfeld,
    KnowledgeIndexPage,
    TemplateDocument,
    today,
)
from network import permissions


class HandlungsfeldFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    slug = factory.Sequence(lambda n: f"handlungsfeld-{n}")

    class Meta:
        model = Handlungsfeld


class BestPracticePageFactory(wagtail_factories.PageFactory):
    """A best practice below /wissen/, which the migrations create."""

    title = factory.Sequence(lambda n: f"Praxisbeispiel {n}")
    summary = "Eine Stadt hat etwas ausprobiert, das anderen hilft."
    handlungsfeld = factory.SubFactory(HandlungsfeldFactory)
    situation = "<p>Vorher war alles auf Papier.</p>"
    solution = "<p>Jetzt läuft es digital.</p>"
    result = "<p>Die Bearbeitung dauert halb so lang.</p>"
    transferability = "<p>Gut übertragbar.</p>"
    parent = factory.LazyFunction(KnowledgeIndexPage.objects.get)

    class Meta:
        model = BestPracticePage
        skip_postgeneration_save = True

    @factory.post_generation
    def organisations(page, create, extracted, **kwargs):
        if extracted:
            page.organisations.set(extracted)
            page.save_revision().publish()


class GuidePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Leitfaden {n}")
    summary = "Wie man es macht."
    handlungsfeld = factory.SubFactory(HandlungsfeldFactory)
    chapters = [
        ("chapter", {"title": "Erste Schritte", "body": "<p>Anfangen.</p>"}),
        ("chapter", {"title": "Ausschreibung & Vergabe", "body": "<p>Vergeben.</p>"}),
    ]
    parent = factory.LazyFunction(KnowledgeIndexPage.objects.get)

    class Meta:
        model = GuidePage


class TemplateDocumentFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Vorlage {n}")
    file = factory.LazyAttribute(
        lambda document: ContentFile(b"Dienstanweisung\n", name=f"{document.title}.txt")
    )
    # As Wagtail's upload form records it.
    file_size = factory.LazyAttribute(lambda document: document.file.size)
    collection = factory.LazyFunction(
        lambda: permissions.collection(permissions.TEMPLATE_COLLECTION)
    )

    class Meta:
        model = TemplateDocument


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    """A term with a short definition; its slug follows from the term."""

    term = factory.Sequence(lambda n: f"Begriff {n}")
    slug = factory.LazyAttribute(lambda term: slugify(term.term))
    definition = factory.LazyAttribute(lambda term: f"Was {term.term} bedeutet, in einem Satz.")

    class Meta:
        model = GlossaryTerm


class ApplicantGroupFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Antragsteller {n}")
    slug = factory.Sequence(lambda n: f"antragsteller-{n}")

    class Meta:
        model = ApplicantGroup


class FundingCallPageFactory(wagtail_factories.PageFactory):
    """A published call of the Land below /foerderung/.

    `deadlines` takes days from today, one Antrag deadline each (default: one in 60 days), or
    (label, days) pairs; `handlungsfelder` and `applicant_groups` take lists of objects (default
    for who may apply: Kommune).
    """

    title = factory.Sequence(lambda n: f"Förderaufruf {n}")
    programme = "Digitale Kommune"
    funder = "Ministerium für Digitales"
    level = FundingLevel.LAND
    summary = "Gefördert werden digitale Dienste der Kommunen."
    link = "https://foerderung.example/aufruf"
    funding_rate = 80
    max_amount = 250000
    parent = factory.LazyFunction(FundingCallIndexPage.objects.get)

    class Meta:
        model = FundingCallPage
        skip_postgeneration_save = True

    @factory.post_generation
    def deadlines(call, create, extracted, **kwargs):
        entries = [60] if extracted is None else extracted
        call.deadlines = [
            FundingDeadline(label=label, date=today() + timedelta(days=days))
            for label, days in (
                entry if isinstance(entry, tuple) else (DeadlineLabel.ANTRAG, entry)
                for entry in entries
            )
        ]

    @factory.post_generation
    def handlungsfelder(call, create, extracted, **kwargs):
        call.handlungsfelder = extracted or []

    @factory.post_generation
    def applicant_groups(call, create, extracted, **kwargs):
        call.applicant_groups = extracted or [
            ApplicantGroup.objects.get_or_create(slug="kommune", defaults={"name": "Kommune"})[0]
        ]
        # Saved once more, with the deadlines: that sets next_deadline.
        if create:
            call.save()
