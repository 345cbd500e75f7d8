"""In-process measurement: each page through Django's whole request handling, warm, no server.

The bench runner starts it once per database (`python -m bench.measure --out FILE`, with
DATABASE_URL set) and reads the JSON it writes: the pages with their figures, the data sizes, the
versions, and session cookies for the load test's logged-in pages.
"""

import argparse
import cProfile
import json
import os
import platform
import pstats
import re
import sqlite3
import time
import tracemalloc
from collections import Counter
from contextlib import nullcontext
from dataclasses import asdict
from importlib import import_module
from importlib.metadata import version
from pathlib import Path

import django
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from bench.stats import memory_kib, summary

# Timed requests of a page, however slow it is: fewer make no p95.
MIN_REQUESTS = 5
PROFILE_ROWS = 15
OWN_TIME_ROWS = 8
WRAPPER_SHARE = 0.98
REPEATED_QUERIES = 5
# The first request after a change is measured less often: each one computes everything anew.
AFTER_CHANGE_REQUESTS = 5
SLOWEST_QUERIES = 3
SLOWEST_SQL_LENGTH = 400
# Installed packages and the standard library by their module paths.
LIBRARY_PATH = re.compile(r"^.*/lib/python3\.\d+/((site|dist)-packages/)?")
ADDRESS = re.compile(r" at 0x[0-9a-f]+")


class BenchError(Exception):
    """A page did not answer as a visitor would expect; its figures would mean nothing."""


def fetch(client, page):
    response = client.get(page.url)
    if response.status_code != 200:
        raise BenchError(f"{page.url} antwortete mit {response.status_code}")
    return response


def timed(client, page):
    started = time.perf_counter()
    fetch(client, page)
    return time.perf_counter() - started


def has_page_cache():
    return hasattr(settings, "PAGE_CACHE_SECONDS")


def rendering_only():
    """The page cache off, if the project has one: the targets are about rendering a page."""
    return override_settings(PAGE_CACHE_SECONDS=0) if has_page_cache() else nullcontext()


def repeat(action, count, seconds, at_least):
    """Runs `action` `count` times, or fewer once `seconds` have passed and it has run
    `at_least` times: a page that takes seconds must not hold the bench up for an hour."""
    results = []
    deadline = time.monotonic() + seconds
    while len(results) < count and (len(results) < at_least or time.monotonic() < deadline):
        results.append(action())
    return results


def measure_page(page, client, limits):
    """Server time, queries and allocation peak of one page, rendered each time."""
    with rendering_only():
        repeat(lambda: fetch(client, page), limits.warmup, limits.page_seconds, at_least=1)
        with CaptureQueriesContext(connection) as queries:
            response = fetch(client, page)
        if response.get("X-Cache") == "hit":
            raise BenchError(f"{page.url} kam trotz PAGE_CACHE_SECONDS=0 aus dem Seitencache")
        # Read now: the list is a view of the connection's log, which later requests change.
        captured = queries.captured_queries
        times = repeat(
            lambda: timed(client, page), limits.requests, limits.page_seconds, MIN_REQUESTS
        )
        tracemalloc.start()
        fetch(client, page)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    result = {
        **summary(times),
        "queries": len(captured),
        "peak_kib": peak / 1024,
        "repeated_queries": repeated_queries(captured),
        "after_change": measure_after_change(page, client, limits),
    }
    if page.user is None and has_page_cache():
        result["cached"] = measure_cached(page, client, limits)
    return result


def measure_after_change(page, client, limits):
    """The first request after a change of content, when the results the pages keep until
    then (network.page_cache.remembered) are computed again: times, queries and the slowest
    statements of one such request."""
    from network.page_cache import new_generation

    def after_change():
        new_generation()
        return timed(client, page)

    with rendering_only():
        new_generation()
        with CaptureQueriesContext(connection) as queries:
            fetch(client, page)
        captured = queries.captured_queries
        times = repeat(after_change, AFTER_CHANGE_REQUESTS, limits.page_seconds, 1)
    slowest = sorted(captured, key=lambda query: float(query["time"]), reverse=True)
    return {
        **summary(times),
        "queries": len(captured),
        "slowest": [
            {"ms": float(query["time"]) * 1000, "sql": query["sql"][:SLOWEST_SQL_LENGTH]}
            for query in slowest[:SLOWEST_QUERIES]
        ],
    }


def measure_cached(page, client, limits):
    """The time of a page-cache hit; None if the page is not served from the cache."""
    fetch(client, page)

    def hit():
        started = time.perf_counter()
        response = fetch(client, page)
        return time.perf_counter() - started, response.get("X-Cache") == "hit"

    results = repeat(hit, limits.requests, limits.page_seconds, MIN_REQUESTS)
    if not all(was_hit for _, was_hit in results):
        return None
    return summary([seconds for seconds, _ in results])


