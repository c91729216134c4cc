"""A synthetic archive made from the seed pages: N distinct page files with a manifest.

Each synthetic page is a copy of one seed page under its own file name, with its own
publication, date and page number in a generated manifest.json, so that every one becomes
its own Page row (and its own issue every PAGES_PER_ISSUE pages). The text is the seed
page's: parsing cost is the seed pages' cost, and nothing is invented.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
from pathlib import Path

from django.conf import settings

PAGES_PER_ISSUE = 8
PUBLICATIONS = ("基准日报", "基准晚报")
FIRST_DAY = datetime.date(2001, 1, 1)


def seed_pages() -> list[Path]:
    pages = sorted(Path(settings.SEED_PAGES_DIR).glob("*.txt"))
    if not pages:
        raise SystemExit(f"no seed pages in {settings.SEED_PAGES_DIR}")
    return pages


def build(directory: Path, count: int) -> list[Path]:
    """Write `count` page files and their manifest into `directory`; return the paths in order."""
    directory.mkdir(parents=True, exist_ok=True)
    seeds = seed_pages()
    manifest, paths = {}, []
    for n in range(count):
        seed = seeds[n % len(seeds)]
        issue, page = divmod(n, PAGES_PER_ISSUE)
        publication = PUBLICATIONS[issue % len(PUBLICATIONS)]
        day = FIRST_DAY + datetime.timedelta(days=issue // len(PUBLICATIONS))
        name = f"{n:06d}_{seed.stem}.txt"
        path = directory / name
        path.unlink(missing_ok=True)
        try:
            os.link(seed, path)  # no copy needed: the importer only reads the bytes
        except OSError:
            shutil.copyfile(seed, path)
        manifest[name] = {
            "publication": publication,
            "date": day.isoformat(),
            "issue_number": issue // len(PUBLICATIONS) + 1,
            "page": page + 1,
            "page_name": f"第{page + 1}版",
        }
        paths.append(path)
    (directory / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False), encoding="utf-8"
    )
    return paths
