"""The import steps, related articles and the archive IDF command."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from articles.import_steps import ImportedPage
from seeds.importer import steps
from taxonomy import indexing, places
from taxonomy.idf import compute_idf, current_idf
from taxonomy.models import IdfTable, Place, RelatedArticle
from taxonomy.related import related_articles
from tests.taxonomy.builders import make_article, make_page

pytestmark = pytest.mark.django_db

GRID = [
    "赛罕区兴安南路街道中海社区网格员米慧敏收到了楼栋长刘建斌发来的消息。",
    "兴安南路街道构建“网格党组织+专职网格员+楼栋长”三级联动的基层微治理“铁三角”工作机制。",
]
GRID_TOO = [
    "赛罕区大学西路街道四千米社区网格员和楼栋长、单元长一起化解矛盾纠纷。",
    "专职网格员每日开展巡查走访，楼栋长及时掌握居民诉求，推动基层治理。",
]
CUSTOMS = [
    "通辽市科左后旗茂道吐苏木高井嘎查迎来了一年一度的移风易俗奖耕地活动。",
    "嘎查党支部宣布拒办寿宴、升学宴、满月酒等移风易俗先进典型户名单。",
]


def imported_page(*stories):
    page = make_page(text="")
    return page, [make_article(headline="", paragraphs=story, page=page) for story in stories]


def test_the_steps_index_the_imported_articles():
    page, (grid, grid_too, customs) = imported_page(GRID, GRID_TOO, CUSTOMS)
    steps.apply(ImportedPage(page, [grid, grid_too, customs]), None, None)

    grid.refresh_from_db()
    assert "楼栋长" in grid.keywords
    assert grid.topic_links.filter(topic__name="网格化管理").exists()
    assert {"赛罕区", "兴安南路街道", "中海社区"} <= set(
        grid.place_links.values_list("place__name", flat=True)
    )
    assert customs.topic_links.order_by("-score").first().topic.name == "移风易俗"
    # The two grid stories share topic and county; the customs story shares nothing.
    assert related_articles(grid)[0] == grid_too
    assert related_articles(grid_too)[0] == grid
    assert customs not in related_articles(grid)


def test_one_failing_article_does_not_stop_the_others(monkeypatch):
    page, (grid, customs) = imported_page(GRID, CUSTOMS)
    real = indexing.place_mentions

    def fail_on_grid(text, index):
        if text.startswith(GRID[0]):
            raise RuntimeError("boom")
        return real(text, index)

    monkeypatch.setattr(indexing, "place_mentions", fail_on_grid)
    reports = indexing.index_articles([grid, customs])
    assert "boom" in reports[0].error
    assert reports[1].error == ""
    # The failed article's savepoint was rolled back whole, the other one kept.
    assert not grid.topic_links.exists()
    assert customs.topic_links.exists()


def test_related_articles_page_costs_one_query(django_assert_num_queries):
    page, articles = imported_page(GRID, GRID_TOO, CUSTOMS)
    indexing.index_articles(articles)
    with django_assert_num_queries(1):
        related = related_articles(articles[0])
        [article.page.issue.publication.name for article in related]


def test_reindexing_replaces_related_rows():
    page, articles = imported_page(GRID, GRID_TOO)
    indexing.index_articles(articles)
    indexing.index_articles(articles)
    assert RelatedArticle.objects.filter(article=articles[0]).count() == 1


def test_compute_idf_from_the_archive_and_fall_back_without_articles():
    assert current_idf() is None
    imported_page(GRID, GRID_TOO, CUSTOMS)
    out = StringIO()
    call_command("compute_idf", stdout=out)
    assert "3 篇稿件" in out.getvalue()
    idf = current_idf()
    # 网格员 is in two of three articles, 嘎查 in one: rarer weighs more.
    assert idf["嘎查"] > idf["网格员"]
    assert idf["从未出现"] > idf["嘎查"]
    assert IdfTable.objects.count() == 1
    call_command("compute_idf", stdout=out)
    assert IdfTable.objects.count() == 1


def test_a_table_that_takes_a_rolled_back_tables_id_is_read_afresh():
    with pytest.raises(RuntimeError), transaction.atomic():
        compute_idf(["网格员走访牧民"])
        assert current_idf()["嘎查"] > 1.0  # unseen in the one text
        raise RuntimeError("the computation is abandoned")
    compute_idf(["嘎查牧民", "嘎查网格员"])
    # In both texts: ln((1 + 2) / (1 + 2)) + 1.
    assert current_idf()["嘎查"] == pytest.approx(1.0)


def test_compute_idf_on_an_empty_archive_keeps_jieba_idf():
    out = StringIO()
    call_command("compute_idf", stdout=out)
    assert "jieba" in out.getvalue()
    assert current_idf() is None


def test_reindex_command_reports_reasons():
    page, (empty,) = imported_page([])
    out = StringIO()
    call_command("reindex_articles", stdout=out)
    assert "正文为空" in out.getvalue()


def test_an_article_sharing_no_topic_or_place_has_no_related_articles():
    page, articles = imported_page(GRID, ["今天天气晴朗，气温适宜。"])
    indexing.index_articles(articles)
    assert related_articles(articles[1]) == []


def test_related_candidates_are_the_most_recently_updated_sharing_articles(monkeypatch):
    from taxonomy import related

    page, (grid, older, newer, customs) = imported_page(GRID, GRID_TOO, GRID_TOO, CUSTOMS)
    indexing.index_articles([grid, older, newer, customs], related=False)
    older.save()
    newer.save()  # the most recent change among the articles sharing grid's topic and places
    monkeypatch.setattr(related, "CANDIDATES_CONSIDERED", 1)
    related.refresh_related(grid)
    assert related_articles(grid) == [newer]


def test_places_stored_for_a_failing_article_are_rolled_back(monkeypatch):
    # Two communities of 土左旗 the gazetteer does not know yet: both would be stored.
    text = "土左旗悠乐城社区、幸福里社区联合开展志愿服务活动。"
    page, (story,) = imported_page([text])
    real, stored = places._store_found, []

    def fail_on_the_second(found, index, created):
        if stored:
            raise RuntimeError("boom")
        stored.append(found.name)
        return real(found, index, created)

    monkeypatch.setattr(places, "_store_found", fail_on_the_second)
    (report,) = indexing.index_articles([story])

    assert "boom" in report.error
    assert stored == ["悠乐城社区"]
    assert not Place.objects.filter(name__in=["悠乐城社区", "幸福里社区"]).exists()
    assert not story.place_links.exists()
