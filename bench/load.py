"""Loopback load test: gunicorn with two sync workers, and clients in threads hammering one page
at a time for a fixed time. The trivial view runs in the same server, as the floor to compare with.

Needs no Django in this process: the server runs the bench settings, the clients speak HTTP.
"""

import http.client
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from bench import BASE_DIR
from bench.stats import memory_kib, summary

WORKERS = 2
START_TIMEOUT = 60
# Above gunicorn's 30 s default: a slow page at scale is a figure, not a killed worker.
WORKER_TIMEOUT = 300


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env, log_file):
    """A gunicorn serving the site on a free loopback port; yields (port, master's pid)."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        # As in production; the options below take precedence.
        "--config=config/gunicorn.conf.py",
        f"--workers={WORKERS}",
        "--worker-class=sync",
        f"--bind=127.0.0.1:{port}",
        f"--timeout={WORKER_TIMEOUT}",
        # The workers live through the whole test, so that their memory is that of a worker
        # that has served every page.
        "--max-requests=0",
        f"--error-logfile={log_file}",
        # Its default place in $HOME would be shared by every gunicorn on the machine.
        "--no-control-socket",
    ]
    server = subprocess.Popen(command, env=env, cwd=BASE_DIR)  # noqa: S603
    try:
        wait_until_serving(server, port, log_file)
        yield port, server.pid
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def wait_until_serving(server, port, log_file):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn endete beim Start:\n{Path(log_file).read_text()}")
        try:
            ok = get(http.client.HTTPConnection("127.0.0.1", port, timeout=5), "/bench/trivial/")
        except OSError:
            time.sleep(0.2)
            continue
        if ok:
            return
        raise RuntimeError(f"/bench/trivial/ scheitert:\n{Path(log_file).read_text()}")
    raise RuntimeError(f"gunicorn antwortete nicht binnen {START_TIMEOUT} s")


def get(connection, path, headers=None):
    """One request; True for a 200. Sync workers close each connection: the next request opens
    a new one, as browsers do with such a server."""
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.read()
    if response.will_close:
        connection.close()
    return response.status == 200


def worker_pids(master_pid):
    """The master's child processes, found by the parent pid /proc records for every process."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:
            children.append(int(stat.parent.name))
    return sorted(children)


def hammer(port, path, headers, seconds, concurrency):
    """Requests per second, errors and client-side latency of one page under constant load."""
    deadline = time.monotonic() + seconds
    outcomes = []

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WORKER_TIMEOUT)
        own_times, own_errors = [], 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                ok = get(connection, path, headers)
            except (OSError, http.client.HTTPException):
                connection.close()
                ok = False
            if ok:
                own_times.append(time.perf_counter() - started)
            else:
                own_errors += 1
        connection.close()
        outcomes.append((own_times, own_errors))

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    times = [duration for own_times, _ in outcomes for duration in own_times]
    errors = sum(own_errors for _, own_errors in outcomes)
    result = {"requests": len(times), "errors": errors, "rps": len(times) / elapsed}
    if times:
        result.update(summary(times))
    return result


def run(pages, env, seconds, concurrency, warmup, log_file):
    """Each page (dicts with key, url and cookie) under load, then the workers' memory."""
    results = []
    with gunicorn(env, log_file) as (port, master_pid):
        for page in pages:
            headers = {"Cookie": page["cookie"]} if page.get("cookie") else {}
            # Both workers render the page before the clock starts.
            hammer(port, page["url"], headers, warmup, concurrency)
            result = hammer(port, page["url"], headers, seconds, concurrency)
            results.append({"key": page["key"], **result})
            print(f"  {page['key']}: {result['rps']:.1f} Anfragen/s, {result['errors']} Fehler")
        workers = [{"pid": pid, **memory_kib(pid)} for pid in worker_pids(master_pid)]
    return {
        "workers": workers,
        "concurrency": concurrency,
        "seconds": seconds,
        "worker_count": WORKERS,
        "pages": results,
    }
