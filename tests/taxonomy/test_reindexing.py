"""Reindexing a changed text: what changed is saved, and nothing else."""

import pytest

from articles.models import Article
from taxonomy.indexing import index_articles
from taxonomy.models import ArticlePlace, ArticleTopic
from tests.taxonomy.builders import make_article

pytestmark = pytest.mark.django_db

GRID = "赛罕区兴安南路街道中海社区网格员米慧敏收到了楼栋长刘建斌发来的消息。"


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
