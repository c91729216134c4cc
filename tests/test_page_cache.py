"""The page cache: a second anonymous reader gets the stored page, and no edit is ever missed.

The tests commit (transactional_db), as a deployment does: the cache is dropped after a commit,
and bypassed while the current transaction has uncommitted writes. They use whatever cache
the suite is configured with: local memory on SQLite, Redis in the PostgreSQL run.
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import parse_http_date

from articles import editing
from articles.models import Article, Block, Reporter
from newsroom import page_cache
from taxonomy.models import ArticlePlace, ArticleTopic, Place, RelatedArticle, Topic
from tests.articles.builders import build_article, build_page

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    # Changing the setting also starts a new generation: nothing from another test is served.
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def article():
    return build_article(
        page=build_page(number=3, name="社区"),
        headline="激活社区“微治理”",
        bylines=[("祁晓燕", "reporter")],
    )


def url_of(article):
    return reverse("articles:article", args=[article.pk])


def html(response):
    return response.content.decode()


def rendered(client, url, **kwargs):
    """The response to a GET that must read the database (not come from the cache)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **kwargs)
    assert len(captured) > 0, f"{url} came from the cache"
    return response


def served_from_cache(client, url, django_assert_num_queries, **kwargs):
    """The response to a GET that must not touch the database."""
    with django_assert_num_queries(0):
        return client.get(url, **kwargs)


class TestServing:
    @pytest.mark.parametrize("name", ["article", "home", "page", "page_text", "issue", "reporter"])
    def test_second_reader_gets_the_stored_page(
        self, client, article, django_assert_num_queries, name
    ):
        args = {
            "article": [article.pk],
            "home": [],
            "page": [article.page_id],
            "page_text": [article.page_id],
            "issue": [article.page.issue_id],
            "reporter": [Reporter.objects.get(name="祁晓燕").pk],
        }[name]
        url = reverse(f"articles:{name}", args=args)
        first = client.get(url)
        assert first.status_code == 200
        again = served_from_cache(client, url, django_assert_num_queries)
        assert again.status_code == 200
        assert again.content == first.content
        assert again["ETag"] == first["ETag"]
        assert again["Last-Modified"] == first["Last-Modified"]
        assert again["Content-Type"] == first["Content-Type"]

    def test_head_is_answered_from_the_page_a_get_stored(
        self, client, article, django_assert_num_queries
    ):
        first = client.get(url_of(article))
        with django_assert_num_queries(0):
            head = client.head(url_of(article))
        assert head.status_code == 200 and head["ETag"] == first["ETag"]

    def test_revalidation_is_answered_from_the_cache(
        self, client, article, django_assert_num_queries
    ):
        first = client.get(url_of(article))
        for headers in (
            {"If-None-Match": first["ETag"]},
            {"If-Modified-Since": first["Last-Modified"]},
        ):
            response = served_from_cache(
                client, url_of(article), django_assert_num_queries, headers=headers
            )
            assert response.status_code == 304
            assert response["ETag"] == first["ETag"]

    def test_list_pages_keep_their_query_string(self, client, article):
        reporter = Reporter.objects.get(name="祁晓燕")
        for i in range(25):
            build_article(headline=f"其他稿件{i}", bylines=[("祁晓燕", "reporter")])
        url = reverse("articles:reporter", args=[reporter.pk])
        first, second = client.get(url), client.get(url, {"page": 2})
        assert first.content != second.content
        assert client.get(url, {"page": 2}).content == second.content
        assert client.get(url).content == first.content

    def test_not_found_is_not_stored(self, client, article):
        Article.objects.filter(pk=article.pk).update(status=Article.Status.NEEDS_REVIEW)
        assert client.get(url_of(article)).status_code == 404
        Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
        assert client.get(url_of(article)).status_code == 200


