"""Builds the scale database, or reuses it when it was built with the same generator options.

The bench runner starts it once per database (`python -m bench.build --options JSON`, with
DATABASE_URL set). The options of the last complete build are kept in a table of the database
itself, written only once the generator has finished: an interrupted build is built again.
"""

import argparse
import json
import os
from pathlib import Path

import django
from django.core.management import call_command
from django.db import DatabaseError, connection

MARKER_TABLE = "bench_build"


def built_with():
    """The generator options of the complete build in this database, or None."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT options FROM {MARKER_TABLE}")  # noqa: S608 (a constant)
            row = cursor.fetchone()
    except DatabaseError:
        return None
    return json.loads(row[0]) if row else None


def mark_built(options):
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {MARKER_TABLE} (options TEXT NOT NULL)")
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (options) VALUES (%s)",  # noqa: S608 (a constant)
            [json.dumps(options, sort_keys=True)],
        )


def empty_database():
    """Everything gone, as the generator wants it: it refuses a database it has filled before."""
    if connection.vendor == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        connection.close()
        for path in (name, name.with_name(f"{name.name}-wal"), name.with_name(f"{name.name}-shm")):
            path.unlink(missing_ok=True)
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")


def generator_arguments(options):
    return [f"--{name.replace('_', '-')}={value}" for name, value in sorted(options.items())]


def build(options):
    # Imported once django.setup() has filled the app registry.
    from network.bulk import refresh_all_statistics

    if built_with() == options:
        print("Vorhandene Skalendaten werden wiederverwendet.")
        # The data stays; migrations added since it was built still apply, and the planner
        # gets statistics as after a build.
        call_command("migrate", interactive=False, verbosity=0)
        refresh_all_statistics()
        return
    print("Skalendaten werden erzeugt:", " ".join(generator_arguments(options)) or "(Vorgaben)")
    empty_database()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("generate_scale_data", *generator_arguments(options))
    mark_built(options)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--options", type=json.loads, required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    django.setup()
    build(args.options)


if __name__ == "__main__":
    main()
