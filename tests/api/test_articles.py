"""The article list, detail and sync walk: fields, filters, ordering, pagination, visibility."""

import base64
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from rest_framework.pagination import Cursor

from articles.api import filters
from articles.api.pagination import parse_cursor
from articles.models import Article
from taxonomy.models import ArticleTopic

from .builders import (
    build_article,
    build_issue,
    build_page,
    build_place,
    build_publication,
    build_seed_article,
    build_topic,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"
SYNC = "/api/v1/articles/sync/"


def headlines(response):
    assert response.status_code == 200, response.content
    return [item["headline"] for item in response.json()["results"]]


@pytest.fixture
def staff(api):
    user = get_user_model().objects.create_user("bianji", password="x", is_staff=True)
    api.force_authenticate(user)
    return api


def test_an_article_carries_what_partners_need(api):
    article = build_seed_article(column="社区传真", overline="基层治理")
    item = api.get(f"/api/v1/articles/{article.pk}/").json()
    assert item["url"] == f"http://testserver/articles/{article.pk}/"
    assert item["kind"] == "article"
    assert item["column"] == "社区传真"
    assert item["overline"] == "基层治理"
    assert item["bylines"][1]["name"] == "赵东霞"
    assert item["bylines"][1]["role"] == "correspondent"
    assert item["publication"]["slug"] == "hhhtrb"
    assert item["issue_date"] == "2025-06-12"
    assert item["page_number"] == 1
    assert [block["type"] for block in item["blocks"]][:2] == ["paragraph", "subhead"]
    assert item["captions"][0]["credits"][0]["name"] == "阿柔娜"
    assert item["keywords"] == ["网格员", "单元长", "微治理"]
    assert "<h2>网格服务零距离</h2>" in item["body_html"]
    assert "body_text" not in item


def test_fields_and_body_choose_what_is_sent(api):
    article = build_seed_article()
    item = api.get(f"/api/v1/articles/{article.pk}/", {"fields": "id,headline"}).json()
    assert item == {"id": article.pk, "headline": article.headline}
    item = api.get(f"/api/v1/articles/{article.pk}/", {"body": "text"}).json()
    assert "body_html" not in item
    assert "有事共商难题同解\n\n在无物业管理的好宜佳小区" in item["body_text"]


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"fields": "headline,作者"}, "fields"),
        ({"body": "pdf"}, "body"),
        ({"facets": "weather"}, "facets"),
        ({"date_from": "2025-13-45"}, "date_from"),
        ({"updated_since": "昨天"}, "updated_since"),
        ({"kind": "editorial"}, "kind"),
        ({"publication": "no-such-paper"}, "publication"),
        ({"topic": "999999"}, "topic"),
        ({"reporter": "abc"}, "reporter"),
        ({"page_number": "0.5"}, "page_number"),
        ({"ordering": "headline"}, "ordering"),
        ({"page_size": "100000"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page": "abc"}, "page"),
        ({"status": "needs_review"}, "status"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(api, params, parameter):
    build_seed_article()
    response = api.get(LIST, params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"]
    assert parameter in body["errors"]


def test_a_page_past_the_end_and_an_unknown_id_are_json_404s(api):
    build_seed_article()
    for path in (f"{LIST}?page=9", "/api/v1/articles/999999/", "/api/v1/articles/abc/"):
        response = api.get(path)
        assert response.status_code == 404
        assert response.json()["detail"]


def test_unpublished_articles_are_invisible(api):
    published = build_article(headline="已发布")
    draft = build_article(headline="待审稿", status=Article.Status.NEEDS_REVIEW)
    build_article(headline="已审未发", status=Article.Status.REVIEWED)
    assert headlines(api.get(LIST)) == ["已发布"]
    assert [item["id"] for item in api.get(SYNC).json()["results"]] == [published.pk]
    assert api.get(f"/api/v1/articles/{draft.pk}/").status_code == 404


def test_staff_may_filter_by_status_and_still_see_only_published_by_default(staff):
    build_article(headline="已发布")
    draft = build_article(headline="待审稿", status=Article.Status.NEEDS_REVIEW)
    assert headlines(staff.get(LIST)) == ["已发布"]
    assert headlines(staff.get(LIST, {"status": "needs_review"})) == ["待审稿"]
    detail = staff.get(f"/api/v1/articles/{draft.pk}/", {"status": "needs_review"})
    assert detail.json()["status"] == "needs_review"


def test_filters_on_paper_date_page_kind_and_column(api):
    other = build_publication(name="包头日报", slug="btrb")
    june = build_page(issue=build_issue(date=datetime.date(2025, 6, 12)), number=1)
    july = build_page(issue=build_issue(date=datetime.date(2025, 7, 1)), number=3)
    baotou = build_page(issue=build_issue(publication=other, date=datetime.date(2025, 6, 12)))
    build_article(page=june, headline="六月要闻", column="社区传真")
    build_article(page=july, headline="七月简讯", kind=Article.Kind.BRIEF)
    build_article(page=baotou, headline="包头消息")
    assert headlines(api.get(LIST, {"publication": "btrb"})) == ["包头消息"]
    assert headlines(api.get(LIST, {"date_from": "2025-06-13"})) == ["七月简讯"]
    assert set(headlines(api.get(LIST, {"date_to": "2025-06-30"}))) == {"六月要闻", "包头消息"}
    assert headlines(api.get(LIST, {"page_id": june.pk})) == ["六月要闻"]
    assert headlines(api.get(LIST, {"page_number": 3})) == ["七月简讯"]
    assert headlines(api.get(LIST, {"kind": "brief"})) == ["七月简讯"]
    assert headlines(api.get(LIST, {"column": "社区传真"})) == ["六月要闻"]
    assert headlines(api.get(LIST, {"issue": june.issue_id})) == ["六月要闻"]


def test_updated_since_lists_only_later_changes(api):
    old = build_article(headline="旧稿")
    Article.objects.filter(pk=old.pk).update(
        updated_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    )
    build_article(headline="新稿")
    assert headlines(api.get(LIST, {"updated_since": "2025-01-01T00:00:00Z"})) == ["新稿"]


def test_topic_filter_counts_accepted_and_added_but_not_suggested(api):
    topic = build_topic(name="测试主题", slug="ceshi-zhuti")
    build_article(headline="采纳", topics=[(topic, ArticleTopic.State.ACCEPTED)])
    build_article(headline="编辑添加", topics=[(topic, ArticleTopic.State.ADDED)])
    build_article(headline="仅建议", topics=[(topic, ArticleTopic.State.SUGGESTED)])
    build_article(headline="已拒绝", topics=[(topic, ArticleTopic.State.REJECTED)])
    assert set(headlines(api.get(LIST, {"topic": topic.pk}))) == {"采纳", "编辑添加"}
    item = api.get(LIST, {"topic": topic.pk}).json()["results"][0]
    assert item["topics"] == [{"id": topic.pk, "slug": "ceshi-zhuti", "name": "测试主题"}]


def test_place_filter_includes_places_below(api):
    city = build_place(name="测试市", kind="地级市", level=2)
    district = build_place(name="测试区", kind="市辖区", level=3, parent=city)
    street = build_place(name="测试街道", kind="街道", level=4, parent=district)
    community = build_place(name="测试社区", kind="社区", level=5, parent=street)
    elsewhere = build_place(name="别处市", kind="地级市", level=2)
    build_article(headline="社区稿", places=[community])
    build_article(headline="市里稿", places=[city])
    build_article(headline="别处稿", places=[elsewhere])
    assert set(headlines(api.get(LIST, {"place": city.pk}))) == {"市里稿", "社区稿"}
    assert headlines(api.get(LIST, {"place": street.pk})) == ["社区稿"]


def test_reporter_filter_covers_bylines_and_photo_credits(api):
    build_seed_article()  # 祁晓燕 writes; 阿柔娜 took the picture
    build_article(headline="阿柔娜的稿", bylines=[("阿柔娜", "reporter")])
    build_article(headline="无署名")
    from articles.models import Reporter

    arouna = Reporter.objects.get(name="阿柔娜")
    assert len(headlines(api.get(LIST, {"reporter": arouna.pk}))) == 2


def test_q_runs_the_sites_search_module(api, monkeypatch):
    build_article(headline="网格员上门服务")
    build_article(headline="草原旅游")
    calls = []

    def search(queryset, query):
        calls.append(query)
        return queryset.filter(headline__contains="草原")

    monkeypatch.setattr(filters, "search", search)
    assert headlines(api.get(LIST, {"q": "旅游"})) == ["草原旅游"]
    assert calls == ["旅游"]


def test_ordering_by_issue_date_and_updated_time(api):
    early = build_page(issue=build_issue(date=datetime.date(2025, 1, 2)))
    late = build_page(issue=build_issue(date=datetime.date(2025, 3, 4)))
    first = build_article(page=late, headline="三月")
    build_article(page=early, headline="一月")
    assert headlines(api.get(LIST)) == ["三月", "一月"]
    assert headlines(api.get(LIST, {"ordering": "issue_date"})) == ["一月", "三月"]
    first.save()  # now the most recently updated
    assert headlines(api.get(LIST, {"ordering": "-updated_at"})) == ["三月", "一月"]
    assert headlines(api.get(LIST, {"ordering": "updated_at"})) == ["一月", "三月"]


def test_page_number_pagination(api):
    page = build_page()
    for number in range(5):
        build_article(page=page, headline=f"稿{number}", position=number)
    body = api.get(LIST, {"page_size": 2, "page": 2}).json()
    assert body["count"] == 5
    assert [item["headline"] for item in body["results"]] == ["稿2", "稿3"]
    assert "page=3" in body["next"]


def test_pages_follow_the_paper_newest_issue_first_then_page_then_position(api):
    january = build_issue(date=datetime.date(2025, 1, 2))
    march = build_issue(date=datetime.date(2025, 3, 4))
    build_article(page=build_page(issue=january, number=1), headline="一月头条", position=0)
    march_page_two = build_page(issue=march, number=2)
    march_page_one = build_page(issue=march, number=1)
    build_article(page=march_page_two, headline="三月二版", position=0)
    build_article(page=march_page_one, headline="三月一版下", position=1)
    build_article(page=march_page_one, headline="三月一版上", position=0)
    listed = []
    for number in (1, 2):
        listed += headlines(api.get(LIST, {"page_size": 2, "page": number}))
    assert listed == ["三月一版上", "三月一版下", "三月二版", "一月头条"]


def _two_papers_on_one_day():
    """Two papers' front pages of one day, whose articles interleave by position, and more."""
    march = datetime.date(2025, 3, 4)
    daily = build_issue(publication=build_publication(name="内蒙古日报", slug="nmgrb"), date=march)
    city = build_issue(
        publication=build_publication(name="呼和浩特日报", slug="hhhtrb"), date=march
    )
    daily_one, city_one = build_page(issue=daily, number=1), build_page(issue=city, number=1)
    build_article(page=daily_one, headline="日报一版上", position=0)
    build_article(page=city_one, headline="晚报一版上", position=0)
    build_article(page=daily_one, headline="日报一版下", position=1)
    build_article(page=city_one, headline="晚报一版下", position=1)
    build_article(page=city_one, headline="晚报一版末", position=2)
    build_article(page=build_page(issue=daily, number=2), headline="日报二版", position=0)
    january = build_page(
        issue=build_issue(publication=daily.publication, date=datetime.date(2025, 1, 2)), number=1
    )
    build_article(page=january, headline="一月头条", position=0)
    build_article(page=january, headline="一月待审", position=1, status=Article.Status.NEEDS_REVIEW)
    build_article(page=build_page(with_issue=False, number=3), headline="期次不详", position=0)


# Same date and page number: position decides, then the order the articles were made in.
PRINTED = [
    "日报一版上",
    "晚报一版上",
    "日报一版下",
    "晚报一版下",
    "晚报一版末",
    "日报二版",
    "一月头条",
]


def _printed_order():
    # An unknown date sorts as the database sorts NULL: last on SQLite, first on PostgreSQL.
    undated = ["期次不详"]
    return PRINTED + undated if connection.vendor == "sqlite" else undated + PRINTED


@pytest.mark.parametrize("size", [1, 2, 3, 4, 7, 8, 100])
def test_numbered_pages_cover_the_printed_order_once_at_every_page_size(api, size):
    _two_papers_on_one_day()
    listed, number = [], 1
    while True:
        response = api.get(LIST, {"page_size": size, "page": number})
        listed += headlines(response)
        if response.json()["next"] is None:
            break
        number += 1
    assert listed == _printed_order()
    assert response.json()["count"] == 8


def test_numbered_pages_in_printed_order_keep_to_the_filters(api):
    _two_papers_on_one_day()
    listed = headlines(api.get(LIST, {"publication": "hhhtrb", "page_size": 2, "page": 2}))
    assert listed == ["晚报一版末"]
    assert headlines(api.get(LIST, {"q": "一版", "page_size": 50})) != []


def test_sync_walks_every_article_once_even_when_all_share_one_date(api):
    page = build_page()  # one issue date for all: a date cursor would never move on
    made = [build_article(page=page, headline=f"稿{n}", position=0).pk for n in range(7)]
    seen, url = [], SYNC + "?page_size=3"
    while url:
        body = api.get(url).json()
        seen += [item["id"] for item in body["results"]]
        url = body["next"]
    assert seen == sorted(made)


def encoded(querystring: str) -> str:
    """A cursor as the API writes one: the base64 of a query string."""
    return base64.b64encode(querystring.encode()).decode()


# Each wrong in one way. Those marked were a 500 (int('') on an empty position, a digit that
# int() does not read, more digits than int() reads); the others that look like a cursor the
# API writes were read as one (a direction of 2 going back, an unknown key ignored).
MALFORMED_CURSORS = {
    "empty position (was a 500)": encoded("p="),
    "reversed, empty position (was a 500)": encoded("r=1&p="),
    "superscript two, a digit to str.isdigit (was a 500)": encoded("p=%C2%B2"),
    "position of 5,000 digits (was a 500)": encoded("p=" + "9" * 5000),
    "position not a number": encoded("p=abc"),
    "fullwidth one": encoded("p=%EF%BC%91"),
    "Arabic-Indic seven": encoded("p=%D9%A7"),
    "empty offset": encoded("o=&p=1"),
    "empty direction": encoded("r=&p=1"),
    "offset not a number": encoded("o=abc"),
    "negative offset": encoded("o=-1&p=1"),
    "offset past 64 bits": encoded("o=" + "9" * 30 + "&p=1"),
    "offset of 5,000 digits": encoded("o=" + "9" * 5000 + "&p=1"),
    "direction 2": encoded("r=2"),
    "direction 2 with a position": encoded("r=2&p=1"),
    "direction true": encoded("r=true&p=1"),
    "negative position": encoded("p=-1"),
    "signed position": encoded("p=%2B1"),
    "spaced position": encoded("p=%201"),
    "position past 64 bits": encoded("p=" + "9" * 20),
    "position one past the largest id": encoded(f"p={2**63}"),
    "position with a NUL": encoded("p=1%00"),
    "position a float": encoded("p=1.5"),
    "position twice": encoded("p=1&p=2"),
    "unknown key": encoded("x=1"),
    "key without a value": encoded("p"),
    "empty cursor": "",
    "nothing but separators": encoded("&&&"),
    "not base64": "not-a-cursor!",
    "base64 with a character outside its alphabet": "cD0x*",
    "base64 missing its padding": "cD0",
    "decodes to bytes that are not ASCII": base64.b64encode("p=网".encode()).decode(),
    "Chinese": "网格员",
    "emoji": "\U0001f600",
    "lone surrogate, percent-encoded": "%ED%A0%80",
    "NUL": "\x00",
    "very long": "A" * 10_000,
}


@pytest.mark.parametrize("cursor", MALFORMED_CURSORS.values(), ids=MALFORMED_CURSORS.keys())
def test_every_malformed_cursor_is_the_apis_json_400(api, cursor):
    build_seed_article()
    response = api.get(SYNC, {"cursor": cursor})
    assert response.status_code == 400, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "detail": "请求参数有误。",
        "errors": {"cursor": ["游标无效：请使用上一页响应中 next 给出的链接。"]},
    }


@pytest.mark.parametrize(
    "querystring, cursor",
    [
        ("p=12", Cursor(offset=0, reverse=False, position="12")),
        ("r=1&p=12", Cursor(offset=0, reverse=True, position="12")),
        ("o=3&r=0&p=012", Cursor(offset=3, reverse=False, position="12")),
        ("o=1000", Cursor(offset=1000, reverse=False, position=None)),
        (f"p={2**63 - 1}", Cursor(offset=0, reverse=False, position=str(2**63 - 1))),
    ],
)
def test_a_cursor_the_api_could_have_written_is_read(querystring, cursor):
    assert parse_cursor(encoded(querystring), offset_cutoff=1000) == cursor


def test_past_the_offset_cutoff_is_malformed():
    assert parse_cursor(encoded("o=1001&p=1"), offset_cutoff=1000) is None


def test_the_largest_id_is_an_empty_page_not_an_error(api):
    build_seed_article()
    body = api.get(SYNC, {"cursor": encoded(f"p={2**63 - 1}")}).json()
    assert body["results"] == [] and body["next"] is None


def test_the_cursors_the_api_gives_still_walk_both_ways(api):
    made = [build_article(headline=f"稿{n}").pk for n in range(7)]
    forward, backward, url = [], [], SYNC + "?page_size=3"
    while url:
        body = api.get(url).json()
        forward.append([item["id"] for item in body["results"]])
        last, url = body, body["next"]
    url = last["previous"]
    while url:
        body = api.get(url).json()
        backward.append([item["id"] for item in body["results"]])
        url = body["previous"]
    assert [pk for page in forward for pk in page] == sorted(made)
    assert backward == forward[-2::-1]


def test_facets_count_the_filtered_list(api):
    topic = build_topic(name="测试主题", slug="ceshi-zhuti")
    build_seed_article(column="社区传真", topics=[topic])
    build_article(headline="另一篇", column="社区传真", bylines=[("祁晓燕", "reporter")])
    build_article(headline="第三篇", column="评论")
    body = api.get(LIST, {"facets": "column,year,topic,reporter,publication,place"}).json()
    facets = body["facets"]
    assert facets["column"] == [
        {"value": "社区传真", "label": "社区传真", "count": 2},
        {"value": "评论", "label": "评论", "count": 1},
    ]
    assert facets["year"] == [{"value": 2025, "label": "2025", "count": 3}]
    assert facets["topic"] == [{"value": topic.pk, "label": "测试主题", "count": 1}]
    assert facets["reporter"][0]["label"] == "祁晓燕"
    assert facets["reporter"][0]["count"] == 2
    assert facets["publication"] == [{"value": "hhhtrb", "label": "呼和浩特日报", "count": 3}]
    assert facets["place"] == []
    narrowed = api.get(LIST, {"facets": "column", "column": "评论"}).json()["facets"]
    assert narrowed["column"] == [{"value": "评论", "label": "评论", "count": 1}]
    assert "facets" not in api.get(LIST).json()


def fill(count):
    page = build_page()
    topic = build_topic(name=f"主题{count}", slug=f"zhuti-{count}")
    place = build_place(name=f"地方{count}", kind="地级市", level=2)
    for number in range(count):
        build_seed_article(page=page, position=number, topics=[topic], places=[place])


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.usefixtures("throttle_in_memory")
def test_the_list_costs_the_same_queries_whatever_its_size(api, size, django_assert_num_queries):
    fill(size)
    # count, the page's ids in printed order, its rows, bylines with reporters, blocks,
    # captions, credits with reporters, topic links, place links, latest tombstone
    with django_assert_num_queries(10):
        response = api.get(LIST, {"page_size": 50})
    assert len(response.json()["results"]) == size
    # The same with two facets: one query each.
    with django_assert_num_queries(12):
        api.get(LIST, {"page_size": 50, "facets": "column,topic"})
    with django_assert_num_queries(8):  # no count on the cursor walk
        api.get(SYNC, {"page_size": 50})