class TestInvalidation:
    def test_edited_headline_shows_at_once(self, client, article):
        assert "激活社区" in html(client.get(url_of(article)))
        article.headline = "改过的标题"
        article.save()
        page = html(client.get(url_of(article)))
        assert "改过的标题" in page and "激活社区" not in page

    def test_queryset_update_sends_no_signal_and_is_still_seen(self, client, article):
        client.get(url_of(article))
        client.get("/")
        Article.objects.filter(pk=article.pk).update(headline="批量改过的标题")
        assert "批量改过的标题" in html(client.get(url_of(article)))
        assert "批量改过的标题" in html(client.get("/"))

    def test_unpublish_then_publish(self, client, article):
        assert client.get(url_of(article)).status_code == 200
        assert "激活社区" in html(client.get("/"))
        article.status = Article.Status.REVIEWED
        article.save()
        assert client.get(url_of(article)).status_code == 404
        assert "激活社区" not in html(client.get("/"))
        article.status = Article.Status.PUBLISHED
        article.save()
        assert client.get(url_of(article)).status_code == 200
        assert "激活社区" in html(client.get("/"))

    def test_a_newly_published_article_appears_on_the_lists(self, client, article):
        client.get("/")
        client.get(reverse("articles:page", args=[article.page_id]))
        build_article(page=article.page, headline="刚发布的稿件")
        assert "刚发布的稿件" in html(client.get("/"))
        assert "刚发布的稿件" in html(client.get(reverse("articles:page", args=[article.page_id])))

    def test_body_topics_places_related_and_reporters(self, client, article):
        url = url_of(article)
        client.get(url)
        Block.objects.filter(article=article).update(text="改过的正文。")
        assert "改过的正文。" in html(client.get(url))
        topic = Topic.objects.create(name="社区微治理", slug="weizhili")
        ArticleTopic.objects.create(article=article, topic=topic, state="accepted")
        assert "社区微治理" in html(client.get(url))
        place = Place.objects.create(name="回民区", kind="区", level=3)
        ArticlePlace.objects.create(article=article, place=place)
        assert "回民区" in html(client.get(url))
        RelatedArticle.objects.create(
            article=article, related=build_article(headline="另一篇相关稿件"), score=0.5
        )
        assert "另一篇相关稿件" in html(client.get(url))
        Reporter.objects.filter(name="祁晓燕").update(name="祁晓燕改")
        assert "祁晓燕改" in html(client.get(url))

    def test_issue_and_publication_changes(self, client, article):
        url = url_of(article)
        client.get(url)
        issue = article.page.issue
        issue.publication.name = "包头日报"
        issue.publication.save()
        assert "包头日报" in html(client.get(url))
        article.page.name = "民生"
        article.page.save()
        assert "民生" in html(client.get(url))

    def test_uncommitted_writes_bypass_the_cache_and_a_rollback_keeps_it(self, client, article):
        url = url_of(article)
        client.get(url)

        class Abandon(Exception):
            pass

        with pytest.raises(Abandon), transaction.atomic():
            Article.objects.filter(pk=article.pk).update(headline="未提交的标题")
            # This transaction's reader sees its own write, and nobody stores it.
            assert "未提交的标题" in html(client.get(url))
            raise Abandon
        page = html(client.get(url))
        assert "激活社区" in page and "未提交的标题" not in page

    def test_revalidation_sees_what_the_article_version_does_not(self, client, article):
        # The neighbours' headlines are on the page; the article's own version ignores them.
        url = url_of(article)
        neighbour = build_article(page=article.page, headline="下一篇稿件")
        first = client.get(url)
        assert "下一篇稿件" in html(first)
        Article.objects.filter(pk=neighbour.pk).update(headline="改过的下一篇")
        response = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert response.status_code == 200 and "改过的下一篇" in html(response)
        assert response["ETag"] != first["ETag"]
        assert parse_http_date(response["Last-Modified"]) >= parse_http_date(first["Last-Modified"])

    def test_list_pages_are_versioned_by_the_generation_alone(self, client, article):
        # The archive's counts read whole indexes on PostgreSQL; the generation says as much.
        url = reverse("articles:issue", args=[article.page.issue_id])
        with CaptureQueriesContext(connection) as captured:
            first = rendered(client, url)
        assert not any("COUNT(*)" in query["sql"] for query in captured.captured_queries)
        unchanged = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert unchanged.status_code == 304
        Article.objects.filter(pk=article.pk).update(headline="改过的标题")
        changed = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert changed.status_code == 200 and "改过的标题" in html(changed)
        assert changed["ETag"] != first["ETag"]

    def test_a_list_read_inside_a_writing_transaction_is_not_a_stale_304(self, client, article):
        # The generation changes on commit; until then the archive's own version tells.
        url = reverse("articles:issue", args=[article.page.issue_id])
        first = client.get(url)
        with transaction.atomic():
            Article.objects.filter(pk=article.pk).update(headline="未提交的标题")
            response = client.get(url, headers={"If-None-Match": first["ETag"]})
            assert response.status_code == 200 and "未提交的标题" in html(response)
            transaction.set_rollback(True)

    def test_reading_the_search_page_keeps_stored_pages(
        self, client, article, django_assert_num_queries
    ):
        # Its column list is a recursive WITH, a read the write watcher must not mistake.
        client.get(url_of(article))
        assert client.get(reverse("articles:search"), {"q": "社区"}).status_code == 200
        served_from_cache(client, url_of(article), django_assert_num_queries)

    def test_invalidate_orphans_every_page(self, client, article, django_assert_num_queries):
        client.get(url_of(article))
        served_from_cache(client, url_of(article), django_assert_num_queries)
        page_cache.invalidate()
        rendered(client, url_of(article))


