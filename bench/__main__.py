"""`make bench`: builds or reuses the scale data, measures every page type in-process and under
load on SQLite and PostgreSQL, and writes the report (bench/report.md).

Each database gets processes of its own (build, in-process measurement, gunicorn), since Django
reads DATABASE_URL once per process; this one only starts them and writes the report.
"""

import argparse
import json
import os
import subprocess
import sys
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from bench import BASE_DIR, load, postgres, report

# Generator options by size. "full" is issue 9's network, the generator's defaults; the others
# are for trying things out (small) and for the smoke test in `make test` (tiny).
SIZES = {
    "full": {"seed": 1},
    "small": {
        "seed": 1,
        "projects": 10_000,
        "status_updates": 50_000,
        "members": 2_000,
        "contacts": 2_000,
        "best_practices": 500,
        "funding_calls": 200,
        "threads": 5_000,
        "posts": 100_000,
    },
    "tiny": {
        "seed": 1,
        "kreis": "05762",
        "projects": 20,
        "status_updates": 100,
        "members": 10,
        "contacts": 10,
        "best_practices": 3,
        "funding_calls": 3,
        "threads": 5,
        "posts": 30,
    },
}
DATABASES = ["sqlite", "postgres"]


def arguments():
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default="full")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="OPTION=VALUE",
        help="a generator option over the size's, e.g. projects=5000 or kreis=05762",
    )
    parser.add_argument("--databases", nargs="+", choices=DATABASES, default=DATABASES)
    parser.add_argument(
        "--postgres-url", help="a database on a running server instead of the bench's own cluster"
    )
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=5, help="warm-up requests per page")
    parser.add_argument(
        "--profile-requests", type=int, default=10, help="profiled requests per missed target"
    )
    parser.add_argument(
        "--page-seconds",
        type=float,
        default=60,
        help="time after which a slow page gets fewer requests (at least 5 timed ones)",
    )
    parser.add_argument("--seconds", type=float, default=5, help="load test time per page")
    parser.add_argument("--load-warmup", type=float, default=1, help="load warm-up per page (s)")
    parser.add_argument("--concurrency", type=int, default=4, help="load test client threads")
    parser.add_argument("--data-dir", type=Path, default=BASE_DIR / "var")
    parser.add_argument("--report", type=Path, default=BASE_DIR / "bench" / "report.md")
    args = parser.parse_args()
    if args.requests < 1 or args.seconds <= 0:
        parser.error("--requests und --seconds müssen positiv sein")
    return args


def generator_options(args):
    """The size's options with --set applied, all as text: as the generator and the marker of
    the last build see them."""
    options = {name: str(value) for name, value in SIZES[args.size].items()}
    for setting in args.set:
        name, _, value = setting.partition("=")
        options[name.replace("-", "_")] = value
    return options


@contextmanager
def database_url(database, args):
    if database == "sqlite":
        yield f"sqlite:///{args.data_dir.resolve() / 'bench.sqlite3'}"
    elif args.postgres_url:
        yield args.postgres_url
    else:
        with postgres.cluster(args.data_dir.resolve() / "bench-postgres") as url:
            yield url


def django_process(module, arguments, env):
    subprocess.run([sys.executable, "-m", module, *arguments], env=env, cwd=BASE_DIR, check=True)  # noqa: S603


def bench_database(database, args, options):
    """Build or reuse, measure in-process, then under load: one database's figures."""
    print(f"== {database}")
    data_dir = args.data_dir.resolve()
    measured_file = data_dir / f"bench-{database}.json"
    with database_url(database, args) as url:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            "DATABASE_URL": url,
            "BENCH_CACHE": str(data_dir / f"bench-cache-{database}"),
            # WhiteNoise warns about the missing collected files the bench never serves.
            "PYTHONWARNINGS": "ignore:No directory at:UserWarning",
            "PYTHONUNBUFFERED": "1",
        }
        django_process("bench.build", ["--options", json.dumps(options)], env)
        print("Messung im Prozess …")
        django_process(
            "bench.measure",
            [
                f"--out={measured_file}",
                f"--requests={args.requests}",
                f"--warmup={args.warmup}",
                f"--profile-requests={args.profile_requests}",
                f"--page-seconds={args.page_seconds}",
            ],
            env,
        )
        measured = json.loads(measured_file.read_text())
        print("Lasttest …")
        measured["load"] = load.run(
            load_pages(measured),
            env,
            seconds=args.seconds,
            concurrency=args.concurrency,
            warmup=args.load_warmup,
            log_file=data_dir / f"bench-gunicorn-{database}.log",
        )
    return measured


def load_pages(measured):
    """The measured pages, logged-in ones with the session the measurement opened."""
    cookie = measured["session_cookie"]
    return [
        {
            "key": page["key"],
            "url": page["url"],
            "cookie": f"{cookie}={measured['sessions'][page['user']]}" if page["user"] else None,
        }
        for page in measured["pages"]
    ]


def main():
    # Progress in order with the subprocesses' output, also when it goes to a file.
    sys.stdout.reconfigure(line_buffering=True)
    args = arguments()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    options = generator_options(args)
    run = {"started": datetime.now(UTC), "machine": report.machine(), "options": options}
    run["settings"] = {
        "size": args.size,
        "requests": args.requests,
        "warmup": args.warmup,
        "page_seconds": args.page_seconds,
    }
    run["databases"] = [bench_database(database, args, options) for database in args.databases]
    args.report.write_text(report.render(run))
    print(f"Bericht: {args.report}")


if __name__ == "__main__":
    main()
