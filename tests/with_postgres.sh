#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster, which is removed afterwards.
# DATABASE_URL points the command at it. As root, the server runs as the postgres user
# (initdb refuses root).
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ]; then
    echo "PostgreSQL fehlt: apt-get install postgresql" >&2
    exit 1
fi
cluster=$(mktemp -d /tmp/digitalnetz-pg.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

as_cluster_owner() {
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}
[ "$(id -u)" = 0 ] && chown postgres: "$cluster"

as_cluster_owner "$pg_bin/initdb -D $cluster/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null"
# fsync off: a throwaway test cluster needs no durability, and tests run faster without it.
as_cluster_owner "$pg_bin/pg_ctl -D $cluster/data -l $cluster/server.log -w \
    -o '-p $port -k $cluster -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off' start >/dev/null"
trap 'as_cluster_owner "$pg_bin/pg_ctl -D $cluster/data -m fast stop >/dev/null"; rm -rf "$cluster"' EXIT

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
"$@"
