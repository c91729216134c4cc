"""The public site as a reader meets it: what is shown, what is hidden, bad input, query counts."""

import datetime
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.http import parse_http_date

from articles import editing, reading
from articles.models import Article, Reporter
from taxonomy.models import ArticlePlace, ArticleTopic, Place, RelatedArticle, Topic
from tests.articles.builders import build_article, build_issue, build_page, build_publication

pytestmark = pytest.mark.django_db

GRID_BODY = [
    "回民区环河街道办事处工人南村社区积极探索社区治理新模式。",
    ("subhead", "有事共商难题同解"),
    "社区网格员小金接到单元长刘阿姨的反馈后，第一时间赶到小区。",
]


def text_of(response):
    return response.content.decode()


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


@pytest.fixture
def grid_article():
    """The article of page 000 as an editor published it."""
    page = build_page(number=3, name="社区")
    return build_article(
        page=page,
        position=1,
        column="基层治理",
        overline="党建引领",
        headline="激活社区“微治理”",
        subtitle="工人南村社区居民幸福指数再升级",
        source="呼和浩特日报",
        body=GRID_BODY,
        bylines=[("祁晓燕", "reporter"), ("赵东霞", "correspondent")],
        captions=[("公安厅社区开展民族政策宣传月活动。", [("阿柔娜", "photographer")])],
    )


class TestWhatIsPublic:
    def test_home_lists_published_articles_and_latest_issue(self, client, grid_article):
        build_article(page=grid_article.page, headline="待审稿件", status="needs_review")
        html = text_of(client.get("/"))
        assert "激活社区“微治理”" in html
        assert "待审稿件" not in html
        assert "2024年9月20日" in html
        assert '<html lang="zh-Hans">' in html

    @pytest.mark.parametrize("status", ["needs_review", "reviewed"])
    def test_unpublished_article_is_not_found(self, client, status):
        article = build_article(status=status)
        assert client.get(f"/articles/{article.pk}/").status_code == 404

    def test_page_with_only_unpublished_items_is_not_found(self, client):
        article = build_article(status="needs_review")
        assert client.get(f"/pages/{article.page_id}/").status_code == 404
        assert client.get(f"/pages/{article.page_id}/text/").status_code == 404
        assert client.get(f"/issues/{article.page.issue_id}/").status_code == 404

    def test_reporter_page_lists_only_published(self, client, grid_article):
        build_article(headline="未发布", status="reviewed", bylines=[("祁晓燕", "reporter")])
        reporter = Reporter.objects.get(name="祁晓燕")
        html = text_of(client.get(f"/reporters/{reporter.pk}/"))
        assert "激活社区“微治理”" in html
        assert "未发布" not in html
        assert "共 1 篇" in html


