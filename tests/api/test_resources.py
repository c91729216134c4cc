"""Issues, pages, reporters, publications, topics and places: fields, filters, visibility."""

import datetime

import pytest

from articles.models import Article

from .builders import (
    build_article,
    build_issue,
    build_page,
    build_place,
    build_publication,
    build_topic,
)

pytestmark = pytest.mark.django_db


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def archive():
    """One issue with a published page and a page of drafts; another issue of drafts only."""
    issue = build_issue(date=datetime.date(2025, 6, 12), number=3051)
    front = build_page(issue=issue, number=1, name="要闻")
    drafts = build_page(issue=issue, number=2, name="社区")
    build_article(page=front, headline="已发布", bylines=[("祁晓燕", "reporter")])
    build_article(
        page=drafts,
        headline="待审",
        status=Article.Status.NEEDS_REVIEW,
        bylines=[("未发布作者", "reporter")],
    )
    empty = build_issue(date=datetime.date(2025, 6, 13))
    build_article(page=build_page(issue=empty), headline="待审2", status="reviewed")
    return issue, front


def test_issues_list_only_issues_with_published_articles(api, archive):
    issue, front = archive
    (item,) = results(api.get("/api/v1/issues/"))
    assert item["id"] == issue.pk
    assert item["date"] == "2025-06-12"
    assert item["number"] == 3051
    assert item["article_count"] == 1
    assert item["pages"] == [{"id": front.pk, "number": 1, "name": "要闻"}]
    assert item["url"] == f"http://testserver/issues/{issue.pk}/"
    assert results(api.get("/api/v1/issues/", {"date_from": "2025-06-13"})) == []
    assert api.get("/api/v1/issues/", {"date_from": "六月"}).status_code == 400


def test_pages_list_only_pages_with_published_articles_and_no_ocr_text(api, archive):
    issue, front = archive
    (item,) = results(api.get("/api/v1/pages/"))
    assert item["id"] == front.pk
    assert item["issue"] == issue.pk
    assert item["publication"]["slug"] == "hhhtrb"
    assert "text" not in item
    assert results(api.get("/api/v1/pages/", {"number": 2})) == []


def test_reporters_list_only_those_with_a_published_byline(api, archive):
    names = [item["name"] for item in results(api.get("/api/v1/reporters/"))]
    assert names == ["祁晓燕"]
    assert results(api.get("/api/v1/reporters/", {"name": "晓"}))[0]["article_count"] == 1


@pytest.mark.parametrize("typed", ["张驰", "张  驰", "张\u3000驰", " 张 驰 ", "張馳", "驰"])
def test_a_reporter_is_found_by_name_however_it_is_spaced_or_written(api, typed):
    build_article(headline="牧区走访", bylines=[("张驰", "reporter")])
    build_article(headline="驰骋草原", bylines=[("张家驰", "reporter")])
    names = [item["name"] for item in results(api.get("/api/v1/reporters/", {"name": typed}))]
    assert "张驰" in names
    if typed != "驰":
        assert names == ["张驰"]


def test_publications_list_every_paper(api):
    build_publication(name="包头日报", slug="btrb")
    (item,) = results(api.get("/api/v1/publications/"))
    assert item == {
        "id": item["id"],
        "slug": "btrb",
        "name": "包头日报",
        "url": "http://testserver/publications/btrb/",
    }


def test_topics_are_a_tree_by_parent(api):
    parent = build_topic(name="测试上级", slug="ceshi-shangji")
    child = build_topic(name="测试下级", slug="ceshi-xiaji", parent=parent, description="说明")
    (item,) = results(api.get("/api/v1/topics/", {"parent": parent.pk}))
    assert item["id"] == child.pk
    assert item["parent"] == parent.pk
    assert item["description"] == "说明"
    assert api.get("/api/v1/topics/", {"parent": 999999}).status_code == 400


def test_places_carry_their_ancestors_and_children(api):
    city = build_place(name="测试市", kind="地级市", level=2)
    district = build_place(name="测试区", kind="市辖区", level=3, parent=city)
    street = build_place(name="测试街道", kind="街道", level=4, parent=district)
    item = api.get(f"/api/v1/places/{district.pk}/").json()
    assert [a["name"] for a in item["ancestors"]] == ["测试市"]
    assert [c["name"] for c in item["children"]] == ["测试街道"]
    assert item["parent"] == city.pk
    deep = api.get(f"/api/v1/places/{street.pk}/").json()
    assert [a["name"] for a in deep["ancestors"]] == ["测试市", "测试区"]
    listed = results(api.get("/api/v1/places/", {"parent": city.pk}))
    assert [place["name"] for place in listed] == ["测试区"]
    assert api.get("/api/v1/places/", {"level": 9}).status_code == 400


@pytest.mark.parametrize("size", [2, 9])
@pytest.mark.usefixtures("throttle_in_memory")
def test_place_list_queries_do_not_grow_with_the_page(api, size, django_assert_num_queries):
    city = build_place(name="测试市", kind="地级市", level=2)
    for number in range(size):
        build_place(name=f"测试区{number}", kind="市辖区", level=3, parent=city)
    # the parent filter's lookup, count, places with their ancestors, children
    with django_assert_num_queries(4):
        response = api.get("/api/v1/places/", {"parent": city.pk, "page_size": 50})
    assert len(results(response)) == size
