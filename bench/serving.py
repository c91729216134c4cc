"""Throughput of the article page under gunicorn, against a trivial view sending the same bytes.

    python -m bench.serving --database-url sqlite:////tmp/x.db --workdir /tmp/w --requests 600

Uses the database bench/reads.py filled. Starts gunicorn (2 sync workers, bench.settings) on
a free loopback port and sends a bounded number of requests from a pool of client threads,
in rounds: the trivial view, the article page uncached (no validator), and the article page
revalidated (If-None-Match with the page's ETag, answered 304 by conditional GET, which is
what a cache in front of several app servers sends). The client shares the machine's cores
with the workers, so both ratios are against the trivial view measured the same way in the
same run. Afterwards each worker's peak memory (VmHWM) is read from /proc.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.common import emit, say, setup_django

WORKERS = 2
CLIENT_THREADS = 4


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, body, dict(response.getheaders())
    finally:
        connection.close()


def _wait_until_up(port, process, deadline=60):
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited before serving")
        try:
            _get(port, "/bench/same-bytes/")
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer in time")


def _load(port, requests, *, threads):
    """Send (path, headers) requests from `threads` threads; return requests per second."""
    statuses = {}
    lock = threading.Lock()

    def one(item):
        path, headers = item
        status, _, _ = _get(port, path, headers)
        with lock:
            statuses[status] = statuses.get(status, 0) + 1

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, requests))
    elapsed = time.perf_counter() - start
    return {
        "requests": len(requests),
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(requests) / elapsed, 1),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }


def _worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def _peak_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def run(database_url: str, workdir: Path, requests: int, rounds: int) -> dict:
    setup_django(database_url)
    from django.test import Client

    from articles.models import Article

    rng = random.Random(7)
    ids = list(Article.objects.published().values_list("pk", flat=True))
    sample = [rng.choice(ids) for _ in range(requests)]
    # The trivial view sends the bytes of one article page, as rendered for this archive.
    client = Client()
    body = client.get(f"/articles/{sample[0]}/").content
    body_file = workdir / "article-page.html"
    body_file.write_bytes(body)

    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DATABASE_URL": database_url,
        "BENCH_BODY_FILE": str(body_file),
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "newsroom.wsgi",
        f"--workers={WORKERS}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    say(f"serving: gunicorn with {WORKERS} workers on 127.0.0.1:{port}")
    process = subprocess.Popen(command, env=env, cwd=Path(__file__).resolve().parent.parent)
    try:
        _wait_until_up(port, process)
        # Each worker loads jieba and the templates on first use; warm both before timing.
        etags = {}
        for pk in sorted(set(sample)):
            status, _, headers = _get(port, f"/articles/{pk}/")
            etags[pk] = headers.get("ETag")
        _load(port, [("/bench/same-bytes/", {})] * 50, threads=CLIENT_THREADS)

        trivial = [("/bench/same-bytes/", {})] * requests
        uncached = [(f"/articles/{pk}/", {}) for pk in sample]
        revalidated = [(f"/articles/{pk}/", {"If-None-Match": etags[pk]}) for pk in sample]
        rounds_out = []
        for n in range(rounds):
            say(f"serving: round {n + 1}/{rounds}, {requests} requests each")
            measured = {
                "trivial": _load(port, trivial, threads=CLIENT_THREADS),
                "article_uncached": _load(port, uncached, threads=CLIENT_THREADS),
                "article_revalidated_304": _load(port, revalidated, threads=CLIENT_THREADS),
            }
            for name, figures in measured.items():
                say(f"serving:   {name}: {figures['requests_per_second']} requests/s")
            rounds_out.append(measured)
        workers = {str(pid): _peak_mib(pid) for pid in _worker_pids(process.pid)}
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()

    def ratio(name):
        # Per round against the trivial view of that round, then the median of the rounds.
        values = sorted(
            r[name]["requests_per_second"] / r["trivial"]["requests_per_second"] for r in rounds_out
        )
        return round(values[len(values) // 2], 2)

    return {
        "workers": WORKERS,
        "client_threads": CLIENT_THREADS,
        "body_bytes": len(body),
        "rounds": rounds_out,
        "ratio_uncached": ratio("article_uncached"),
        "ratio_revalidated_304": ratio("article_revalidated_304"),
        "worker_peak_rss_mib": workers,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    emit(run(options.database_url, options.workdir, options.requests, options.rounds))


if __name__ == "__main__":
    main()
