"""Feeds, sitemap.xml and the Google News sitemap: published articles only, well-formed XML."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from articles.models import Reporter
from articles.sitemaps import recent_news
from taxonomy.models import ArticleTopic, Topic
from tests.articles.builders import build_article, build_publication

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def articles():
    published = build_article(
        headline="激活社区“微治理”",
        column="基层治理",
        body=["工人南村社区积极探索社区治理新模式。"],
        bylines=[("祁晓燕", "reporter")],
    )
    draft = build_article(
        headline="待审稿件", status="needs_review", bylines=[("祁晓燕", "reporter")]
    )
    return published, draft


def rss_titles(response):
    assert response.status_code == 200
    return [item.findtext("title") for item in ET.fromstring(response.content).iter("item")]


def atom_titles(response):
    assert response.status_code == 200
    return [
        e.findtext(f"{ATOM}title") for e in ET.fromstring(response.content).iter(f"{ATOM}entry")
    ]


def test_latest_rss(client, articles):
    response = client.get("/feeds/latest.rss")
    assert rss_titles(response) == ["激活社区“微治理”"]
    root = ET.fromstring(response.content)
    item = next(root.iter("item"))
    assert item.findtext("link") == f"http://testserver/articles/{articles[0].pk}/"
    assert item.findtext("category") == "基层治理"
    assert "工人南村社区" in item.findtext("description")


def test_latest_atom(client, articles):
    assert atom_titles(client.get("/feeds/latest.atom")) == ["激活社区“微治理”"]


def test_reporter_feeds(client, articles):
    reporter = Reporter.objects.get(name="祁晓燕")
    assert rss_titles(client.get(f"/reporters/{reporter.pk}/feed.rss")) == ["激活社区“微治理”"]
    assert atom_titles(client.get(f"/reporters/{reporter.pk}/feed.atom")) == ["激活社区“微治理”"]


def test_publication_feeds(client, articles):
    build_article(headline="同一报纸另一篇", body=["正文。"])
    other = build_publication(name="兴安日报", slug="xarb")
    assert rss_titles(client.get(f"/publications/{other.slug}/feed.rss")) == []
    titles = rss_titles(client.get("/publications/hhhtrb/feed.rss"))
    assert set(titles) == {"激活社区“微治理”", "同一报纸另一篇"}


def test_topic_feed_has_only_topics_an_editor_stands_behind(client, articles):
    published, _ = articles
    topic = Topic.objects.create(name="社区微治理", slug="weizhili")
    ArticleTopic.objects.create(article=published, topic=topic, state="accepted")
    other = build_article(headline="只是建议")
    ArticleTopic.objects.create(article=other, topic=topic, state="suggested")
    assert rss_titles(client.get("/topics/weizhili/feed.rss")) == ["激活社区“微治理”"]
    assert atom_titles(client.get("/topics/weizhili/feed.atom")) == ["激活社区“微治理”"]


def test_sitemap_lists_published_articles_only(client, articles):
    published, draft = articles
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    sections = [e.text for e in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert "http://testserver/sitemap-articles.xml" in sections
    locations = []
    for section in sections:
        part = client.get(section.removeprefix("http://testserver"))
        assert part.status_code == 200
        locations += [e.text for e in ET.fromstring(part.content).iter(f"{SITEMAP}loc")]
    assert f"http://testserver/articles/{published.pk}/" in locations
    assert f"http://testserver/articles/{draft.pk}/" not in locations
    assert f"http://testserver/pages/{published.page_id}/" in locations


def test_unknown_sitemap_section_and_bad_page_are_not_found(client, articles):
    assert client.get("/sitemap-nope.xml").status_code == 404
    assert client.get("/sitemap-articles.xml", {"p": "99"}).status_code == 404
    assert client.get("/sitemap-articles.xml", {"p": "x"}).status_code == 404


def test_news_sitemap_has_the_last_two_days(client, articles):
    published, _ = articles
    old = build_article(headline="三天前", published_at=timezone.now() - datetime.timedelta(days=3))
    response = client.get("/news-sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    titles = [e.text for e in root.iter(f"{NEWS}title")]
    assert titles == ["激活社区“微治理”"]
    assert [e.text for e in root.iter(f"{NEWS}name")] == ["呼和浩特日报"]
    assert old not in recent_news()


def test_news_sitemap_escapes_headlines(client):
    build_article(headline="A & B <c>")
    root = ET.fromstring(client.get("/news-sitemap.xml").content)
    assert [e.text for e in root.iter(f"{NEWS}title")] == ["A & B <c>"]


def test_a_photo_in_the_news_sitemap_is_titled_by_its_caption(client):
    build_article(headline="", kind="photo", body=(), captions=[("那达慕大会上的赛马。", [])])
    root = ET.fromstring(client.get("/news-sitemap.xml").content)
    assert [e.text for e in root.iter(f"{NEWS}title")] == ["那达慕大会上的赛马"]
