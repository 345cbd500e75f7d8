"""The Markdown report of a bench run: machine, versions, data, figures, targets met or missed,
and for each miss a profile of where the time goes."""

import os
import platform
from pathlib import Path

from bench.build import generator_arguments

# A worker's peak resident memory, issue 9.
WORKER_MEMORY_MB = 150
DATABASE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def machine():
    """CPU, cores, memory and system of this machine, and how busy it was at the start."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in read_lines("/proc/cpuinfo")
            if line.startswith("model name")
        ),
        platform.processor() or platform.machine(),
    )
    memory = next(
        (
            int(line.split()[1])
            for line in read_lines("/proc/meminfo")
            if line.startswith("MemTotal")
        ),
        0,
    )
    system = next(
        (
            line.split("=", 1)[1].strip('"')
            for line in read_lines("/etc/os-release")
            if line.startswith("PRETTY_NAME=")
        ),
        platform.system(),
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory / 1024 / 1024,
        "system": f"{system}, kernel {platform.release()}",
        "load_average": os.getloadavg(),
    }


def read_lines(path):
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def render(run):
    """The whole report as Markdown, from the runner's record of the run."""
    databases = run["databases"]
    lines = [
        "# Digitalnetz benchmark",
        "",
        f"Written by `make bench` on {run['started']:%Y-%m-%d %H:%M} UTC; generated, not edited "
        "by hand. The targets are those of issue 9; what bounds a missed one is written by hand "
        "in bench/findings.md.",
        "",
        *machine_section(run["machine"]),
        *versions_section(databases),
        *data_section(run, databases),
        *targets_section(databases),
    ]
    for measured in databases:
        lines += pages_section(measured, run["settings"])
        lines += load_section(measured)
    lines += profiles_section(databases)
    return "\n".join(lines) + "\n"


def machine_section(found):
    load = ", ".join(f"{value:.2f}" for value in found["load_average"])
    return [
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        f"| CPU | {found['cpu']}, {found['cores']} cores |",
        f"| memory | {found['memory_gib']:.1f} GiB |",
        f"| system | {found['system']} |",
        f"| load average at the start (1, 5, 15 min) | {load} |",
        "",
    ]


def versions_section(databases):
    versions = {}
    for measured in databases:
        versions.update(measured["versions"])
    return [
        "## Versions",
        "",
        "| " + " | ".join(versions) + " |",
        "|" + "---|" * len(versions),
        "| " + " | ".join(versions.values()) + " |",
        "",
    ]


def data_section(run, databases):
    options = " ".join(generator_arguments(run["options"]))
    names = [database_name(measured) for measured in databases]
    lines = [
        "## Data",
        "",
        f"Built by `manage.py generate_scale_data {options}` (size „{run['settings']['size']}“), "
        "counted in the database:",
        "",
        "| | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(names),
    ]
    for kind in databases[0]["sizes"]:
        counts = [f"{measured['sizes'][kind]:,}" for measured in databases]
        lines.append(f"| {kind} | " + " | ".join(counts) + " |")
    return [*lines, ""]


def targets_section(databases):
    names = [database_name(measured) for measured in databases]
    rows = [
        (
            f"every page at most {max_queries(databases)} queries",
            [queries_verdict(measured) for measured in databases],
        )
    ]
    for budget in sorted({page["budget_ms"] for page in judged(databases[0]) if page["budget_ms"]}):
        keys = [page["key"] for page in databases[0]["pages"] if page["budget_ms"] == budget]
        rows.append(
            (
                f"p95 server time at most {budget:g} ms: {', '.join(keys)}",
                [time_verdict(measured, budget) for measured in databases],
            )
        )
    rows.append(
        (
            f"a worker's peak memory at most {WORKER_MEMORY_MB} MB",
            [memory_verdict(measured) for measured in databases],
        )
    )
    return [
        "## Targets",
        "",
        "| target | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
        *(f"| {target} | " + " | ".join(verdicts) + " |" for target, verdicts in rows),
        "",
    ]


