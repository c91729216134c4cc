"""Re-importing a page after the parser improved keeps what editors did, and says where it disagrees.

The page is the opening of seed page 001 as printed. `before` is what an earlier parser
made of it: the overline read as part of nothing, the story cut in two at its subhead,
and the 每周一学 kicker taken for an item of its own. `after` is the improved reading:
overline and headline apart, and a headline that the parser now reads with its dash.
"""

import dataclasses
import datetime
import hashlib
from pathlib import Path

import pytest

from articles import editing
from articles.desk.lineage import SourceLineage
from articles.extraction import conflicts as conflicts_of
from articles.extraction import resolve_conflict
from articles.models import Article, Page
from seeds.importer import KeptEdit, Outcome, import_page
from seeds.manifest import PageMetadata
from seeds.same_page import AnotherPageError
from tests.factories import make_extraction, make_item, span_of

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "seeds" / "pages" / "001_316b9db19c1266fd.txt"
TEXT = SEED.read_text(encoding="utf-8")[:1200]
DATA = TEXT.encode("utf-8")

OVERLINE = "邻里关系“治理难结”怎么解，社区安全“老大难”问题怎么破"
LEAD = (
    "不久前，呼和浩特市赛罕区大学东路街道外卖小哥曹刚在送餐过程中，发现桃园社区阳光北小区"
    "一处燃气管道存在安全隐患，立即向社区网格员反映，社区联系燃气公司迅速解决相关问题，将隐患扑灭在萌芽状态。"
)
SECOND = "这是赛罕区党建引领城市基层治理工作成效的一个缩影。"
SUBHEAD = "构建一贯到底的组织体系"
AFTER_SUBHEAD = (
    "赛罕区将城市基层党建作为系统工程，通过区、镇(街道)、社区、网格同向发力，"
    "构建各级党组织一贯到底的“动力主轴”，把有形组织变成有效领导。"
)


def span(fragment):
    return span_of(TEXT, fragment)


def lead_item(**changes):
    fields = dict(
        column="初心如磐",
        headline="“红色引擎”提升基层治理效能",
        bylines=[("宋爽", "reporter")],
        body=[LEAD, SECOND],
        spans=[span("# 邻里"), span(SECOND)],
        flags=["uncertain_column"],
    )
    fields.update(changes)
    return make_item(**fields)


def tail_item(**changes):
    fields = dict(
        body=[("subhead", SUBHEAD), AFTER_SUBHEAD],
        spans=[span(SUBHEAD), span(AFTER_SUBHEAD)],
        flags=["missing_headline", "starts_mid_sentence"],
    )
    fields.update(changes)
    return make_item(**fields)


def kicker_item():
    return make_item(kind="brief", body=["◎每周一学"], spans=[span("◎每周一学")])


def before():
    return make_extraction(
        text=TEXT, source="001.txt", items=[lead_item(), tail_item(), kicker_item()]
    )


def after():
    """The improved parser: overline found, headline with its dash, column settled."""
    return make_extraction(
        text=TEXT,
        source="001.txt",
        items=[
            lead_item(overline=OVERLINE, headline="——“红色引擎”提升基层治理效能", flags=[]),
            tail_item(flags=["missing_headline"]),
            kicker_item(),
        ],
    )


def run(extraction):
    return import_page(source_name="001.txt", data=DATA, extraction=extraction)


def article_at(position):
    return Article.objects.get(page__source_name="001.txt", position=position)


def test_a_headline_the_editor_fixed_is_kept_and_the_disagreement_flagged():
    run(before())
    lead = article_at(0)
    lead.headline = "“红色引擎”提升基层治理效能——赛罕区党建引领基层治理"
    lead.save()

    result = run(after())

    lead.refresh_from_db()
    assert lead.headline == "“红色引擎”提升基层治理效能——赛罕区党建引领基层治理"
    assert lead.overline == OVERLINE  # untouched by the editor: follows the parser
    assert "reimport_conflict" in lead.flags
    assert "uncertain_column" not in lead.flags  # the parser's own flags still follow it
    (kept,) = result.kept_edits
    assert kept == KeptEdit(0, "headline") and kept.conflict
    # Both values are there for the editor to compare.
    conflicts = {c.part: c for c in conflicts_of(lead)}
    assert (
        conflicts["headline"].editor_value == "“红色引擎”提升基层治理效能——赛罕区党建引领基层治理"
    )
    assert conflicts["headline"].parser_value == "——“红色引擎”提升基层治理效能"


