"""OCR text is data: markup, entities and template syntax in a page come out as text.

One published article carries them in its headline, column, body, byline and photo
caption, and each place that shows it is checked: the public site, search, the admin,
the RSS and Atom feeds, and the API (JSON and ninjs). (The JSON-LD script and the
raw page text of the site are tested in tests/articles/test_site.py.)
"""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.articles.builders import build_article

pytestmark = pytest.mark.django_db

HEADLINE = '<script>alert("标题")</script>网格员'
COLUMN = "{{ 7|add:7 }}栏目"
BODY = 'A&amp;B &lt;i&gt; {{ request.user }} {% now "Y" %} <img src=x onerror=alert(1)> 网格员'
REPORTER = "<b>宋爽</b>"
CAPTION = "<svg onload=alert(2)>图说 &copy;"

# Markup that must never reach a page as markup.
LIVE = ['<script>alert("标题")', "<img src=x", "<svg onload", "<b>宋爽"]


@pytest.fixture
def article():
    return build_article(
        headline=HEADLINE,
        column=COLUMN,
        body=[BODY],
        bylines=[(REPORTER, "reporter")],
        captions=[(CAPTION, [(REPORTER, "photographer")])],
    )


def assert_shown_as_text(page: str, *texts: str) -> None:
    for live in LIVE:
        assert live not in page
    for text in texts:
        assert html.escape(text) in page, text
    assert settings.SECRET_KEY not in page


def test_the_article_page_shows_markup_entities_and_template_syntax_as_text(client, article):
    page = client.get(reverse("articles:article", args=[article.pk])).content.decode()
    assert_shown_as_text(page, HEADLINE, COLUMN, BODY, REPORTER, CAPTION)
    # Template syntax was not run: the literal text is there, and 7|add:7 made no 14.
    assert '{% now "Y" %}' in html.unescape(page)
    assert "14栏目" not in page


def test_search_results_show_it_as_text(client, article):
    page = client.get(reverse("articles:search"), {"q": "网格员"}).content.decode()
    assert article.pk and "网格员" in page
    for live in LIVE:
        assert live not in page.replace("<mark>", "").replace("</mark>", "")


def test_reporter_page_and_lists_show_it_as_text(client, article):
    reporter = article.bylines.get().reporter
    page = client.get(reverse("articles:reporter", args=[reporter.pk])).content.decode()
    assert_shown_as_text(page, HEADLINE, REPORTER)
    home = client.get(reverse("articles:home")).content.decode()
    assert_shown_as_text(home, HEADLINE)


@pytest.fixture
def editor_client(client):
    client.force_login(get_user_model().objects.create_superuser("chief", password="x-pw-12345"))
    return client


def test_the_admin_shows_it_as_text(editor_client, article):
    for url in (
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_reporter_changelist"),
        reverse("admin:articles_photocaption_changelist"),
    ):
        response = editor_client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for live in LIVE:
            assert live not in page, (url, live)
    change = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert_shown_as_text(change.content.decode(), HEADLINE, BODY)


def _feed_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content)


def test_rss_items_carry_the_text_and_html_readers_see_it_escaped(client, article):
    item = _feed_items(client, reverse("articles:latest_feed")).find("channel/item")
    assert item.findtext("title") == HEADLINE
    # RSS descriptions are HTML to a reader: the OCR text must arrive escaped within it.
    description = item.findtext("description")
    for live in LIVE:
        assert live not in description
    assert html.unescape(description).count(BODY) == 1


def test_atom_entries_carry_the_text_and_html_readers_see_it_escaped(client, article):
    atom = "{http://www.w3.org/2005/Atom}"
    entry = _feed_items(client, reverse("articles:latest_atom")).find(f"{atom}entry")
    title = entry.find(f"{atom}title")
    assert title.get("type", "text") == "text" and title.text == HEADLINE
    summary = entry.find(f"{atom}summary")
    if summary.get("type") == "html":
        for live in LIVE:
            assert live not in summary.text
        assert html.unescape(summary.text).count(BODY) == 1
    else:
        assert summary.text.count(BODY) == 1


def test_the_api_sends_the_text_unchanged_and_its_html_escaped(client, article):
    response = client.get(f"/api/v1/articles/{article.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    # JSON is data: the exact characters, neither stripped nor escaped twice.
    assert data["headline"] == HEADLINE
    assert data["column"] == COLUMN
    assert data["body_html"] == f"<p>{html.escape(BODY)}</p>"

    ninjs = client.get(f"/api/v1/articles/{article.pk}.ninjs")
    assert ninjs.status_code == 200
    document = json.loads(ninjs.content)
    assert document["headlines"][0]["value"] == HEADLINE
    bodies = {b["contenttype"]: b["value"] for b in document["bodies"]}
    assert bodies["text/html"] == f"<p>{html.escape(BODY)}</p>"