class TestWhoGetsCachedPages:
    @pytest.fixture
    def editor(self):
        return get_user_model().objects.create_user(
            "editor", password="pw-for-tests-only", is_staff=True
        )

    def test_editor_is_never_served_from_the_cache(
        self, client, article, editor, django_assert_num_queries
    ):
        client.get(url_of(article))
        served_from_cache(client, url_of(article), django_assert_num_queries)
        client.force_login(editor)
        assert rendered(client, url_of(article)).status_code == 200

    def test_editor_pages_are_not_stored(self, client, article, editor):
        client.force_login(editor)
        client.get(url_of(article))
        client.get("/")
        for url in (url_of(article), "/"):
            assert rendered(Client(), url).status_code == 200

    def test_languages_are_not_mixed(self, client, article):
        english = client.get(url_of(article), headers={"Accept-Language": "en"})
        chinese = client.get(url_of(article), headers={"Accept-Language": "zh-hans"})
        assert '<html lang="en">' in html(english)
        assert '<html lang="zh-Hans">' in html(chinese)
        for _ in range(2):
            again = client.get(url_of(article), headers={"Accept-Language": "en"})
            assert again.content == english.content
            again = client.get(url_of(article), headers={"Accept-Language": "zh-hans"})
            assert again.content == chinese.content
        assert "Accept-Language" in again["Vary"]

    def test_hosts_are_not_mixed(self, client, article):
        # The page prints its canonical URL, host included.
        on_testserver = html(client.get(url_of(article)))
        on_localhost = html(client.get(url_of(article), HTTP_HOST="localhost"))
        assert "http://testserver/articles/" in on_testserver
        assert "http://localhost/articles/" in on_localhost
        assert "http://localhost/articles/" in html(
            client.get(url_of(article), HTTP_HOST="localhost")
        )

    def test_off_when_the_setting_is_zero(self, client, article, settings):
        settings.PAGE_CACHE_SECONDS = 0
        client.get(url_of(article))
        rendered(client, url_of(article))


class TestPageText:
    """The page text holds drafts for the desk: its rendering must never reach a reader."""

    TEXT = "已发布的稿件正文\n尚未发布的草稿正文"
    DRAFT = "尚未发布的草稿"

    @pytest.fixture
    def page(self):
        page = build_page(text=self.TEXT)
        build_article(page=page, headline="已发布", spans=[[0, 8]])
        build_article(
            page=page, headline="草稿", status=Article.Status.NEEDS_REVIEW, spans=[[9, 18]]
        )
        return page

    @pytest.fixture
    def desk(self):
        editor = get_user_model().objects.create_user(
            "bianji", password="pw-for-tests-only", is_staff=True
        )
        editor.user_permissions.add(Permission.objects.get(codename="view_article"))
        client = Client()
        client.force_login(editor)
        return client

    def url(self, page):
        return reverse("articles:page_text", args=[page.pk])

    def test_the_desks_rendering_is_never_served_to_a_reader(self, page, desk):
        assert self.DRAFT in html(desk.get(self.url(page)))
        reader = rendered(Client(), self.url(page))
        assert self.DRAFT not in html(reader) and "已发布的稿件正文" in html(reader)
        assert self.DRAFT not in html(Client().get(self.url(page)))

    def test_nor_a_readers_stored_page_to_the_desk(self, page, desk, django_assert_num_queries):
        assert self.DRAFT not in html(Client().get(self.url(page)))
        served_from_cache(Client(), self.url(page), django_assert_num_queries)
        assert self.DRAFT in html(rendered(desk, self.url(page)))
        assert self.DRAFT not in html(Client().get(self.url(page)))

    def test_publishing_and_taking_down_reach_the_stored_page(self, page):
        reader = Client()
        assert self.DRAFT not in html(reader.get(self.url(page)))
        draft = page.articles.get(headline="草稿")
        editing.set_status([draft], Article.Status.PUBLISHED)
        assert self.DRAFT in html(reader.get(self.url(page)))
        editing.set_status([draft], Article.Status.REVIEWED)
        assert self.DRAFT not in html(reader.get(self.url(page)))
        Article.objects.filter(page=page).update(status=Article.Status.REVIEWED)
        assert reader.get(self.url(page)).status_code == 404

    def test_a_private_response_is_not_stored(self, rf):
        response = HttpResponse("全文")
        patch_cache_control(response, private=True)
        assert not page_cache._storable(rf.get("/"), response)
        assert page_cache._storable(rf.get("/"), HttpResponse("读者看到的"))


