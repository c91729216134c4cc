"""`import_seeds`: the dry-run JSON contract, bad files among good ones, idempotent runs.

Most tests run the command with a stand-in parser (tests.factories.fake_parse_page:
the real decoder, one article per blank-line block) so that item counts are the ones
written here; the end-to-end tests at the bottom use the real parser on seeds/pages.
"""

import io
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from articles.models import Article, Block, Byline, Page, Reporter
from seeds.importer import content_tables, update_planner_statistics
from seeds.importer import files as importer_files
from tests.factories import fake_parse_page

pytestmark = pytest.mark.django_db

# Two small pages written for these tests; the stand-in parser makes one article of
# each blank-line block, so PAGE_A has two items and PAGE_B one.
PAGE_A = "社区党建引领微治理\n网格员逐户核算维修成本。\n\n民族团结宣传月\n新城区开展主题活动。\n"
PAGE_B = "北疆党旗红\n“铁三角”联合为切入点，推动服务力量下沉。\n"


@pytest.fixture(autouse=True)
def stand_in_parser(monkeypatch):
    monkeypatch.setattr(importer_files, "parse_page", fake_parse_page)


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text(PAGE_A, encoding="utf-8")
    (folder / "b.txt").write_text(PAGE_B, encoding="utf-8")
    return folder


