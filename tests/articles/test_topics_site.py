"""Topics on the reader's site: the index, each topic's page, the search's filter, and the
machine's topics shown as such; pages of no issue listed whole under 日期不详."""

import importlib
import re

import pytest
from django.apps import apps

from taxonomy.models import ArticleTopic, Topic
from tests.articles.builders import build_article, build_page

pytestmark = pytest.mark.django_db


def text_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def filed():
    """基层治理 filed by the machine on one article and by an editor on another; a suggestion
    and a rejection on others, and the machine's topic on a draft."""
    topic = Topic.objects.get(name="基层治理")
    by_machine = build_article(headline="网格员走访", body=["网格员入户走访。"])
    by_editor = build_article(headline="居民议事会", body=["居民议事会协商。"])
    suggested = build_article(headline="只是建议", body=["待编辑审核。"])
    rejected = build_article(headline="编辑拒绝", body=["不属此题。"])
    draft = build_article(headline="草稿", status="needs_review")
    for article, state in (
        (by_machine, "machine"),
        (by_editor, "accepted"),
        (suggested, "suggested"),
        (rejected, "rejected"),
        (draft, "machine"),
    ):
        ArticleTopic.objects.create(article=article, topic=topic, state=state, score=0.5)
    return topic, by_machine, by_editor


class TestTheTopicIndex:
    def test_the_navigation_links_the_index(self, client, filed):
        assert 'href="/topics/"' in text_of(client.get("/"))

    def test_each_topic_with_its_count_of_what_its_page_lists(self, client, filed):
        topic, *_ = filed
        html = text_of(client.get("/topics/"))
        shown = re.findall(r'<a href="(/topics/[^"]+/)">([^<]+)</a> <small>\((\d+)\)</small>', html)
        assert shown == [(f"/topics/{topic.slug}/", "基层治理", "2")]
        page = text_of(client.get(f"/topics/{topic.slug}/"))
        assert "共 2 篇" in page
        assert page.count('<li class="item">') == 2

    def test_topics_without_published_articles_are_not_listed(self, client, filed):
        html = text_of(client.get("/topics/"))
        assert "移风易俗" not in html

    def test_an_empty_index_says_so(self, client):
        assert "暂无归类的稿件。" in text_of(client.get("/topics/"))


class TestMachineTopicsShownAsSuch:
    def test_the_topic_page_marks_the_machines_articles(self, client, filed):
        topic, by_machine, by_editor = filed
        html = text_of(client.get(f"/topics/{topic.slug}/"))
        items = re.findall(r'<li class="item">.*?</li>', html, re.S)
        marked = {
            re.search(r'href="/articles/(\d+)/"', item).group(1): "机器标注" in item
            for item in items
        }
        assert marked == {str(by_machine.pk): True, str(by_editor.pk): False}
        assert 'href="/topics/"' in html  # back to every topic

    def test_the_article_page_labels_a_machine_topic(self, client, filed):
        topic, by_machine, by_editor = filed
        machine_html = text_of(client.get(f"/articles/{by_machine.pk}/"))
        assert f'href="/topics/{topic.slug}/"' in machine_html
        assert "机器标注" in machine_html
        editor_html = text_of(client.get(f"/articles/{by_editor.pk}/"))
        assert f'href="/topics/{topic.slug}/"' in editor_html
        assert "机器标注" not in editor_html

    def test_a_withdrawn_machine_topic_leaves_the_site(self, client, filed):
        topic, by_machine, _ = filed
        by_machine.topic_links.update(state="rejected")
        assert f'href="/topics/{topic.slug}/"' not in text_of(
            client.get(f"/articles/{by_machine.pk}/")
        )
        assert "共 1 篇" in text_of(client.get(f"/topics/{topic.slug}/"))


class TestTheSearchsTopicFilter:
    def test_it_returns_the_topics_articles(self, client, filed):
        topic, by_machine, by_editor = filed
        html = text_of(client.get("/search/", {"topic": topic.slug}))
        found = set(re.findall(r'class="headline" href="/articles/(\d+)/"', html))
        assert found == {str(by_machine.pk), str(by_editor.pk)}

    def test_with_words_and_in_traditional_characters(self, client, filed):
        topic, by_machine, _ = filed
        html = text_of(client.get("/search/", {"topic": topic.slug, "q": "網格員"}))
        found = set(re.findall(r'class="headline" href="/articles/(\d+)/"', html))
        assert found == {str(by_machine.pk)}

    def test_an_unknown_topic_is_a_clear_400(self, client, filed):
        response = client.get("/search/", {"topic": "no-such-topic"})
        assert response.status_code == 400
        assert "主题" in response.content.decode()


def test_the_migration_files_stored_suggestions_by_their_score():
    migration = importlib.import_module("taxonomy.migrations.0005_machine_topics")
    strong, weak = (build_article(headline=h) for h in ("强", "弱"))
    topic = Topic.objects.get(name="基层治理")
    high = ArticleTopic.objects.create(article=strong, topic=topic, state="suggested", score=0.6)
    low = ArticleTopic.objects.create(article=weak, topic=topic, state="suggested", score=0.3)
    migration.file_machine_topics(apps, None)
    high.refresh_from_db()
    low.refresh_from_db()
    assert (high.state, low.state) == ("machine", "suggested")
    migration.unfile_machine_topics(apps, None)
    high.refresh_from_db()
    assert high.state == "suggested"


class TestPagesOfNoIssue:
    def unplaced(self, n, **kwargs):
        page = build_page(issue=None, number=None, name="")
        build_article(page=page, position=0, headline=f"无期次稿件{n}", **kwargs)
        return page

    def test_every_page_of_no_issue_is_listed_with_its_items(self, client):
        pages = [self.unplaced(n) for n in range(3)]
        draft_only = build_page(issue=None, number=None, name="")
        build_article(page=draft_only, headline="待审", status="needs_review")
        html = text_of(client.get("/issues/undated/"))
        for n, page in enumerate(pages):
            assert f'href="/pages/{page.pk}/"' in html
            assert f"无期次稿件{n}" in html
        assert f"/pages/{draft_only.pk}/" not in html
        assert "待审" not in html

    def test_the_home_page_and_the_pages_lead_there(self, client):
        page = self.unplaced(1)
        article = page.articles.get()
        for url in ("/", f"/pages/{page.pk}/", f"/articles/{article.pk}/"):
            assert 'href="/issues/undated/"' in text_of(client.get(url)), url

    def test_past_the_home_pages_share_it_pages_on(self, client, settings):
        from articles import reading

        for n in range(reading.UNDATED_PAGES_SHOWN + 1):
            self.unplaced(n)
        home = text_of(client.get("/"))
        assert "全部日期不详的版面" in home
        first = text_of(client.get("/issues/undated/"))
        assert first.count('<section class="page-block">') == 20
        last = text_of(client.get("/issues/undated/", {"page": "3"}))
        assert last.count('<section class="page-block">') == reading.UNDATED_PAGES_SHOWN + 1 - 40

    def test_a_bad_page_number_shows_a_page(self, client):
        self.unplaced(1)
        assert "无期次稿件1" in text_of(client.get("/issues/undated/", {"page": "x"}))

    def test_nothing_undated_says_so(self, client):
        assert "暂无日期不详的版面。" in text_of(client.get("/issues/undated/"))
