"""Building the search index in bulk: as many queries for many objects as for a few."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.search.entries import GlossaryTermSource
from tests.factories.kb import GlossaryTermFactory


def queries(function, *args):
    with CaptureQueriesContext(connection) as captured:
        function(*args)
    return len(captured)


def test_glossary_terms_are_described_with_one_look_up_of_the_glossary(db):
    source = GlossaryTermSource()
    terms = GlossaryTermFactory.create_batch(6)
    source.describe(terms[:1])  # the site's root paths, once cached
    assert queries(source.describe, terms) == queries(source.describe, terms[:1])