def run(*args):
    """Run the command; return (stdout, stderr, error or None)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_seeds", *[str(a) for a in args], stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def row_counts():
    return [m.objects.count() for m in (Page, Article, Block, Byline, Reporter)]


def test_dry_run_json_follows_the_contract_and_writes_nothing(pages):
    given = [str(pages / "a.txt"), str(pages / "b.txt")]

    out, err, error = run("--dry-run", "--json", *given)

    assert error is None
    assert row_counts() == [0, 0, 0, 0, 0]
    document = json.loads(out)  # stdout holds nothing but the JSON document
    assert list(document) == ["pages"]
    assert [p["source"] for p in document["pages"]] == given
    first = document["pages"][0]
    assert set(first) == {"source", "encoding", "items", "unassigned"}
    assert first["encoding"] == "utf-8"
    assert [item["headline"] for item in first["items"]] == ["社区党建引领微治理", "民族团结宣传月"]
    assert set(first["items"][0]) == {
        "kind",
        "column",
        "overline",
        "headline",
        "subtitle",
        "bylines",
        "source",
        "body",
        "captions",
        "spans",
        "flags",
        "confidence",
        "continues_on",
        "continued_from",
    }
    assert 0 <= first["items"][0]["confidence"] <= 1
    assert first["items"][0]["body"] == [{"type": "paragraph", "text": "网格员逐户核算维修成本。"}]
    # Chinese stays readable: no \\u escapes.
    assert "社区党建引领微治理" in out


def test_json_import_keeps_stdout_pure_and_reports_on_stderr(pages):
    out, err, error = run("--json", pages / "a.txt", pages / "b.txt")

    assert error is None
    assert len(json.loads(out)["pages"]) == 2
    assert "版面导入汇总" in err
    assert "版面导入汇总" not in out
    assert row_counts()[:2] == [2, 3]


def test_summary_table_goes_to_stdout_without_json(pages):
    out, err, error = run(pages / "a.txt", pages / "b.txt")

    assert error is None
    lines = out.splitlines()
    assert lines[0] == "版面导入汇总"
    assert any(line.startswith("版面") and "新建 2" in line for line in lines)
    assert any(line.startswith("稿件") and line.endswith(" 3") for line in lines)
    assert any("消息/通讯 (article)" in line and line.endswith(" 3") for line in lines)
    assert any(line.startswith("待审稿件") and line.endswith(" 3") for line in lines)
    assert any(line.startswith("失败文件") and line.endswith(" 0") for line in lines)


def test_running_twice_changes_nothing(pages):
    run(pages / "a.txt", pages / "b.txt")
    counts = row_counts()
    stamps = dict(Article.objects.values_list("pk", "updated_at"))

    out, err, error = run(pages / "a.txt", pages / "b.txt")

    assert error is None
    assert row_counts() == counts
    assert dict(Article.objects.values_list("pk", "updated_at")) == stamps
    assert "未变 2" in out


def test_one_bad_file_among_good_ones(pages):
    (pages / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (pages / "empty.txt").write_bytes(b"")
    (pages / "gb.txt").write_bytes("草原新城\n社区居民议事会。\n".encode("gb18030"))
    files = [pages / n for n in ("a.txt", "binary.txt", "empty.txt", "gb.txt", "missing.txt")]

    out, err, error = run(*files)

    assert error is not None  # the command exits non-zero ...
    assert "3 个文件导入失败" in str(error)
    # ... after importing every good file.
    assert sorted(Page.objects.values_list("source_name", flat=True)) == ["a.txt", "gb.txt"]
    gb = Page.objects.get(source_name="gb.txt")
    assert gb.encoding == "gb18030"
    assert gb.text == "草原新城\n社区居民议事会。\n"
    assert gb.articles.get().headline == "草原新城"
    failures = {line.split(": ", 1)[0]: line for line in err.splitlines() if ": " in line}
    assert "binary" in failures[str(pages / "binary.txt")]
    assert "empty" in failures[str(pages / "empty.txt")]
    assert "找不到文件" in failures[str(pages / "missing.txt")]
    assert any(line.startswith("失败文件") and line.endswith(" 3") for line in out.splitlines())


def test_failed_files_are_listed_in_the_json_errors(pages):
    (pages / "empty.txt").write_bytes(b"   \n")

    out, err, error = run("--dry-run", "--json", pages / "a.txt", pages / "empty.txt")

    assert error is not None
    document = json.loads(out)
    assert [p["source"] for p in document["pages"]] == [str(pages / "a.txt")]
    assert document["errors"] == [
        {"source": str(pages / "empty.txt"), "error": document["errors"][0]["error"]}
    ]
    assert "empty" in document["errors"][0]["error"]
    assert str(pages / "empty.txt") in err


def test_a_parser_crash_on_one_page_does_not_stop_the_others(pages, monkeypatch):
    def fragile(data, *, source):
        if source.endswith("a.txt"):
            raise IndexError("list index out of range")
        return fake_parse_page(data, source=source)

    monkeypatch.setattr(importer_files, "parse_page", fragile)

    out, err, error = run(pages / "a.txt", pages / "b.txt")

    assert error is not None
    assert list(Page.objects.values_list("source_name", flat=True)) == ["b.txt"]
    assert "IndexError" in err


def test_manifest_beside_the_pages_gives_page_metadata(pages):
    (pages / "manifest.json").write_text(
        json.dumps({"a.txt": {"page": 3, "page_name": "社区"}, "b.txt": {"page": None}}),
        encoding="utf-8",
    )

    run(pages / "a.txt", pages / "b.txt")

    assert Page.objects.get(source_name="a.txt").number == 3
    assert Page.objects.get(source_name="a.txt").name == "社区"
    assert Page.objects.get(source_name="b.txt").number is None


def test_a_bad_manifest_entry_fails_only_its_page(pages, tmp_path):
    manifest = tmp_path / "m.json"
    manifest.write_text(
        json.dumps({"a.txt": {"date": "2024-13-01"}, "b.txt": {"page": 2}}), encoding="utf-8"
    )

    out, err, error = run("--manifest", manifest, pages / "a.txt", pages / "b.txt")

    assert error is not None
    assert list(Page.objects.values_list("source_name", "number")) == [("b.txt", 2)]
    message = next(line for line in err.splitlines() if line.startswith(str(pages / "a.txt")))
    assert "m.json" in message and "date" in message


def test_an_unreadable_manifest_beside_the_pages_fails_those_pages(pages):
    (pages / "manifest.json").write_text("{not json", encoding="utf-8")

    out, err, error = run(pages / "a.txt")

    assert error is not None
    assert Page.objects.count() == 0
    assert "manifest.json" in err


def test_a_named_manifest_that_cannot_be_read_stops_before_importing(pages, tmp_path):
    out, err, error = run("--manifest", tmp_path / "none.json", pages / "a.txt")

    assert error is not None and "none.json" in str(error)
    assert Page.objects.count() == 0


def test_default_pages_are_every_txt_in_the_seed_folder_sorted(pages, settings):
    (pages / "notes.md").write_text("不是版面", encoding="utf-8")
    settings.SEED_PAGES_DIR = pages

    out, err, error = run("--dry-run", "--json")

    assert error is None
    sources = [p["source"] for p in json.loads(out)["pages"]]
    assert [s.rsplit("/", 1)[-1] for s in sources] == ["a.txt", "b.txt"]


def test_an_empty_seed_folder_is_an_error(tmp_path, settings):
    settings.SEED_PAGES_DIR = tmp_path

    out, err, error = run()

    assert error is not None and str(tmp_path) in str(error)


def test_progress_goes_to_stderr_for_many_files(pages):
    files = []
    for n in range(4):
        path = pages / f"p{n}.txt"
        path.write_text(PAGE_B, encoding="utf-8")
        files.append(path)

    out, err, error = run("--dry-run", "--json", *files)

    assert "[4/4]" in err
    assert "[4/4]" not in out
    json.loads(out)


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_terminal_gets_a_redrawn_bar_and_errors_on_their_own_lines(pages):
    err = Terminal()
    with pytest.raises(CommandError):
        call_command(
            "import_seeds",
            "--dry-run",
            str(pages / "missing.txt"),
            str(pages / "a.txt"),
            stdout=io.StringIO(),
            stderr=err,
        )

    text = err.getvalue()
    assert "\r\x1b[K[" in text and "2/2" in text
    assert f"\n{pages / 'missing.txt'}: 找不到文件" in text


def test_few_files_show_no_progress(pages):
    out, err, error = run("--dry-run", "--json", pages / "a.txt")

    assert "[1/1]" not in err


def test_exit_status_is_non_zero_when_a_file_fails(tmp_path):
    # A real process, to see the exit status; a dry run of a missing file touches no database.
    missing = tmp_path / "missing.txt"
    proc = subprocess.run(
        [sys.executable, "manage.py", "import_seeds", "--dry-run", "--json", str(missing)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert proc.returncode != 0
    assert json.loads(proc.stdout) == {
        "pages": [],
        "errors": [{"source": str(missing), "error": "找不到文件"}],
    }
    assert str(missing) in proc.stderr


# --- end to end, with the real parser -------------------------------------------------


@pytest.fixture
def real_parser(monkeypatch):
    pytest.importorskip("seeds.parser.pipeline")
    from seeds.parser import parse_page

    monkeypatch.setattr(importer_files, "parse_page", parse_page)


def seed_pages():
    return sorted(str(p) for p in settings.SEED_PAGES_DIR.glob("*.txt"))


def test_seed_pages_dry_run_end_to_end(real_parser):
    out, err, error = run("--dry-run", "--json", *seed_pages())

    assert error is None, err
    document = json.loads(out)
    assert [p["source"] for p in document["pages"]] == seed_pages()
    assert all(p["encoding"] == "utf-8" for p in document["pages"])
    assert row_counts() == [0, 0, 0, 0, 0]


def test_seed_pages_import_twice_end_to_end(real_parser):
    out, err, error = run(*seed_pages())
    assert error is None, err
    counts = row_counts()
    assert counts[0] == 5
    # Page 000 prints 本报讯（记者 祁晓燕 通讯员 赵东霞） under 激活社区“微治理”…
    page = Page.objects.get(source_name="000_fa48b9cf94c83c8b.txt")
    lead = page.articles.get(headline__contains="激活社区“微治理”")
    assert [(b.reporter.name, b.role) for b in lead.bylines.all()] == [
        ("祁晓燕", "reporter"),
        ("赵东霞", "correspondent"),
    ]

    out, err, error = run(*seed_pages())

    assert error is None, err
    assert row_counts() == counts
    assert "未变 5" in out


def test_an_import_refreshes_the_planner_statistics(pages, monkeypatch):
    refreshed = []
    monkeypatch.setattr(
        "seeds.management.commands.import_seeds.update_planner_statistics",
        lambda: refreshed.append(True),
    )
    run("--dry-run", pages / "a.txt")
    assert refreshed == []  # nothing written, nothing to learn
    run(pages / "a.txt")
    assert refreshed == [True]
    run(pages / "a.txt")
    assert refreshed == [True]  # unchanged: the statistics still hold


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's planner",
)
def test_with_statistics_sqlite_finds_a_pages_articles_by_page_not_by_status():
    from django.utils import timezone

    from tests.factories import make_article, make_page

    pages = [make_page(source_name=f"p{n}.txt") for n in range(20)]
    for page in pages:
        for position in range(5):
            make_article(
                page=page, position=position, status="published", published_at=timezone.now()
            )
    update_planner_statistics()
    plan = (
        Article.objects.filter(status="published", page__in=pages[:3])
        .order_by("position")
        .explain()
    )
    # Narrowed by page (alone or with the status), never a walk of every published article.
    assert "page_id=?" in plan
    assert "(status=?)" not in plan


ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _all_visible_pages(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL's visibility map")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_an_import_leaves_its_tables_vacuumed(pages):
    """Index-only scans need the visibility map that only VACUUM sets."""
    run(pages / "a.txt", pages / "b.txt")
    # Every table the import wrote rows to has its pages marked all-visible.
    for table in ("articles_article", "articles_block", "articles_searchdocument"):
        assert _all_visible_pages(table) > 0, table


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL's VACUUM")
def test_inside_a_transaction_the_statistics_step_does_nothing_and_fails_nothing():
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_article

    make_article()
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        update_planner_statistics()  # VACUUM would raise in a transaction block
    assert captured.captured_queries == []


def test_the_content_tables_are_the_articles_and_taxonomy_tables_with_history():
    tables = content_tables()
    assert {"articles_article", "articles_historicalarticle", "articles_searchdocument"} <= set(
        tables
    )
    assert {"taxonomy_relatedarticle", "taxonomy_articletopic"} <= set(tables)
    assert not {t for t in tables if t.startswith(("auth_", "django_"))}


# --- another page under a stored page's file name ----------------------------------------


@pytest.fixture
def clash(tmp_path):
    """Seed page 000 in one folder; page 001's text under 000's file name in another."""
    seeds = sorted(settings.SEED_PAGES_DIR.glob("*.txt"))
    stored = tmp_path / "pages" / seeds[0].name
    stored.parent.mkdir()
    stored.write_bytes(seeds[0].read_bytes())
    other = tmp_path / "otherdir" / seeds[0].name
    other.parent.mkdir()
    other.write_bytes(seeds[1].read_bytes())
    return stored, other


def contents():
    """Every page's text and every article's parts, to see that nothing changed."""
    pages = list(Page.objects.order_by("pk").values_list("source_name", "checksum", "text"))
    articles = list(Article.objects.order_by("pk").values_list("pk", "headline", "updated_at"))
    return pages, articles, list(Block.objects.order_by("pk").values_list("pk", "text"))


def test_another_page_under_a_stored_pages_file_name_is_refused(clash):
    stored, other = clash
    run(stored)
    before = contents()

    out, err, error = run(other)

    assert error is not None and "1 个文件导入失败" in str(error)  # exits non-zero
    assert contents() == before
    message = next(line for line in err.splitlines() if line.startswith(f"{other}: "))
    assert f"与已导入的版面 {stored.name} 大不相同" in message
    assert "字符相似度 0.2" in message and "--replace" in message
    assert any(line.startswith("失败文件") and line.endswith(" 1") for line in out.splitlines())


@pytest.mark.parametrize(
    "entry,named",
    [
        (
            {"publication": "呼和浩特日报", "date": "2024-09-18", "page": 3},
            "呼和浩特日报 2024-09-18 第3版",
        ),
        ({"publication": "呼和浩特日报", "date": "2024-09-18"}, "呼和浩特日报 2024-09-18"),
    ],
)
def test_the_refusal_names_the_stored_page_by_where_it_was_printed(clash, entry, named):
    stored, other = clash
    (stored.parent / "manifest.json").write_text(json.dumps({stored.name: entry}), "utf-8")
    run(stored)

    out, err, error = run(other)

    assert error is not None
    assert f"与已导入的版面 {stored.name}（{named}） 大不相同" in err


def test_with_replace_another_page_replaces_the_stored_one(clash):
    stored, other = clash
    run(stored)

    out, err, error = run("--replace", other)

    assert error is None, err
    page = Page.objects.get(source_name=stored.name)
    assert page.text == other.read_text(encoding="utf-8")
    assert f"{other}: 已替换已导入的版面 {stored.name}（字符相似度 0.2" in out


def test_a_corrected_page_under_a_stored_pages_file_name_imports_as_before(clash):
    stored, _other = clash
    run(stored)
    lead = Article.objects.get(position=0)
    lead.headline = "编辑改定的标题"
    lead.save()
    text = stored.read_text(encoding="utf-8")
    stored.write_text(text.replace("社区", "社 区", 1).replace("。", "，", 2), encoding="utf-8")

    out, err, error = run(stored)

    assert error is None, err
    assert "更新 1" in out
    assert Page.objects.get().text == stored.read_text(encoding="utf-8")
    lead.refresh_from_db()
    assert lead.headline == "编辑改定的标题"


def test_the_dry_run_says_which_pages_would_change_on_stderr_only_with_json(clash):
    stored, other = clash
    expected = json.loads(run("--dry-run", "--json", other)[0])  # nothing stored yet
    run(stored)
    before = contents()

    out, err, error = run("--dry-run", "--json", other)

    assert error is None
    assert json.loads(out) == expected  # the JSON contract is as before
    assert contents() == before
    message = next(line for line in err.splitlines() if line.startswith(f"{other}: "))
    assert f"与已导入的版面 {stored.name} 大不相同" in message and "将被拒绝" in message

    out, err, error = run("--dry-run", "--replace", other)

    message = next(line for line in out.splitlines() if line.startswith(f"{other}: "))
    assert f"将替换已导入的版面 {stored.name}（字符相似度 0.2" in message
    assert contents() == before


def test_the_dry_run_says_which_stored_pages_a_corrected_file_would_update(clash):
    stored, _other = clash
    run(stored)
    stored.write_text(stored.read_text(encoding="utf-8").replace("社区", "社 区", 1), "utf-8")

    out, err, error = run("--dry-run", stored)

    assert error is None
    assert f"{stored}: 将更新已导入的版面 {stored.name}（字符相似度 1.00）" in out


def test_a_dry_run_needs_no_migrated_database(clash, tmp_path):
    # As on a fresh clone before `make run`: the database has no tables yet.
    proc = subprocess.run(
        [sys.executable, "manage.py", "import_seeds", "--dry-run", "--json", str(clash[1])],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert proc.returncode == 0, proc.stderr
    assert [p["source"] for p in json.loads(proc.stdout)["pages"]] == [str(clash[1])]


# --- the same printed page under another file name ---------------------------------------

PRINTED = {"publication": "呼和浩特日报", "date": "2024-09-18", "page": 3}


@pytest.fixture
def rescan(tmp_path):
    """Seed page 000 stored as page 3 of a day's paper; a folder for a file of a new name
    that the manifest beside it puts on that same page."""
    seed = sorted(settings.SEED_PAGES_DIR.glob("*.txt"))[0]
    stored = tmp_path / "pages" / seed.name
    stored.parent.mkdir()
    stored.write_bytes(seed.read_bytes())
    (stored.parent / "manifest.json").write_text(json.dumps({stored.name: PRINTED}), "utf-8")
    incoming = tmp_path / "rescans" / "hhht-20240918-03.txt"
    incoming.parent.mkdir()
    (incoming.parent / "manifest.json").write_text(json.dumps({incoming.name: PRINTED}), "utf-8")
    error = run(stored)[2]
    assert error is None
    return stored, incoming


def seed_text(n):
    return sorted(settings.SEED_PAGES_DIR.glob("*.txt"))[n].read_text(encoding="utf-8")


def test_the_printed_page_under_a_new_file_name_reimports_the_stored_page(rescan):
    stored, incoming = rescan
    lead = Article.objects.get(position=0)
    lead.headline = "编辑改定的标题"
    lead.save()
    articles = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    incoming.write_text(seed_text(0).replace("社区", "社 区", 1).replace("。", "，", 2), "utf-8")

    out, err, error = run(incoming)

    assert error is None, err
    page = Page.objects.get()
    assert page.source_name == stored.name  # the stored name is kept, and said
    assert page.text == incoming.read_text(encoding="utf-8")
    assert list(Article.objects.order_by("pk").values_list("pk", flat=True)) == articles
    lead.refresh_from_db()
    assert lead.headline == "编辑改定的标题"
    assert (
        f"{incoming}: 与已导入的版面 {stored.name} 报名、日期、版次相同，已按同一版面导入，"
        "来源文件名不变"
    ) in out
    assert "更新 1" in out
    out, err, error = run(incoming)
    assert error is None and "未变 1" in out and Page.objects.count() == 1


def test_another_page_printed_at_the_same_place_is_refused_naming_both_files(rescan):
    stored, incoming = rescan
    incoming.write_text(seed_text(1), "utf-8")
    before = contents()

    out, err, error = run(incoming)

    assert error is not None and "1 个文件导入失败" in str(error)  # exits non-zero
    assert contents() == before
    message = next(line for line in err.splitlines() if line.startswith(f"{incoming}: "))
    assert f"与已导入的版面 {stored.name}（呼和浩特日报 2024-09-18 第3版） 大不相同" in message
    assert "字符相似度 0.2" in message and "--replace" in message


def test_with_replace_another_page_printed_at_the_same_place_replaces_it(rescan):
    stored, incoming = rescan
    incoming.write_text(seed_text(1), "utf-8")

    out, err, error = run("--replace", incoming)

    assert error is None, err
    assert list(Page.objects.values_list("source_name", "text")) == [(stored.name, seed_text(1))]
    assert f"{incoming}: 已替换已导入的版面 {stored.name}（呼和浩特日报" in out
    assert "已按同一版面导入，来源文件名不变" in out


def test_the_dry_run_says_which_stored_page_a_new_file_name_is(rescan):
    stored, incoming = rescan
    before = contents()
    named = f"{stored.name}（呼和浩特日报 2024-09-18 第3版）"

    incoming.write_text(seed_text(0).replace("社区", "社 区", 1), "utf-8")
    out, err, error = run("--dry-run", incoming)
    assert error is None
    assert (
        f"{incoming}: 与已导入的版面 {stored.name} 报名、日期、版次相同，将按同一版面导入，"
        "来源文件名不变"
    ) in out
    assert f"{incoming}: 将更新已导入的版面 {named}（字符相似度 1.00）" in out

    incoming.write_text(seed_text(1), "utf-8")
    out, err, error = run("--dry-run", "--json", incoming)
    assert error is None
    message = next(line for line in err.splitlines() if line.startswith(f"{incoming}: "))
    assert f"与已导入的版面 {named} 大不相同" in message and "将被拒绝" in message
    assert "按同一版面导入" not in err

    out, err, error = run("--dry-run", "--replace", incoming)
    assert f"{incoming}: 将替换已导入的版面 {named}（字符相似度 0.2" in out
    assert contents() == before


def test_without_the_printed_place_a_new_file_name_is_a_new_page(rescan):
    stored, incoming = rescan
    (incoming.parent / "manifest.json").unlink()
    incoming.write_bytes(stored.read_bytes())

    out, err, error = run(incoming)

    assert error is None, err
    assert sorted(Page.objects.values_list("source_name", flat=True)) == sorted(
        [stored.name, incoming.name]
    )
