"""The deliberate ORM bypasses (newsroom.orm), each held to the public call it stands in for."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Block
from newsroom import orm
from tests.taxonomy.builders import make_article

pytestmark = pytest.mark.django_db


def test_update_rows_saves_the_named_fields_and_no_other():
    first, second = make_article(headline="甲"), make_article(headline="乙")
    first.keywords, first.headline = ["网格员", "楼栋长"], "改过的标题"
    second.keywords = []
    orm.update_rows([first, second], ["keywords"])
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.keywords == ["网格员", "楼栋长"]
    assert first.headline == "甲"  # not named, so not saved
    assert second.keywords == []


def test_update_rows_without_rows_sends_no_statement():
    with CaptureQueriesContext(connection) as queries:
        orm.update_rows([], ["keywords"])
    assert len(queries) == 0


def test_as_prefetched_reads_as_prefetch_related_does(django_assert_num_queries):
    article = make_article(paragraphs=["第一段。", "第二段。"])
    blocks = list(Block.objects.filter(article=article).order_by("position"))
    fresh = Article.objects.get(pk=article.pk)
    for block in blocks:  # as the importer's rows: made with their owner instance
        block.article = fresh
    assert not orm.is_prefetched(fresh, "blocks")
    orm.as_prefetched([fresh], "blocks", blocks, "article")
    assert orm.is_prefetched(fresh, "blocks")
    assert not orm.is_prefetched(fresh, "blocks", "captions")
    fetched = Article.objects.prefetch_related("blocks").get(pk=article.pk)
    assert orm.is_prefetched(fetched, "blocks")
    with django_assert_num_queries(0):
        assert list(fresh.blocks.all()) == list(fetched.blocks.all()) == blocks


def test_as_prefetched_gives_an_owner_without_rows_none():
    article = make_article(paragraphs=[])
    orm.as_prefetched([article], "blocks", [], "article")
    assert list(article.blocks.all()) == []


def test_create_with_history_writes_the_records_simple_history_writes():
    # Held field by field to bulk_history_create() in tests/seeds/test_importer.py, for every
    # model the importer writes; here, the keys and one record each.
    article = make_article(paragraphs=[])
    rows = orm.create_with_history(
        Block, [Block(article=article, position=n, text=f"段{n}") for n in range(3)]
    )
    assert all(row.pk for row in rows)
    records = Block.history.filter(id__in=[row.pk for row in rows])
    assert sorted(r.id for r in records) == sorted(row.pk for row in rows)
    assert {(r.history_type, r.history_change_reason, r.text) for r in records} == {
        ("+", "", "段0"),
        ("+", "", "段1"),
        ("+", "", "段2"),
    }


def test_create_with_history_of_nothing_writes_nothing():
    with CaptureQueriesContext(connection) as queries:
        assert orm.create_with_history(Block, []) == []
    assert len(queries) == 0


def test_history_manager_is_simple_historys_and_kept():
    from simple_history.utils import get_history_manager_for_model

    assert orm.history_manager(Block).model is get_history_manager_for_model(Block).model
    assert orm.history_manager(Block) is orm.history_manager(Block)
