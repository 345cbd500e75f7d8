import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils.text import slugify

from kb.models import (
    BestPracticePage,
    GlossaryTerm,
    GuidePage,
    Handlungsfeld,
    KnowledgeIndexPage,
    TemplateDocument,
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
