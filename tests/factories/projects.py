from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.rich_text import RichText

from network.models import Visibility
from projects import updates
from projects.models import (
    PartnerRole,
    ProjectIndexPage,
    ProjectOzgLeistung,
    ProjectPage,
    ProjectPartner,
    ProjectStatus,
    Reifegrad,
    StatusUpdate,
    StrategyMeasure,
    StrategyPage,
)
from tests.factories.kb import FundingCallPageFactory, HandlungsfeldFactory
from tests.factories.network import ContactPersonFactory, OzgLeistungFactory


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


def filled_register(lead, partner, reporter):
    """A register that shows every part of the project templates, for the page checks.

    The lead's project has every field filled in, a partner, two OZG services, funding, a
    contact, a strategy measure and two status updates posted by `reporter`; the partner leads
    a similar project and a members-only one; the strategy page has a measure without projects.
    Returns the project, the similar project and the strategy page.
    """
    topic = HandlungsfeldFactory(name="Verwaltung digital", slug="verwaltung-digital")
    building = OzgLeistungFactory(ozg_id="99001", name="Baugenehmigung")
    parking = OzgLeistungFactory(ozg_id="99002", name="Bewohnerparkausweis")
    measure = StrategyMeasureFactory(
        code="1.1",
        title="Elektronische Akte in allen Kommunen",
        description="Jede Kommune führt bis 2027 die E-Akte ein.",
        handlungsfeld=topic,
        target_year=2027,
    )
    StrategyMeasureFactory(code="1.2", title="Digitale Sitzungen", handlungsfeld=topic)
    project = ProjectPageFactory(
        parent=lead,
        title="Einführung E-Akte",
        slug="e-akte",
        summary="Die Stadtverwaltung arbeitet papierlos, von der Post bis zum Archiv.",
        status=ProjectStatus.PLANNED,
        progress=20,
        start_date="2024-03-01",
        end_date="2026-06-30",
        handlungsfeld=topic,
        reusable=True,
        product="enaio",
        vendor="OPTIMAL SYSTEMS",
        repository_url="https://gitlab.opencode.de/brakel/e-akte-vorlagen",
        budget=120000,
        lessons_learned="<p>Früh mit dem <b>Personalrat</b> sprechen.</p>",
        partners=[(partner, PartnerRole.INVOLVED)],
        ozg=[(building, Reifegrad.FORM), (parking, Reifegrad.ONCE_ONLY)],
        tags=["E-Akte", "DMS"],
        measures=[measure],
    )
    project.description = [("paragraph", RichText("<p>Erst das Bauamt, dann alle.</p>"))]
    project.contact_people.set([ContactPersonFactory(organisation=lead)])
    project.funding.create(funding_call=FundingCallPageFactory(), amount=90000, year=2025)
    project.save_revision().publish()
    updates.post_status_update(project, reporter, "Das Bauamt arbeitet mit der E-Akte.\nWeiter.")
    updates.post_status_update(
        project, reporter, "Es geht los.", status=ProjectStatus.IN_PROGRESS, progress=40
    )
    similar = ProjectPageFactory(
        parent=partner,
        title="Digitale Bauakte",
        slug="bauakte",
        handlungsfeld=topic,
        ozg=[(building, Reifegrad.INFORMATION)],
        tags=["DMS"],
    )
    ProjectPageFactory(
        parent=partner,
        title="Interne Telefonanlage",
        slug="telefonie",
        visibility=Visibility.MEMBERS,
        handlungsfeld=topic,
    )
    strategy = ProjectIndexPage.objects.get().add_child(
        instance=StrategyPage(
            title="Digitalisierungsstrategie",
            slug="strategie",
            intro="<p>Beschlossen vom <i>Kreistag</i>.</p>",
            adopted_on="2024-09-12",
        )
    )
    return {"project": project, "similar": similar, "strategy": strategy}


def overlapping_projects(first, second):
    """Two organisations doing the same thing in separate projects, for the dashboard checks.

    Both work on the Massenverfahren "Kfz-Zulassung" (first at Reifegrad 3, second at 1), in
    the Handlungsfeld "Mobilität"; the first's project is in operation, the second's an idea
    that nobody confirmed for 120 days (stale). Returns both projects and the service.
    """
    mobility = HandlungsfeldFactory(name="Mobilität", slug="mobilitaet")
    registration = OzgLeistungFactory(ozg_id="99100", name="Kfz-Zulassung", mass_procedure=True)
    running = ProjectPageFactory(
        parent=first,
        title="Online-Zulassung",
        slug="online-zulassung",
        status=ProjectStatus.IN_OPERATION,
        progress=100,
        handlungsfeld=mobility,
        ozg=[(registration, Reifegrad.ONLINE)],
    )
    stale = ProjectPageFactory(
        parent=second,
        title="Zulassung digital",
        slug="zulassung-digital",
        status=ProjectStatus.IDEA,
        progress=0,
        handlungsfeld=mobility,
        ozg=[(registration, Reifegrad.INFORMATION)],
    )
    ProjectPage.objects.filter(pk=stale.pk).update(
        last_confirmed_at=timezone.now() - timedelta(days=120)
    )
    return {"running": running, "stale": stale, "leistung": registration}
