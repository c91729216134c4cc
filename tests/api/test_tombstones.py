"""Tombstones: unpublishing and deleting are recorded and reach partners syncing changes."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from syndication.models import Tombstone

from .builders import build_article, build_page

pytestmark = pytest.mark.django_db


def test_unpublishing_records_a_tombstone_and_republishing_lifts_it():
    article = build_article()
    assert not Tombstone.objects.exists()
    article.status = Article.Status.REVIEWED
    article.save()
    tombstone = Tombstone.objects.get()
    assert tombstone.article_id == article.pk
    assert tombstone.reason == Tombstone.Reason.UNPUBLISHED
    assert tombstone.uri == f"urn:newsroom:article:{article.pk}"
    article.status = Article.Status.PUBLISHED
    article.save()
    assert not Tombstone.objects.exists()


def test_deleting_a_published_article_records_a_tombstone_even_through_its_page():
    kept_draft = build_article(status=Article.Status.NEEDS_REVIEW)
    page = build_page()
    gone = build_article(page=page)
    page.delete()  # cascades to the article
    kept_draft.delete()  # never public: nothing to tell partners
    (tombstone,) = Tombstone.objects.all()
    assert tombstone.article_id == gone.pk
    assert tombstone.reason == Tombstone.Reason.DELETED


def test_editing_a_published_article_leaves_no_tombstone():
    article = build_article()
    article.headline = "改过的标题"
    article.save()
    assert not Tombstone.objects.exists()


def test_sync_since_a_time_lists_tombstones_on_its_first_page_only(api):
    before = (timezone.now() - datetime.timedelta(seconds=1)).isoformat()
    build_article(headline="留下")
    build_article(headline="留下2")
    gone = build_article(headline="删除")
    gone_id = gone.pk
    gone.delete()
    first = api.get("/api/v1/articles/sync/", {"updated_since": before, "page_size": 1}).json()
    assert [t["uri"] for t in first["tombstones"]] == [f"urn:newsroom:article:{gone_id}"]
    assert first["tombstones"][0]["pubstatus"] == "canceled"
    second = api.get(first["next"]).json()
    assert "tombstones" not in second
    later = (timezone.now() + datetime.timedelta(seconds=1)).isoformat()
    assert api.get("/api/v1/articles/", {"updated_since": later}).json()["tombstones"] == []
