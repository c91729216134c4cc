"""An import killed midway leaves whole pages only; two imports at once make no duplicates.

Both run `manage.py import_seeds` in child processes against a scratch database of
the suite's engine (tests/reliability/conftest.py), over copies of the seed pages.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time

from tests.reliability.conftest import (
    ROOT,
    child_env,
    manage,
    page_contents,
    page_copies,
    query,
)

PROGRESS = re.compile(r"^\[(\d+)/(\d+)\] ")


def _start_import(database_url, folder) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_seeds", *sorted(map(str, folder.glob("*.txt")))],
        cwd=ROOT,
        env=child_env(database_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _summary_counts(stdout: str) -> tuple[int, int, int]:
    """(created, updated, unchanged) from the command's closing table."""
    match = re.search(r"新建 (\d+)，更新 (\d+)，未变 (\d+)", stdout)
    assert match, stdout
    return tuple(int(n) for n in match.groups())


def test_a_killed_import_leaves_whole_pages_and_the_next_run_completes_it(scratch_db, tmp_path):
    # Thirty pages: with ten, a busy machine could let the import finish all of them between
    # the fourth page's announcement and the signal's arrival.
    paths = page_copies(tmp_path / "pages", copies=6)
    total = len(paths)

    child = _start_import(scratch_db, tmp_path / "pages")
    # Progress goes to stderr one line per file before that file is read: once the
    # fourth file is announced, three pages have had their turn and more are to come.
    for line in child.stderr:
        found = PROGRESS.match(line)
        if found and int(found.group(1)) >= 4:
            child.send_signal(signal.SIGTERM)
            break
    else:
        child.wait(timeout=30)
        raise AssertionError(f"the import ended before it could be stopped: {child.returncode}")
    child.communicate(timeout=30)
    assert child.returncode == -signal.SIGTERM

    after_kill = page_contents(scratch_db)
    assert 0 < len(after_kill) < total

    finished = manage(scratch_db, "import_seeds", *map(str, sorted(paths)))
    assert finished.returncode == 0, finished.stderr
    complete = page_contents(scratch_db)
    assert sorted(complete) == sorted(p.name for p in paths)
    # Each page the killed run left behind is exactly what a whole import makes of it.
    for name, contents in after_kill.items():
        assert contents == complete[name], name
    # Copies of one seed page hold the same rows: none was cut short.
    by_seed = {}
    for name, (_checksum, *counts) in complete.items():
        by_seed.setdefault(name[4:], set()).add(tuple(counts))
    assert all(len(variants) == 1 for variants in by_seed.values()), by_seed
    created, updated, unchanged = _summary_counts(finished.stdout)
    assert (created, updated, unchanged) == (total - len(after_kill), 0, len(after_kill))


DUPLICATES_SQL = {
    "pages": "SELECT source_name FROM articles_page GROUP BY source_name HAVING COUNT(*) > 1",
    "articles": (
        "SELECT page_id, position FROM articles_article "
        "GROUP BY page_id, position HAVING COUNT(*) > 1"
    ),
    "blocks": (
        "SELECT article_id, position FROM articles_block "
        "GROUP BY article_id, position HAVING COUNT(*) > 1"
    ),
    "reporters": "SELECT name FROM articles_reporter GROUP BY name HAVING COUNT(*) > 1",
    "publications": "SELECT name FROM articles_publication GROUP BY name HAVING COUNT(*) > 1",
    "issues": (
        "SELECT publication_id, date, number FROM articles_issue "
        "GROUP BY publication_id, date, number HAVING COUNT(*) > 1"
    ),
}


def test_two_imports_at_once_make_no_duplicates_and_both_succeed(scratch_db, tmp_path):
    paths = page_copies(tmp_path / "pages", copies=2)

    first = _start_import(scratch_db, tmp_path / "pages")
    second = _start_import(scratch_db, tmp_path / "pages")
    started = time.monotonic()
    outputs = [first.communicate(timeout=180), second.communicate(timeout=180)]
    assert time.monotonic() - started < 180

    for process, (stdout, stderr) in zip((first, second), outputs, strict=True):
        assert process.returncode == 0, stderr
        assert "失败文件" in stdout
    # Between them every page was created once; the other run found it done.
    created = [_summary_counts(stdout)[0] for stdout, _err in outputs]
    assert sum(created) == len(paths)

    for what, sql in DUPLICATES_SQL.items():
        assert query(scratch_db, sql) == [], f"duplicate {what}"
    assert query(scratch_db, "SELECT COUNT(*) FROM articles_issue") == [(2,)]
    alone = page_contents(scratch_db)
    assert sorted(alone) == sorted(p.name for p in paths)
    by_seed = {}
    for name, (_checksum, *counts) in alone.items():
        by_seed.setdefault(name[4:], set()).add(tuple(counts))
    assert all(len(variants) == 1 for variants in by_seed.values()), by_seed
