"""`manage.py generate_scale_data`: the sizes asked for, consistent data, the same data per seed."""

from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Max

from kb.models import BestPracticePage, FundingCallPage
from network.models import ContactPerson, OrganisationPage, Post, Thread, User
from portal.models import Kind, SearchEntry
from portal.scale.community import SCALE_EMAIL_DOMAIN
from projects.models import ProjectPage, ProjectTag, StatusUpdate

SIZES = {
    "projects": 600,
    "status_updates": 1500,
    "members": 120,
    "contacts": 80,
    "best_practices": 30,
    "funding_calls": 12,
    "threads": 40,
    "posts": 400,
}


def generate(seed=1, **sizes):
    call_command("generate_scale_data", seed=seed, kreis="05762", verbosity=0, **{**SIZES, **sizes})


def fingerprint():
    """What was generated, by content (ids differ between runs)."""
    return {
        "projects": list(
            ProjectPage.objects.order_by("path").values_list(
                "title", "lead_organisation__title", "status", "progress", "budget"
            )
        ),
        "updates": sorted(Counter(StatusUpdate.objects.values_list("project__title", "text"))),
        "members": list(
            User.objects.filter(email__endswith=SCALE_EMAIL_DOMAIN)
            .order_by("username")
            .values_list("first_name", "last_name", "organisation__title")
        ),
        "threads": list(
            Thread.objects.order_by("title", "post_count").values_list("title", "post_count")
        ),
    }


@pytest.fixture
def demo_counts(demo_network):
    return {
        "projects": ProjectPage.objects.count(),
        "status_updates": StatusUpdate.objects.count(),
        "contacts": ContactPerson.objects.count(),
        "best_practices": BestPracticePage.objects.count(),
        "funding_calls": FundingCallPage.objects.count(),
        "threads": Thread.objects.count(),
        "posts": Post.objects.count(),
    }


def test_generates_the_sizes_asked_for_with_consistent_data(demo_counts):
    generate()

    totals = {
        "projects": ProjectPage.objects.count(),
        "contacts": ContactPerson.objects.count(),
        "best_practices": BestPracticePage.objects.count(),
        "funding_calls": FundingCallPage.objects.count(),
        "threads": Thread.objects.count(),
        "posts": Post.objects.count(),
    }
    for name, count in totals.items():
        assert count - demo_counts[name] == SIZES[name], name
    # The given number, plus what lengthens one timeline to 200.
    assert StatusUpdate.objects.count() - demo_counts["status_updates"] >= SIZES["status_updates"]
    assert User.objects.filter(email__endswith=SCALE_EMAIL_DOMAIN).count() == SIZES["members"]
    assert ProjectPage.objects.annotate(n=Count("status_updates")).filter(n=200).exists()
    # The forum's stored counts and dates agree with the posts.
    for thread in Thread.objects.annotate(
        posts_counted=Count("posts"), last=Max("posts__created_at")
    ):
        assert (thread.post_count, thread.last_post_at) == (thread.posts_counted, thread.last)
    # Bigger towns run more projects; a few tags are everywhere, most are rare.
    towns = OrganisationPage.objects.exclude(population=None).annotate(
        projects=Count("led_projects")
    )
    biggest, smallest = towns.order_by("-population")[0], towns.order_by("population")[0]
    assert biggest.projects > 1.5 * smallest.projects
    uses = Counter(ProjectTag.objects.values_list("tag__name", flat=True)).most_common()
    assert uses[0][1] > 10 * uses[-1][1]
    assert len(uses) > 100
    # Everything can be found.
    assert (
        SearchEntry.objects.filter(kind=Kind.PROJECT).count()
        == ProjectPage.objects.public().count()
    )


def test_the_same_seed_gives_the_same_data(demo_network):
    runs = []
    for _run in range(2):
        with transaction.atomic():
            generate(seed=7, projects=100, status_updates=300, threads=20, posts=100)
            runs.append(fingerprint())
            transaction.set_rollback(True)
    assert all(runs[0].values())
    assert runs[0] == runs[1]


def test_refuses_a_second_run_and_bad_sizes(demo_network):
    generate(projects=5, status_updates=0, members=3, threads=2, posts=2)
    with pytest.raises(CommandError, match="schon erzeugte Daten"):
        generate()
    with pytest.raises(CommandError, match="nicht negativ"):
        generate(projects=-1)
    with pytest.raises(CommandError, match="--posts ≥ --threads"):
        generate(threads=5, posts=4)
