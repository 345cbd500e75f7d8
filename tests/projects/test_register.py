"""The register at /projekte/: filters, counts, exports and the feed, against generated data."""

import csv
import io
import itertools
import random
import re
from datetime import UTC, date, datetime
from html import unescape

import openpyxl
import pytest
from django.db import transaction
from taggit.models import Tag

from network.models import Visibility
from projects.models import PartnerRole, ProjectPage, ProjectStatus
from tests.factories.kb import HandlungsfeldFactory
from tests.factories.network import (
    KreisPageFactory,
    OrganisationPageFactory,
    OzgLeistungFactory,
    UserFactory,
)
from tests.factories.projects import ProjectPageFactory

pytestmark = pytest.mark.django_db

REGISTER = "/projekte/"
TITLE = re.compile(r'<h3 class="kern-title"><a class="kern-link" href="[^"]+">([^<]+)</a>')
WORDS = ["Akte", "Portal", "Schule", "Karte"]
# Few values each, so that the orders meet ties and must break them as the register says.
START_DATES = [None, date(2023, 1, 1), date(2024, 6, 1), date(2025, 3, 1)]
CONFIRMED = [datetime(2025, month, 1, tzinfo=UTC) for month in (2, 5, 9)]


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """Sixty projects with seeded random attributes, and what the filters and orders should
    make of them: built once for the module (the tests only read them), rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate(random.Random(6))
        transaction.set_rollback(True)


def generate(rng):
    kreis = KreisPageFactory(title="Kreis Höxter", ags="05762")
    organisations = [
        OrganisationPageFactory(title=name, parent_kreis=kreis)
        for name in ("Brakel", "Höxter", "Warburg", "Nieheim")
    ]
    fields = [HandlungsfeldFactory(name=name) for name in ("Verwaltung", "Bildung", "Geodaten")]
    leistungen = [OzgLeistungFactory() for _ in range(3)]
    tag_names = ["DMS", "Open Source", "WLAN", "Schulung"]
    projects = []
    for number in range(60):
        lead, *others = rng.sample(organisations, k=rng.randint(1, 3))
        partners = [(other, rng.choice(list(PartnerRole)[1:])) for other in others]
        spec = {
            "title": f"{rng.choice(WORDS)} Nummer {number:02d}",
            "status": rng.choice(list(ProjectStatus)),
            "lead": lead,
            "partners": partners,
            "handlungsfeld": rng.choice(fields),
            "tags": rng.sample(tag_names, k=rng.randint(0, 2)),
            "ozg": rng.sample(leistungen, k=rng.randint(0, 2)),
            "visibility": Visibility.MEMBERS if number % 7 == 0 else Visibility.PUBLIC,
            "progress": rng.choice([0, 25, 50, 75, 100]),
            "start_date": rng.choice(START_DATES),
            "confirmed": rng.choice(CONFIRMED),
        }
        project = ProjectPageFactory(
            parent=lead,
            title=spec["title"],
            status=spec["status"],
            progress=spec["progress"],
            start_date=spec["start_date"],
            handlungsfeld=spec["handlungsfeld"],
            tags=spec["tags"],
            ozg=[(leistung, 2) for leistung in spec["ozg"]],
            partners=partners,
            visibility=spec["visibility"],
        )
        # The confirmation is no field of the page: a status update or "Noch aktuell" sets it.
        ProjectPage.objects.filter(pk=project.pk).update(last_confirmed_at=spec["confirmed"])
        spec["pk"] = project.pk
        projects.append(spec)
    return {"projects": projects, "organisations": organisations, "fields": fields,
            "leistungen": leistungen}  # fmt: skip


def expected_specs(generated, member=False, **filters):
    """The projects the filters should leave, computed from the generation spec."""
    specs = []
    for spec in generated["projects"]:
        if spec["visibility"] == Visibility.MEMBERS and not member:
            continue
        participants = {spec["lead"]} | {
            organisation for organisation, role in spec["partners"]
            if role == PartnerRole.INVOLVED
        }  # fmt: skip
        if "status" in filters and spec["status"] != filters["status"]:
            continue
        if "kommune" in filters and filters["kommune"] not in participants:
            continue
        if "thema" in filters and spec["handlungsfeld"] != filters["thema"]:
            continue
        if "tag" in filters and filters["tag"] not in spec["tags"]:
            continue
        if "ozg" in filters and filters["ozg"] not in spec["ozg"]:
            continue
        # Every word of the query, in any of the searched fields (the summary has none of them).
        if "q" in filters and any(
            word not in spec["title"].lower() for word in filters["q"].lower().split()
        ):
            continue
        specs.append(spec)
    return specs


def expected_titles(generated, member=False, **filters):
    """The titles the filters should leave, A to Z."""
    return sorted(spec["title"] for spec in expected_specs(generated, member, **filters))


# Each of the register's orders, as a sort key of a generation spec (the database's ties broken
# as the register breaks them).
ORDER_KEYS = {
    "aktualisiert": lambda spec: (-spec["confirmed"].timestamp(), -spec["pk"]),
    "titel": lambda spec: (spec["title"], spec["pk"]),
    "fortschritt": lambda spec: (-spec["progress"], spec["title"], spec["pk"]),
    "beginn": lambda spec: (
        spec["start_date"] is None,
        -spec["start_date"].toordinal() if spec["start_date"] else 0,
        spec["title"],
        spec["pk"],
    ),
}


def query_of(filters):
    """The register's query string for the filters (objects become their URL values)."""
    values = {
        "status": lambda value: value,
        "kommune": lambda organisation: organisation.slug,
        "thema": lambda field: field.slug,
        "tag": lambda name: Tag.objects.get(name=name).slug,
        "ozg": lambda leistung: leistung.ozg_id,
        "q": lambda word: word,
    }
    return {name: values[name](value) for name, value in filters.items()}