class TestArticlePage:
    def test_shows_the_whole_article(self, client, grid_article):
        html = text_of(client.get(f"/articles/{grid_article.pk}/"))
        for part in [
            "基层治理",
            "党建引领",
            "<h1>激活社区“微治理”</h1>",
            "工人南村社区居民幸福指数再升级",
            "来源：呼和浩特日报",
            "<h2>有事共商难题同解</h2>",
            "社区网格员小金",
            "公安厅社区开展民族政策宣传月活动。",
            "阿柔娜</a> 摄",
        ]:
            assert part in html

    def test_byline_names_link_to_reporter_pages(self, client, grid_article):
        html = text_of(client.get(f"/articles/{grid_article.pk}/"))
        for name in ["祁晓燕", "赵东霞"]:
            reporter = Reporter.objects.get(name=name)
            assert f'href="/reporters/{reporter.pk}/">{name}</a>' in html
            assert client.get(f"/reporters/{reporter.pk}/").status_code == 200

    def test_canonical_url_is_the_id_and_survives_a_headline_fix(self, client, grid_article):
        url = f"/articles/{grid_article.pk}/"
        grid_article.headline = "激活社区“微治理”（更正）"
        grid_article.save()
        html = text_of(client.get(url))
        assert f'<link rel="canonical" href="http://testserver{url}">' in html
        assert "（更正）" in html

    def test_trailing_slug_redirects_to_the_canonical_url(self, client, grid_article):
        response = client.get(f"/articles/{grid_article.pk}/old-headline/")
        assert response.status_code == 301
        assert response["Location"] == f"/articles/{grid_article.pk}/"

    def test_json_ld_news_article(self, client, grid_article):
        data = json_ld(text_of(client.get(f"/articles/{grid_article.pk}/")))
        assert data["@type"] == "NewsArticle"
        assert data["headline"] == "激活社区“微治理”"
        assert data["datePublished"] == "2024-09-20"
        assert [a["name"] for a in data["author"]] == ["祁晓燕", "赵东霞"]
        assert data["publisher"]["name"] == "呼和浩特日报"
        assert data["articleSection"] == "基层治理"
        assert data["isAccessibleForFree"] is True

    def test_json_ld_cannot_close_its_script_element(self, client):
        article = build_article(headline="</script><script>alert(1)</script>")
        html = text_of(client.get(f"/articles/{article.pk}/"))
        assert "<script>alert(1)" not in html
        assert json_ld(html)["headline"] == "</script><script>alert(1)</script>"

    def test_open_graph(self, client, grid_article):
        html = text_of(client.get(f"/articles/{grid_article.pk}/"))
        assert '<meta property="og:title" content="激活社区“微治理”">' in html
        assert '<meta property="og:type" content="article">' in html

    def test_previous_and_next_on_the_page(self, client, grid_article):
        page = grid_article.page
        before = build_article(page=page, position=0, headline="前一篇")
        after = build_article(page=page, position=2, headline="后一篇")
        build_article(page=page, position=3, headline="未发布的", status="needs_review")
        html = text_of(client.get(f"/articles/{grid_article.pk}/"))
        assert f'rel="prev" href="/articles/{before.pk}/"' in html
        assert f'rel="next" href="/articles/{after.pk}/"' in html
        assert "未发布的" not in html

    def test_topics_places_and_related_from_the_taxonomy(self, client, grid_article):
        shown = Topic.objects.create(name="社区微治理", slug="社区微治理")
        hidden = Topic.objects.create(name="草原生态", slug="草原生态")
        ArticleTopic.objects.create(article=grid_article, topic=shown, state="accepted")
        ArticleTopic.objects.create(article=grid_article, topic=hidden, state="suggested")
        city = Place.objects.create(name="呼和浩特市", kind="地级市", level=2)
        district = Place.objects.create(name="回民区", kind="市辖区", level=3, parent=city)
        ArticlePlace.objects.create(article=grid_article, place=district)
        other = build_article(headline="网格员入户走访")
        draft = build_article(headline="草稿相关", status="needs_review")
        RelatedArticle.objects.create(article=grid_article, related=other, score=0.8)
        RelatedArticle.objects.create(article=grid_article, related=draft, score=0.9)

        html = text_of(client.get(f"/articles/{grid_article.pk}/"))
        assert f'href="{reverse("articles:topic", args=[shown.slug])}">社区微治理</a>' in html
        assert "草原生态" not in html
        assert f'href="/places/{district.pk}/">回民区</a>' in html
        assert f'href="/articles/{other.pk}/">网格员入户走访</a>' in html
        assert "草稿相关" not in html

        topic_page = text_of(client.get(reverse("articles:topic", args=[shown.slug])))
        assert "激活社区“微治理”" in topic_page
        assert client.get(reverse("articles:topic", args=[hidden.slug])).status_code == 200
        assert "激活社区" not in text_of(client.get(reverse("articles:topic", args=[hidden.slug])))
        # The city's page gathers the articles of the districts under it.
        assert "激活社区“微治理”" in text_of(client.get(f"/places/{city.pk}/"))
        tree = text_of(client.get("/places/"))
        assert "呼和浩特市" in tree and "回民区" in tree

    def test_fixed_number_of_queries_whatever_the_archive_size(
        self, client, grid_article, django_assert_num_queries
    ):
        def attach_taxonomy(article, n):
            for i in range(n):
                topic = Topic.objects.create(
                    name=f"主题{article.pk}-{i}", slug=f"t{article.pk}-{i}"
                )
                ArticleTopic.objects.create(article=article, topic=topic, state="accepted")
                place = Place.objects.create(name=f"地{article.pk}-{i}", kind="社区", level=5)
                ArticlePlace.objects.create(article=article, place=place)
                other = build_article(headline=f"相关{article.pk}-{i}")
                RelatedArticle.objects.create(article=article, related=other, score=1 - i / 10)

        attach_taxonomy(grid_article, 1)
        url = f"/articles/{grid_article.pk}/"
        with django_assert_num_queries(ARTICLE_PAGE_QUERIES):
            assert client.get(url).status_code == 200

        # A bigger archive, and a bigger article: more blocks, bylines, captions and links.
        big = build_article(
            page=grid_article.page,
            position=5,
            body=GRID_BODY * 10,
            bylines=[(f"记者{i}", "reporter") for i in range(6)],
            captions=[(f"图{i}", [(f"摄影{i}", "photographer")]) for i in range(4)],
        )
        attach_taxonomy(big, 5)
        for i in range(30):
            build_article(headline=f"其他稿件{i}", bylines=[("祁晓燕", "reporter")])
        with django_assert_num_queries(ARTICLE_PAGE_QUERIES):
            assert client.get(f"/articles/{big.pk}/").status_code == 200


# Version check (with its links); the article with its page, issue and publication; bylines
# with their reporters; blocks; captions; their credits with the credits' reporters; topics;
# places; related; neighbours.
ARTICLE_PAGE_QUERIES = 10


