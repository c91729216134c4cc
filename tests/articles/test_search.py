"""Chinese full-text search: segmentation, matching, ranking, the index kept up to date, bad input.

Runs on SQLite by default and also with DATABASE_URL pointing at PostgreSQL.
"""

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles import search, search_index
from articles.import_steps import ImportedPage, SearchIndex
from articles.models import Article, Block, PhotoCaption
from articles.search_index import SearchDocument
from tests.articles.builders import build_article, build_page

GRID = "社区网格员小金接到单元长刘阿姨的反馈后，第一时间赶到小区并联系维修人员。"
GRASSLAND = "高井嘎查牧民在草场上搭起了新的棚圈。"
NATION = "公安厅社区开展了民族政策宣传月主题活动。"


def found(query, queryset=None):
    queryset = Article.objects.all() if queryset is None else queryset
    return list(search.search(queryset, query).values_list("headline", flat=True))


class TestTokens:
    def test_document_holds_bigrams_in_reading_order_then_words_then_characters(self):
        tokens = search.document_tokens("网格员")
        assert tokens[:2] == ["网格", "格员"]
        assert tokens[-3:] == ["网", "格", "员"]

    def test_punctuation_breaks_the_bigram_runs(self):
        tokens = search.document_tokens("社区，网格")
        assert "区网" not in tokens
        assert "社区" in tokens and "网格" in tokens

    def test_latin_words_are_lowercased_and_kept_whole(self):
        assert "gdp" in search.document_tokens("全区GDP增长")

    def test_query_word_becomes_a_phrase_of_its_bigrams(self):
        assert search.query_phrases("草场") == ["草场"]
        assert search.query_phrases("零距离") == ["零距 距离"]

    def test_one_character_query_stays_itself(self):
        assert search.query_phrases("棚") == ["棚"]

    def test_query_without_letters_or_digits_has_no_phrases(self):
        assert search.query_phrases(' ，。！"()*') == []


@pytest.mark.django_db
class TestMatching:
    @pytest.fixture(autouse=True)
    def articles(self):
        page = build_page()
        build_article(page=page, headline="网格服务零距离", body=[GRID])
        build_article(page=page, headline="草原新棚圈", body=[GRASSLAND])
        build_article(
            page=page,
            headline="民族团结宣传月",
            body=[NATION],
            captions=[("居民参加趣味互动。", [("阿柔娜", "photographer")])],
        )

    def test_word_in_the_body(self):
        assert found("网格员") == ["网格服务零距离"]

    def test_two_characters_unknown_to_the_dictionary(self):
        assert found("嘎查") == ["草原新棚圈"]

    def test_one_character(self):
        assert found("棚") == ["草原新棚圈"]

    def test_headline(self):
        assert found("零距离") == ["网格服务零距离"]

    def test_caption(self):
        assert found("趣味互动") == ["民族团结宣传月"]

    def test_every_word_must_match(self):
        assert found("网格员 草场") == []

    def test_word_absent_everywhere(self):
        assert found("航天发射") == []

    def test_word_the_segmenter_cut_otherwise_in_the_article(self):
        # jieba reads 研究/生命 here, so no document token is 研究生; the text still prints it.
        build_article(page=build_page(), headline="起源", body=["他们研究生命的起源。"])
        assert "研究生" not in search.document_tokens("他们研究生命的起源。")
        assert found("研究生") == ["起源"]

    def test_bigrams_apart_do_not_make_the_word(self):
        # 网格 and 格员 are both printed here, but never as 网格员.
        build_article(page=build_page(), headline="分开", body=["城市网格化管理，表格员工填写。"])
        assert found("网格员") == ["网格服务零距离"]

    def test_characters_apart_do_not_make_the_word(self):
        # 刘 and 区 both occur in GRID, but never as 刘区.
        assert found("刘区") == []

    def test_the_given_queryset_is_respected(self):
        Article.objects.filter(headline="草原新棚圈").update(status=Article.Status.NEEDS_REVIEW)
        assert found("嘎查", Article.objects.published()) == []

    def test_more_mentions_rank_first(self):
        page = build_page()
        build_article(page=page, headline="一次", body=["牧民搬进新居，生活安稳。"])
        build_article(page=page, headline="多次", body=["牧民、牧民和牧民都来了。", "牧民很高兴。"])
        results = found("牧民")
        assert results[0] == "多次"
        assert set(results) == {"多次", "一次", "草原新棚圈"}


