import factory
from django.utils.text import slugify

from kb.models import GlossaryTerm


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    """A term with a short definition; its slug follows from the term."""

    term = factory.Sequence(lambda n: f"Begriff {n}")
    slug = factory.LazyAttribute(lambda term: slugify(term.term))
    definition = factory.LazyAttribute(lambda term: f"Was {term.term} bedeutet, in einem Satz.")

    class Meta:
        model = GlossaryTerm