def register_titles(client, query, order="titel"):
    """Every title the register lists for the query, page by page, in the order (None: the
    register's default)."""
    if order is not None:
        query = {**query, "sortierung": order}
    titles = []
    for page in itertools.count(1):
        response = client.get(REGISTER, {**query, "seite": page})
        assert response.status_code == 200
        titles += [unescape(title) for title in TITLE.findall(response.content.decode())]
        if "Nächste Seite" not in response.content.decode():
            return titles


def filter_combinations(generated):
    rng = random.Random(7)
    choices = {
        "status": list(ProjectStatus),
        "kommune": generated["organisations"],
        "thema": generated["fields"],
        "tag": ["DMS", "Open Source", "WLAN", "Schulung"],
        "ozg": generated["leistungen"],
        "q": ["akte", "Portal", "nummer 1"],
    }
    combinations = [{}] + [{name: values[0]} for name, values in choices.items()]
    for _ in range(30):
        names = rng.sample(sorted(choices), k=rng.randint(2, 4))
        combinations.append({name: rng.choice(choices[name]) for name in names})
    return combinations


def test_filters_combine_as_computed_for_visitors_and_members(client, generated):
    for filters in filter_combinations(generated):
        assert register_titles(client, query_of(filters)) == expected_titles(
            generated, **filters
        ), filters
    client.force_login(UserFactory())
    for filters in filter_combinations(generated)[:10]:
        assert register_titles(client, query_of(filters)) == expected_titles(
            generated, member=True, **filters
        ), filters


@pytest.mark.parametrize("order", [*ORDER_KEYS, pytest.param(None, id="default")])
def test_each_order_sorts_the_register_as_computed(client, generated, order):
    key = ORDER_KEYS[order or "aktualisiert"]  # without a choice, the latest confirmed first
    visible = expected_specs(generated)
    expected = [spec["title"] for spec in sorted(visible, key=key)]
    assert register_titles(client, {}, order) == expected
    filters = {"thema": generated["fields"][1]}
    expected = [spec["title"] for spec in sorted(expected_specs(generated, **filters), key=key)]
    assert register_titles(client, query_of(filters), order) == expected


def test_the_select_lists_count_what_the_other_filters_leave(client, generated):
    brakel = generated["organisations"][0]
    response = client.get(REGISTER, {"kommune": brakel.slug, "status": ProjectStatus.IDEA})
    form = response.context["filter_form"]
    status_options = dict(form.fields["status"].widget.choices)
    for status in ProjectStatus:
        count = len(expected_titles(generated, kommune=brakel, status=status))
        assert status_options[status.value] == f"{status.label} ({count})"
    kommune_options = dict(form.fields["kommune"].widget.choices)
    for organisation in generated["organisations"]:
        count = len(expected_titles(generated, kommune=organisation, status=ProjectStatus.IDEA))
        if count:
            assert kommune_options[organisation.slug] == f"{organisation.title} ({count})"
        else:
            assert organisation.slug not in kommune_options or organisation == brakel


def test_status_and_topic_count_under_each_others_choice(client, generated):
    topic = generated["fields"][0]
    chosen = ProjectStatus.IN_PROGRESS
    response = client.get(REGISTER, {"thema": topic.slug, "status": chosen})
    form = response.context["filter_form"]
    status_options = dict(form.fields["status"].widget.choices)
    for status in ProjectStatus:
        count = len(expected_titles(generated, thema=topic, status=status))
        assert status_options[status.value] == f"{status.label} ({count})"
    topic_options = dict(form.fields["thema"].widget.choices)
    for field in generated["fields"]:
        count = len(expected_titles(generated, thema=field, status=chosen))
        if count:
            assert topic_options[field.slug] == f"{field.name} ({count})"
        else:
            assert field.slug not in topic_options or field == topic
    assert response.context_data["projects"].paginator.count == len(
        expected_titles(generated, thema=topic, status=chosen)
    )


def test_unknown_filter_values_get_a_german_message_and_the_rest_still_filters(client, generated):
    response = client.get(REGISTER, {"kommune": "atlantis", "status": ProjectStatus.IDEA})
    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()
    titles = [unescape(t) for t in TITLE.findall(response.content.decode())]
    assert set(titles) <= set(expected_titles(generated, status=ProjectStatus.IDEA))


def export_filters(generated, case):
    """The filters of each export case; each leaves a few projects of the generated sixty."""
    brakel, hoexter, *_others = generated["organisations"]
    administration = generated["fields"][0]
    return {
        "one filter": {"thema": administration},
        "combined filters": {
            "kommune": hoexter,
            "thema": administration,
            "q": "karte",
            "tag": "Open Source",
        },
        "a member's": {"kommune": brakel, "thema": administration, "q": "akte"},
    }[case]


@pytest.mark.parametrize("case", ["one filter", "combined filters", "a member's"])
def test_the_exports_equal_the_filtered_register(client, generated, case):
    filters = export_filters(generated, case)
    member = case == "a member's"
    if member:
        client.force_login(UserFactory())
    query = {**query_of(filters), "sortierung": "titel"}
    titles = register_titles(client, query_of(filters))
    assert titles == expected_titles(generated, member=member, **filters)
    if member:
        # The case is only worth its name if the member sees more than a visitor would.
        assert set(titles) > set(expected_titles(generated, **filters))
    else:
        assert len(titles) >= 2

    response = client.get(REGISTER + "export.csv", query)
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:5] == ["Kennung", "Titel", "Kurzbeschreibung", "Federführend", "Beteiligt"]
    assert [row[1] for row in rows[1:]] == titles

    response = client.get(REGISTER + "export.xlsx", query)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == titles
