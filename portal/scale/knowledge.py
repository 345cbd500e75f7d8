"""Best practices and funding calls of a generated network, in bulk."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from kb.models import (
    ApplicantGroup,
    BestPracticePage,
    BestPracticeTag,
    DeadlineLabel,
    FundingCallIndexPage,
    FundingCallPage,
    FundingDeadline,
    FundingLevel,
    Handlungsfeld,
    KnowledgeIndexPage,
    PopulationClass,
)
from kb.models.funding import today
from network.bulk import CHUNK_SIZE, PageAppender, insert_links, insert_rows, update_statistics
from portal.scale.words import OBJECTS, paragraph, sentence

PROGRAMMES = [
    ("Digitale Kommune", "Ministerium für Digitales", FundingLevel.LAND),
    ("Smart Cities made in Germany", "Bundesministerium für Wohnen", FundingLevel.BUND),
    ("DigitalPakt Schule", "Bundesministerium für Bildung", FundingLevel.BUND),
    ("Gigabitförderung", "Bundesministerium für Digitales und Verkehr", FundingLevel.BUND),
    ("LEADER", "Lokale Aktionsgruppe", FundingLevel.EU),
    ("Heimat-Scheck", "Bezirksregierung", FundingLevel.LAND),
    ("Ehrenamt digital", "Stiftung für Engagement", FundingLevel.STIFTUNG),
]


def create_best_practices(count, organisations, tags, rng, progress):
    """Best practices below the knowledge base, each from one to three organisations."""
    index = KnowledgeIndexPage.objects.get()
    handlungsfeld_ids = list(Handlungsfeld.objects.values_list("pk", flat=True))
    appender = PageAppender(BestPracticePage)
    for start in range(0, count, CHUNK_SIZE):
        size = min(CHUNK_SIZE, count - start)
        leads = organisations.draw(rng, size)
        with transaction.atomic():
            pages = appender.append(
                (index, new_best_practice(rng, lead, handlungsfeld_ids)) for lead in leads
            )
            insert_links(
                BestPracticePage,
                "organisations",
                [
                    (page["id"], organisation.pk)
                    for page, lead in zip(pages, leads, strict=True)
                    for organisation in {lead, *organisations.draw(rng, rng.choice((0, 0, 1, 2)))}
                ],
            )
            insert_rows(
                BestPracticeTag,
                [
                    {"content_object_id": page["id"], "tag_id": tag_id}
                    for page in pages
                    for tag_id in tags.distinct(rng, rng.randint(1, 4))
                ],
            )
        progress(size)
    update_statistics(BestPracticePage, BestPracticePage.organisations.through, BestPracticeTag)


def new_best_practice(rng, lead, handlungsfeld_ids):
    subject = rng.choice(OBJECTS)
    smallest = rng.choice(PopulationClass.values)
    return {
        "title": f"{lead.title}: So gelang {subject}",
        "summary": sentence(rng),
        "handlungsfeld_id": rng.choice(handlungsfeld_ids) if handlungsfeld_ids else None,
        "situation": f"<p>{paragraph(rng)}</p>",
        "solution": f"<p>{paragraph(rng, 4)}</p><p>{paragraph(rng)}</p>",
        "result": f"<p>{paragraph(rng, 2)}</p>",
        "effort": f"{rng.randint(5, 200)} Personentage",
        "cost": Decimal(rng.randrange(1, 500) * 1000) if rng.random() < 0.6 else None,
        "transferability": f"<p>{paragraph(rng, 2)}</p>",
        "suits_from": smallest,
        "suits_to": rng.choice([value for value in PopulationClass.values if value >= smallest]),
    }


def create_funding_calls(count, rng, progress):
    """Funding calls with deadlines from two years ago to a year ahead: open, soon and closed."""
    index = FundingCallIndexPage.objects.get()
    group_ids = list(ApplicantGroup.objects.values_list("pk", flat=True))
    handlungsfeld_ids = list(Handlungsfeld.objects.values_list("pk", flat=True))
    appender = PageAppender(FundingCallPage)
    on_day = today()
    for start in range(0, count, CHUNK_SIZE):
        size = min(CHUNK_SIZE, count - start)
        deadlines = [
            sorted(
                on_day + timedelta(days=rng.randint(-700, 365)) for _ in range(rng.randint(1, 3))
            )
            for _ in range(size)
        ]
        with transaction.atomic():
            calls = appender.append(
                (index, new_funding_call(rng, dates, on_day)) for dates in deadlines
            )
            insert_rows(
                FundingDeadline,
                [
                    {"call_id": call["id"], "label": label, "date": date}
                    for call, dates in zip(calls, deadlines, strict=True)
                    for label, date in zip(deadline_labels(len(dates)), dates, strict=True)
                ],
            )
            insert_links(
                FundingCallPage,
                "applicant_groups",
                [
                    (call["id"], group_id)
                    for call in calls
                    for group_id in rng.sample(group_ids, min(len(group_ids), rng.randint(1, 3)))
                ],
            )
            insert_links(
                FundingCallPage,
                "handlungsfelder",
                [
                    (call["id"], field_id)
                    for call in calls
                    for field_id in rng.sample(
                        handlungsfeld_ids, min(len(handlungsfeld_ids), rng.randint(0, 2))
                    )
                ],
            )
        progress(size)
    update_statistics(
        FundingCallPage,
        FundingDeadline,
        FundingCallPage.applicant_groups.through,
        FundingCallPage.handlungsfelder.through,
    )


def new_funding_call(rng, deadlines, on_day):
    programme, funder, level = rng.choice(PROGRAMMES)
    subject = rng.choice(OBJECTS)
    return {
        "title": f"{programme}: Förderaufruf für {subject}",
        "programme": programme,
        "funder": funder,
        "level": level,
        "summary": sentence(rng),
        "description": f"<p>{paragraph(rng, 4)}</p>",
        "funding_rate": Decimal(rng.choice((50, 60, 70, 80, 90, 100))),
        "max_amount": Decimal(rng.randrange(10, 3000) * 1000),
        "link": "https://foerderung.example/aufruf",
        "contact_name": "Förderlotsin",
        "next_deadline": min((date for date in deadlines if date >= on_day), default=None),
    }


def deadline_labels(count):
    """An outline first where there are several deadlines, then the application, then more."""
    labels = [DeadlineLabel.SKIZZE, DeadlineLabel.ANTRAG] if count > 1 else [DeadlineLabel.ANTRAG]
    return (labels + [DeadlineLabel.ANTRAG] * count)[:count]
