"""An import killed midway leaves whole pages only; two imports at once make no duplicates.

Both run `manage.py import_seeds` in child processes against a scratch database of
the suite's engine (tests/reliability/conftest.py), over copies of the seed pages.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

from tests.reliability.conftest import (
    ROOT,
    child_env,
    manage,
    page_contents,
    page_copies,
    query,
)

PROGRESS = re.compile(r"^\[(\d+)/(\d+)\] ")


def _start_import(database_url, folder, *options, cwd=ROOT) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "import_seeds",
            *options,
            *sorted(map(str, folder.glob("*.txt"))),
        ],
        cwd=cwd,
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
    """Killed mid-transaction: only whole pages of committed transactions remain."""
    # Thirty pages: with ten, a busy machine could let the import finish all of them between
    # the fourth page's announcement and the signal's arrival.
    paths = page_copies(tmp_path / "pages", copies=6)
    total = len(paths)

    # Three pages to a transaction, each in its own savepoint.
    child = _start_import(scratch_db, tmp_path / "pages", "--pages-per-transaction", "3")
    # Progress goes to stderr one line per file before its outcome is awaited: once the
    # fifth file is announced, the first transaction has committed and more are to come.
    for line in child.stderr:
        found = PROGRESS.match(line)
        if found and int(found.group(1)) >= 5:
            child.send_signal(signal.SIGTERM)
            break
    else:
        child.wait(timeout=30)
        raise AssertionError(f"the import ended before it could be stopped: {child.returncode}")
    child.communicate(timeout=30)
    assert child.returncode == -signal.SIGTERM

    after_kill = page_contents(scratch_db)
    assert 0 < len(after_kill) < total
    # Whole transactions only: the open one was lost, all three of its pages.
    assert len(after_kill) % 3 == 0, sorted(after_kill)

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


def snapshot(database_url) -> dict[str, list]:
    """What an import writes, without row ids: pages under their issues, articles, paragraphs,
    credits, search documents, keywords, topics and places; related articles aside (each
    importer relates its pages to the candidates it has seen, so the lists depend on the
    order in which pages arrive, as they do for one import given the files in another order)."""
    where = "JOIN articles_article a ON a.id = {} JOIN articles_page p ON p.id = a.page_id"
    queries = {
        "pages": (
            "SELECT p.source_name, p.checksum, p.number, pub.name, i.date, i.number "
            "FROM articles_page p LEFT JOIN articles_issue i ON i.id = p.issue_id "
            "LEFT JOIN articles_publication pub ON pub.id = i.publication_id"
        ),
        "articles": (
            "SELECT p.source_name, a.position, a.headline, a.keywords, a.flags, a.status "
            "FROM articles_article a JOIN articles_page p ON p.id = a.page_id"
        ),
        "paragraphs": "SELECT p.source_name, a.position, b.position, b.text "
        "FROM articles_block b " + where.format("b.article_id"),
        "bylines": "SELECT p.source_name, a.position, r.name, y.role FROM articles_byline y "
        "JOIN articles_reporter r ON r.id = y.reporter_id " + where.format("y.article_id"),
        "documents": "SELECT p.source_name, a.position, CAST(s.tokens AS TEXT) "
        "FROM articles_searchdocument s " + where.format("s.rowid"),
        "topics": "SELECT p.source_name, a.position, t.name, l.state, l.score "
        "FROM taxonomy_articletopic l JOIN taxonomy_topic t ON t.id = l.topic_id "
        + where.format("l.article_id"),
        "places": "SELECT p.source_name, a.position, pl.name, l.mentions "
        "FROM taxonomy_articleplace l JOIN taxonomy_place pl ON pl.id = l.place_id "
        + where.format("l.article_id"),
        "reporters": "SELECT name FROM articles_reporter",
        "issues": "SELECT i.date, i.number FROM articles_issue i",
        "place names": "SELECT name, parent_id IS NULL FROM taxonomy_place",
    }
    return {what: sorted(query(database_url, sql), key=repr) for what, sql in queries.items()}


@pytest.mark.parametrize("files", ["the same files", "different files"])
def test_two_importers_in_separate_folders_give_the_rows_of_one_import(
    scratch_db, another_scratch_db, tmp_path, files
):
    """Two machines importing into one database at once: each its own working directory and
    its own copy of the files (the same files, or half of them each)."""
    pages = page_copies(tmp_path / "pages", copies=4)
    one = manage(another_scratch_db, "import_seeds", *map(str, sorted(pages)), timeout=300)
    assert one.returncode == 0, one.stderr

    folders = [tmp_path / "machine-a", tmp_path / "machine-b"]
    manifest = json.loads((tmp_path / "pages" / "manifest.json").read_text("utf-8"))
    for n, folder in enumerate(folders):
        (folder / "pages").mkdir(parents=True)
        mine = pages if files == "the same files" else pages[n::2]
        for path in mine:
            shutil.copyfile(path, folder / "pages" / path.name)
        subset = {path.name: manifest[path.name] for path in mine}
        (folder / "pages" / "manifest.json").write_text(json.dumps(subset), "utf-8")
    importers = [
        _start_import(scratch_db, folder / "pages", "--pages-per-transaction", "4", cwd=folder)
        for folder in folders
    ]
    outputs = [importer.communicate(timeout=300) for importer in importers]
    for importer, (_stdout, stderr) in zip(importers, outputs, strict=True):
        assert importer.returncode == 0, stderr
    created = [_summary_counts(stdout)[0] for stdout, _err in outputs]
    assert sum(created) == len(pages)  # no page lost, none created twice

    for what, sql in DUPLICATES_SQL.items():
        assert query(scratch_db, sql) == [], f"duplicate {what}"
    two, alone = snapshot(scratch_db), snapshot(another_scratch_db)
    if files == "different files":
        # Places below a county are stored as pages name them and matched by name on later
        # pages, so the links depend on which page came first (as in one import given the
        # files in another order): here each importer's first pages come before the
        # other's. The same pages name places, and the same places are stored.
        assert {row[0] for row in two.pop("places")} == {row[0] for row in alone.pop("places")}
    for what in alone:
        assert two[what] == alone[what], what
