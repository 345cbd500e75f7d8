"""Which addresses the bench measures, picked by queries from whatever data the database holds.

Each page type is measured at its most demanding instance the data offers (the organisation with
the most projects, the project with the most status updates, the longest forum thread), so a
figure speaks for the whole type.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Q
from django.urls import reverse

from kb.models import BestPracticePage, Handlungsfeld
from network.models import OrganisationPage, Thread
from portal.models import SearchEntry
from projects.models import ProjectIndexPage, ProjectPage, ProjectStatus

# Issue 9's targets: queries for every page type, p95 server time per page type.
MAX_QUERIES = 15
DEEP_REGISTER_PAGE = 500
# Logins that generate_scale_data and load_demo both create.
MEMBER = "mitglied"
COORDINATOR = "koordination"


@dataclass(frozen=True)
class BenchPage:
    """One address to measure, as whom, and the p95 server time it must stay under."""

    key: str
    label: str
    url: str
    user: str | None = None
    budget_ms: float | None = None
    max_queries: int | None = MAX_QUERIES


TRIVIAL = BenchPage(
    "trivial", "trivial view (no database, no template)", "/bench/trivial/", max_queries=None
)


def pick_pages():
    """Every page type of issue 9, addressed at the data in the database."""
    visible = ProjectPage.objects.visible_to(AnonymousUser())
    register = "/projekte/"
    last_page = max(1, math.ceil(visible.count() / ProjectIndexPage.page_size))
    deep_page = min(DEEP_REGISTER_PAGE, last_page)
    common_term, rare_term = search_terms()
    project = (
        visible.annotate(update_count=Count("status_updates"))
        .order_by("-update_count", "pk")
        .first()
    )
    return [
        BenchPage("home", "home", "/", budget_ms=20),
        BenchPage("organisations", "organisation list", "/kommunen/"),
        BenchPage(
            "organisation",
            "organisation page (most projects)",
            OrganisationPage.objects.live()
            .public()
            .annotate(project_count=Count("led_projects"))
            .order_by("-project_count", "pk")
            .first()
            .url,
            budget_ms=15,
        ),
        BenchPage("register", "register, page 1", register, budget_ms=20),
        BenchPage(
            "register_deep",
            f"register, deep page {deep_page}",
            f"{register}?{urlencode({'seite': deep_page})}",
            budget_ms=20,
        ),
        BenchPage(
            "register_filtered",
            "register, filtered by status and topic",
            f"{register}?{urlencode(register_filter())}",
            budget_ms=20,
        ),
        BenchPage(
            "project",
            f"project page ({project.update_count} status updates)",
            project.url,
            budget_ms=15,
        ),
        BenchPage(
            "best_practice",
            "best-practice page",
            BestPracticePage.objects.live()
            .public()
            # The newest, as /wissen/ shows first; the same page on every database engine.
            .order_by(F("first_published_at").desc(nulls_last=True), "pk")
            .first()
            .url,
            budget_ms=15,
        ),
        BenchPage("funding", "funding index", "/foerderung/"),
        BenchPage(
            "thread",
            "forum thread (most posts), as member",
            reverse(
                "network:thread", args=[Thread.objects.order_by("-post_count", "pk").first().pk]
            ),
            user=MEMBER,
            budget_ms=15,
        ),
        BenchPage(
            "search_common",
            f"search, common term „{common_term}“",
            f"{reverse('search')}?{urlencode({'q': common_term})}",
            budget_ms=50,
        ),
        BenchPage(
            "search_rare",
            f"search, rare term „{rare_term}“",
            f"{reverse('search')}?{urlencode({'q': rare_term})}",
            budget_ms=50,
        ),
        BenchPage(
            "dashboard",
            "coordination dashboard, as coordinator",
            reverse("coordination:dashboard"),
            user=COORDINATOR,
            budget_ms=100,
        ),
    ]


def register_filter():
    """Projects in progress in the topic with the most projects: a filter people use."""
    topic = (
        Handlungsfeld.objects.annotate(project_count=Count("projects"))
        .order_by("-project_count", "pk")
        .values_list("slug", flat=True)
        .first()
    )
    return {"status": ProjectStatus.IN_PROGRESS, "thema": topic}


def search_terms():
    """The most frequent word of the public entries' titles, and one that finds next to nothing.

    The rare term is a word of a single title; of the first few such words, the one that also
    occurs in the fewest texts.
    """
    titles = (
        SearchEntry.objects.filter(audience="public").order_by("pk").values_list("title", flat=True)
    )
    words = Counter(
        word
        for title in titles.iterator()
        for word in set(re.findall(r"[^\W\d_]{6,}", title.lower()))
    )
    common = words.most_common(1)[0][0]
    once = sorted(word for word, count in words.items() if count == 1)[:10] or [common]
    rare = min(
        once,
        key=lambda word: SearchEntry.objects.filter(
            Q(title__icontains=word) | Q(text__icontains=word)
        ).count(),
    )
    return common, rare
