"""loaddata indexes each loaded article once, after its paragraphs and captions are in."""

import json

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from articles import search
from articles.models import Article, Block, Issue, Page, Publication
from tests.articles.builders import build_article

pytestmark = pytest.mark.django_db

PARAGRAPHS = (
    "工人南村社区积极探索社区治理新模式。",
    "网格员每日开展巡查走访。",
    "高井嘎查牧民在草场上搭起了新的棚圈。",
)
CONTENT = [
    "articles.publication",
    "articles.issue",
    "articles.page",
    "articles.article",
    "articles.block",
]


@pytest.fixture
def backup(tmp_path):
    """Two articles dumped, then deleted with their page, issue and paper."""
    first = build_article(headline="甲", body=PARAGRAPHS)
    build_article(headline="乙", page=first.page, body=("乌海市开展民族团结宣传。",))
    path = tmp_path / "backup.json"
    call_command("dumpdata", *CONTENT, output=str(path), verbosity=0)
    for model in (Article, Page, Issue, Publication):
        model.objects.all().delete()
    return path


def headlines(query):
    return sorted(search.search(Article.objects.all(), query).values_list("headline", flat=True))


def test_each_loaded_article_is_indexed_once_with_all_its_paragraphs(backup, search_indexings):
    call_command("loaddata", str(backup), verbosity=0)
    assert [sorted(ids) for ids in search_indexings] == [
        sorted(Article.objects.values_list("pk", flat=True))
    ]
    # The third paragraph of the first article was loaded after the article row.
    assert headlines("棚圈") == ["甲"]
    assert headlines("民族团结") == ["乙"]


def test_a_backup_that_fails_to_load_indexes_nothing_and_keeps_nothing(backup, search_indexings):
    rows = json.loads(backup.read_text())
    broken = next(row for row in rows if row["model"] == "articles.block")
    broken["fields"]["article"] = 999_999  # a paragraph of no article
    backup.write_text(json.dumps(rows, ensure_ascii=False))
    with pytest.raises(IntegrityError):
        call_command("loaddata", str(backup), verbosity=0)
    assert search_indexings == []
    assert not Page.objects.exists()


def test_outside_loaddata_a_paragraph_saved_reindexes_its_article_at_once(search_indexings):
    article = build_article(headline="丙", body=())
    search_indexings.clear()
    Block.objects.create(article=article, position=0, text="草场上搭起了新的棚圈。")
    assert search_indexings == [[article.pk]]
    assert headlines("棚圈") == ["丙"]