class TestPagesAndIssues:
    def test_page_lists_items_in_reading_order(self, client):
        page = build_page(number=2, name="综合")
        build_article(page=page, position=2, headline="第三篇")
        build_article(page=page, position=0, headline="第一篇")
        build_article(page=page, position=1, headline="第二篇")
        html = text_of(client.get(f"/pages/{page.pk}/"))
        assert html.index("第一篇") < html.index("第二篇") < html.index("第三篇")
        assert "第2版 · 综合" in html

    def test_raw_text_is_escaped(self, client):
        page = build_page(text="原文<script>alert(1)</script>网格员")
        build_article(page=page, spans=[[0, len(page.text)]])
        html = text_of(client.get(f"/pages/{page.pk}/text/"))
        assert "原文&lt;script&gt;alert(1)&lt;/script&gt;网格员" in html
        assert "<script>alert(1)" not in html

    def test_page_of_unknown_issue_says_date_unknown(self, client):
        page = build_page(issue=None, number=None)
        article = build_article(page=page, headline="来历不明的稿件")
        assert "日期不详" in text_of(client.get(f"/pages/{page.pk}/"))
        assert "日期不详" in text_of(client.get(f"/articles/{article.pk}/"))
        assert "来历不明的稿件" in text_of(client.get("/"))

    def test_issue_of_unknown_date(self, client):
        issue = build_issue(date=None)
        build_article(page=build_page(issue=issue), headline="无日期期次")
        html = text_of(client.get(f"/issues/{issue.pk}/"))
        assert "日期不详" in html and "无日期期次" in html

    def test_issue_shows_its_pages_in_order(self, client):
        issue = build_issue(date=datetime.date(2024, 10, 8))
        build_article(page=build_page(issue=issue, number=2, name="要闻"), headline="二版稿")
        build_article(page=build_page(issue=issue, number=1, name="头版"), headline="一版稿")
        html = text_of(client.get(f"/issues/{issue.pk}/"))
        assert html.index("第1版 · 头版") < html.index("第2版 · 要闻")
        assert html.index("一版稿") < html.index("二版稿")

    def test_publication_calendar(self, client):
        publication = build_publication(name="兴安日报", slug="xarb")
        for day in (3, 17):
            issue = build_issue(publication=publication, date=datetime.date(2024, 10, day))
            build_article(page=build_page(issue=issue))
        empty = build_issue(publication=publication, date=datetime.date(2024, 11, 1))
        build_article(page=build_page(issue=empty), status="needs_review")
        html = text_of(client.get("/publications/xarb/"))
        assert "2024年" in html and "10月" in html
        assert "3日" in html and "17日" in html
        assert "11月" not in html


# A page as OCR gave it: a published article, a draft, an article a chief editor took down
# and a line the extraction gave to no item. Each unpublished text has a word of its own.
PAGE_TEXT = (
    "社区网格员上门服务居民\n"
    "草稿：拟于下月调整公交线路\n"
    "已撤稿：某局长涉嫌违纪\n"
    "未归属的一行残字\n"
    "老旧小区改造全部完工"
)
PUBLISHED_TEXT = ("社区网格员上门服务居民", "老旧小区改造全部完工")
DRAFT_TEXT = "拟于下月调整公交线路"
TAKEN_DOWN_TEXT = "某局长涉嫌违纪"
UNASSIGNED_TEXT = "未归属的一行残字"
WITHHELD_NOTE = "（此处有未发布的内容）"


def spans_of(text, *parts):
    return [[text.index(part), text.index(part) + len(part)] for part in parts]


@pytest.fixture
def mixed_page():
    """The page above with its items; `published` and `taken_down` are returned to change."""
    page = build_page(text=PAGE_TEXT)
    published = build_article(
        page=page, position=0, headline="网格员上门", spans=spans_of(PAGE_TEXT, *PUBLISHED_TEXT)
    )
    build_article(
        page=page,
        position=1,
        headline="公交线路调整",
        status=Article.Status.NEEDS_REVIEW,
        spans=spans_of(PAGE_TEXT, "草稿：拟于下月调整公交线路"),
    )
    taken_down = build_article(
        page=page,
        position=2,
        headline="撤下的稿件",
        spans=spans_of(PAGE_TEXT, "已撤稿：某局长涉嫌违纪"),
    )
    editing.set_status([taken_down], Article.Status.REVIEWED)
    page.unassigned = [{"text": UNASSIGNED_TEXT, "span": spans_of(PAGE_TEXT, UNASSIGNED_TEXT)[0]}]
    page.save()
    return {"page": page, "published": published, "taken_down": taken_down}


def page_text_url(page):
    return reverse("articles:page_text", args=[page.pk])


@pytest.fixture
def desk_client(client):
    editor = get_user_model().objects.create_user(
        "bianji", password="pw-for-tests-only", is_staff=True
    )
    editor.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(editor)
    return client


