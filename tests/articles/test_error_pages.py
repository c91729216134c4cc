"""Error pages as a reader meets them: Chinese, in the site's layout, with a search box.

DEBUG is off in the tests (pytest-django's default), so Django calls the project's
handlers, as in production.
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import get_resolver

from articles import errors
from tests.articles.builders import build_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    """A browser: server errors come back as the page a reader gets, not as exceptions."""
    return Client(raise_request_exception=False)


def assert_site_error_page(response, status, heading):
    html = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert '<html lang="zh-Hans">' in html
    assert 'class="masthead"' in html and "site-footer" in html  # the site's layout
    assert f"<h1>{heading}</h1>" in html
    assert re.search(
        r'<form[^>]*action="/search/"[^>]*>.*?<input id="error-q"[^>]*name="q"', html, re.S
    )
    assert '<meta name="robots" content="noindex">' in html
    assert "Not Found" not in html and "Server Error" not in html and "Forbidden" not in html
    return html


def test_the_tests_run_with_debug_off():
    assert settings.DEBUG is False


def test_the_root_urlconf_names_the_projects_handlers():
    resolver = get_resolver("newsroom.urls")
    for status, view in (
        (400, errors.bad_request),
        (403, errors.permission_denied),
        (404, errors.page_not_found),
        (500, errors.server_error),
    ):
        assert resolver.resolve_error_handler(status) is view
    assert settings.CSRF_FAILURE_VIEW == "articles.errors.csrf_failure"


@pytest.mark.parametrize("path", ["/no-such-page/", "/articles/999999/", "/reporters/abc/"])
def test_a_missing_page_is_a_chinese_404_with_a_search_box(reader, path):
    assert_site_error_page(reader.get(path), 404, "找不到这个页面")


def test_an_unpublished_article_is_the_same_404(reader):
    draft = build_article(status="needs_review")
    assert_site_error_page(reader.get(f"/articles/{draft.pk}/"), 404, "找不到这个页面")


@pytest.mark.urls("tests.articles.error_urls")
def test_a_server_error_is_a_chinese_500_in_the_layout(reader):
    assert_site_error_page(reader.get("/broken/"), 500, "服务器出错了")


@pytest.mark.urls("tests.articles.error_urls")
def test_a_refusal_is_a_chinese_403(reader):
    assert_site_error_page(reader.get("/forbidden/"), 403, "没有权限")


@pytest.mark.urls("tests.articles.error_urls")
def test_a_suspicious_request_is_a_chinese_400(reader):
    assert_site_error_page(reader.get("/suspicious/"), 400, "请求有误")


def test_a_request_for_another_host_is_a_chinese_400(reader):
    assert_site_error_page(reader.get("/", HTTP_HOST="evil.example"), 400, "请求有误")


def test_a_form_posted_without_its_token_is_a_chinese_page_that_says_what_to_do():
    browser = Client(enforce_csrf_checks=True)
    get_user_model().objects.create_superuser("zhubian", password="zb-pw-12345")
    response = browser.post("/admin/login/", {"username": "zhubian", "password": "zb-pw-12345"})
    html = assert_site_error_page(response, 403, "表单已过期")
    assert "刷新后再提交" in html


def test_the_error_page_says_something_even_when_its_layout_fails(rf, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the template is broken too")

    monkeypatch.setattr(errors, "render_to_string", broken)
    response = errors.server_error(rf.get("/"))
    assert response.status_code == 500
    assert "<h1>服务器出错了</h1>" in response.content.decode()
