"""What the benchmark modules share: Django setup, timing, memory, progress on stderr."""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time


def setup_django(database_url: str, *, static_root=None) -> None:
    """Django on the phase's database; with `static_root`, static files collected there first,
    as `make serve` does, for the phases that render pages (and the servers they start)."""
    os.environ["BENCH_DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if static_root is not None:
        os.environ["STATIC_ROOT"] = str(static_root)
    import django

    django.setup()
    if static_root is not None:
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)


def say(message: str) -> None:
    print(
        f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", file=sys.stderr, flush=True
    )


def peak_rss_mib() -> float:
    """This process's peak resident set size (Linux reports ru_maxrss in KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def summary_ms(samples_s: list[float]) -> dict:
    """Median and p95 of timings given in seconds, in milliseconds."""
    ordered = sorted(samples_s)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
    }


def emit(result: dict) -> None:
    """A phase's result as the last line of stdout, for bench/run.py to collect."""
    print(json.dumps(result, ensure_ascii=False), flush=True)


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - start