def repeated_queries(captured):
    """The statements a page sends more than once with different values: a loop's footprint."""
    shapes = Counter(re.sub(r"'[^']*'|\b\d+\b", "?", query["sql"])[:160] for query in captured)
    return [
        {"count": count, "sql": sql}
        for sql, count in shapes.most_common(REPEATED_QUERIES)
        if count > 1
    ]


def most_queries(result):
    """The queries of a warm request or, if more, of the first one after a change."""
    return max(result["queries"], result["after_change"]["queries"])


def misses(page, result):
    """Which of the page's targets it missed: "time", "queries", both or none."""
    found = []
    if page.budget_ms is not None and result["p95_ms"] > page.budget_ms:
        found.append("time")
    if page.max_queries is not None and most_queries(result) > page.max_queries:
        found.append("queries")
    return found


def profile(page, client, limits):
    """Where a page's time goes, per request: the functions with the most time spent in them
    and below them, and those with the most time of their own."""
    profiler = cProfile.Profile()
    with rendering_only():
        profiler.enable()
        requests = len(
            repeat(lambda: fetch(client, page), limits.profile_requests, limits.page_seconds, 1)
        )
        profiler.disable()
    rows = [
        {
            "function": function_label(*function),
            "calls": calls / requests,
            "own_ms": own / requests * 1000,
            "cumulative_ms": cumulative / requests * 1000,
        }
        for function, (_, calls, own, cumulative, _) in pstats.Stats(profiler).stats.items()
    ]
    total = sum(row["own_ms"] for row in rows)
    # The client, the handler and each middleware contain the whole request: they say nothing.
    inner = [row for row in rows if row["cumulative_ms"] < WRAPPER_SHARE * total]
    return {
        "total_ms": total,
        "cumulative": sorted(inner, key=lambda row: row["cumulative_ms"], reverse=True)[
            :PROFILE_ROWS
        ],
        "own": sorted(rows, key=lambda row: row["own_ms"], reverse=True)[:OWN_TIME_ROWS],
    }


def function_label(file_name, line_number, name):
    """`module/path.py:line(function)` without the installation's folders."""
    if file_name == "~":
        return ADDRESS.sub("", name)
    path = LIBRARY_PATH.sub("", file_name).removeprefix(f"{settings.BASE_DIR}/")
    return f"{path}:{line_number}({name})"


def logged_in_clients(pages):
    from network.models import User

    clients = {None: Client()}
    for username in {page.user for page in pages} - {None}:
        client = Client()
        client.force_login(User.objects.get(username=username))
        clients[username] = client
    return clients


def data_sizes():
    from kb.models import BestPracticePage, FundingCallPage
    from network.models import ContactPerson, OrganisationPage, Post, Thread, User
    from portal.models import SearchEntry
    from projects.models import ProjectPage, StatusUpdate

    counted = {
        "organisations": OrganisationPage,
        "projects": ProjectPage,
        "status updates": StatusUpdate,
        "users": User,
        "contact people": ContactPerson,
        "best practices": BestPracticePage,
        "funding calls": FundingCallPage,
        "forum threads": Thread,
        "forum posts": Post,
        "search entries": SearchEntry,
    }
    return {name: model.objects.count() for name, model in counted.items()}


def versions():
    found = {
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "Wagtail": version("wagtail"),
        "gunicorn": version("gunicorn"),
    }
    if connection.vendor == "sqlite":
        found["SQLite"] = sqlite3.sqlite_version
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            found["PostgreSQL"] = cursor.fetchone()[0]
    return found


def run(limits):
    """Every page measured; `limits` holds the command line's counts and seconds."""
    # Model imports need the app registry that django.setup() fills.
    from bench.pages import TRIVIAL, pick_pages

    resident_at_start = memory_kib()["current"]
    cache.clear()
    pages = [TRIVIAL, *pick_pages()]
    clients = logged_in_clients(pages)
    measured = []
    for page in pages:
        client = clients[page.user]
        result = measure_page(page, client, limits)
        result["misses"] = misses(page, result)
        if result["misses"]:
            result["profile"] = profile(page, client, limits)
        measured.append({**asdict(page), **result})
        changed = result["after_change"]
        print(
            f"  {page.label}: p95 {result['p95_ms']:.1f} ms, {result['queries']} Abfragen;"
            f" nach Änderung p50 {changed['p50_ms']:.1f} ms, {changed['queries']} Abfragen"
        )
    return {
        "database": connection.vendor,
        "page_cache": has_page_cache(),
        "versions": versions(),
        "sizes": data_sizes(),
        "pages": measured,
        "process_kib": {"start": resident_at_start, "peak": memory_kib()["peak"]},
        "sessions": {
            username: client.cookies[settings.SESSION_COOKIE_NAME].value
            for username, client in clients.items()
            if username
        },
        "session_cookie": settings.SESSION_COOKIE_NAME,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--profile-requests", type=int, default=10)
    parser.add_argument("--page-seconds", type=float, default=60)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    # Set up as the servers are, with what the WSGI module does once Django is loaded.
    import_module("config.wsgi")
    results = run(args)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
