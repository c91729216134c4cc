"""Import speed: pages per second for parse only and for the full import, with peak memory.

    python -m bench.import_speed --pages 1000 --mode full --database-url sqlite:////tmp/x.db \
        --workdir /tmp/pages

The full import is what `manage.py import_seeds` does (seeds.importer.import_files: read and
parse each file, in a worker process a few pages ahead; write the page and its articles in
one transaction; index them for search, taxonomy and related articles through the
import steps), on a freshly migrated database. Parse only is import_files' dry run,
in one process. The pages are
made by bench/archive.py from the seed pages. One phase per process, so that the peak memory
reported is this phase's alone.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

from bench.common import emit, peak_rss_mib, say, setup_django

PROGRESS_EVERY = 250


def run(
    pages: int, mode: str, database_url: str, workdir: Path, budget: float, workers: int = 1
) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    setup_django(database_url)
    from django.core.management import call_command
    from django.db import connection

    from bench import archive
    from chinese.segmenter import compiled_routes
    from seeds.importer import PageFile, import_files, update_planner_statistics
    from seeds.manifest import load_manifest

    paths = archive.build(workdir, pages)
    manifest = load_manifest(workdir / "manifest.json")
    if mode == "full":
        call_command("migrate", verbosity=0, interactive=False)

    say(f"import {mode}: {pages} pages")
    characters = done = 0
    checkpoints = []  # (pages done, seconds): shows whether later pages cost more
    start = time.perf_counter()
    files = [PageFile(path, str(path), manifest.metadata_for(path.name)) for path in paths]
    # As import_seeds does: a run cuts every page with the compiled routes.
    with compiled_routes():
        imported = import_files(files, dry_run=(mode == "parse"), workers=workers)
        for done, (_page_file, result) in enumerate(imported, 1):
            if isinstance(result, Exception):
                raise result
            characters += len(result.extraction.text)
            elapsed = time.perf_counter() - start
            if done % max(1, min(pages // 10, 100)) == 0:
                checkpoints.append([done, round(elapsed, 2)])
            if done % PROGRESS_EVERY == 0:
                say(f"  {done}/{pages} pages, {done / elapsed:.1f} pages/s")
            if elapsed > budget and done < pages:
                say(f"  stopping at the budget of {budget:.0f} s after {done} pages")
                imported.close()
                break
    if mode == "full":
        update_planner_statistics()  # as import_seeds does at the end of a run
    elapsed = time.perf_counter() - start

    from articles.models import Article, Page

    result = {
        "mode": mode,
        "pages": pages,
        "workers": workers,
        "pages_done": done,
        "completed": done == pages,
        "seconds": round(elapsed, 2),
        "pages_per_second": round(done / elapsed, 2),
        "checkpoints": checkpoints,
        "characters_per_second": round(characters / elapsed),
        "peak_rss_mib": peak_rss_mib(),
        # The parse-ahead worker's, once it has ended (Linux reports ru_maxrss in KiB).
        "worker_peak_rss_mib": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
        ),
        # Other work on the machine slows an import down: its load when the phase ended.
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "database": connection.vendor,
    }
    if mode == "full":
        result["page_rows"] = Page.objects.count()
        result["article_rows"] = Article.objects.count()
    say(f"import {mode}: {done} pages in {elapsed:.1f} s ({result['pages_per_second']} pages/s)")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--mode", choices=("parse", "full"), required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--budget", type=float, default=float("inf"), help="seconds")
    parser.add_argument("--workers", type=int, default=1, help="parse processes (full)")
    options = parser.parse_args()
    emit(
        run(
            options.pages,
            options.mode,
            options.database_url,
            options.workdir,
            options.budget,
            options.workers,
        )
    )


if __name__ == "__main__":
    main()