def listed(results):
    return [article.headline for article in results[0 : results.count()]]


@pytest.mark.django_db
class TestSiteResults:
    """The site's order: title matches first among the newest matches, then newest first."""

    def test_title_match_comes_before_newer_body_matches(self):
        page = build_page()
        build_article(page=page, headline="牧民搬进新居", body=["生活安稳。"])
        build_article(page=page, headline="新闻一", body=["牧民来了。"])
        build_article(page=page, headline="新闻二", body=["牧民也来了。"])
        results = search.search_results(Article.objects.all(), "牧民")
        assert listed(results) == ["牧民搬进新居", "新闻二", "新闻一"]

    def test_more_query_words_in_the_title_rank_higher(self):
        page = build_page()
        build_article(page=page, headline="草原牧民", body=["草原上的牧民。"])
        build_article(page=page, headline="牧民", body=["草原上的牧民。"])
        build_article(page=page, headline="其他", body=["草原上的牧民。"])
        results = search.search_results(Article.objects.all(), "草原 牧民")
        assert listed(results) == ["草原牧民", "牧民", "其他"]

    def test_older_matches_follow_the_window_newest_first(self):
        page = build_page()
        build_article(page=page, headline="网格员老马", body=["他是网格员。"])
        for n in range(1, 6):
            build_article(page=page, headline=f"第{n}篇", body=["社区网格员上门。"])
        everything = search.SearchResults(Article.objects.all(), "网格员", window=10)
        assert listed(everything) == ["网格员老马", "第5篇", "第4篇", "第3篇", "第2篇", "第1篇"]
        # A window of the three newest leaves the oldest, the title match, to the tail.
        bounded = search.SearchResults(Article.objects.all(), "网格员", window=3)
        assert listed(bounded) == ["第5篇", "第4篇", "第3篇", "第2篇", "第1篇", "网格员老马"]
        assert bounded.count() == 6

    def test_a_title_match_inside_a_passed_window_comes_first(self):
        page = build_page()
        for n in range(1, 4):
            build_article(page=page, headline=f"第{n}篇", body=["社区网格员上门。"])
        build_article(page=page, headline="网格员老马", body=["他是网格员。"])
        for n in range(4, 6):
            build_article(page=page, headline=f"第{n}篇", body=["社区网格员上门。"])
        # Six matches, a window of the four newest: 老马 is the third newest.
        results = search.SearchResults(
            Article.objects.published(), "网格员", window=4, all_published=True
        )
        assert listed(results) == ["网格员老马", "第5篇", "第4篇", "第3篇", "第2篇", "第1篇"]
        assert [a.headline for a in results[1:3]] == ["第5篇", "第4篇"]
        assert [a.headline for a in results[3:6]] == ["第3篇", "第2篇", "第1篇"]

    def test_the_window_s_edge_is_looked_up_only_when_matches_pass_it(
        self, django_assert_num_queries
    ):
        page = build_page()
        for n in range(4):
            build_article(page=page, headline=f"第{n}篇", body=["社区网格员上门。"])
        # Every published article searched: the count (from the documents), the ranked ids,
        # their rows, their paragraphs.
        published = Article.objects.published()
        within = search.SearchResults(published, "网格员", window=4, all_published=True)
        with django_assert_num_queries(4):
            assert len(within[0:20]) == 4
        # A narrower queryset: the ids of its matches first, then only those are ranked.
        narrowed = search.SearchResults(Article.objects.all(), "网格员", window=4)
        with django_assert_num_queries(5):
            assert len(narrowed[0:20]) == 4
        # And the id where the window of the three newest ends, and the match older than it.
        past = search.SearchResults(Article.objects.all(), "网格员", window=3)
        with django_assert_num_queries(6):
            assert len(past[0:20]) == 4

    def test_on_postgresql_the_count_and_the_window_are_one_read_of_the_matches(
        self, django_assert_num_queries
    ):
        if connection.vendor != "postgresql":
            pytest.skip("SQLite's FTS5 counts and walks its own matches")
        page = build_page()
        for n in range(6):
            build_article(page=page, headline=f"第{n}篇", body=["社区网格员上门。"])
        build_article(page=page, headline="待审", body=["网格员。"], status="needs_review")
        results = search.SearchResults(
            Article.objects.published(), "网格员", window=4, all_published=True
        )
        # The count with the window's ids, the ranked ids, their rows, their paragraphs.
        with django_assert_num_queries(4):
            first = results[0:3]
        assert results.count() == 6
        assert [a.headline for a in first] == ["第5篇", "第4篇", "第3篇"]
        assert [a.headline for a in results[3:6]] == ["第2篇", "第1篇", "第0篇"]

    def test_a_narrowed_list_ranks_only_its_own_matches(self):
        page = build_page()
        build_article(page=page, headline="网格员老马", body=["他是网格员。"], column="民生")
        build_article(page=page, headline="网格员老李", body=["他是网格员。"], column="要闻")
        for n in range(1, 4):
            build_article(page=page, headline=f"第{n}篇", body=["社区网格员上门。"], column="民生")
        results = search.SearchResults(Article.objects.filter(column="民生"), "网格员", window=10)
        assert listed(results) == ["网格员老马", "第3篇", "第2篇", "第1篇"]
        assert results.count() == 4

    def test_pages_of_any_size_cover_every_match_once(self):
        page = build_page()
        for n in range(7):
            build_article(page=page, headline=f"稿件{n}", body=["嘎查牧民。"])
        build_article(page=page, headline="无关", body=["城市。"])
        whole = listed(search.SearchResults(Article.objects.all(), "嘎查", window=3))
        for size in (1, 2, 3, 4, 5):
            results = search.SearchResults(Article.objects.all(), "嘎查", window=3)
            pages = [results[i : i + size] for i in range(0, results.count(), size)]
            assert [a.headline for part in pages for a in part] == whole
        assert len(whole) == 7 and "无关" not in whole

    def test_the_given_queryset_is_respected(self):
        build_article(headline="已发布的嘎查", body=["嘎查。"])
        build_article(headline="待审的嘎查", body=["嘎查。"], status=Article.Status.NEEDS_REVIEW)
        results = search.SearchResults(Article.objects.published(), "嘎查", window=1)
        assert listed(results) == ["已发布的嘎查"]
        assert results.count() == 1

    def test_results_carry_their_body_text_for_the_snippet(self):
        build_article(headline="网格", body=["第一段。", "第二段提到嘎查。"])
        (article,) = search.search_results(Article.objects.all(), "嘎查")[0:1]
        assert article.body_text == "第一段。第二段提到嘎查。"

    @pytest.mark.parametrize("query", ["", "   ", "，。！", '"*'])
    def test_nothing_searchable_is_an_empty_list(self, query):
        build_article(headline="网格", body=["嘎查。"])
        results = search.search_results(Article.objects.all(), query)
        assert results.count() == 0 and results[0:20] == []

    def test_only_plain_slices(self):
        results = search.search_results(Article.objects.all(), "嘎查")
        with pytest.raises(TypeError):
            results[0]
        with pytest.raises(TypeError):
            results[0:10:2]


