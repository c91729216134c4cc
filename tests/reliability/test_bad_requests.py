"""Bad requests to any public URL are a clear 4xx, never a 500, and write nothing.

Every public URL of the site and the API (found by walking the URL configuration)
is sent malformed query strings; file names and paths that try to leave their folder
are refused or made harmless. Search's own bad queries, unknown ids and the photo
checks are tested in tests/articles/ and tests/api/.
"""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article, PhotoCaption
from tests.reliability.conftest import project_urls

pytestmark = pytest.mark.django_db

BAD_QUERY_STRINGS = [
    "%ff%fe%00",
    "page=%00",
    "page=-1&page=abc&page=99999999999999999999",
    "q=" + "网格员" * 2000,
    "q=%22NEAR(a%20b)%20AND%20*%20OR%20%5E-%22",
    "q=%EF%BF%BD%ED%A0%80",  # U+FFFD and an encoded lone surrogate
    "a[]=1&a[b]=2&=&&=x",
    "cursor=%zz&ordering=;drop%20table",
    "fields=../../../etc/passwd&body=xml",
    "updated_since=2024-13-45T99:99&date_from=昨天",
    "format=../../newsroom/settings&callback=alert",
    "topic=" + "x" * 5000 + "&place=-1&reporter=1e309",
]


# The API's documentation page is for a browser: it answers in HTML.
DOCS = ("/api/v1/docs/",)


@pytest.fixture(autouse=True)
def _unthrottled(unthrottled):
    """Every test here sends many requests."""


@pytest.fixture
def public_urls(objects):
    found = [url for _, url in project_urls(objects, lambda r: not r.startswith("admin/"))]
    assert len(found) >= 40
    return found


def test_malformed_query_strings_never_make_a_500(client, public_urls):
    before = Article.objects.count(), Article.objects.filter(status="published").count()
    wrong = []
    for url in public_urls:
        for query in BAD_QUERY_STRINGS:
            response = client.get(f"{url}?{query}")
            if response.status_code >= 500:
                wrong.append((url, query[:40], response.status_code))
            elif response.status_code >= 400 and url.startswith("/api/") and url not in DOCS:
                # The API's refusals are JSON that says what was wrong.
                if not response["Content-Type"].startswith("application/json"):
                    wrong.append((url, query[:40], response.status_code, response.content[:80]))
                elif not json.loads(response.content).get("detail"):
                    wrong.append((url, query[:40], response.status_code, response.content[:80]))
    assert wrong == []
    assert (Article.objects.count(), Article.objects.filter(status="published").count()) == before


TRAVERSALS = [
    "/topics/..%2F..%2Fnewsroom%2Fsettings.py/",
    "/topics/../../newsroom/settings.py/",
    "/sitemap-..%2F..%2Fnewsroom%2Fsettings.xml",
    "/publications/..%2F..%2Fdb.sqlite3/",
    "/static/../newsroom/settings.py",
    "/static/..%2Fnewsroom%2Fsettings.py",
    "/media/../db.sqlite3",
    "/media/..%2F..%2Fetc%2Fpasswd",
    "/api/v1/articles/..%2F..%2Fetc%2Fpasswd.ninjs",
    "/api/v1/topics/..%2F..%2Fetc%2Fpasswd/",
    "/api/v1/pages/..%2F1/",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_paths_that_leave_their_folder_find_nothing(client, objects, path):
    response = client.get(path, follow=True)
    assert response.status_code in (400, 404), path
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"SECRET_KEY" not in body and b"root:" not in body


# --- uploads through the admin ----------------------------------------------------------


@pytest.fixture
def chief(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(get_user_model().objects.create_superuser("zhubian", password="pw"))
    return client


def _jpeg() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (64, 48), "green").save(buffer, "JPEG")
    return buffer.getvalue()


def _post_photo(client, caption, upload):
    return client.post(
        reverse("admin:articles_photocaption_change", args=[caption.pk]),
        {
            "article": caption.article_id,
            "position": 0,
            "text": caption.text,
            "image": upload,
            "credits-TOTAL_FORMS": 0,
            "credits-INITIAL_FORMS": 0,
            "credits-MIN_NUM_FORMS": 0,
            "credits-MAX_NUM_FORMS": 1000,
        },
    )


@pytest.mark.parametrize(
    "name",
    ["../../../../tmp/evil.jpg", "..\\..\\..\\evil.jpg", "/etc/evil.jpg", "photos/../../evil.jpg"],
)
def test_an_upload_named_outside_the_media_folder_lands_inside_it(chief, objects, settings, name):
    caption = objects["caption"]
    response = _post_photo(chief, caption, SimpleUploadedFile(name, _jpeg(), "image/jpeg"))
    assert response.status_code == 302  # saved
    caption.refresh_from_db()
    stored = Path(caption.image.path).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    assert stored.is_relative_to(media / "photos") and stored.is_file()
    assert ".." not in caption.image.name and "\\" not in caption.image.name
    assert not (media.parent / "evil.jpg").exists()


def test_an_oversized_upload_is_a_form_error_and_saves_nothing(chief, objects, monkeypatch):
    monkeypatch.setattr("articles.photos.MAX_BYTES", 1000)
    caption = objects["caption"]
    image = _jpeg() + b"\0" * 2000
    response = _post_photo(chief, caption, SimpleUploadedFile("big.jpg", image, "image/jpeg"))
    assert response.status_code == 200
    assert "图片文件过大" in response.content.decode()
    assert not PhotoCaption.objects.get(pk=caption.pk).image
