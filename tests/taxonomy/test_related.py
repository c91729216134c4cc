"""Related articles: candidates kept in memory during an import give what the queries give."""

import pytest

from articles.models import Article, Page
from taxonomy import related
from taxonomy.indexing import index_articles
from taxonomy.models import RelatedArticle
from tests.taxonomy.builders import make_article, make_page

pytestmark = pytest.mark.django_db

STORIES = [
    ["赛罕区兴安南路街道中海社区网格员米慧敏收到了楼栋长刘建斌发来的消息。"],
    ["赛罕区大学西路街道四千米社区网格员和楼栋长、单元长一起化解矛盾纠纷。"],
    ["通辽市科左后旗茂道吐苏木高井嘎查迎来了一年一度的移风易俗奖耕地活动。"],
    ["专职网格员每日开展巡查走访，楼栋长及时掌握居民诉求，推动基层治理。"],
    ["嘎查党支部宣布拒办寿宴、升学宴、满月酒等移风易俗先进典型户名单。"],
    ["呼和浩特市赛罕区推动基层治理，网格员走访居民。"],
    ["科左后旗移风易俗，红白喜事规模大大缩减。"],
    ["今天天气晴朗，气温适宜。"],
]


def import_pages(recent, per_page=3):
    """Write and index the stories page by page, as the importer does; rows by headline."""
    for start in range(0, len(STORIES), per_page):
        page = make_page(text="")
        articles = [
            make_article(headline=f"稿{n}", paragraphs=STORIES[n], page=page)
            for n in range(start, min(start + per_page, len(STORIES)))
        ]
        index_articles(articles, recent=recent)
    return {
        (row.article.headline, row.related.headline, row.score)
        for row in RelatedArticle.objects.select_related("article", "related")
    }


def wipe():
    Article.objects.all().delete()
    Page.objects.all().delete()


@pytest.mark.parametrize("considered", [1, 2, 500])
def test_candidates_in_memory_give_the_same_rows_as_the_queries(monkeypatch, considered):
    monkeypatch.setattr(related, "CANDIDATES_CONSIDERED", considered)
    by_query = import_pages(recent=None)
    wipe()
    in_memory = import_pages(recent=related.RecentArticles())
    assert by_query
    assert in_memory == by_query


def test_memory_is_bounded_by_the_features_not_the_archive(monkeypatch):
    monkeypatch.setattr(related, "CANDIDATES_CONSIDERED", 2)
    recent = related.RecentArticles()
    import_pages(recent=recent)
    for posting in recent._postings.values():
        assert len(posting) <= 3
    assert set(recent.profiles()) == {pk for p in recent._postings.values() for _, pk in p}


def test_an_article_deleted_during_an_import_is_never_pointed_at():
    recent = related.RecentArticles()
    page = make_page(text="")
    first = make_article(headline="甲", paragraphs=STORIES[0], page=page)
    index_articles([first], recent=recent)
    first.delete()
    second = make_article(headline="乙", paragraphs=STORIES[1], page=make_page(text=""))
    index_articles([second], recent=recent)
    assert not RelatedArticle.objects.filter(article=second).exists()
    assert first.pk not in recent.profiles()


def test_both_sides_of_a_pair_on_one_page_are_kept():
    page = make_page(text="")
    grid = make_article(headline="甲", paragraphs=STORIES[0], page=page)
    grid_too = make_article(headline="乙", paragraphs=STORIES[1], page=page)
    index_articles([grid, grid_too])
    assert related.related_articles(grid) == [grid_too]
    assert related.related_articles(grid_too) == [grid]


def test_the_best_are_ranked_by_relatedness():
    profiles = {
        1: related.Profile({-1: 1.0, 7: 0.5}, frozenset({"网格员", "楼栋长"})),
        2: related.Profile({-1: 1.0}, frozenset({"网格员"})),
        3: related.Profile({7: 0.5}, frozenset({"网格员", "楼栋长", "单元长"})),
        4: related.Profile({8: 1.0}, frozenset({"嘎查"})),
        5: related.Profile({-1: 1.0, 7: 0.5}, frozenset({"网格员", "楼栋长"})),
    }
    best = related._best(1, profiles[1], [1, 2, 3, 4, 5], profiles)
    # 5: topic 1.0 + place 0.5 + keywords 2·2/2; 2: topic 1.0 + keywords 2·1/2;
    # 3: place 0.5 + keywords 2·2/3; 4 shares nothing and the article itself is skipped.
    assert best == [(3.5, 5), (2.0, 2), (1.8333, 3)]


def test_the_other_side_follows_a_changed_score():
    grid = make_article(headline="甲", paragraphs=STORIES[0], page=make_page(text=""))
    index_articles([grid])
    grid_too = make_article(headline="乙", paragraphs=STORIES[1], page=make_page(text=""))
    index_articles([grid_too])
    before = RelatedArticle.objects.get(article=grid, related=grid_too).score
    # The second story loses what it shared with the first but its district.
    grid_too.blocks.update(text="赛罕区今天天气晴朗。")
    index_articles([Article.objects.get(pk=grid_too.pk)])

    there = RelatedArticle.objects.get(article=grid_too, related=grid)
    back = RelatedArticle.objects.get(article=grid, related=grid_too)
    assert back.score == there.score < before
    assert RelatedArticle.objects.count() == 2