def document_status(article):
    return SearchDocument.objects.get(pk=article.pk).status


@pytest.mark.django_db
class TestPublishedCountedByTheIndex:
    """Every published match counted from the documents alone: each carries its article's
    status, kept by the database however the status is written (migration 0008)."""

    def test_a_document_is_written_with_its_article_s_status(self):
        published = build_article(headline="已发布", body=["嘎查。"])
        waiting = build_article(headline="待审", body=["嘎查。"], status="needs_review")
        assert document_status(published) == "published"
        assert document_status(waiting) == "needs_review"

    def test_the_status_follows_a_save_an_update_and_raw_sql(self):
        article = build_article(headline="嘎查新闻", body=["嘎查。"], status="needs_review")
        article.status = Article.Status.PUBLISHED
        article.save()
        assert document_status(article) == "published"
        Article.objects.filter(pk=article.pk).update(status=Article.Status.REVIEWED)
        assert document_status(article) == "reviewed"
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE articles_article SET status = %s WHERE id = %s", ["published", article.pk]
            )
        assert document_status(article) == "published"

    def test_the_count_is_the_published_matches(self):
        page = build_page()
        for n in range(3):
            build_article(page=page, headline=f"嘎查{n}", body=["嘎查牧民。"])
        later = build_article(page=page, headline="待审", body=["嘎查。"], status="needs_review")
        build_article(page=page, headline="无关", body=["城市。"])
        gone = build_article(page=page, headline="撤下", body=["嘎查。"])
        Article.objects.filter(pk=gone.pk).update(status=Article.Status.REVIEWED)

        def both(query):
            published = Article.objects.published()
            by_index = search.search_results(published, query, all_published=True)
            joined = search.search_results(published, query)
            return by_index.count(), joined.count(), listed(by_index) == listed(joined)

        assert both("嘎查") == (3, 3, True)
        assert both("嘎查 牧民") == (3, 3, True)
        assert both("城市") == (1, 1, True)
        assert both("草原") == (0, 0, True)
        Article.objects.filter(pk=later.pk).update(status=Article.Status.PUBLISHED)
        assert both("嘎查") == (4, 4, True)

    def test_the_count_is_one_query_on_the_documents(self, django_assert_num_queries):
        build_article(headline="嘎查", body=["嘎查。"])
        results = search.search_results(Article.objects.published(), "嘎查", all_published=True)
        with django_assert_num_queries(1) as captured:
            assert results.count() == 1
        assert "articles_article" not in captured.captured_queries[0]["sql"]

    @pytest.mark.parametrize("query", ['"嘎查', "status : needs_review", "嘎查 OR 城市", "*"])
    def test_query_syntax_in_the_words_is_text(self, query):
        build_article(headline="嘎查", body=["嘎查。"])
        build_article(headline="待审", body=["嘎查。"], status="needs_review")
        published = Article.objects.published()
        by_index = search.search_results(published, query, all_published=True)
        assert by_index.count() == search.search_results(published, query).count()