def judged(measured):
    """The pages with targets: all but the trivial view."""
    return [page for page in measured["pages"] if page["max_queries"] is not None]


def max_queries(databases):
    return max(page["max_queries"] for page in judged(databases[0]))


def most_queries(page):
    """A warm request's queries or, if more, those of the first request after a change."""
    return max(page["queries"], page["after_change"]["queries"])


def queries_verdict(measured):
    over = [page for page in judged(measured) if most_queries(page) > page["max_queries"]]
    if not over:
        return f"met (at most {max(most_queries(page) for page in judged(measured))})"
    return "**missed**: " + ", ".join(f"{page['key']} {most_queries(page)}" for page in over)


def time_verdict(measured, budget):
    pages = [page for page in measured["pages"] if page["budget_ms"] == budget]
    over = [page for page in pages if page["p95_ms"] > budget]
    if not over:
        return f"met (at most {max(page['p95_ms'] for page in pages):.1f} ms)"
    return "**missed**: " + ", ".join(f"{page['key']} {page['p95_ms']:.1f} ms" for page in over)


def megabytes(kib):
    return kib * 1024 / 1e6


def worker_peak_mb(measured):
    return megabytes(max(worker["peak"] for worker in measured["load"]["workers"]))


def memory_verdict(measured):
    peak = worker_peak_mb(measured)
    verdict = "met" if peak <= WORKER_MEMORY_MB else "**missed**"
    return f"{verdict} ({peak:.1f} MB)"


def page_verdict(page):
    if page["max_queries"] is None:
        return "–"
    return f"**no** ({', '.join(page['misses'])})" if page["misses"] else "yes"


def pages_section(measured, settings):
    cached = measured["page_cache"]
    lines = [
        f"## Server time in-process, {database_name(measured)}",
        "",
        "Each page through Django's whole request handling (django.test.Client), after "
        f"{settings['warmup']} warm-up requests, {settings['requests']} timed requests (n: "
        f"fewer where they took more than {settings['page_seconds']:g} s), with the page cache "
        "off: the cost of rendering, which is what the targets mean. Queries of one warm "
        "request; allocation peak of one request (tracemalloc). Counts, search results and "
        "similar projects are kept until content changes (`RESULT_CACHE_SECONDS`): the first "
        "request after a change computes them again, measured apart (after change: up to five "
        "requests, each right after a change, and the queries of one).",
        "",
        "| page | URL | queries | n | p50 ms | p95 ms | p95 target | met | allocation peak KiB"
        " | after change: queries | after change: p50 ms | after change: p95 ms"
        + (" | cache hit p50 ms |" if cached else " |"),
        "|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|" + ("---:|" if cached else ""),
    ]
    for page in measured["pages"]:
        target = f"{page['budget_ms']:g} ms" if page["budget_ms"] else "–"
        changed = page["after_change"]
        row = (
            f"| {page['label']} | `{page['url']}` | {page['queries']} | {page['n']} "
            f"| {page['p50_ms']:.1f} "
            f"| {page['p95_ms']:.1f} | {target} | {page_verdict(page)} | {page['peak_kib']:,.0f} "
            f"| {changed['queries']} | {changed['p50_ms']:.1f} | {changed['p95_ms']:.1f} |"
        )
        if cached:
            row += f" {cache_hit(page)} |"
        lines.append(row)
    process = measured["process_kib"]
    lines += [
        "",
        f"The measuring process held {megabytes(process['start']):.1f} MB after starting "
        f"Django and {megabytes(process['peak']):.1f} MB at its peak.",
        "",
    ]
    return lines


def cache_hit(page):
    if page["user"]:
        return "– (logged in)"
    if page.get("cached") is None:
        return "not cached"
    return f"{page['cached']['p50_ms']:.1f}"


