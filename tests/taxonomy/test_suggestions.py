"""Topic suggestions on the article: provenance, rejected topics, bad input."""

import pytest

from taxonomy.analysis import MAX_TEXT_CHARS, Reason, analyse
from taxonomy.indexing import index_articles
from taxonomy.models import ArticleTopic, Topic
from taxonomy.suggestions import MACHINES_STATES, suggest_topics
from tests.taxonomy.builders import make_article

pytestmark = pytest.mark.django_db

GRID_STORY = [
    "回民区环河街道办事处工人南村社区积极探索社区治理新模式，以“铁三角”即党支部、网格员、"
    "楼栋长联合为切入点，推动服务力量下沉，激活社区“微治理”。",
    "网格员和单元长们多次在小区内召开居民议事会，小区的4位单元长主动承担协调收费工作。",
    "网格员每日巡查，及时发现并上报问题，推动服务力量向网格集聚、服务资源向网格下沉。",
]


def suggested(article):
    return list(
        ArticleTopic.objects.filter(article=article, state__in=MACHINES_STATES)
        .order_by("-score")
        .values_list("topic__name", flat=True)
    )


def test_suggestions_carry_score_and_evidence():
    article = make_article(headline="激活社区“微治理”", paragraphs=GRID_STORY)
    (report,) = index_articles([article], related=False)
    assert report.reason == "" and report.error == ""
    assert suggested(article)[0] == "网格化管理"
    link = article.topic_links.get(topic__name="网格化管理")
    assert link.score > 0.25
    assert {"网格员", "单元长"} <= set(link.evidence)
    article.refresh_from_db()
    assert "网格员" in article.keywords


def test_a_rejected_topic_is_never_suggested_again():
    article = make_article(headline="激活社区“微治理”", paragraphs=GRID_STORY)
    index_articles([article], related=False)
    link = article.topic_links.get(topic__name="网格化管理")
    link.state = ArticleTopic.State.REJECTED
    link.save()
    index_articles([article], related=False)
    link.refresh_from_db()
    assert link.state == ArticleTopic.State.REJECTED
    assert "网格化管理" not in suggested(article)


def test_accepted_and_added_topics_survive_a_new_suggestion_run():
    article = make_article(headline="激活社区“微治理”", paragraphs=GRID_STORY)
    index_articles([article], related=False)
    article.topic_links.filter(topic__name="网格化管理").update(state=ArticleTopic.State.ACCEPTED)
    added = ArticleTopic.objects.create(
        article=article, topic=Topic.objects.get(name="移风易俗"), state=ArticleTopic.State.ADDED
    )
    index_articles([article], related=False)
    states = dict(article.topic_links.values_list("topic__name", "state"))
    assert states["网格化管理"] == ArticleTopic.State.ACCEPTED
    assert states["移风易俗"] == ArticleTopic.State.ADDED
    added.refresh_from_db()
    assert added.score is None


def test_stale_suggestions_go_when_the_text_changes():
    article = make_article(headline="激活社区“微治理”", paragraphs=GRID_STORY)
    index_articles([article], related=False)
    article.blocks.all().delete()
    article.blocks.create(
        position=0, text="移风易俗奖耕地，拒办寿宴、升学宴，红白喜事规模大大缩减。"
    )
    index_articles([article], related=False)
    # The headline still speaks of 微治理; the grid is gone with the body.
    assert suggested(article)[0] == "移风易俗"
    assert "网格化管理" not in suggested(article)


@pytest.mark.parametrize(
    "paragraphs, reason",
    [
        ([], Reason.EMPTY),
        (["   \n\t "], Reason.EMPTY),
        (["，。！？……——“”《》、；：()"], Reason.NO_CHINESE),
        (["Hohhot, Inner Mongolia: grid workers and building heads, 2024."], Reason.NO_CHINESE),
        (["网格员" * (MAX_TEXT_CHARS // 3 + 1)], Reason.TOO_LONG),
        (["的了在是。我们就这样。"], Reason.NO_WORDS),
    ],
)
def test_bad_text_gives_no_suggestions_and_a_reason(paragraphs, reason):
    article = make_article(paragraphs=paragraphs)
    (report,) = index_articles([article])
    assert report.error == ""
    assert report.reason == reason
    assert report.topics == [] and report.keywords == []
    assert not article.topic_links.exists()
    assert not article.place_links.exists()


def test_bad_text_clears_earlier_suggestions():
    article = make_article(paragraphs=GRID_STORY)
    index_articles([article], related=False)
    assert suggested(article)
    links, reason = suggest_topics(article, analyse(""))
    assert (links, reason) == ([], Reason.EMPTY)
    assert suggested(article) == []


def test_text_without_any_signal_word_says_so():
    article = make_article(paragraphs=["今天天气晴朗，草原上的牛羊悠闲地吃草，远处传来马头琴声。"])
    (report,) = index_articles([article], related=False)
    assert report.topics == []
    assert report.reason == Reason.NO_MATCH
    assert report.keywords  # still keywords for search


def test_a_signal_word_an_editor_adds_counts_even_if_jieba_splits_it():
    Topic.objects.create(name="特色种植", slug="tese-zhongzhi", signal_words=["西梅种植"])
    article = make_article(
        paragraphs=["果农杨军第一次尝试西梅种植，西梅种植基地今年每亩产量2000斤。西梅种植前景好。"]
    )
    (report,) = index_articles([article], related=False)
    assert "特色种植" in report.topics
    assert article.topic_links.get(topic__name="特色种植").evidence == ["西梅种植"]


def test_topics_for_article_leaves_out_rejected_ones_of_that_article_only():
    first = make_article(paragraphs=GRID_STORY)
    second = make_article(paragraphs=GRID_STORY)
    index_articles([first, second], related=False)
    first.topic_links.filter(topic__name="网格化管理").update(state=ArticleTopic.State.REJECTED)
    assert "网格化管理" not in Topic.objects.for_article(first).values_list("name", flat=True)
    assert "网格化管理" in Topic.objects.for_article(second).values_list("name", flat=True)