@pytest.mark.django_db
class TestIndexKeptUpToDate:
    def test_edited_paragraph_is_searched_at_once(self):
        article = build_article(headline="旧文", body=["原来的段落。"])
        block = article.blocks.get()
        block.text = "改写后提到了楼栋长。"
        block.save()
        assert found("楼栋长") == ["旧文"]
        assert found("原来") == []

    def test_fixed_headline_is_searched(self):
        article = build_article(headline="错题", body=["正文。"])
        article.headline = "纠正后的标题"
        article.save()
        assert found("纠正") == ["纠正后的标题"]

    def test_new_caption_and_deleted_caption(self):
        article = build_article(headline="图片", body=["正文。"])
        caption = PhotoCaption.objects.create(article=article, text="孩子们在操场上奔跑。")
        assert found("操场") == ["图片"]
        caption.delete()
        assert found("操场") == []

    def test_deleted_article_leaves_the_index(self):
        article = build_article(headline="将删除", body=["一段独有的文字：棚圈。"])
        pk = article.pk
        article.delete()
        assert found("棚圈") == []
        assert not SearchDocument.objects.filter(article_id=pk).exists()

    def test_an_article_deleted_by_raw_sql_leaves_the_index_and_the_count(self):
        kept = build_article(headline="留下", body=["棚圈修好了。"])
        gone = build_article(headline="棚圈也修好了", body=[])  # nothing else refers to it
        table = connection.ops.quote_name(Article._meta.db_table)
        with connection.cursor() as cursor:  # as a script or a database shell would
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [gone.pk])
        assert not SearchDocument.objects.filter(pk=gone.pk).exists()
        published = search.search_results(Article.objects.published(), "棚圈", all_published=True)
        assert published.count() == 1
        assert [a.pk for a in published[0:20]] == [kept.pk]

    def test_deleted_paragraphs_leave_the_index_and_their_article_stays(self):
        article = build_article(headline="留下", body=["第一段讲嘎查。", "第二段讲苏木。"])
        article.blocks.filter(text__contains="苏木").delete()
        assert found("苏木") == []
        assert found("嘎查") == ["留下"]

    def test_an_article_deleted_with_its_paragraphs_is_not_reindexed_for_each(
        self, search_indexings
    ):
        article = build_article(headline="多段", body=[f"第{i}段讲棚圈。" for i in range(6)])
        PhotoCaption.objects.create(article=article, text="棚圈里的羊。")
        other = build_article(headline="同版", page=article.page, body=["另一篇讲棚圈。"])
        search_indexings.clear()
        article.delete()
        assert search_indexings == []
        assert found("棚圈") == ["同版"]
        other.page.delete()
        assert search_indexings == []
        assert found("棚圈") == []
        assert not SearchDocument.objects.exists()

    def test_the_import_step_indexes_articles_written_without_save_signals(self):
        page = build_page()
        article = Article.objects.bulk_create(
            [Article(page=page, headline="批量导入", status=Article.Status.PUBLISHED)]
        )[0]
        Block.objects.bulk_create([Block(article=article, text="导入的正文讲到了苏木。")])
        assert found("苏木") == []
        SearchIndex().apply(ImportedPage(page, [article]), None, None)
        assert found("苏木") == ["批量导入"]

    def test_index_articles_drops_ids_of_missing_articles(self):
        assert search.index_articles([10**9]) == 0