def load_section(measured):
    load = measured["load"]
    by_key = {page["key"]: page for page in measured["pages"]}
    trivial = next(page for page in load["pages"] if page["key"] == "trivial")
    lines = [
        f"## Load test, {database_name(measured)}",
        "",
        f"gunicorn with {load['worker_count']} sync workers on loopback, the bench settings "
        f"(page cache as configured), {load['concurrency']} client threads on the same machine, "
        f"{load['seconds']:g} s per page after a warm-up. The clients share the cores with the "
        "server: the trivial view shows the ceiling this machine sets.",
        "",
        "| page | requests/s | of trivial | errors | p50 ms | p95 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for page in load["pages"]:
        share = page["rps"] / trivial["rps"] if trivial["rps"] else 0
        latency = f"{page['p50_ms']:.1f} | {page['p95_ms']:.1f}" if page["requests"] else "– | –"
        lines.append(
            f"| {by_key[page['key']]['label']} | {page['rps']:.1f} | {share:.1%} "
            f"| {page['errors']} | {latency} |"
        )
    workers = ", ".join(
        f"{megabytes(worker['peak']):.1f} MB (now {megabytes(worker['current']):.1f} MB, "
        f"of which its share {megabytes(worker['share']):.1f} MB)"
        for worker in load["workers"]
    )
    lines += [
        "",
        f"Peak resident memory of the workers after the load test: {workers}. Resident memory "
        "counts the pages a worker shares with the master it was forked from (gunicorn loads "
        "the application before forking) in full; its share (Pss) counts each shared page in "
        "part.",
        "",
    ]
    if worker_peak_mb(measured) > WORKER_MEMORY_MB:
        lines += memory_bound(measured)
    return lines


def memory_bound(measured):
    """What a worker's memory consists of, when it is over the target."""
    largest = max(judged(measured), key=lambda page: page["peak_kib"])
    start = megabytes(measured["process_kib"]["start"])
    return [
        f"**Over {WORKER_MEMORY_MB} MB.** A process holds {start:.1f} MB once Django, Wagtail and "
        "the apps are loaded, before its first request; the largest allocation peak of a single "
        f"request is {largest['peak_kib']:,.0f} KiB ({largest['label']}). The rest is what "
        "workers keep from request to request (caches, freed memory the allocator keeps).",
        "",
    ]


def profiles_section(databases):
    lines = []
    for measured in databases:
        for page in measured["pages"]:
            if "profile" in page:
                lines += profile_lines(measured, page)
    if not lines:
        return []
    return [
        "## Profiles of missed targets",
        "",
        "cProfile over several requests, per request; the profiler itself slows each call, so "
        "compare the rows with each other rather than with the times above.",
        "",
        *lines,
    ]


def profile_lines(measured, page):
    figures = [f"p95 {page['p95_ms']:.1f} ms"]
    if page["budget_ms"] is not None:
        figures[0] += f" (target {page['budget_ms']:g} ms)"
    figures.append(f"{most_queries(page)} queries (target at most {page['max_queries']})")
    lines = [
        f"### {page['label']}, {database_name(measured)}: {', '.join(figures)}",
        "",
        f"`{page['url']}`",
        "",
        f"Profiled: {page['profile']['total_ms']:.1f} ms per request. Most time in and below:",
        "",
        *profile_table(page["profile"]["cumulative"]),
        "Most time of their own:",
        "",
        *profile_table(page["profile"]["own"]),
    ]
    lines += [
        "The slowest statements of the first request after a change:",
        "",
        *(f"- {query['ms']:.1f} ms: `{query['sql']}`" for query in page["after_change"]["slowest"]),
        "",
    ]
    if page["repeated_queries"]:
        lines += [
            "Statements sent more than once in one request:",
            "",
            *(f"- {query['count']}× `{query['sql']}`" for query in page["repeated_queries"]),
            "",
        ]
    return lines


def profile_table(rows):
    return [
        "| cumulative ms | own ms | calls | function |",
        "|---:|---:|---:|---|",
        *(
            f"| {row['cumulative_ms']:.2f} | {row['own_ms']:.2f} | {round(row['calls'], 1):g} "
            f"| `{row['function']}` |"
            for row in rows
        ),
        "",
    ]


def database_name(measured):
    return DATABASE_NAMES.get(measured["database"], measured["database"])