def test_an_edit_the_parser_agrees_with_raises_no_conflict():
    run(before())
    lead = article_at(0)
    lead.headline = "——“红色引擎”提升基层治理效能"
    lead.save()

    run(after())

    lead.refresh_from_db()
    assert "reimport_conflict" not in lead.flags


def test_an_edit_the_parser_did_not_revisit_is_kept_without_conflict():
    run(before())
    tail = article_at(1)
    tail.headline = "构建一贯到底的组织体系"
    tail.save()

    result = run(after())

    tail.refresh_from_db()
    assert tail.headline == "构建一贯到底的组织体系"
    assert "reimport_conflict" not in tail.flags
    assert tail.flags == ["missing_headline"]  # the parser dropped starts_mid_sentence
    assert [k for k in result.kept_edits if k.conflict] == []


def test_a_conflict_stays_flagged_on_the_next_run_and_the_run_changes_nothing():
    run(before())
    lead = article_at(0)
    lead.headline = "编辑改定的标题"
    lead.save()
    run(after())

    result = run(after())

    lead.refresh_from_db()
    assert result.outcome is Outcome.UNCHANGED
    assert lead.headline == "编辑改定的标题"
    assert lead.flags.count("reimport_conflict") == 1


def test_resolving_a_conflict_takes_the_parser_value_or_keeps_the_editors():
    run(before())
    lead = article_at(0)
    lead.headline = "编辑改定的标题"
    lead.column = "编辑改定的栏目"
    lead.save()
    run(after())
    lead.refresh_from_db()

    resolve_conflict(lead, take_parser=("headline",))

    lead.refresh_from_db()
    assert lead.headline == "——“红色引擎”提升基层治理效能"
    assert lead.column == "编辑改定的栏目"
    assert "reimport_conflict" not in lead.flags
    assert [c.part for c in conflicts_of(lead)] == ["column"]


def test_merged_items_stay_merged():
    run(before())
    lead, tail = article_at(0), article_at(1)
    editing.merge_articles([lead, tail])

    for extraction in (before(), after(), after()):
        run(extraction)

    assert list(
        Article.objects.filter(page__source_name="001.txt").values_list("position", flat=True)
    ) == [0, 2]
    lead.refresh_from_db()
    assert [b.text for b in lead.blocks.all()] == [LEAD, SECOND, SUBHEAD, AFTER_SUBHEAD]
    assert lead.overline == OVERLINE
    assert run(after()).outcome is Outcome.UNCHANGED


def test_deleted_items_stay_deleted():
    run(before())
    editing.delete_articles([article_at(2)])

    run(after())

    assert not Article.objects.filter(position=2).exists()
    assert SourceLineage.objects.get().fate == "deleted"


def test_split_items_stay_split_even_when_the_parser_finds_more_items():
    run(before())
    lead = article_at(0)
    new = editing.split_article(lead, at=lead.blocks.get(position=1))
    new.headline = "这是赛罕区党建引领的缩影"
    new.save()

    more = make_extraction(
        text=TEXT,
        source="001.txt",
        items=[
            lead_item(overline=OVERLINE),
            tail_item(),
            kicker_item(),
            make_item(kind="brief", body=["□本报记者 宋爽"], spans=[span("□本报记者 宋爽")]),
        ],
    )
    run(more)
    run(more)

    new.refresh_from_db()
    lead.refresh_from_db()
    assert new.headline == "这是赛罕区党建引领的缩影"
    assert [b.text for b in new.blocks.all()] == [SECOND]
    assert [b.text for b in lead.blocks.all()] == [LEAD]  # the editor's split body is kept
    assert lead.overline == OVERLINE
    assert Article.objects.filter(position=3).get().kind == "brief"
    assert Article.objects.count() == 5


