from datetime import timedelta

import factory
import wagtail_factories

from kb.models import (
    ApplicantGroup,
    DeadlineLabel,
    FundingCallIndexPage,
    FundingCallPage,
    FundingDeadline,
    FundingLevel,
    Handlungsfeld,
    today,
)


class HandlungsfeldFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    slug = factory.Sequence(lambda n: f"handlungsfeld-{n}")

    class Meta:
        model = Handlungsfeld


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
