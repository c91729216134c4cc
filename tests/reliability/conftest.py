"""Databases of their own for tests that run manage.py in child processes.

pytest-django's test database cannot be shared with a child process (on SQLite it
lives in memory), so these tests get a throwaway database of the same engine as the
suite: a file for SQLite, a database created and dropped here for PostgreSQL. It is
migrated once per session and copied for each test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SEED_PAGES = sorted((ROOT / "seeds" / "pages").glob("*.txt"))


def _engine() -> str:
    return settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]


def child_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="newsroom.settings")
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def manage(database_url: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run manage.py with the given database; the result carries its text output."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=child_env(database_url),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class _Postgres:
    """Create and drop whole databases on the suite's PostgreSQL server."""

    def __init__(self):
        db = settings.DATABASES["default"]
        self.host = db.get("HOST") or "127.0.0.1"
        self.port = db.get("PORT") or 5432
        self.user = db.get("USER") or "postgres"
        self.password = db.get("PASSWORD") or ""

    def url(self, name: str) -> str:
        auth = self.user + (f":{self.password}" if self.password else "")
        return f"postgres://{auth}@{self.host}:{self.port}/{name}"

    def execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password or None,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            conn.execute(sql)

    def create(self, name: str, template: str | None = None) -> str:
        self.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory):
    """A migrated, empty database to copy from: (engine, URL or file path)."""
    engine = _engine()
    if engine == "postgresql":
        server = _Postgres()
        name = f"newsroom_reliability_{uuid.uuid4().hex[:10]}"
        url = server.create(name)
        try:
            result = manage(url, "migrate", "--noinput", "-v0")
            assert result.returncode == 0, result.stderr
            yield engine, name
        finally:
            server.drop(name)
    elif engine == "sqlite3":
        path = tmp_path_factory.mktemp("template") / "template.sqlite3"
        result = manage(f"sqlite:///{path}", "migrate", "--noinput", "-v0")
        assert result.returncode == 0, result.stderr
        yield engine, path
    else:  # pragma: no cover - the suite runs on SQLite and PostgreSQL only
        pytest.skip(f"no throwaway databases for {engine}")


@pytest.fixture
def scratch_db(_migrated_template, tmp_path):
    """The URL of a fresh, migrated database that child processes can share."""
    engine, template = _migrated_template
    if engine == "postgresql":
        server = _Postgres()
        name = f"newsroom_scratch_{uuid.uuid4().hex[:10]}"
        url = server.create(name, template=template)
        try:
            yield url
        finally:
            server.drop(name)
    else:
        path = tmp_path / "scratch.sqlite3"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"


def page_copies(folder: Path, copies: int) -> list[Path]:
    """`copies` rounds of the seed pages under `folder`, with a manifest placing each one.

    Pages land in issues by date, and a few in issues known only by number, so that
    the importer's publication and issue look-ups are exercised as well.
    """
    folder.mkdir(parents=True, exist_ok=True)
    manifest, paths = {}, []
    for n in range(copies):
        for seed in SEED_PAGES:
            path = folder / f"{n:03d}_{seed.name}"
            shutil.copyfile(seed, path)
            paths.append(path)
            entry = {"publication": "可靠性测试日报", "page": len(paths), "page_name": "要闻"}
            if n % 3 == 1:
                entry["issue_number"] = 9000 + n
            else:
                entry["date"] = f"2024-09-{n + 1:02d}"
            manifest[path.name] = entry
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return paths


def query(database_url: str, sql: str) -> list[tuple]:
    """Rows of a read-only query against a scratch database, from this process."""
    if database_url.startswith("sqlite:///"):
        import sqlite3

        conn = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        try:
            return [tuple(row) for row in conn.execute(sql)]
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as conn:
        return [tuple(row) for row in conn.execute(sql)]


# What a page holds once imported: its rows, counted per page.
PAGE_CONTENTS_SQL = """
SELECT p.source_name, p.checksum,
       (SELECT COUNT(*) FROM articles_article a WHERE a.page_id = p.id),
       (SELECT COUNT(*) FROM articles_block b
          JOIN articles_article a ON a.id = b.article_id WHERE a.page_id = p.id),
       (SELECT COUNT(*) FROM articles_byline y
          JOIN articles_article a ON a.id = y.article_id WHERE a.page_id = p.id),
       (SELECT COUNT(*) FROM articles_photocaption c
          JOIN articles_article a ON a.id = c.article_id WHERE a.page_id = p.id),
       (SELECT COUNT(*) FROM articles_searchdocument s
          JOIN articles_article a ON a.id = s.article_id WHERE a.page_id = p.id)
FROM articles_page p ORDER BY p.source_name
"""


def page_contents(database_url: str) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in query(database_url, PAGE_CONTENTS_SQL)}