def test_a_detached_caption_is_not_brought_back():
    photo_item = make_item(
        kind="article",
        headline="“红色引擎”提升基层治理效能",
        body=[LEAD],
        captions=[("◎初心如磐", [("宋爽", "photographer")])],
        spans=[span("# 邻里")],
    )
    extraction = make_extraction(text=TEXT, source="001.txt", items=[photo_item])
    run(extraction)
    article = article_at(0)
    photo = editing.detach_caption(article.captions.get())

    run(extraction)

    assert not article.captions.exists()
    assert [c.text for c in photo.captions.all()] == ["◎初心如磐"]


# --- another page under the same file name ---------------------------------------------

OTHER_SEED = SEED.with_name("000_fa48b9cf94c83c8b.txt")
OTHER_TEXT = OTHER_SEED.read_text(encoding="utf-8")[:1200]


def other_page():
    """Seed page 000's opening, one article, as if saved under page 001's file name."""
    headline = OTHER_TEXT.split("\n", 1)[0]
    return make_extraction(
        text=OTHER_TEXT,
        source="otherdir/001.txt",
        items=[make_item(headline=headline, spans=[span_of(OTHER_TEXT, headline)])],
    )


def test_another_page_under_the_same_file_name_is_refused_and_nothing_is_written():
    run(before())
    lead = article_at(0)
    lead.headline = "编辑改定的标题"
    lead.save()
    rows = list(Article.objects.order_by("pk").values())

    with pytest.raises(AnotherPageError) as refused:
        import_page(source_name="001.txt", data=OTHER_TEXT.encode(), extraction=other_page())

    assert refused.value.source == "otherdir/001.txt"
    assert refused.value.change.stored_page == "001.txt"
    assert refused.value.change.similarity < 0.5
    page = Page.objects.get(source_name="001.txt")
    assert page.text == TEXT and page.checksum == hashlib.sha256(DATA).hexdigest()
    assert list(Article.objects.order_by("pk").values()) == rows


def test_with_replace_another_page_is_written_over_the_stored_one_as_a_reimport():
    run(before())
    lead = article_at(0)
    lead.headline = "编辑改定的标题"
    lead.save()

    result = import_page(
        source_name="001.txt",
        data=OTHER_TEXT.encode(),
        extraction=other_page(),
        replace=True,
    )

    assert result.outcome is Outcome.UPDATED
    assert result.change.stored_page == "001.txt" and result.change.another_page
    assert Page.objects.get(source_name="001.txt").text == OTHER_TEXT
    # Articles follow by position, as in any re-import: the editor's headline stays,
    # flagged, and the editor compares it with the new page's reading.
    lead.refresh_from_db()
    assert lead.headline == "编辑改定的标题" and "reimport_conflict" in lead.flags


def test_a_corrected_page_under_the_same_file_name_imports_as_before():
    run(before())
    corrected = TEXT.replace("燃气管道", "燃气管线")
    extraction = dataclasses.replace(before(), text=corrected)

    result = import_page(source_name="001.txt", data=corrected.encode(), extraction=extraction)

    assert result.outcome is Outcome.UPDATED
    assert result.change.similarity > 0.98 and not result.change.another_page
    assert Page.objects.get(source_name="001.txt").text == corrected


# --- the same printed page under another file name --------------------------------------

PRINTED = PageMetadata(publication="呼和浩特日报", date=datetime.date(2024, 9, 18), page=3)


def run_as(source_name, extraction, *, data=DATA, metadata=PRINTED, replace=False):
    return import_page(
        source_name=source_name,
        data=data,
        extraction=extraction,
        metadata=metadata,
        replace=replace,
    )


