"""Databases of their own for tests that run manage.py in child processes.

pytest-django's test database cannot be shared with a child process (on SQLite it
lives in memory), so these tests get a throwaway database of the same engine as the
suite: a file for SQLite, a database created and dropped here for PostgreSQL. It is
migrated once per session and copied for each test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver
from rest_framework.authtoken.models import Token

from articles.desk.groups import ensure_desk_groups
from articles.desk.lineage import SourceLineage
from articles.models import Article
from taxonomy.models import ArticlePlace, ArticleTopic, Place, Topic
from tests.articles.builders import build_article

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
    yield from _scratch(_migrated_template, tmp_path / "scratch")


@pytest.fixture
def another_scratch_db(_migrated_template, tmp_path):
    """A second fresh, migrated database, to compare two ways of filling one."""
    yield from _scratch(_migrated_template, tmp_path / "another")


def _scratch(migrated_template, folder):
    folder.mkdir(parents=True, exist_ok=True)
    tmp_path = folder
    engine, template = migrated_template
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
          JOIN articles_article a ON a.id = s.rowid WHERE a.page_id = p.id)
FROM articles_page p ORDER BY p.source_name
"""


def page_contents(database_url: str) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in query(database_url, PAGE_CONTENTS_SQL)}


# --- walking the URL configuration ----------------------------------------------------


@pytest.fixture
def unthrottled(monkeypatch):
    """Rates high enough for a walk of every URL: the refusals, not the throttle, answer."""
    from django.core.cache import cache
    from rest_framework.throttling import SimpleRateThrottle

    rates = {"anon": "100000/min", "partner": "100000/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    cache.clear()
    yield
    cache.clear()


def project_urls(objects, keep) -> list[tuple[str, str]]:
    """(URL name, concrete URL) of every route of the project for which `keep(route)` holds."""
    from django.urls import get_resolver

    return [
        (name, concrete(route, name, objects))
        for route, name in walk(get_resolver().url_patterns)
        if keep(route)
    ]


def walk(patterns, prefix="", namespace=""):
    """(route, full URL name) of every pattern under `patterns`."""
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = namespace + (f"{p.namespace}:" if p.namespace else "")
            yield from walk(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), namespace + (p.name or "")


@pytest.fixture
def objects(db):
    """One row of every model the admin shows, so that each object URL finds one."""
    ensure_desk_groups()
    User = get_user_model()
    published = build_article(
        captions=[("图片说明", [("宋爽", "photographer")])], bylines=[("宋爽", "reporter")]
    )
    draft = build_article(page=published.page, status=Article.Status.NEEDS_REVIEW)
    topic = Topic.objects.create(name="走查主题", slug="zoucha")
    link = ArticleTopic.objects.create(article=published, topic=topic, state="suggested")
    ArticlePlace.objects.create(article=published, place=Place.objects.order_by("pk").first())
    SourceLineage.objects.create(
        page=published.page, source_position=0, fate="deleted", article=None
    )
    owner = User.objects.create_user("partner", password="partner-pw-1")
    Token.objects.create(user=owner)
    seen = {"user_agent": "x", "ip_address": "10.0.0.1", "username": "x", "http_accept": "*/*"}
    AccessAttempt.objects.create(
        **seen, path_info="/", get_data="", post_data="", failures_since_start=1
    )
    AccessLog.objects.create(**seen, path_info="/")
    AccessFailureLog.objects.create(**seen, path_info="/")
    return {
        "article": published,
        "draft": draft,
        "caption": published.captions.get(),
        "link": link,
        "history": published.history.latest(),
        "user": owner,
    }


def _model_of(name: str):
    """The model a URL name is about: admin:app_model_view, api:model-view, site:model."""
    namespace, _sep, short = name.rpartition(":")
    for model in apps.get_models():
        meta = model._meta
        if namespace == "admin":
            if short.startswith(f"{meta.app_label}_{meta.model_name}_"):
                return model
        elif meta.app_label in ("articles", "taxonomy"):
            if short.split("-")[0].split("_")[0] in (meta.model_name, f"{meta.model_name}s"):
                return model
    return Article


def _row_of(name: str):
    model = _model_of(name)
    row = model._base_manager.order_by("pk").first()
    assert row is not None, f"the fixture made no {model._meta.label} for {name}"
    return row


def concrete(route: str, name: str, objects) -> str:
    """A requestable path for a route: every parameter filled with an existing row."""
    row = _row_of(name)
    pk = row.pk
    values = {
        "slug": getattr(row, "slug", "no-slug"),
        "section": "articles",
        "pk": pk,
        "object_id": pk,
        "id": objects["user"].pk,
        "caption": objects["caption"].pk,
        "index": 0,
        "link": objects["link"].pk,
        "decision": "accept",
        "revision": 1,
        "content_type_id": ContentType.objects.get_for_model(Article).pk,
        "app_label": "articles",
        "url": "no-such-admin-page/",
    }
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), path)
    # django-simple-history's history form: ^(object id)/history/(history id)/$
    path = path.replace("^([^/]+)/history/([^/]+)/$", f"{pk}/history/{objects['history'].pk}/")
    path = path.replace("^", "").replace("$", "")
    assert not re.search(r"[<>()\[\]^$]", path), f"unfilled parameter in {route}"
    return "/" + path