class TestPageText:
    """/pages/<id>/text/: a reader reads only what is published; the desk reads everything."""

    def test_a_reader_sees_the_published_text_and_not_the_drafts(self, client, mixed_page):
        html = text_of(client.get(page_text_url(mixed_page["page"])))
        for text in PUBLISHED_TEXT:
            assert text in html
        assert DRAFT_TEXT not in html and "草稿：" not in html
        assert UNASSIGNED_TEXT not in html
        # Draft, taken-down item and unassigned line are one run between the published ones.
        assert html.count(WITHHELD_NOTE) == 1

    def test_the_note_reads_in_english(self, client, mixed_page):
        url = page_text_url(mixed_page["page"])
        html = text_of(client.get(url, headers={"Accept-Language": "en"}))
        assert html.count("(unpublished text withheld)") == 1 and DRAFT_TEXT not in html

    def test_an_article_taken_down_leaves_the_page_text(self, client, mixed_page):
        url = page_text_url(mixed_page["page"])
        html = text_of(client.get(url))
        assert TAKEN_DOWN_TEXT not in html
        editing.set_status([mixed_page["taken_down"]], Article.Status.PUBLISHED)
        assert TAKEN_DOWN_TEXT in text_of(client.get(url))
        editing.set_status([mixed_page["taken_down"]], Article.Status.NEEDS_REVIEW)
        assert TAKEN_DOWN_TEXT not in text_of(client.get(url))
        # With nothing on it published, the page's text is not found, as before.
        editing.set_status([mixed_page["published"]], Article.Status.REVIEWED)
        assert client.get(url).status_code == 404

    def test_a_take_down_is_a_new_etag_however_it_is_written(self, client, mixed_page):
        url = page_text_url(mixed_page["page"])
        editing.set_status([mixed_page["taken_down"]], Article.Status.PUBLISHED)
        etag = client.get(url)["ETag"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        # A bulk update saves no article, so no updated_at moves.
        Article.objects.filter(pk=mixed_page["taken_down"].pk).update(status="reviewed")
        response = client.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 200
        assert TAKEN_DOWN_TEXT not in text_of(response)

    def test_the_desk_sees_everything(self, desk_client, mixed_page):
        response = desk_client.get(page_text_url(mixed_page["page"]))
        html = text_of(response)
        for text in (*PUBLISHED_TEXT, DRAFT_TEXT, TAKEN_DOWN_TEXT, UNASSIGNED_TEXT):
            assert text in html
        assert WITHHELD_NOTE not in html
        assert "private" in response["Cache-Control"]

    def test_the_desk_sees_a_page_with_nothing_published(self, desk_client, mixed_page):
        editing.set_status([mixed_page["published"]], Article.Status.REVIEWED)
        html = text_of(desk_client.get(page_text_url(mixed_page["page"])))
        assert DRAFT_TEXT in html

    def test_the_desks_etag_is_not_the_readers(self, client, desk_client, mixed_page):
        url = page_text_url(mixed_page["page"])
        desk_etag = desk_client.get(url)["ETag"]
        desk_client.logout()
        response = desk_client.get(url, headers={"If-None-Match": desk_etag})
        assert response.status_code == 200
        assert DRAFT_TEXT not in text_of(response)

    def test_staff_who_may_not_view_articles_read_as_readers(self, client, mixed_page):
        client.force_login(
            get_user_model().objects.create_user("fangke", password="pw-tests", is_staff=True)
        )
        assert DRAFT_TEXT not in text_of(client.get(page_text_url(mixed_page["page"])))


class TestLists:
    def test_reporter_pages_are_paginated(self, client):
        for i in range(25):
            build_article(headline=f"稿件{i:02d}", bylines=[("宋爽", "reporter")])
        reporter = Reporter.objects.get(name="宋爽")
        first = text_of(client.get(f"/reporters/{reporter.pk}/"))
        second = text_of(client.get(f"/reporters/{reporter.pk}/?page=2"))
        assert first.count('class="item"') == 20
        assert second.count('class="item"') == 5
        assert "第 2 / 2 页" in second

    def test_photographer_credit_counts_as_the_reporters_work(self, client, grid_article):
        reporter = Reporter.objects.get(name="阿柔娜")
        assert "激活社区“微治理”" in text_of(client.get(f"/reporters/{reporter.pk}/"))


class TestSearchPage:
    def test_results_are_highlighted_and_counted(self, client, grid_article):
        build_article(headline="草原新棚圈", body=["高井嘎查牧民搭起了新的棚圈。"])
        html = text_of(client.get("/search/", {"q": "网格员"}))
        assert "找到 1 篇与“网格员”有关的稿件" in html
        assert "<mark>" in html
        assert "草原新棚圈" not in html

    def test_then_follow_the_reporter(self, client, grid_article):
        html = text_of(client.get("/search/", {"q": "网格员"}))
        reporter = Reporter.objects.get(name="祁晓燕")
        assert f'href="/reporters/{reporter.pk}/">祁晓燕</a>' in html

    def test_unpublished_articles_are_never_found(self, client):
        build_article(headline="草稿网格员", status="needs_review", body=["网格员。"])
        assert "没有找到稿件" in text_of(client.get("/search/", {"q": "网格员"}))

    def test_unpublished_articles_are_never_counted(self, client, grid_article):
        build_article(headline="草稿网格员", status="needs_review", body=["网格员。"])
        unpublished = build_article(headline="撤下的网格员", body=["网格员。"])
        Article.objects.filter(pk=unpublished.pk).update(status="reviewed")
        for params in ({}, {"column": "基层治理"}):  # counted by the index, then by a join
            html = text_of(client.get("/search/", {"q": "网格员", **params}))
            assert "找到 1 篇与“网格员”有关的稿件" in html

    def test_filters(self, client, grid_article):
        other_paper = build_publication(name="兴安日报", slug="xarb")
        october = build_issue(publication=other_paper, date=datetime.date(2024, 10, 8))
        build_article(
            page=build_page(issue=october),
            headline="兴安网格员",
            column="民生",
            body=["网格员上门服务。"],
            bylines=[("宋爽", "reporter")],
        )

        def found(**params):
            html = text_of(client.get("/search/", {"q": "网格员", **params}))
            html = re.sub(r"</?mark>", "", html)
            return {h for h in ("激活社区“微治理”", "兴安网格员") if h in html}

        assert found() == {"激活社区“微治理”", "兴安网格员"}
        assert found(publication="xarb") == {"兴安网格员"}
        assert found(date_from="2024-10-01") == {"兴安网格员"}
        assert found(date_to="2024-09-30") == {"激活社区“微治理”"}
        assert found(column="基层治理") == {"激活社区“微治理”"}
        song = Reporter.objects.get(name="宋爽")
        assert found(reporter=song.pk) == {"兴安网格员"}

    def test_topic_and_place_filters(self, client, grid_article):
        topic = Topic.objects.create(name="网格服务", slug="grid")
        ArticleTopic.objects.create(article=grid_article, topic=topic, state="added")
        place = Place.objects.create(name="回民区", kind="市辖区", level=3)
        ArticlePlace.objects.create(article=grid_article, place=place)
        build_article(headline="别处网格员", body=["网格员。"])
        for params in ({"topic": "grid"}, {"place": place.pk}):
            html = re.sub(
                r"</?mark>", "", text_of(client.get("/search/", {"q": "网格员", **params}))
            )
            assert "激活社区“微治理”" in html and "别处网格员" not in html

    def test_filters_alone_browse_the_archive(self, client, grid_article):
        html = text_of(client.get("/search/", {"column": "基层治理"}))
        assert "激活社区“微治理”" in html and "共 1 篇" in html

    def test_the_date_filters_follow_a_corrected_issue_date(self, client, grid_article):
        def found(**params):
            html = text_of(client.get("/search/", {"q": "网格员", **params}))
            return "找到 1 篇" in html

        assert found(date_from="2024-09-20", date_to="2024-09-20")
        issue = grid_article.page.issue
        issue.date = datetime.date(2024, 10, 1)
        issue.save()
        assert not found(date_to="2024-09-30")
        assert found(date_from="2024-10-01", date_to="2024-10-01")

    def test_filters_alone_list_the_archive_as_printed(self, client):
        paper = build_publication(name="兴安日报", slug="xarb")
        older = build_issue(publication=paper, date=datetime.date(2024, 9, 19))
        newer = build_issue(publication=paper, date=datetime.date(2024, 9, 21))
        front, third = build_page(issue=newer, number=1), build_page(issue=newer, number=3)
        # Published in another order than printed: the list follows the paper.
        for headline, page, position in [
            ("三版二条", third, 2),
            ("旧报头条", build_page(issue=older, number=1), 1),
            ("一版二条", front, 2),
            ("三版头条", third, 1),
            ("一版头条", front, 1),
        ]:
            build_article(page=page, position=position, headline=headline, column="民生")
        html = text_of(client.get("/search/", {"publication": "xarb", "column": "民生"}))
        shown = re.findall(r'class="headline" href="[^"]*">([^<]*)</a>', html)
        assert shown == ["一版头条", "一版二条", "三版头条", "三版二条", "旧报头条"]

    def test_the_menus_list_papers_and_topics_and_keep_the_choice(self, client, grid_article):
        build_publication(name="兴安<日报>", slug="xarb")
        Topic.objects.create(name="网格服务", slug="grid")
        Topic.objects.create(name="草原&生态", slug="grassland")

        def menu(html, name):
            match = re.search(rf'<select name="{name}" id="id_{name}">(.*?)</select>', html)
            return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', match[1])

        html = text_of(client.get("/search/"))
        papers = menu(html, "publication")
        assert papers[0] == ("", " selected", "全部报纸")
        assert ("xarb", "", "兴安&lt;日报&gt;") in papers
        assert menu(html, "topic")[0] == ("", " selected", "全部主题")

        html = text_of(client.get("/search/", {"q": "网格员", "topic": "grid"}))
        topics = menu(html, "topic")
        assert ("grid", " selected", "网格服务") in topics
        assert ("grassland", "", "草原&amp;生态") in topics
        assert [value for value, selected, _ in topics if selected] == ["grid"]
        # A choice that is not on the menu is an error, and nothing is shown as chosen.
        response = client.get("/search/", {"q": "网格员", "topic": "没有这个主题"})
        assert response.status_code == 400
        assert not [v for v, selected, _ in menu(text_of(response), "topic") if selected]


BAD_SEARCHES = [
    {"q": '"网格员'},
    {"q": "网格员 AND OR NOT NEAR("},
    {"q": "*^:-()"},
    {"q": "网\x00格员"},
    {"q": "网格员" * 700},
    {"q": "网格员", "page": "abc"},
    {"q": "网格员", "page": "-3"},
    {"q": "网格员", "page": "99999999999999999999999"},
    {"q": "网格员", "page": "\x00"},
    {"page": "0"},
]
BAD_FILTERS = [
    {"q": "网格员", "date_from": "2024-13-45"},
    {"q": "网格员", "date_to": "昨天"},
    {"q": "网格员", "date_from": "2024-10-02", "date_to": "2024-10-01"},
    {"q": "网格员", "reporter": "999999"},
    {"q": "网格员", "reporter": "abc"},
    {"q": "网格员", "reporter": "99999999999999999999999"},
    {"q": "网格员", "publication": "no-such-paper"},
    {"q": "网格员", "topic": "没有这个主题"},
    {"q": "网格员", "place": "x\x00"},
    {"q": "网格员" * 700, "date_from": "\x00"},
]


class TestBadInput:
    @pytest.mark.parametrize("params", BAD_SEARCHES)
    def test_bad_queries_and_page_numbers_give_a_page(self, client, grid_article, params):
        assert client.get("/search/", params).status_code == 200

    @pytest.mark.parametrize("params", BAD_FILTERS)
    def test_bad_filters_give_400_with_the_form(self, client, grid_article, params):
        response = client.get("/search/", params)
        assert response.status_code == 400
        assert 'class="search-form"' in text_of(response)

    @pytest.mark.parametrize(
        "url",
        [
            "/articles/999999/",
            "/articles/99999999999999999999999/",
            "/articles/abc/",
            "/articles/1%00/",
            "/pages/999999/",
            "/pages/999999/text/",
            "/pages/99999999999999999999999/text/",
            "/issues/999999/",
            "/issues/99999999999999999999999/",
            "/reporters/999999/",
            "/reporters/99999999999999999999999/",
            "/topics/没有这个主题/",
            "/places/999999/",
            "/publications/no-such-paper/",
            "/reporters/999999/feed.rss",
            "/topics/nope/feed.atom",
            "/publications/nope/feed.rss",
        ],
    )
    def test_unknown_ids_are_not_found(self, client, grid_article, url):
        assert client.get(url).status_code == 404

    @pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1.5", "\x00"])
    def test_bad_page_numbers_on_lists(self, client, grid_article, page):
        reporter = Reporter.objects.get(name="祁晓燕")
        assert client.get(f"/reporters/{reporter.pk}/", {"page": page}).status_code == 200

    def test_only_safe_methods(self, client, grid_article):
        assert client.post(f"/articles/{grid_article.pk}/").status_code == 405
        assert client.post("/search/", {"q": "网格员"}).status_code == 405


class TestConditionalGet:
    def test_article_not_modified(self, client, grid_article):
        url = f"/articles/{grid_article.pk}/"
        first = client.get(url)
        assert first["ETag"] and first["Last-Modified"]
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304
        since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
        assert since.status_code == 304

    def test_an_edit_changes_the_etag(self, client, grid_article):
        url = f"/articles/{grid_article.pk}/"
        etag = client.get(url)["ETag"]
        grid_article.headline = "改过的标题"
        grid_article.save()
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 200

    def test_a_new_topic_or_related_link_changes_the_etag(self, client, grid_article):
        url = f"/articles/{grid_article.pk}/"
        etag = client.get(url)["ETag"]
        topic = Topic.objects.create(name="社区微治理", slug="weizhili")
        link = ArticleTopic.objects.create(article=grid_article, topic=topic, state="suggested")
        etag_suggested = client.get(url, headers={"If-None-Match": etag})["ETag"]
        link.state = "accepted"
        link.save()
        response = client.get(url, headers={"If-None-Match": etag_suggested})
        assert response.status_code == 200 and "社区微治理" in text_of(response)
        other = build_article(headline="另一篇")
        etag = response["ETag"]
        RelatedArticle.objects.create(article=grid_article, related=other, score=0.5)
        response = client.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 200 and "另一篇" in text_of(response)

    def test_topic_page_changes_when_an_article_is_filed_under_it(self, client, grid_article):
        topic = Topic.objects.create(name="社区微治理", slug="weizhili")
        url = reverse("articles:topic", args=[topic.slug])
        etag = client.get(url)["ETag"]
        ArticleTopic.objects.create(article=grid_article, topic=topic, state="added")
        response = client.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 200 and "激活社区" in text_of(response)

    @pytest.mark.parametrize("name", ["home", "places"])
    def test_list_pages(self, client, grid_article, name):
        url = reverse(f"articles:{name}")
        etag = client.get(url)["ETag"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        build_article(headline="新发布")
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 200

    def test_list_etag_follows_withdrawals_deletions_and_links(self, client, grid_article):
        url = reverse("articles:home")
        other = build_article(headline="另一篇")
        seen = {client.get(url)["ETag"]}

        def changed():
            etag = client.get(url)["ETag"]
            new = etag not in seen
            seen.add(etag)
            return new

        Article.objects.filter(pk=other.pk).update(status=Article.Status.REVIEWED)
        assert changed()  # withdrawn: the count of published articles drops
        other.delete()
        assert not changed()  # it was no longer public: nothing a reader sees changed
        ArticleTopic.objects.create(
            article=grid_article, topic=Topic.objects.create(name="养老", slug="yl"), state="added"
        )
        assert changed()
        ArticlePlace.objects.create(article=grid_article, place=Place.objects.first())
        assert changed()

    def test_list_last_modified_is_the_newest_published_change(self, client, grid_article):
        response = client.get(reverse("articles:home"))
        grid_article.refresh_from_db()
        expected = grid_article.updated_at.replace(microsecond=0)
        modified = datetime.datetime.fromtimestamp(
            parse_http_date(response["Last-Modified"]), tz=datetime.UTC
        )
        assert modified == expected


class TestReading:
    """The reading functions without HTTP."""

    def test_latest_issue_per_publication_skips_unpublished_issues(self):
        paper = build_publication()
        old = build_issue(publication=paper, date=datetime.date(2024, 9, 1))
        build_article(page=build_page(issue=old))
        newer = build_issue(publication=paper, date=datetime.date(2024, 9, 2))
        build_article(page=build_page(issue=newer), status="needs_review")
        assert reading.latest_issues() == [old]

    def test_neighbours_skip_unpublished(self):
        page = build_page()
        a = build_article(page=page, position=0)
        build_article(page=page, position=1, status="needs_review")
        c = build_article(page=page, position=2)
        assert reading.neighbours(a).next == c
        assert reading.neighbours(c).previous == a
        assert reading.neighbours(a).previous is None

    def test_columns_are_those_of_published_articles(self):
        build_article(column="民生")
        build_article(column="草稿栏", status="needs_review")
        assert reading.columns() == ["民生"]

    def test_columns_are_each_listed_once_in_order(self):
        for column in ("要闻", "民生", "要闻", "", "基层治理", "民生"):
            build_article(column=column)
        columns = reading.columns()
        assert sorted(columns) == sorted({"要闻", "民生", "基层治理"})
        # In the database's own order (its collation may not be code-point order).
        ordered = Article.objects.order_by("column").values_list("column", flat=True)
        assert columns == list(dict.fromkeys(c for c in ordered if c))

    def test_all_columns_when_no_status_is_asked(self):
        build_article(column="民生")
        build_article(column="草稿栏", status="needs_review")
        build_article(column="")
        assert sorted(reading.columns(status=None)) == sorted(["民生", "草稿栏"])

    def test_article_version_of_unpublished_is_none(self):
        article = build_article(status=Article.Status.NEEDS_REVIEW)
        assert reading.article_version(article.pk) == (None, None)


class TestPhotos:
    def test_caption_photo_gets_renditions_and_srcset(self, client, settings, tmp_path):
        from io import BytesIO

        from django.core.files.uploadedfile import SimpleUploadedFile
        from PIL import Image

        settings.MEDIA_ROOT = tmp_path
        buffer = BytesIO()
        Image.new("RGB", (1200, 800), (200, 30, 30)).save(buffer, "PNG")
        article = build_article(headline="有图的稿件")
        caption = article.captions.create(
            text="居民参加趣味互动。",
            image=SimpleUploadedFile("huodong.png", buffer.getvalue(), content_type="image/png"),
        )
        made = sorted(p.name for p in tmp_path.rglob("*-*w.jpg"))
        assert made == ["huodong-480w.jpg", "huodong-960w.jpg"]
        with Image.open(next(tmp_path.rglob("huodong-480w.jpg"))) as small:
            assert small.size == (480, 320)

        html = text_of(client.get(f"/articles/{article.pk}/"))
        assert 'srcset="/media/renditions/photos/' in html
        assert "480w" in html and "960w" in html
        assert 'alt="居民参加趣味互动。"' in html
        data = json_ld(html)
        assert data["image"] == [f"http://testserver{caption.image.url}"]

    def test_unreadable_photo_makes_no_rendition_and_no_error(self, client, settings, tmp_path):
        from django.core.files.uploadedfile import SimpleUploadedFile

        settings.MEDIA_ROOT = tmp_path
        article = build_article(headline="坏图")
        article.captions.create(text="坏图", image=SimpleUploadedFile("bad.png", b"not an image"))
        assert not list(tmp_path.rglob("*-*w.jpg"))
        html = text_of(client.get(f"/articles/{article.pk}/"))
        assert "srcset" not in html and 'alt="坏图"' in html


@pytest.mark.django_db
def test_list_items_link_under_the_sites_script_prefix_whatever_was_linked_before():
    from django.urls import set_script_prefix

    from articles.templatetags.reading import article_item

    article = build_article(headline="新闻", bylines=[("宋爽", "reporter")])
    article = reading.published().for_listing().get(pk=article.pk)
    reporter = article.bylines.all()[0].reporter_id
    try:
        for prefix in ("/", "/archive/", "/"):
            set_script_prefix(prefix)
            item = article_item(article)
            assert f'href="{prefix}articles/{article.pk}/"' in item, item
            assert f'href="{prefix}reporters/{reporter}/"' in item, item
    finally:
        set_script_prefix("/")


class TestUntitledItems:
    """The archive as it arrives: photos named by their caption, briefs without a headline.
    No link a reader sees is ever empty."""

    @pytest.fixture
    def untitled(self, grid_article):
        page = grid_article.page
        photo = build_article(
            page=page,
            position=2,
            kind=Article.Kind.PHOTO,
            headline="",
            body=(),
            captions=[("网格员在社区广场为居民讲解政策。", [("阿柔娜", "photographer")])],
        )
        # Published before the desk refused untitled items: such rows exist in archives.
        brief = build_article(
            page=page,
            position=3,
            kind=Article.Kind.BRIEF,
            headline="",
            body=["网格员入户走访独居老人，登记需求四十余条。"],
        )
        return {"photo": photo, "brief": brief}

    @staticmethod
    def links(html, article):
        return re.findall(rf'<a[^>]*href="/articles/{article.pk}/"[^>]*>(.*?)</a>', html, re.S)

    def test_search_results_name_untitled_items_by_the_start_of_their_text(self, client, untitled):
        html = text_of(client.get("/search/", {"q": "网格员"}))
        (photo,) = self.links(html, untitled["photo"])
        (brief,) = self.links(html, untitled["brief"])
        assert photo == "<mark>网格员</mark>在社区广场为居民讲解政策"
        assert brief == "<mark>网格员</mark>入户走访独居老人，登记需求四十余条"
        assert not re.search(r'class="headline" href="[^"]*">\s*</a>', html)

    def test_related_lists_never_show_an_empty_link(self, client, grid_article, untitled):
        for n, article in enumerate(untitled.values()):
            RelatedArticle.objects.create(article=grid_article, related=article, score=1 - n / 10)
        html = text_of(client.get(f"/articles/{grid_article.pk}/"))
        related = html[html.index('<section class="related">') :]
        assert self.links(related, untitled["photo"]) == ["网格员在社区广场为居民讲解政策"]
        assert self.links(related, untitled["brief"]) == [
            "网格员入户走访独居老人，登记需求四十余条"
        ]

    def test_a_photo_is_titled_by_its_caption_on_its_page_and_in_lists(self, client, untitled):
        photo = untitled["photo"]
        html = text_of(client.get(f"/articles/{photo.pk}/"))
        assert "<h1>网格员在社区广场为居民讲解政策</h1>" in html
        assert "<title>网格员在社区广场为居民讲解政策 · " in html
        assert json_ld(html)["headline"] == "网格员在社区广场为居民讲解政策"
        assert "（无标题）" not in html
        for url in (f"/pages/{photo.page_id}/", f"/issues/{photo.page.issue_id}/", "/"):
            assert self.links(text_of(client.get(url)), photo) == ["网格员在社区广场为居民讲解政策"]
        feed = text_of(client.get("/feeds/latest.rss"))
        assert "<title>网格员在社区广场为居民讲解政策</title>" in feed

    def test_the_neighbours_of_an_untitled_item_are_named_too(self, client, grid_article, untitled):
        html = text_of(client.get(f"/articles/{grid_article.pk}/"))
        assert "网格员在社区广场为居民讲解政策 →" in html


def test_a_search_for_a_reporters_name_however_spaced_offers_the_reporters_page(client):
    build_article(headline="牧区走访", body=["草原上的那达慕。"], bylines=[("张驰", "reporter")])
    build_article(headline="待审", status="needs_review", bylines=[("张家驰", "reporter")])
    zhang = Reporter.objects.get(name="张驰")
    for typed in ("张驰", "张  驰", "张\u3000驰", "張馳"):
        html = text_of(client.get("/search/", {"q": typed}))
        assert (
            f'<p class="reporters-found">作者：<a href="/reporters/{zhang.pk}/">张驰</a></p>'
            in html
        )
    # A reporter with nothing published is not offered.
    assert "reporters-found" not in text_of(client.get("/search/", {"q": "张家驰"}))


def test_a_query_longer_than_any_name_asks_for_no_reporter(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert reading.reporters_named("社区网格员" * 11) == []