def test_the_printed_page_under_a_new_file_name_reimports_the_stored_page():
    run_as("001.txt", before())
    lead = article_at(0)
    lead.headline = "编辑改定的标题"
    lead.save()
    articles = list(Article.objects.order_by("pk").values_list("pk", "position"))
    corrected = TEXT.replace("燃气管道", "燃气管线")
    rescanned = dataclasses.replace(after(), text=corrected)

    result = run_as("rescanned.txt", rescanned, data=corrected.encode())

    assert result.outcome is Outcome.UPDATED
    assert result.stored_as == "001.txt" and not result.change.another_page
    page = Page.objects.get()  # one page, still under the name it was stored by
    assert (page.source_name, page.text, page.number) == ("001.txt", corrected, 3)
    assert list(Article.objects.order_by("pk").values_list("pk", "position")) == articles
    lead.refresh_from_db()
    assert lead.headline == "编辑改定的标题" and lead.overline == OVERLINE
    # Idempotent under either name.
    again = run_as("rescanned.txt", rescanned, data=corrected.encode())
    assert again.outcome is Outcome.UNCHANGED and again.stored_as == "001.txt"
    again = run_as("001.txt", rescanned, data=corrected.encode())
    assert again.outcome is Outcome.UNCHANGED and again.stored_as is None
    assert Page.objects.count() == 1


def test_another_page_printed_at_the_same_place_is_refused_naming_the_stored_file():
    run_as("001.txt", before())
    rows = list(Article.objects.order_by("pk").values())

    with pytest.raises(AnotherPageError) as refused:
        run_as("000.txt", other_page(), data=OTHER_TEXT.encode())

    assert refused.value.source == "otherdir/001.txt"  # the file, as the report gives it
    assert refused.value.change.stored_page == "001.txt（呼和浩特日报 2024-09-18 第3版）"
    assert refused.value.change.another_page
    assert list(Page.objects.values_list("source_name", "text")) == [("001.txt", TEXT)]
    assert list(Article.objects.order_by("pk").values()) == rows


def test_with_replace_another_page_printed_at_the_same_place_replaces_the_stored_one():
    run_as("001.txt", before())

    result = run_as("000.txt", other_page(), data=OTHER_TEXT.encode(), replace=True)

    assert result.outcome is Outcome.UPDATED and result.stored_as == "001.txt"
    assert list(Page.objects.values_list("source_name", "text")) == [("001.txt", OTHER_TEXT)]


@pytest.mark.parametrize(
    "unknown",
    [
        PageMetadata(),
        dataclasses.replace(PRINTED, page=None),
        dataclasses.replace(PRINTED, date=None, issue_number=7321),
        dataclasses.replace(PRINTED, publication=None),
    ],
)
def test_without_paper_date_and_page_number_the_file_name_is_the_page(unknown):
    run_as("001.txt", before(), metadata=unknown)

    result = run_as("copy.txt", before(), metadata=unknown)

    assert result.outcome is Outcome.CREATED and result.stored_as is None
    assert sorted(Page.objects.values_list("source_name", flat=True)) == ["001.txt", "copy.txt"]


def test_a_manifest_moving_a_stored_file_to_another_page_number_moves_that_page():
    run_as("001.txt", before())

    result = run_as("001.txt", before(), metadata=dataclasses.replace(PRINTED, page=5))

    assert result.outcome is Outcome.UPDATED and result.stored_as is None
    assert list(Page.objects.values_list("source_name", "number")) == [("001.txt", 5)]


def test_of_two_pages_stored_at_one_place_a_file_finds_its_own():
    # As imported before pages were found by where they were printed.
    run_as("001.txt", before())
    run_as("copy.txt", before(), metadata=PageMetadata())
    Page.objects.filter(source_name="copy.txt").update(
        issue=Page.objects.get(source_name="001.txt").issue, number=3
    )

    assert run_as("copy.txt", before()).outcome is Outcome.UNCHANGED
    assert run_as("001.txt", before()).outcome is Outcome.UNCHANGED
    assert Page.objects.count() == 2
