"""update_rows: what a page's reindexing changes is saved, and nothing else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from taxonomy.bulk import update_rows
from taxonomy.indexing import index_articles
from taxonomy.models import ArticlePlace, ArticleTopic
from tests.taxonomy.builders import make_article

pytestmark = pytest.mark.django_db

GRID = "赛罕区兴安南路街道中海社区网格员米慧敏收到了楼栋长刘建斌发来的消息。"


def test_the_named_fields_are_saved_and_no_other():
    first, second = make_article(headline="甲"), make_article(headline="乙")
    first.keywords, first.headline = ["网格员", "楼栋长"], "改过的标题"
    second.keywords = []
    update_rows([first, second], ["keywords"])
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.keywords == ["网格员", "楼栋长"]
    assert first.headline == "甲"  # not named, so not saved
    assert second.keywords == []


def test_no_rows_no_statement():
    with CaptureQueriesContext(connection) as queries:
        update_rows([], ["keywords"])
    assert len(queries) == 0


def test_reindexing_a_changed_text_updates_keywords_mentions_and_topic_scores():
    article = make_article(paragraphs=[GRID])
    index_articles([article], related=False)
    saihan = ArticlePlace.objects.get(article=article, place__name="赛罕区")
    grid_topic = ArticleTopic.objects.get(article=article, topic__name="网格化管理")
    assert saihan.mentions == 1
    article.refresh_from_db()
    assert "巡查" not in article.keywords

    article.blocks.update(
        text=GRID + "赛罕区网格员走访居民，网格员每日开展巡查，网格化管理覆盖赛罕区每个社区。"
    )
    index_articles([Article.objects.get(pk=article.pk)], related=False)

    saihan.refresh_from_db()
    assert saihan.mentions == 3
    changed = ArticleTopic.objects.get(pk=grid_topic.pk)
    assert changed.score > grid_topic.score
    assert changed.updated_at > grid_topic.updated_at
    article.refresh_from_db()
    assert "巡查" in article.keywords  # printed only in the added sentence
