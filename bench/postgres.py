"""A PostgreSQL cluster of the bench's own that keeps its data between runs (var/bench-postgres/).

Like tests/with_postgres.sh, but the cluster stays: the scale data is built once. As root, the
server runs as the postgres user, since initdb refuses root.
"""

import os
import shlex
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

from bench.load import free_port

DATABASE = "digitalnetz_bench"


def server_binaries():
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: int(path.parent.name)
    )
    if not found:
        raise RuntimeError("PostgreSQL fehlt: apt-get install postgresql")
    return found[-1]


def as_cluster_owner(command, check=True):
    command = [str(part) for part in command]
    if os.getuid() == 0:
        command = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(command)]
    return subprocess.run(command, check=check, capture_output=True, text=True)  # noqa: S603


@contextmanager
def cluster(directory):
    """Starts the cluster in `directory` (created on first use) on a free port; yields the URL
    of the bench database in it, and stops the server again afterwards."""
    binaries = server_binaries()
    data = directory / "data"
    directory.mkdir(parents=True, exist_ok=True)
    if os.getuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    if not (data / "PG_VERSION").exists():
        as_cluster_owner(
            [
                binaries / "initdb",
                "-D",
                data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]  # fmt: skip
        )
    pg_ctl = [binaries / "pg_ctl", "-D", data]
    # A server left running by an interrupted run listens on a port nobody knows any more.
    if as_cluster_owner([*pg_ctl, "status"], check=False).returncode == 0:
        as_cluster_owner([*pg_ctl, "-m", "fast", "stop"])
    port = free_port()
    options = f"-p {port} -k {directory} -c listen_addresses=127.0.0.1"
    as_cluster_owner([*pg_ctl, "-l", directory / "server.log", "-w", "-o", options, "start"])
    try:
        server = f"postgres://postgres@127.0.0.1:{port}"
        create_database(f"{server}/postgres", DATABASE)
        yield f"{server}/{DATABASE}"
    finally:
        as_cluster_owner([*pg_ctl, "-m", "fast", "stop"])


def create_database(server_url, name):
    """Creates the database unless it exists."""
    with psycopg.connect(server_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
