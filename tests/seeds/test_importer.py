"""The importer writes a parsed page once, re-runs without changes and keeps editors' work."""

import dataclasses
import datetime
import hashlib

import pytest

from articles.models import (
    Article,
    Block,
    Byline,
    Issue,
    Page,
    PhotoCaption,
    PhotoCredit,
    Publication,
    Reporter,
)
from seeds.importer import KeptEdit, Outcome, import_file, import_page
from seeds.importer import files as importer_files
from seeds.manifest import UNKNOWN, PageMetadata
from tests.factories import fake_parse_page, make_extraction, make_item, span_of
from tests.seeds.recording import add_step

pytestmark = pytest.mark.django_db

# A small page written for these tests: a column article with two bylines and a
# subhead, a brief signed with a bare name, a photo with its credit, and a stray line.
PAGE = """初心如磐
社区党建引领微治理
本报记者 宋爽 通讯员 许文彬
回民区工人南村社区探索治理新模式。
有事共商
网格员逐户核算维修成本。

◆新城区开展民族政策宣传月活动。（青哈斯）

■本报记者 阿柔娜 摄
居民参加趣味互动。
（上接第一版）
"""
DATA = PAGE.encode("utf-8")


def article_item(**changes):
    fields = dict(
        kind="article",
        column="初心如磐",
        headline="社区党建引领微治理",
        bylines=[("宋爽", "reporter"), ("许文彬", "correspondent")],
        body=[
            "回民区工人南村社区探索治理新模式。",
            ("subhead", "有事共商"),
            "网格员逐户核算维修成本。",
        ],
        spans=[(0, span_of(PAGE, "维修成本。")[1])],
    )
    fields.update(changes)
    return make_item(**fields)


def brief_item(**changes):
    fields = dict(
        kind="brief",
        bylines=[("青哈斯", "contributor")],
        body=["新城区开展民族政策宣传月活动。"],
        spans=[span_of(PAGE, "◆新城区开展民族政策宣传月活动。（青哈斯）")],
        flags=["missing_headline"],
    )
    fields.update(changes)
    return make_item(**fields)


def photo_item(**changes):
    fields = dict(
        kind="photo",
        captions=[("居民参加趣味互动。", [("阿柔娜", "photographer")])],
        spans=[(span_of(PAGE, "■")[0], span_of(PAGE, "趣味互动。")[1])],
    )
    fields.update(changes)
    return make_item(**fields)


def extraction(*items):
    return make_extraction(
        text=PAGE,
        source="seeds/pages/sample.txt",
        items=items or (article_item(), brief_item(), photo_item()),
        unassigned=["（上接第一版）"],
    )


def run_import(ext=None, *, data=DATA, metadata=UNKNOWN):
    return import_page(
        source_name="sample.txt", data=data, extraction=ext or extraction(), metadata=metadata
    )


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Page, Article, Block, Byline, PhotoCaption, PhotoCredit, Reporter, Issue)
    }


def test_first_import_writes_the_page_and_its_items():
    result = run_import()

    assert result.outcome is Outcome.CREATED
    page = Page.objects.get()
    assert page.source_name == "sample.txt"
    assert page.text == PAGE
    assert page.checksum == hashlib.sha256(DATA).hexdigest()
    assert page.encoding == "utf-8"
    assert page.unassigned == [
        {"text": "（上接第一版）", "span": list(span_of(PAGE, "（上接第一版）"))}
    ]
    assert page.issue is None

    article, brief, photo = page.articles.order_by("position")
    assert (article.kind, article.column, article.headline) == (
        "article",
        "初心如磐",
        "社区党建引领微治理",
    )
    assert article.status == Article.Status.NEEDS_REVIEW
    assert [(b.type, b.text) for b in article.blocks.all()] == [
        ("paragraph", "回民区工人南村社区探索治理新模式。"),
        ("subhead", "有事共商"),
        ("paragraph", "网格员逐户核算维修成本。"),
    ]
    assert [(b.reporter.name, b.role) for b in article.bylines.all()] == [
        ("宋爽", "reporter"),
        ("许文彬", "correspondent"),
    ]
    assert article.extraction == article_item().as_dict()
    assert article.spans == [[0, PAGE.index("维修成本。") + 5]]

    assert brief.kind == "brief" and brief.headline == ""
    assert brief.flags == ["missing_headline"]
    assert [(b.reporter.name, b.role) for b in brief.bylines.all()] == [("青哈斯", "contributor")]

    caption = photo.captions.get()
    assert caption.text == "居民参加趣味互动。"
    assert [(c.reporter.name, c.role) for c in caption.credits.all()] == [
        ("阿柔娜", "photographer")
    ]
    assert result.needing_review == 3


