"""Throughput of the article page under gunicorn, against a trivial view sending the same bytes.

    python -m bench.serving --database-url sqlite:////tmp/x.db --workdir /tmp/w --requests 600

Uses the database bench/reads.py filled. Starts two gunicorn servers (2 sync workers each,
bench.settings) on free loopback ports, the same but for the page cache: off in one, on in the
other, both on the cache given by --cache-url (Redis when one answers on 127.0.0.1:6379, as in
a deployment, else local memory). Only one server is loaded at a time. Requests are sent, a
bounded number, from a pool of client threads, in rounds:

- trivial: the trivial view;
- article_uncached: the article page rendered for each request (page cache off);
- article_revalidated_304: If-None-Match with the page's ETag, answered 304 by conditional GET
  after the version query (page cache off), what a cache in front of the app servers sends;
- article_cached: the article page served from the server-side page cache, as a deployment
  serves it between edits (every sampled page stored beforehand);
- article_cached_304: the same revalidation answered from the page cache.

The client shares the machine's cores with the workers, so every ratio is against the trivial
view measured the same way, in slices alternating with the article's. Afterwards each worker's
peak memory (VmHWM) is read from /proc.
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
FAST_REPEAT = 3
CHUNKS = 6


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
        "seconds_exact": elapsed,
        "requests_per_second": round(len(requests) / elapsed, 1),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }


def _interleaved(port, requests, trivial_port, *, chunks):
    """The requests and as many of the trivial view's, alternating in `chunks` slices.

    On a machine shared with other work the load drifts within seconds; alternating slices
    puts both under the same drift. Returns (figures of the requests, of the trivial view).
    """
    size = -(-len(requests) // chunks)
    measured, trivial = [], []
    for start in range(0, len(requests), size):
        part = requests[start : start + size]
        trivial.append(
            _load(trivial_port, [("/bench/same-bytes/", {})] * len(part), threads=CLIENT_THREADS)
        )
        measured.append(_load(port, part, threads=CLIENT_THREADS))

    def total(parts):
        requests = sum(p["requests"] for p in parts)
        seconds = sum(p["seconds_exact"] for p in parts)
        statuses = {}
        for p in parts:
            for status, n in p["statuses"].items():
                statuses[status] = statuses.get(status, 0) + n
        return {
            "requests": requests,
            "seconds": round(seconds, 2),
            "requests_per_second": round(requests / seconds, 1),
            "statuses": statuses,
        }

    return total(measured), total(trivial)


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


def _default_cache_url() -> str:
    """Redis where one answers on the loopback (as in CI and production), else local memory."""
    if os.environ.get("BENCH_CACHE_URL"):
        return os.environ["BENCH_CACHE_URL"]
    try:
        import redis

        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except Exception:
        return "locmemcache://bench"
    return "redis://127.0.0.1:6379/14"


def _start(port: int, env: dict) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "newsroom.wsgi",
        f"--workers={WORKERS}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    return subprocess.Popen(command, env=env, cwd=Path(__file__).resolve().parent.parent)


def _stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def run(database_url: str, workdir: Path, requests: int, rounds: int, cache_url: str) -> dict:
    os.environ["BENCH_CACHE_URL"] = cache_url
    setup_django(database_url, static_root=workdir / "static")
    from django.test import Client

    from articles.models import Article
    from newsroom import page_cache

    # Pages another archive left in a shared cache under the same URLs must not be served.
    page_cache.invalidate()
    rng = random.Random(7)
    ids = list(Article.objects.published().values_list("pk", flat=True))
    sample = [rng.choice(ids) for _ in range(requests)]
    # The trivial view sends the bytes of one article page, as rendered for this archive.
    client = Client()
    body = client.get(f"/articles/{sample[0]}/").content
    body_file = workdir / "article-page.html"
    body_file.write_bytes(body)

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DATABASE_URL": database_url,
        "BENCH_BODY_FILE": str(body_file),
        "BENCH_CACHE_URL": cache_url,
    }
    plain_port, cached_port = _free_port(), _free_port()
    say(
        f"serving: gunicorn, {WORKERS} workers, page cache off on :{plain_port}, on on :{cached_port}"
    )
    say(f"serving: cache {cache_url}")
    plain = _start(plain_port, {**env, "BENCH_PAGE_CACHE_SECONDS": "0"})
    cached = _start(cached_port, {**env, "BENCH_PAGE_CACHE_SECONDS": "3600"})
    try:
        _wait_until_up(plain_port, plain)
        _wait_until_up(cached_port, cached)
        # Each worker loads jieba and the templates on first use; warm both before timing. On
        # the cached server this also stores every sampled page.
        # The cached server's ETags also follow the page cache's generation.
        etags, cached_etags = {}, {}
        for pk in sorted(set(sample)):
            etags[pk] = _get(plain_port, f"/articles/{pk}/")[2].get("ETag")
            cached_etags[pk] = _get(cached_port, f"/articles/{pk}/")[2].get("ETag")
        for port in (plain_port, cached_port):
            _load(port, [("/bench/same-bytes/", {})] * 50, threads=CLIENT_THREADS)

        # Each article round is interleaved with the trivial view (_interleaved) and its ratio
        # taken against it. Rounds that answer in a second or two get the sample three times.
        uncached = [(f"/articles/{pk}/", {}) for pk in sample]
        revalidated = [(f"/articles/{pk}/", {"If-None-Match": etags[pk]}) for pk in sample]
        revalidated_cached = [
            (f"/articles/{pk}/", {"If-None-Match": cached_etags[pk]}) for pk in sample
        ]
        variants = {
            "article_uncached": (plain_port, uncached),
            "article_revalidated_304": (plain_port, revalidated * FAST_REPEAT),
            "article_cached": (cached_port, uncached * FAST_REPEAT),
            "article_cached_304": (cached_port, revalidated_cached * FAST_REPEAT),
        }
        rounds_out = []
        for n in range(rounds):
            say(f"serving: round {n + 1}/{rounds}")
            measured = {}
            for name, (port, load) in variants.items():
                figures, trivial = _interleaved(port, load, plain_port, chunks=CHUNKS)
                measured.setdefault("trivial", trivial)
                measured[name] = {
                    **figures,
                    "trivial_requests_per_second": trivial["requests_per_second"],
                }
                say(
                    f"serving:   {name}: {figures['requests_per_second']} requests/s, "
                    f"trivial alongside {trivial['requests_per_second']}/s"
                )
            rounds_out.append(measured)
        workers = {
            str(pid): _peak_mib(pid)
            for process in (plain, cached)
            for pid in _worker_pids(process.pid)
        }
    finally:
        _stop(plain)
        _stop(cached)

    def ratio(name):
        # Per round against the trivial view measured alongside, then the median of the rounds.
        values = sorted(
            r[name]["requests_per_second"] / r[name]["trivial_requests_per_second"]
            for r in rounds_out
        )
        return round(values[len(values) // 2], 2)

    return {
        "workers": WORKERS,
        "client_threads": CLIENT_THREADS,
        "cache": cache_url.split("://", 1)[0],
        "body_bytes": len(body),
        "rounds": rounds_out,
        "ratio_uncached": ratio("article_uncached"),
        "ratio_revalidated_304": ratio("article_revalidated_304"),
        "ratio_cached": ratio("article_cached"),
        "ratio_cached_304": ratio("article_cached_304"),
        "worker_peak_rss_mib": workers,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--cache-url",
        default=None,
        help="the servers' cache (default: BENCH_CACHE_URL, else Redis on 127.0.0.1:6379/14 "
        "when it answers, else local memory)",
    )
    options = parser.parse_args()
    cache_url = options.cache_url or _default_cache_url()
    emit(run(options.database_url, options.workdir, options.requests, options.rounds, cache_url))


if __name__ == "__main__":
    main()
