"""Every number a list shows is the number of items the page it links to lists.

One archive, built with what makes counts drift apart: an article naming a place and a place
under it, drafts, a photographer credited only under a photo, two bylines of one reporter on
one article, pages of no issue, topics filed by editors and by the machine, suggested and
rejected, on drafts too.
"""

import datetime
import re

import pytest
from django.test import Client

from articles.models import Article
from taxonomy.models import ArticlePlace, ArticleTopic, Place, Topic
from tests.articles.builders import build_article, build_issue, build_page

pytestmark = pytest.mark.django_db


def listed_count(client, url) -> int:
    """The number of items the site's list page at `url` says it lists, checked against the
    items it shows when they fit on one page."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    count = int(re.search(r"共 (\d+) 篇", html).group(1))
    if count <= 20:
        assert html.count('<li class="item">') == count, url
    return count


def items_on(client, url) -> int:
    """The items an issue or printed page shows."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode().count('<li class="item">')


@pytest.fixture
def archive():
    # The region's tree as the taxonomy's migrations load it.
    region = Place.objects.get(name="内蒙古自治区", level=1)
    city = Place.objects.get(name="呼和浩特市", parent=region)
    district = Place.objects.get(name="回民区", parent=city)

    issue = build_issue(date=datetime.date(2024, 9, 20), number=25431)
    front = build_page(issue=issue, number=1, name="要闻")
    loose = build_page(issue=None, number=None, name="")

    both = build_article(
        page=front,
        headline="首府社区治理",
        bylines=[("祁晓燕", "reporter"), ("祁晓燕", "author")],
        captions=[("社区活动。", [("阿柔娜", "photographer")])],
    )
    city_only = build_article(page=front, headline="呼和浩特新闻", bylines=[("祁晓燕", "reporter")])
    draft = build_article(
        page=front,
        headline="草稿",
        status=Article.Status.NEEDS_REVIEW,
        bylines=[("祁晓燕", "reporter")],
    )
    # Her byline on one, her photo in another: her page lists both.
    build_article(page=front, headline="摄影记者手记", bylines=[("阿柔娜", "author")])
    loose_one = build_article(page=loose, headline="无期次稿件", bylines=[("宋爽", "reporter")])
    for article, places in (
        (both, [city, district]),
        (city_only, [city]),
        (draft, [district]),
        (loose_one, [region]),
    ):
        for place in places:
            ArticlePlace.objects.create(article=article, place=place)
    governance, grid = Topic.objects.get(name="基层治理"), Topic.objects.get(name="网格化管理")
    for article, topic, state in (
        (both, governance, "machine"),
        (both, grid, "suggested"),
        (city_only, governance, "accepted"),
        (city_only, grid, "rejected"),
        (draft, governance, "machine"),
        (draft, grid, "added"),
        (loose_one, grid, "machine"),
    ):
        ArticleTopic.objects.create(article=article, topic=topic, state=state, score=0.5)


def test_every_count_shown_is_what_its_page_lists(archive):
    client = Client()

    tree = client.get("/places/").content.decode()
    shown = re.findall(r'<a href="(/places/\d+/)">[^<]+</a>(?: <small>\((\d+)\)</small>)?', tree)
    assert shown
    for url, count in shown:
        assert int(count or 0) == listed_count(client, url), url

    index = client.get("/topics/").content.decode()
    shown = re.findall(r'<a href="(/topics/[^"]+/)">[^<]+</a> <small>\((\d+)\)</small>', index)
    assert len(shown) == 2
    for url, count in shown:
        assert int(count) == listed_count(client, url), url

    for resource in ("issues", "pages", "reporters"):
        listing = client.get(f"/api/v1/{resource}/").json()["results"]
        assert listing, resource
        for entry in listing:
            path = re.sub(r"^https?://[^/]+", "", entry["url"])
            on_page = (
                listed_count(client, path) if resource == "reporters" else items_on(client, path)
            )
            assert entry["article_count"] == on_page, (resource, path)


def test_a_place_counts_the_articles_of_everything_under_it(archive):
    tree = Client().get("/places/").content.decode()
    assert re.search(r">内蒙古自治区</a> <small>\(3\)</small>", tree)
    assert re.search(r">呼和浩特市</a> <small>\(2\)</small>", tree)
    assert re.search(r">回民区</a> <small>\(1\)</small>", tree)
    assert re.search(r">包头市</a>(?! <small>)", tree)


def test_a_topic_counts_the_published_articles_an_editor_or_the_machine_filed(archive):
    index = Client().get("/topics/").content.decode()
    assert re.search(r">基层治理</a> <small>\(2\)</small>", index)
    assert re.search(r">网格化管理</a> <small>\(1\)</small>", index)