BAD_QUERIES = [
    "",
    "   ",
    '"',
    '"网格员',
    "网格员\"'",
    "AND",
    "网格员 OR 草场",
    "NOT 网格员",
    "网格* ",
    "NEAR(网格 员)",
    "tokens: 网格",
    "^网格",
    "-网格",
    "(网格",
    "网格)",
    "{网格}",
    "网\x00格员",
    "\x00",
    "a" * 2000,
    "网格员" * 700,
    "'; DROP TABLE articles_article; --",
    "%_\\",
    "😀🇨🇳",
]


@pytest.mark.django_db
class TestBadQueries:
    @pytest.mark.parametrize("query", BAD_QUERIES)
    def test_never_an_error(self, query):
        build_article(headline="网格服务零距离", body=[GRID])
        result = found(query)
        assert isinstance(result, list)
        assert highlight_is_safe(search.highlight(GRID, query))

    def test_operators_are_searched_as_text(self):
        build_article(headline="网格服务零距离", body=[GRID])
        # OR is just a word here, and no article contains it.
        assert found("网格员 OR 草场") == []
        assert found('"网格员"') == ["网格服务零距离"]

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(query=st.text(max_size=40))
    def test_any_text(self, query):
        assert isinstance(found(query), list)


def highlight_is_safe(snippet):
    return "<script" not in snippet and "\x00" not in snippet