def test_importing_twice_changes_nothing():
    run_import()
    before = counts()
    stamps = dict(Article.objects.values_list("pk", "updated_at"))
    imported_at = Page.objects.get().imported_at
    history = Article.history.count()

    result = run_import()

    assert result.outcome is Outcome.UNCHANGED
    assert counts() == before
    assert dict(Article.objects.values_list("pk", "updated_at")) == stamps
    assert Page.objects.get().imported_at == imported_at
    assert Article.history.count() == history


def test_reporters_are_shared_across_pages():
    run_import()
    import_page(source_name="other.txt", data=DATA, extraction=extraction())

    assert Reporter.objects.filter(name="宋爽").count() == 1
    assert Byline.objects.filter(reporter__name="宋爽").count() == 2


def test_a_changed_extraction_updates_untouched_fields_in_place():
    run_import()
    article_pk = Article.objects.get(position=0).pk

    result = run_import(
        extraction(article_item(headline="社区党建引领“微治理”"), brief_item(), photo_item())
    )

    assert result.outcome is Outcome.UPDATED
    article = Article.objects.get(position=0)
    assert article.pk == article_pk
    assert article.headline == "社区党建引领“微治理”"
    assert article.extraction["headline"] == "社区党建引领“微治理”"
    assert Article.objects.count() == 3


def test_editor_changes_survive_a_re_import():
    run_import()
    article = Article.objects.get(position=0)
    article.headline = "党建引领社区微治理"  # corrected by an editor
    article.status = Article.Status.REVIEWED
    article.save()
    Block.objects.filter(article=article, position=0).update(
        text="回民区工人南村社区探索社区治理新模式。"
    )

    result = run_import(
        extraction(
            article_item(headline="社区党建引领微治理！", column="知行合一", body=["新的正文。"]),
            brief_item(),
            photo_item(),
        )
    )

    article.refresh_from_db()
    assert article.headline == "党建引领社区微治理"
    assert article.status == Article.Status.REVIEWED
    assert article.blocks.first().text == "回民区工人南村社区探索社区治理新模式。"
    assert article.blocks.count() == 3
    # The column nobody touched follows the parser.
    assert article.column == "知行合一"
    assert set(result.kept_edits) == {KeptEdit(0, "headline"), KeptEdit(0, "body")}

    # The edit stays the editor's on the next run too.
    run_import(
        extraction(
            article_item(headline="社区党建引领微治理！", column="知行合一", body=["新的正文。"]),
            brief_item(),
            photo_item(),
        )
    )
    article.refresh_from_db()
    assert article.headline == "党建引领社区微治理"


def test_edited_bylines_are_kept():
    run_import()
    article = Article.objects.get(position=0)
    article.bylines.filter(reporter__name="许文彬").delete()

    result = run_import(
        extraction(article_item(bylines=[("宋爽", "reporter"), ("许文斌", "correspondent")]))
    )

    assert [b.reporter.name for b in article.bylines.all()] == ["宋爽"]
    assert KeptEdit(0, "bylines") in result.kept_edits


def test_items_no_longer_parsed_go_unless_an_editor_worked_on_them():
    run_import()
    Article.objects.filter(position=2).update(status=Article.Status.REVIEWED)

    result = run_import(extraction(article_item()))

    assert list(Article.objects.values_list("position", flat=True)) == [0, 2]
    assert result.kept_articles == (2,)


def test_duplicate_byline_names_are_written_once():
    run_import(extraction(article_item(bylines=[("宋爽", "reporter"), ("宋爽", "reporter")])))

    assert Byline.objects.count() == 1


