import factory
import wagtail_factories

from projects.models import (
    ProjectOzgLeistung,
    ProjectPage,
    ProjectPartner,
    ProjectStatus,
    StatusUpdate,
    StrategyMeasure,
)
from tests.factories.kb import HandlungsfeldFactory


class ProjectPageFactory(wagtail_factories.PageFactory):
    """A published project below its lead organisation (pass `parent`).

    `partners` takes (organisation, role) pairs besides the lead, `ozg` (leistung, reifegrad)
    pairs, `tags` names, `measures` StrategyMeasures.
    """

    title = factory.Sequence(lambda n: f"Projekt {n}")
    summary = "Ein Vorhaben, das die Verwaltung digitaler macht."
    status = ProjectStatus.PLANNED
    progress = 10
    handlungsfeld = factory.SubFactory(HandlungsfeldFactory)

    class Meta:
        model = ProjectPage
        skip_postgeneration_save = True

    @factory.post_generation
    def partners(project, create, extracted, **kwargs):
        for organisation, role in extracted or []:
            project.partners.add(ProjectPartner(organisation=organisation, role=role))

    @factory.post_generation
    def ozg(project, create, extracted, **kwargs):
        for leistung, reifegrad in extracted or []:
            project.ozg_leistungen.add(ProjectOzgLeistung(leistung=leistung, reifegrad=reifegrad))

    @factory.post_generation
    def tags(project, create, extracted, **kwargs):
        if extracted:
            project.tags.add(*extracted)

    @factory.post_generation
    def measures(project, create, extracted, **kwargs):
        if extracted:
            project.measures.set(extracted)

    @factory.post_generation
    def saved(project, create, extracted, **kwargs):
        # Saved once more with the child relations; the lead joins the partners there.
        if create:
            project.save()


class StrategyMeasureFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"{n // 10 + 1}.{n % 10 + 1}")
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    handlungsfeld = factory.SubFactory(HandlungsfeldFactory)

    class Meta:
        model = StrategyMeasure


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    project = factory.SubFactory(ProjectPageFactory)
    organisation = factory.LazyAttribute(lambda update: update.project.lead_organisation)
    text = factory.Sequence(lambda n: f"Meldung {n}: Es geht voran.")

    class Meta:
        model = StatusUpdate