class TestHighlight:
    def test_marks_the_query_words(self):
        snippet = search.highlight(GRID, "网格员")
        assert "<mark>" in snippet
        assert "网" in snippet and "刘阿姨" in snippet

    def test_escapes_the_text(self):
        snippet = search.highlight("<b>网格员</b> & 楼栋长", "楼栋长")
        assert "&lt;b&gt;" in snippet and "&amp;" in snippet
        assert "<mark>楼栋长</mark>" in snippet

    def test_snippet_is_around_a_late_match(self):
        text = "开头的文字。" * 40 + "草场上搭起了新的棚圈。"
        snippet = search.highlight(text, "棚圈")
        assert snippet.startswith("…")
        assert "<mark>棚圈</mark>" in snippet

    def test_text_shorter_than_the_snippet_is_shown_whole(self):
        assert search.highlight("兴安网格员", "网格员", length=5) == "兴安<mark>网格员</mark>"

    def test_no_match_gives_the_start(self):
        assert search.highlight("社区氛围和谐。", "草场") == "社区氛围和谐。"

    def test_control_characters_in_the_text_become_spaces(self):
        assert search.highlight("社区\x00网格\x07服务", "服务") == "社区 网格 <mark>服务</mark>"

    def test_query_cannot_inject_markup(self):
        snippet = search.highlight("a<b>c", "<b>")
        assert "<b>" not in snippet.replace("<mark>", "").replace("</mark>", "")


class TestGrams:
    """PostgreSQL's documents also hold each Chinese run's 3- and 4-grams."""

    def test_a_run_gives_its_four_grams_then_its_three_grams(self):
        tokens = search.document_text("网格员入户")
        assert search_index.grams(tokens).split() == [
            "网格员入",
            "格员入户",
            "网格员",
            "格员入",
            "员入户",
        ]

    def test_runs_stay_apart_and_short_runs_give_none(self):
        tokens = search.document_text("社区治理，乌海。网格员 2024年")
        assert search_index.grams(tokens).split() == ["社区治理", "社区治", "区治理", "网格员"]

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(st.text(alphabet="网格员社区治理乌海呼和浩特市，。 a1", max_size=40))
    def test_no_gram_of_the_text_is_missed(self, text):
        made = set(search_index.grams(search.document_text(text)).split())
        for run in search.CJK_RUN.findall(text):
            for n in (3, 4):
                assert {run[i : i + n] for i in range(len(run) - n + 1)} <= made

    @pytest.mark.parametrize(
        ("phrase", "as_grams"),
        [
            ("网格 格员", "网格员"),
            ("呼和 和浩 浩特", "呼和浩特"),
            ("呼和 和浩 浩特 特市", "呼和浩特 和浩特市"),
            ("乌海", "乌海"),
            ("网", "网"),
            ("a1", "a1"),
            # Not the bigrams of one word: left as it is.
            ("网格 员入", "网格 员入"),
        ],
    )
    def test_query_phrases_as_grams(self, phrase, as_grams):
        assert search_index.gram_phrase(phrase) == as_grams


class TestFolding:
    """Traditional and simplified characters find each other; spaced names are joined."""

    @pytest.mark.parametrize(
        ("text", "folded"),
        [
            ("網格員", "网格员"),
            ("文娛休閒", "文娱休闲"),
            ("网格员", "网格员"),  # simplified text comes back unchanged
            ("著名的乾隆年間", "著名的乾隆年间"),  # read as phrases, not character by character
            ("GDP 2024", "GDP 2024"),
            ("", ""),
        ],
    )
    def test_fold_makes_traditional_characters_simplified(self, text, folded):
        assert search.fold(text) == folded

    def test_a_traditional_query_asks_for_the_simplified_words(self):
        assert search.query_phrases("網格員") == search.query_phrases("网格员")
        assert search.query_phrases("嘎查 牧民") == search.query_phrases("嘎查 牧民")

    def test_the_index_holds_the_folded_text(self):
        assert search.document_text("文娛休閒") == search.document_text("文娱休闲")

    @pytest.mark.parametrize(
        ("query", "joined"),
        [
            ("张  驰", "张驰"),
            ("张\u3000驰", "张驰"),
            (" 王 小 明 ", "王小明"),
            ("记者 张 驰", "记者张驰"),
            ("党员 干部", "党员 干部"),  # words of two characters keep their space
            ("A 股", "A 股"),
            ("5G  网络", "5G 网络"),
        ],
    )
    def test_a_lone_character_set_apart_by_spaces_is_joined(self, query, joined):
        assert search.join_spaced_characters(query) == joined

    @pytest.mark.parametrize(
        ("typed", "forms"),
        [
            ("张  驰", ["张驰"]),
            ("欧阳 晓明", ["欧阳晓明"]),  # a name has no space, whatever its parts' lengths
            ("張　馳", ["張馳", "张驰"]),
            ("Tom  Smith", ["Tom Smith"]),
            ("  ", []),
        ],
    )
    def test_the_forms_a_typed_name_may_be_stored_under(self, typed, forms):
        assert search.name_forms(typed) == forms

    def test_a_spaced_name_is_searched_as_the_name(self):
        assert search.query_phrases("张  驰") == search.query_phrases("张驰") == ["张驰"]