class TestWriteDetection:
    @pytest.mark.parametrize(
        "sql, is_write",
        [
            ('SELECT "articles_article"."id" FROM "articles_article"', False),
            ('(SELECT "id" FROM "a") UNION (SELECT "id" FROM "b")', False),
            (
                "WITH RECURSIVE printed(name) AS (SELECT MIN(column) FROM articles_article)"
                " SELECT name FROM printed",
                False,
            ),
            ('WITH x AS (SELECT 1) UPDATE "articles_article" SET "headline" = %s', True),
            ('EXPLAIN QUERY PLAN SELECT "updated_at" FROM "articles_article"', False),
            ('EXPLAIN ANALYZE DELETE FROM "articles_article"', True),
            ('SAVEPOINT "s1_x1"', False),
            ('RELEASE SAVEPOINT "s1_x1"', False),
            ("PRAGMA analysis_limit = 400", False),
            ("ANALYZE", False),
            ('UPDATE "articles_article" SET "headline" = %s', True),
            ('INSERT INTO "taxonomy_articletopic" ("article_id") VALUES (%s)', True),
            ("INSERT OR IGNORE INTO articles_searchdocument (rowid) VALUES (%s)", True),
            ('DELETE FROM "articles_block" WHERE "id" IN (%s)', True),
            ("UPDATE articles_page SET id = id WHERE 0", True),
            ('CREATE TABLE "x" ("id" integer)', True),
            ('UPDATE "django_session" SET "expire_date" = %s', False),
            ('UPDATE "auth_user" SET "last_login" = %s', False),
            ('INSERT INTO "axes_accessattempt" ("username") VALUES (%s)', False),
            # The API's throttle counts, in the database cache without Redis.
            ('UPDATE "articles_throttle_cache" SET "value" = %s', False),
            ('DELETE FROM "articles_throttle_cache" WHERE "expires" < %s', False),
        ],
    )
    def test_statements(self, sql, is_write):
        assert page_cache._is_content_write(sql) is is_write


class TestMiddleware:
    """PageCacheMiddleware answers before the inner middleware, with the headers they gave."""

    def test_a_stored_page_carries_every_header_of_the_rendered_one(
        self, client, article, django_assert_num_queries
    ):
        first = client.get(url_of(article))
        again = served_from_cache(client, url_of(article), django_assert_num_queries)
        assert dict(again.items()) == dict(first.items())
        # Given by the inner middleware (clickjacking, locale) and the outer (security).
        assert again["X-Frame-Options"] == "DENY"
        assert again["Content-Language"] == "zh-hans"
        assert again["X-Content-Type-Options"] == "nosniff"

    def test_the_language_cookie_chooses_the_stored_variant(
        self, client, article, django_assert_num_queries
    ):
        english = Client()
        english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        assert '<html lang="en">' in html(english.get(url_of(article)))
        assert '<html lang="zh-Hans">' in html(client.get(url_of(article)))
        again = served_from_cache(english, url_of(article), django_assert_num_queries)
        assert '<html lang="en">' in html(again)

    def test_an_unreachable_cache_leaves_pages_rendered(self, client, article, monkeypatch, caplog):
        def unreachable(*args, **kwargs):
            raise ConnectionError("cache down")

        monkeypatch.setattr(page_cache.cache, "get_many", unreachable)
        for _ in range(2):
            response = rendered(client, url_of(article))
            assert response.status_code == 200
            assert "激活社区“微治理”" in html(response)
        assert "page cache: unavailable" in caplog.text

    def test_a_host_not_allowed_is_refused_as_without_the_cache(self, client, article, caplog):
        response = client.get(url_of(article), HTTP_HOST="elsewhere.example")
        assert response.status_code == 400
        assert "page cache" not in caplog.text

    def test_other_urls_are_not_looked_up(self, client, article, monkeypatch):
        asked = []
        real_get_many = page_cache.cache.get_many
        monkeypatch.setattr(
            page_cache.cache, "get_many", lambda keys: asked.append(keys) or real_get_many(keys)
        )
        assert client.get("/api/v1/articles/").status_code == 200
        assert client.get("/no-such-page/").status_code == 404
        assert asked == []
        client.get(url_of(article))
        assert len(asked) == 1


class TestMiddlewareCheck:
    def test_the_project_settings_pass(self):
        assert page_cache.check_middleware() == []

    def test_a_missing_middleware_is_an_error(self, settings):
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != page_cache.MIDDLEWARE_PATH]
        assert [e.id for e in page_cache.check_middleware()] == ["newsroom.E001"]

    def test_a_middleware_after_the_session_is_an_error(self, settings):
        rest = [m for m in settings.MIDDLEWARE if m != page_cache.MIDDLEWARE_PATH]
        settings.MIDDLEWARE = [*rest, page_cache.MIDDLEWARE_PATH]
        assert [e.id for e in page_cache.check_middleware()] == ["newsroom.E002"]

    def test_no_error_with_the_cache_off(self, settings):
        settings.PAGE_CACHE_SECONDS = 0
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != page_cache.MIDDLEWARE_PATH]
        assert page_cache.check_middleware() == []