def test_overlong_parser_values_are_cut_to_fit_and_stay_stable():
    long_headline = "标" * 250
    run_import(extraction(article_item(headline=long_headline)))
    article = Article.objects.get()
    assert article.headline == "标" * 200
    assert article.extraction["headline"] == long_headline

    result = run_import(extraction(article_item(headline=long_headline)))
    assert result.outcome is Outcome.UNCHANGED
    assert result.kept_edits == ()


def test_new_bytes_with_the_same_text_update_only_the_page():
    run_import()
    stamps = dict(Article.objects.values_list("pk", "updated_at"))
    gb = PAGE.encode("gb18030")

    result = run_import(
        make_extraction(
            text=PAGE,
            encoding="gb18030",
            items=(article_item(), brief_item(), photo_item()),
            unassigned=["（上接第一版）"],
        ),
        data=gb,
    )

    page = Page.objects.get()
    assert result.outcome is Outcome.UPDATED
    assert (page.encoding, page.checksum) == ("gb18030", hashlib.sha256(gb).hexdigest())
    assert dict(Article.objects.values_list("pk", "updated_at")) == stamps


def test_the_steps_get_the_articles_in_reading_order(monkeypatch):
    received = []

    def apply(page, prepared, batch):
        received.append((page.page.source_name, [a.position for a in page.articles]))

    add_step(monkeypatch, apply)
    run_import()
    run_import()  # unchanged: nothing written, no step run

    assert received == [("sample.txt", [0, 1, 2])]


def test_a_failing_step_rolls_the_page_back(monkeypatch):
    def apply(page, prepared, batch):
        raise RuntimeError("index unavailable")

    add_step(monkeypatch, apply)
    with pytest.raises(RuntimeError):
        run_import()

    assert Page.objects.count() == 0
    assert Article.objects.count() == 0


def test_manifest_metadata_files_the_page_under_its_issue():
    metadata = PageMetadata(
        publication="呼和浩特日报",
        date=datetime.date(2024, 9, 18),
        issue_number=7321,
        page=3,
        page_name="社区",
    )
    run_import(metadata=metadata)
    # Another page of the same issue files under the same issue. (The same page number
    # would be the same printed page, re-imported: tests/seeds/test_reimport.py.)
    import_page(
        source_name="other.txt",
        data=DATA,
        extraction=extraction(),
        metadata=dataclasses.replace(metadata, page=4, page_name="要闻"),
    )

    issue = Issue.objects.get()
    assert (issue.publication.name, issue.date, issue.number) == (
        "呼和浩特日报",
        datetime.date(2024, 9, 18),
        7321,
    )
    assert Publication.objects.get().slug  # a slug even for a Chinese name
    page = Page.objects.get(source_name="sample.txt")
    assert (page.issue, page.number, page.name) == (issue, 3, "社区")
    assert list(issue.pages.values_list("source_name", "number")) == [
        ("sample.txt", 3),
        ("other.txt", 4),
    ]


def test_unknown_metadata_never_erases_what_is_known():
    run_import()
    Page.objects.update(number=5, name="要闻")

    result = run_import(metadata=PageMetadata())

    assert result.outcome is Outcome.UNCHANGED
    assert Page.objects.values_list("number", "name").get() == (5, "要闻")


def test_a_publication_without_date_or_number_files_no_issue():
    run_import(metadata=PageMetadata(publication="内蒙古日报"))

    assert Page.objects.get().issue is None
    assert Issue.objects.count() == 0


def test_import_file_reads_parses_and_imports(tmp_path, monkeypatch):
    monkeypatch.setattr(importer_files, "parse_page", fake_parse_page)
    path = tmp_path / "gb.txt"
    path.write_bytes("社区微治理\n网格员逐户核算成本。\n".encode("gb18030"))

    result = import_file(path, source="pages/gb.txt")

    assert result.outcome is Outcome.CREATED
    assert result.extraction.source == "pages/gb.txt"
    page = Page.objects.get()
    assert (page.source_name, page.encoding) == ("gb.txt", "gb18030")
    assert page.articles.get().headline == "社区微治理"


def test_import_file_dry_run_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(importer_files, "parse_page", fake_parse_page)
    path = tmp_path / "page.txt"
    path.write_text("社区微治理\n网格员逐户核算成本。\n", encoding="utf-8")

    result = import_file(path, dry_run=True)

    assert result.outcome is Outcome.PARSED
    assert result.page is None
    assert [i.headline for i in result.extraction.items] == ["社区微治理"]
    assert Page.objects.count() == 0


