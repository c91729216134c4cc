"""A reader's first search after a web worker starts, against the searches that follow.

    python -m bench.first_search --database-url sqlite:////tmp/x.db --workdir /tmp/w
    python -m bench.first_search ... --no-warm-up     # as workers were before newsroom/wsgi.py
                                                      # loaded the segmenter

Uses the database and collected static files bench/reads.py left. One fresh process loads
the WSGI module as a gunicorn worker does (`import newsroom.wsgi`; with --no-warm-up the
site's warm-up is skipped), then sends the search page its first query and, after it, the
same queries warm, each straight to the module's WSGI application as gunicorn hands it a
request (server time, no network; the test client would load the middleware again on its
first request, which a worker's application did at import). bench/run.py starts it several
times, each a new process, since the first request happens once per process.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

from bench.common import emit, peak_rss_mib, summary_ms

# Words printed in the seed pages (bench/reads.py's), the first one asked first.
QUERIES = ("网格员", "乌海", "党员干部", "生态", "志愿服务", "乡村振兴 产业", "嘎查", "呼和浩特")
WARM_ROUNDS = 3


def run(database_url: str, workdir: Path, *, warm_up: bool) -> dict:
    # As setup_django(), without collecting static files again: reads did, in the workdir.
    os.environ["BENCH_DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["STATIC_ROOT"] = str(workdir / "static")
    started = time.perf_counter()
    if not warm_up:
        import django

        django.setup()
        from articles import warm

        warm.warm_up = lambda: None
    from newsroom.wsgi import application  # what a worker loads before its first request

    loaded_s = time.perf_counter() - started
    first_query, *_ = QUERIES
    start = time.perf_counter()
    status = _search(application, first_query)
    first = time.perf_counter() - start
    assert status.startswith("200"), status
    warm = []
    for _ in range(WARM_ROUNDS):
        for query in QUERIES:
            start = time.perf_counter()
            _search(application, query)
            if query == first_query:
                warm.append(time.perf_counter() - start)
    warm_all = summary_ms(warm)
    first_ms = round(first * 1000, 2)
    return {
        "warm_up": warm_up,
        "worker_loaded_s": round(loaded_s, 2),
        "first_ms": first_ms,
        "warm": warm_all,
        "first_over_warm": round(first_ms / warm_all["median_ms"], 2),
        "peak_rss_mib": peak_rss_mib(),
    }


def _search(application, query: str) -> str:
    """The search page for `query`, asked of the WSGI application; its status line."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/search/",
        "QUERY_STRING": urlencode({"q": query}),
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT_LANGUAGE": "zh-CN,zh",
    }
    setup_testing_defaults(environ)
    statuses = []
    body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        b"".join(body)
    finally:
        body.close()
    return statuses[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--no-warm-up", action="store_true")
    options = parser.parse_args()
    emit(run(options.database_url, options.workdir, warm_up=not options.no_warm_up))


if __name__ == "__main__":
    main()
