"""`make bench` end to end on tiny data: build, in-process measurement, load test with gunicorn,
report. Benchmarks are not tests; this keeps the pipeline working, on the run's database engine."""

import os
import subprocess
import sys
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql

from bench import BASE_DIR

PAGES = [
    "trivial view",
    "home",
    "organisation list",
    "organisation page",
    "register, page 1",
    "register, deep page",
    "register, filtered",
    "project page",
    "best-practice page",
    "funding index",
    "forum thread",
    "search, common term",
    "search, rare term",
    "coordination dashboard",
]
TARGETS = [
    "every page at most 15 queries",
    "p95 server time at most 15 ms",
    "p95 server time at most 20 ms",
    "p95 server time at most 50 ms",
    "p95 server time at most 100 ms",
    "a worker's peak memory at most 150 MB",
]


@pytest.fixture
def database_arguments():
    """SQLite, or in the PostgreSQL run a database of its own on the run's server."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield ["--databases", "sqlite"]
        return
    name = "bench_smoke"
    with psycopg.connect(url, autocommit=True) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield ["--databases", "postgres", "--postgres-url", urlsplit(url)._replace(path=name).geturl()]
    with psycopg.connect(url, autocommit=True) as server:
        server.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))


def table(report, heading):
    """The rows of the table under a heading, as lists of cells, the header row left out."""
    section = report.split(f"\n## {heading}", 1)[1].split("\n## ", 1)[0]
    rows = [
        line.strip().strip("|").split("|") for line in section.splitlines() if line.startswith("|")
    ]
    return [[cell.strip() for cell in row] for row in rows[2:]]


def row_for(rows, label):
    found = [row for row in rows if row[0].startswith(label)]
    assert found, f"no row for {label!r}"
    return found[0]


def test_bench_reports_every_page_type_with_figures(tmp_path, database_arguments):
    report_file = tmp_path / "report.md"
    command = [
        sys.executable, "-m", "bench", "--size=tiny", *database_arguments,
        "--requests=2", "--warmup=1", "--profile-requests=1", "--seconds=0.2",
        "--load-warmup=0", f"--data-dir={tmp_path}", f"--report={report_file}",
    ]  # fmt: skip
    subprocess.run(command, cwd=BASE_DIR, check=True, timeout=180)

    report = report_file.read_text()
    database = "PostgreSQL" if "postgres" in database_arguments else "SQLite"
    in_process = table(report, f"Server time in-process, {database}")
    under_load = table(report, f"Load test, {database}")
    for label in PAGES:
        _, url, queries, requests, p50, p95, *_ = row_for(in_process, label)
        assert url.startswith("`/")
        assert int(queries) >= 0
        assert int(requests) == 2
        assert 0 < float(p50) <= float(p95)
        _, requests_per_second, _, errors, *_ = row_for(under_load, label)
        assert float(requests_per_second) > 0
        assert errors == "0"
    targets = table(report, "Targets")
    for target in TARGETS:
        verdict = row_for(targets, target)[1]
        assert verdict.startswith(("met", "**missed**"))
