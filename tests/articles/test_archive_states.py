"""The site as the archive really arrives: pages without a paper, a date or a page number.

The seed pages come with an empty manifest, so every published item starts on a page whose
issue is unknown; a reader must still find it, and find it named by what it prints rather
than by the file OCR delivered.
"""

import datetime

import pytest
from django.test import Client

from tests.articles.builders import build_article, build_issue, build_page, build_publication

pytestmark = pytest.mark.django_db


def text_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def unplaced_page(**fields):
    """A page as the seed import leaves it: no issue, no number, no name."""
    return build_page(issue=None, number=None, name="", **fields)


class TestUndatedOnTheHomePage:
    def test_pages_without_issue_are_listed_under_date_unknown(self, client):
        page = unplaced_page()
        build_article(page=page, position=0, headline="小事小节见党性")
        html = text_of(client.get("/"))
        assert "日期不详" in html
        assert f'href="/pages/{page.pk}/"' in html
        # Something is published: the home page does not say nothing is.
        assert "还没有发布的报纸。" not in html

    def test_an_issue_known_by_its_number_alone_is_listed(self, client):
        issue = build_issue(date=None, number=7)
        build_article(page=build_page(issue=issue), headline="无日期期次")
        html = text_of(client.get("/"))
        assert f'href="/issues/{issue.pk}/"' in html
        assert "第7期" in html

    def test_an_empty_archive_says_so(self, client):
        unplaced_page()  # imported, nothing published
        html = text_of(client.get("/"))
        assert "还没有发布的报纸。" in html
        assert "/pages/" not in html

    def test_unpublished_pages_are_not_listed(self, client):
        page = unplaced_page()
        build_article(page=page, headline="待审稿件", status="needs_review")
        assert f"/pages/{page.pk}/" not in text_of(client.get("/"))


class TestPageNames:
    def test_a_page_without_number_or_name_is_named_by_its_first_published_item(self, client):
        page = unplaced_page()
        build_article(page=page, position=0, headline="草稿在前", status="needs_review")
        build_article(page=page, position=1, headline="小事小节见党性")
        build_article(page=page, position=2, headline="第二篇")
        for url in (f"/pages/{page.pk}/", "/"):
            html = text_of(client.get(url))
            assert page.source_name not in html, url
            assert "小事小节见党性" in html
        assert "<title>小事小节见党性" in text_of(client.get(f"/pages/{page.pk}/"))

    def test_an_untitled_first_item_names_the_page_by_its_text(self, client):
        page = unplaced_page()
        build_article(page=page, position=0, headline="", body=["为深入推进抓党建促乡村振兴。"])
        html = text_of(client.get(f"/pages/{page.pk}/"))
        assert "<h1>为深入推进抓党建促乡村振兴</h1>" in html

    def test_a_known_number_or_name_is_the_pages_title(self, client):
        numbered = build_page(issue=None, number=4, name="")
        build_article(page=numbered, headline="四版稿")
        named = build_page(issue=None, number=None, name="理论")
        build_article(page=named, headline="理论稿")
        assert "<h1>第4版</h1>" in text_of(client.get(f"/pages/{numbered.pk}/"))
        assert "<h1>理论</h1>" in text_of(client.get(f"/pages/{named.pk}/"))

    def test_list_items_name_their_page_not_its_file(self, client):
        page = unplaced_page()
        article = build_article(page=page, headline="小事小节见党性")
        for url in ("/", f"/articles/{article.pk}/", "/search/?q=党性"):
            assert page.source_name not in text_of(client.get(url)), url


class TestNeverA404ForPublishedItems:
    def test_an_undated_issue_and_its_pages_open(self, client):
        issue = build_issue(date=None, number=None)
        page = build_page(issue=issue, number=None, name="")
        build_article(page=page, headline="无号无日期")
        assert "无号无日期" in text_of(client.get(f"/issues/{issue.pk}/"))
        assert "无号无日期" in text_of(client.get(f"/pages/{page.pk}/"))

    def test_a_papers_undated_issues_are_on_its_page(self, client):
        paper = build_publication(name="兴安日报", slug="xarb")
        issue = build_issue(publication=paper, date=None, number=12)
        build_article(page=build_page(issue=issue))
        html = text_of(client.get("/publications/xarb/"))
        assert "日期不详" in html
        assert f'href="/issues/{issue.pk}/"' in html


class TestTheDeskSetsWhatTheManifestDidNot:
    def test_a_page_given_an_issue_number_and_name_on_the_desk_reads_so_on_the_site(
        self, admin_client, settings
    ):
        settings.PAGE_CACHE_SECONDS = 600  # the site's stored pages must follow the edit
        reader = Client()
        page = unplaced_page()
        build_article(page=page, headline="小事小节见党性")
        assert "日期不详" in text_of(reader.get(f"/pages/{page.pk}/"))

        issue = build_issue(date=datetime.date(2024, 9, 20))
        response = admin_client.post(
            f"/admin/articles/page/{page.pk}/change/",
            {"issue": issue.pk, "number": 3, "name": "社区"},
        )
        assert response.status_code == 302, response.content.decode()[:2000]

        html = text_of(reader.get(f"/pages/{page.pk}/"))
        assert "第3版 · 社区" in html and "2024年9月20日" in html
        assert f'href="/issues/{issue.pk}/"' in text_of(reader.get("/"))

    def test_an_issues_pages_are_numbered_and_named_from_the_issue(self, admin_client):
        issue = build_issue(date=None, number=None)
        page = build_page(issue=issue, number=None, name="")
        build_article(page=page)
        form = admin_client.get(f"/admin/articles/issue/{issue.pk}/change/").content.decode()
        assert page.source_name in form
        response = admin_client.post(
            f"/admin/articles/issue/{issue.pk}/change/",
            {
                "publication": issue.publication_id,
                "date": "2024-09-21",
                "number": "88",
                "pages-TOTAL_FORMS": "1",
                "pages-INITIAL_FORMS": "1",
                "pages-MIN_NUM_FORMS": "0",
                "pages-MAX_NUM_FORMS": "0",
                "pages-0-id": page.pk,
                "pages-0-issue": issue.pk,
                "pages-0-number": "2",
                "pages-0-name": "要闻",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        page.refresh_from_db()
        issue.refresh_from_db()
        assert (issue.date, issue.number, page.number, page.name) == (
            datetime.date(2024, 9, 21),
            88,
            2,
            "要闻",
        )
