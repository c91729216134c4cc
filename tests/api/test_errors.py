"""Every error under /api/v1/ is the API's JSON, in Chinese: whatever view or layer raised it."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from articles.api import views
from articles.models import Article

from .builders import build_seed_article

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def chinese_json_error(response, status):
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    detail = json.loads(response.content)["detail"]
    assert CHINESE.search(detail), detail
    # No English sentence from Django or DRF comes through.
    assert not re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", detail), detail
    return detail


@pytest.fixture
def partner():
    """A client that gets server errors back as responses, as a partner does."""
    return APIClient(raise_request_exception=False)


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing-here/", "/api/v1/articles/1/extra/", "/api/v1/v2/articles/"]
)
def test_an_unknown_address_is_a_json_404(partner, path):
    chinese_json_error(partner.get(path), 404)


def test_a_missing_article_says_which_in_chinese(partner):
    draft = build_seed_article(status=Article.Status.NEEDS_REVIEW)
    for path in (f"/api/v1/articles/{draft.pk}/", "/api/v1/articles/999999/"):
        detail = chinese_json_error(partner.get(path), 404)
        assert "matches the given query" not in detail
    assert chinese_json_error(partner.get("/api/v1/articles/999999/"), 404) == (
        "稿件 999999 不存在，或尚未发布。"
    )
    assert chinese_json_error(partner.get("/api/v1/articles/999999.ninjs"), 404).startswith(
        "稿件 999999"
    )
    for path in ("/api/v1/issues/999/", "/api/v1/pages/abc/", "/api/v1/topics/nothing/"):
        chinese_json_error(partner.get(path), 404)


def test_a_server_error_in_an_api_view_is_json(partner, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug in a view")

    monkeypatch.setattr(views.ArticleViewSet, "list", broken)
    assert (
        chinese_json_error(partner.get("/api/v1/articles/"), 500) == "服务器内部错误，请稍后再试。"
    )


@pytest.mark.urls("tests.articles.error_urls")
def test_a_server_error_outside_drf_under_the_prefix_is_json(partner):
    chinese_json_error(partner.get("/api/v1/broken/"), 500)


def test_writing_a_bad_token_a_wrong_accept_and_too_many_requests(partner, monkeypatch):
    article = build_seed_article()
    chinese_json_error(partner.post("/api/v1/articles/", {}), 405)
    chinese_json_error(partner.get("/api/v1/articles/", HTTP_ACCEPT="text/csv"), 406)
    chinese_json_error(
        partner.get(f"/api/v1/articles/{article.pk}/", HTTP_AUTHORIZATION="Token nonsense"), 401
    )
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "1/min", "partner": "1/min"})
    partner.get("/api/v1/publications/")
    chinese_json_error(partner.get("/api/v1/publications/"), 429)


def test_a_session_post_without_its_csrf_token_is_json_in_chinese():
    editor = APIClient(enforce_csrf_checks=True)
    editor.force_login(get_user_model().objects.create_user("bianji", password="pw"))
    detail = chinese_json_error(editor.post("/api/v1/articles/", {}), 403)
    assert "CSRF" in detail
