"""`make bench`: import speed, reads at scale, serving throughput; JSON in bench/results/.

    python -m bench.run                   # the full run (1,000 and 10,000 pages, 100,000 articles)
    python -m bench.run --quick           # a smoke run in a minute or two
    BENCH_PAGES=1000 BENCH_ARTICLES=20000 python -m bench.run --only import,reads

Every phase runs in its own process on its own temporary SQLite file (or, with
--database postgres, its own temporary PostgreSQL database), so the developer's
db.sqlite3 is never opened and each phase's peak memory is its own. Progress goes to
stderr; the summary table to stdout; the whole result to bench/results/<time>.json and
bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from bench import machine
from bench.common import say

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PHASES = ("import", "reads", "serving")


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def options(argv=None):
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--pages", default=env("BENCH_PAGES"), help="e.g. 1000,10000")
    parser.add_argument("--articles", type=int, default=env("BENCH_ARTICLES"))
    parser.add_argument("--samples", type=int, default=env("BENCH_SAMPLES"))
    parser.add_argument("--requests", type=int, default=env("BENCH_REQUESTS"))
    parser.add_argument(
        "--import-budget",
        type=float,
        default=env("BENCH_IMPORT_BUDGET"),
        help="seconds one full import may take before it stops and reports what it did",
    )
    parser.add_argument(
        "--workers",
        default=env("BENCH_WORKERS", "1,2"),
        help="parse processes of the full import, e.g. 1,2: one full run each",
    )
    parser.add_argument("--only", default=env("BENCH_ONLY", ",".join(PHASES)))
    parser.add_argument(
        "--database", choices=("sqlite", "postgres"), default=env("BENCH_DATABASE", "sqlite")
    )
    parser.add_argument(
        "--postgres-url",
        default=env("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
        help="server on which a temporary database is created and dropped",
    )
    args = parser.parse_args(argv)
    quick = {"pages": "20,100", "articles": 5_000, "samples": 20, "requests": 100}
    full = {"pages": "1000,10000", "articles": 100_000, "samples": 200, "requests": 600}
    defaults = quick if args.quick else full
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.import_budget is None:
        args.import_budget = 60.0 if args.quick else 480.0
    args.pages = _ints(str(args.pages))
    args.workers = _ints(str(args.workers))
    args.only = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(args.only) - set(PHASES)
    if unknown:
        parser.error(f"unknown phase(s): {', '.join(sorted(unknown))}")
    return args


@contextmanager
def database(args, workdir: Path, name: str):
    """A database URL that exists only for the block."""
    if args.database == "sqlite":
        yield f"sqlite:///{workdir / (name + '.sqlite3')}"
        return
    import psycopg

    db = f"bench_{name}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.postgres_url + "/postgres", autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{db}"')
    try:
        yield f"{args.postgres_url}/{db}"
    finally:
        with psycopg.connect(args.postgres_url + "/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def phase(module: str, *arguments) -> dict:
    """Run `python -m bench.<module>` and return the JSON of its last stdout line."""
    command = [sys.executable, "-m", f"bench.{module}", *map(str, arguments)]
    completed = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if completed.returncode != 0:
        raise SystemExit(f"bench.{module} failed with exit status {completed.returncode}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# Fresh processes per kind of worker: the first request happens once in each.
FIRST_SEARCH_STARTS = 5
# A worker's first search should cost at most this many times a warm one.
FIRST_SEARCH_GOAL = 2.0


def first_search(args, url: str, workdir: Path) -> dict:
    """The first search of fresh workers, with the segmenter loaded at start and without."""
    result = {"goal_first_over_warm": FIRST_SEARCH_GOAL}
    for name, flags in (("warmed", []), ("not_warmed", ["--no-warm-up"])):
        runs = [
            phase("first_search", "--database-url", url, "--workdir", workdir, *flags)
            for _ in range(FIRST_SEARCH_STARTS)
        ]
        ratios = sorted(run["first_over_warm"] for run in runs)
        result[name] = {
            "runs": runs,
            "first_ms_median": sorted(run["first_ms"] for run in runs)[len(runs) // 2],
            "warm_ms_median": sorted(run["warm"]["median_ms"] for run in runs)[len(runs) // 2],
            "first_over_warm_median": ratios[len(ratios) // 2],
        }
        say(
            f"first search ({name}): first {result[name]['first_ms_median']} ms, "
            f"warm {result[name]['warm_ms_median']} ms"
        )
    result["goal_met"] = result["warmed"]["first_over_warm_median"] <= FIRST_SEARCH_GOAL
    return result


def main(argv=None) -> None:
    args = options(argv)
    started = datetime.datetime.now(datetime.UTC)
    result = {
        "started_utc": started.isoformat(timespec="seconds"),
        "machine": machine.describe(),
        "load_average_at_start": machine.load_average(),
        "settings": {
            "quick": args.quick,
            "pages": args.pages,
            "articles": args.articles,
            "samples": args.samples,
            "requests": args.requests,
            "import_budget_s": args.import_budget,
            "database": args.database,
        },
    }
    say(f"machine: {result['machine']}, load {result['load_average_at_start']}")
    clock = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as tmp:
        tmp = Path(tmp)
        if "import" in args.only:
            result["import"] = []
            for pages in args.pages:
                work = tmp / f"import-{pages}"
                runs = [("parse", 1)] + [("full", workers) for workers in args.workers]
                for mode, workers in runs:
                    with database(args, tmp, f"import_{mode}_{pages}_{workers}") as url:
                        result["import"].append(
                            phase(
                                "import_speed",
                                "--pages", pages,
                                "--mode", mode,
                                "--workers", workers,
                                "--database-url", url,
                                "--workdir", work / f"{mode}-{workers}",
                                "--budget", args.import_budget,
                            )
                        )  # fmt: skip
        if "reads" in args.only or "serving" in args.only:
            with database(args, tmp, "reads") as url:
                if "reads" in args.only or "serving" in args.only:
                    result["reads"] = phase(
                        "reads",
                        "--articles", args.articles,
                        "--samples", args.samples,
                        "--database-url", url,
                        "--workdir", tmp / "reads",
                    )  # fmt: skip
                if "reads" in args.only:
                    result["first_search"] = first_search(args, url, tmp / "reads")
                if "serving" in args.only:
                    result["serving"] = phase(
                        "serving",
                        "--database-url", url,
                        "--workdir", tmp / "reads",
                        "--requests", args.requests,
                        "--rounds", 1 if args.quick else 3,
                    )  # fmt: skip
    result["seconds"] = round(time.perf_counter() - clock, 1)
    result["load_average_at_end"] = machine.load_average()

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    text = json.dumps(result, ensure_ascii=False, indent=2)
    (RESULTS / f"{stamp}.json").write_text(text + "\n", encoding="utf-8")
    (RESULTS / "latest.json").write_text(text + "\n", encoding="utf-8")
    print("\n".join(summary(result)))
    say(f"results in bench/results/{stamp}.json ({result['seconds']} s)")


def import_ratios(runs: list[dict]) -> list[tuple[int, int, float]]:
    """(pages, parse processes, full import's pages/s over parse only's) from one run."""
    parse = {r["pages"]: r["pages_per_second"] for r in runs if r["mode"] == "parse"}
    return [
        (r["pages"], r["workers"], round(r["pages_per_second"] / parse[r["pages"]], 2))
        for r in runs
        if r["mode"] == "full" and parse.get(r["pages"])
    ]


def summary(result: dict) -> list[str]:
    rows = [("what", "figure")]
    for r in result.get("import", []):
        done = "" if r.get("completed", True) else f" (stopped at budget: {r['pages_done']} done)"
        worker = r.get("worker_peak_rss_mib")
        worker = f", parse worker {worker} MiB" if worker else ""
        workers = f", {r['workers']} parse processes" if r["mode"] == "full" else ""
        rows.append(
            (
                f"import {r['mode']} {r['pages']} pages{workers}",
                f"{r['pages_per_second']} pages/s, {r['seconds']} s, "
                f"peak {r['peak_rss_mib']} MiB{worker}{done}",
            )
        )
    for pages, workers, ratio in import_ratios(result.get("import", [])):
        rows.append((f"full / parse, {pages} pages, {workers} parse processes", f"{ratio}"))
    reads = result.get("reads")
    if reads:
        rows.append(("read archive", f"{reads['dataset']['articles']} articles"))
        for name, r in reads["reads"].items():
            if name == "search_vs_like":
                rows.append(
                    (
                        "search vs LIKE scan",
                        f"fts {r['fts']['median_ms']} ms, like {r['like']['median_ms']} ms, "
                        f"{r['like_over_fts_median']}x",
                    )
                )
                continue
            rows.append(
                (
                    name,
                    f"median {r['median_ms']} ms, p95 {r['p95_ms']} ms, "
                    f"{r['queries_median']} queries",
                )
            )
    first = result.get("first_search")
    if first:
        for name in ("warmed", "not_warmed"):
            r = first[name]
            rows.append(
                (
                    f"first search, worker {name.replace('_', ' ')}",
                    f"first {r['first_ms_median']} ms, warm {r['warm_ms_median']} ms, "
                    f"{r['first_over_warm_median']}x (goal <= {first['goal_first_over_warm']}x)",
                )
            )
    serving = result.get("serving")
    if serving:
        last = serving["rounds"][-1]
        rows.append(
            (
                "gunicorn 2 workers",
                f"trivial {last['trivial']['requests_per_second']}/s, "
                f"article {last['article_uncached']['requests_per_second']}/s, "
                f"304 {last['article_revalidated_304']['requests_per_second']}/s, "
                f"cached {last['article_cached']['requests_per_second']}/s",
            )
        )
        rows.append(
            (
                "ratio to trivial view",
                f"uncached {serving['ratio_uncached']}, "
                f"revalidated {serving['ratio_revalidated_304']}, "
                f"cached {serving['ratio_cached']}, cached 304 {serving['ratio_cached_304']}",
            )
        )
        rows.append(("worker peak RSS", f"{serving['worker_peak_rss_mib']} MiB"))
    rows.append(("load average start/end", f"{result['load_average_at_start']} / "
                 f"{result['load_average_at_end']}"))  # fmt: skip
    width = max(len(name) for name, _ in rows) + 2
    return [name.ljust(width) + value for name, value in rows]


if __name__ == "__main__":
    main()
