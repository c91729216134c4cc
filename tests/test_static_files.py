"""Static files as served in production: content-hashed names, kept by browsers for good."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

STYLESHEET = re.compile(r'href="(/static/articles/site\.([0-9a-f]{12})\.css)"')


def test_pages_link_the_stylesheet_by_a_name_that_changes_with_its_content(collected_static):
    page = Client().get("/")
    assert page.status_code == 200
    found = STYLESHEET.search(page.content.decode())
    assert found, "the home page links site.css without a content hash"
    digest = found.group(2)
    assert (collected_static / "articles" / f"site.{digest}.css").is_file()


def test_hashed_files_are_cached_for_good_and_sent_compressed():
    path = STYLESHEET.search(Client().get("/").content.decode()).group(1)
    response = Client().get(path, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= 365 * 24 * 3600
    assert response["Content-Encoding"] == "gzip"
    b"".join(response.streaming_content)


def test_an_unhashed_name_is_still_served_but_revalidated():
    response = Client().get("/static/articles/site.css")
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    b"".join(response.streaming_content)