@pytest.mark.django_db
class TestFoldedMatching:
    @pytest.fixture(autouse=True)
    def articles(self):
        page = build_page()
        build_article(page=page, headline="网格服务零距离", body=[GRID])
        # As seed page 002 printed it: one traditional character in simplified copy.
        build_article(
            page=page, headline="社区经济联盟", body=["覆盖食住行、文娛休闲等多个社区生活场景。"]
        )
        build_article(page=page, headline="記者張馳報道", body=["內蒙古草原上的那達慕。"])
        build_article(page=page, headline="张驰走访牧区", body=["本报记者张驰在嘎查采访。"])
        build_article(page=page, headline="张家驰骋", body=["张家的马在草原上驰骋。"])

    def test_a_traditional_query_finds_simplified_text(self):
        assert found("網格員") == ["网格服务零距离"]
        assert found("零距離") == ["网格服务零距离"]

    def test_a_simplified_query_finds_traditional_text(self):
        assert found("文娱") == ["社区经济联盟"]
        assert found("那达慕") == ["記者張馳報道"]
        assert set(found("张驰")) == {"記者張馳報道", "张驰走访牧区"}

    def test_a_spaced_name_finds_the_name_and_not_its_characters_apart(self):
        assert set(found("张  驰")) == {"記者張馳報道", "张驰走访牧区"}
        assert "张家驰骋" not in found("张 驰")

    def test_the_snippet_marks_the_printed_characters(self):
        (article,) = search.search_results(Article.objects.all(), "文娱")[0:1]
        snippet = search.highlight(article.body_text, "文娱")
        assert "<mark>文娛</mark>休闲" in snippet
        assert search.highlight("网格员在社区", "網格員") == "<mark>网格员</mark>在社区"

    def test_the_api_and_the_site_fold_too(self, client):
        from django.core.cache import cache

        cache.clear()  # no throttle counts left by other tests' API requests
        html = client.get("/search/", {"q": "網格員"}).content.decode()
        assert "找到 1 篇" in html and "网格服务零距离" in html
        response = client.get("/api/v1/articles/", {"q": "文娛"})
        assert [a["headline"] for a in response.json()["results"]] == ["社区经济联盟"]


@pytest.mark.django_db
def test_migration_0014_folds_the_documents_an_archive_already_holds():
    import importlib
    from types import SimpleNamespace

    from django.apps import apps

    refold = importlib.import_module("articles.migrations.0014_search_folds_traditional").refold
    printed = build_article(headline="社区经济联盟", body=["覆盖食住行、文娛休闲等场景。"])
    simplified = build_article(headline="网格服务零距离", body=[GRID])
    # As an archive indexed before folding holds them: the characters as printed.
    unfolded = " ".join(search.document_tokens(search.article_text(printed)))
    search.store_documents({printed.pk: unfolded})
    assert found("文娱") == []
    before = SearchDocument.objects.get(pk=simplified.pk).tokens

    refold(apps, SimpleNamespace(connection=connection))

    assert found("文娱") == ["社区经济联盟"] == found("文娛")
    assert SearchDocument.objects.get(pk=simplified.pk).tokens == before
    assert SearchDocument.objects.get(pk=printed.pk).status == Article.Status.PUBLISHED
