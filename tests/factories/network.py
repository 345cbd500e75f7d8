import factory
import wagtail_factories

from network.models import OrganisationIndexPage, OrganisationKind, OrganisationPage


class OrganisationPageFactory(wagtail_factories.PageFactory):
    """A town below the directory page that the migrations create."""

    title = factory.Sequence(lambda n: f"Musterstadt {n}")
    official_name = factory.LazyAttribute(lambda page: f"{page.title}, Stadt")
    kind = OrganisationKind.STADT
    ags = factory.Sequence(lambda n: f"{99000000 + n:08d}")
    population = 12345
    parent = factory.LazyFunction(OrganisationIndexPage.objects.get)

    class Meta:
        model = OrganisationPage


class KreisPageFactory(OrganisationPageFactory):
    title = factory.Sequence(lambda n: f"Kreis Muster {n}")
    official_name = factory.LazyAttribute(lambda page: page.title.removeprefix("Kreis "))
    kind = OrganisationKind.KREIS
    ags = factory.Sequence(lambda n: f"{90000 + n:05d}")
    population = None