def test_each_article_is_indexed_for_search_once_per_import(search_indexings):
    from articles import search

    def indexed():
        return sorted(pk for ids in search_indexings for pk in ids)

    run_import()
    assert indexed() == sorted(Article.objects.values_list("pk", flat=True))

    # Re-importing changed text reindexes each article once more, again after its paragraphs.
    search_indexings.clear()
    run_import(
        extraction(article_item(headline="社区党建引领基层治理"), brief_item(), photo_item())
    )
    assert indexed() == sorted(Article.objects.values_list("pk", flat=True))
    assert search.search(Article.objects.all(), "基层治理").count() == 1


def test_an_editors_save_after_the_import_still_reindexes_the_article():
    from articles import search

    run_import()
    article = Article.objects.get(position=0)
    article.headline = "牧区冬储饲草"
    article.save()
    assert list(search.search(Article.objects.all(), "冬储饲草")) == [article]


HISTORIED = (Article, Block, Byline, PhotoCaption, PhotoCredit)


def without_indexing(monkeypatch):
    """No import step runs: the rows stay as the import wrote them (no keywords)."""
    from seeds.importer import steps

    monkeypatch.setattr(steps, "STEPS", ())


def test_every_imported_row_has_its_creation_in_history(monkeypatch):
    without_indexing(monkeypatch)
    run_import()

    for model in HISTORIED:
        rows = list(model.objects.all())
        assert rows, model.__name__
        tracked = [field.attname for field in model.history.model.tracked_fields]
        for row in rows:
            (record,) = model.history.filter(id=row.pk)
            assert record.history_type == "+"
            assert record.history_change_reason == ""
            assert record.history_user_id is None
            assert {name: getattr(record, name) for name in tracked} == {
                name: getattr(row, name) for name in tracked
            }, model.__name__
    # The history of an article reads as the desk shows it: the article as imported.
    article = Article.objects.get(position=0)
    assert article.history.get().instance.headline == "社区党建引领微治理"


def test_history_written_by_the_import_is_what_simple_history_writes(
    django_user_model, monkeypatch
):
    """The importer copies history rows in SQL; they must equal simple_history's own."""
    from django.test import RequestFactory
    from simple_history.models import HistoricalRecords

    without_indexing(monkeypatch)

    editor = django_user_model.objects.create_user("editor")
    request = RequestFactory().get("/")
    request.user = editor
    HistoricalRecords.context.request = request
    try:
        run_import()
        for model in HISTORIED:
            rows = list(model.objects.all())
            ours = {record.id: record for record in model.history.filter(history_type="+")}
            model.history.all().delete()
            model.history.bulk_history_create(rows)
            theirs = {record.id: record for record in model.history.all()}
            assert ours.keys() == theirs.keys() == {row.pk for row in rows}
            columns = [
                f.attname
                for f in model.history.model._meta.concrete_fields
                if f.attname not in ("history_id", "history_date")
            ]
            for pk, record in ours.items():
                assert {c: getattr(record, c) for c in columns} == {
                    c: getattr(theirs[pk], c) for c in columns
                }, model.__name__
                assert record.history_user_id == editor.pk
    finally:
        del HistoricalRecords.context.request


def test_each_article_keeps_its_extraction_confidence(db):
    text = "社区党建引领微治理\n网格员逐户核算维修成本。\n"
    item = make_item(
        headline="社区党建引领微治理",
        body=["网格员逐户核算维修成本。"],
        spans=[span_of(text, "社区党建引领微治理"), span_of(text, "网格员逐户核算维修成本。")],
        flags=["low_confidence"],
    )
    item = dataclasses.replace(item, confidence=0.42)
    import_page(
        source_name="sure.txt",
        data=text.encode(),
        extraction=make_extraction(text=text, items=[item]),
    )
    assert Article.objects.get().confidence == 0.42
    # A re-import with a surer extraction brings the article up to it.
    surer = dataclasses.replace(item, confidence=0.91, flags=())
    import_page(
        source_name="sure.txt",
        data=text.encode(),
        extraction=make_extraction(text=text, items=[surer]),
    )
    assert Article.objects.get().confidence == 0.91
