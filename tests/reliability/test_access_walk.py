"""Every admin URL and every write to the API refuses those who may not use it.

The URL configuration is walked, so that a view added later is checked without
anyone remembering to: each admin URL is requested by an anonymous visitor, a
signed-in reader who is not staff, staff without any group, and an editor (编辑)
for the models that group may not see; each API URL is sent every unsafe method.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.test import APIClient

from articles.desk.groups import EDITORS
from articles.models import Article
from taxonomy.models import Topic
from tests.reliability.conftest import project_urls

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _unthrottled(unthrottled):
    """Every test here walks many URLs."""


@pytest.fixture
def admin_urls(objects):
    found = project_urls(objects, lambda route: route.startswith("admin/"))
    assert len(found) > 100  # the walk reached every model admin and the desk views
    return found


def _refused_to_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


# Pages of the admin that serve anyone: signing in and out.
OPEN_TO_ALL = {"admin:login", "admin:logout"}


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_no_admin_url_serves_anyone_who_is_not_staff(client, admin_urls, who):
    if who == "reader":
        client.force_login(get_user_model().objects.create_user("reader", password="r-pw-12345"))
    before = Article.objects.count(), Article.objects.filter(status="published").count()
    wrong = []
    for name, url in admin_urls:
        if name in OPEN_TO_ALL:
            continue
        for method in (client.get, client.post):
            response = method(url)
            if not (_refused_to_login(response) or response.status_code in (404, 405)):
                wrong.append((method.__name__, name, url, response.status_code))
    assert wrong == []
    assert (Article.objects.count(), Article.objects.filter(status="published").count()) == before


# What any staff member may open, whatever their groups: the (empty) index, their own
# password, the admin's JavaScript catalogue, and "view on site", a redirect to the
# public page.
STAFF_ANYWAY = OPEN_TO_ALL | {
    "admin:index",
    "admin:password_change",
    "admin:password_change_done",
    "admin:jsi18n",
    "admin:view_on_site",
    # Unnamed: the catch-all (a 404) and each object's bare URL, a redirect to its change
    # page, which is checked under its own name.
    "admin:",
}


def test_staff_without_a_group_is_refused_everything_else(client, admin_urls):
    client.force_login(
        get_user_model().objects.create_user("intern", password="i-pw-12345", is_staff=True)
    )
    wrong = []
    for name, url in admin_urls:
        if name in STAFF_ANYWAY:
            continue
        for method in (client.get, client.post):
            response = method(url)
            if response.status_code not in (403, 404, 405):
                wrong.append((method.__name__, name, url, response.status_code))
    assert wrong == []


_MODEL_VIEW = re.compile(
    r"^admin:([a-z]+)_(\w+?)_(changelist|add|change|delete|history|simple_history)$"
)
_NEEDS = {
    "simple_history": ("view", "change"),
    "changelist": ("view", "change"),
    "change": ("view", "change"),
    "history": ("view", "change"),
    "add": ("add",),
    "delete": ("delete",),
}


def test_an_editor_is_refused_the_models_and_actions_the_group_lacks(client, admin_urls):
    editor = get_user_model().objects.create_user("bianji", password="b-pw-12345", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    checked, wrong = 0, []
    for name, url in admin_urls:
        match = _MODEL_VIEW.match(name)
        if not match:
            continue
        app_label, model, view = match.groups()
        if any(editor.has_perm(f"{app_label}.{p}_{model}") for p in _NEEDS[view]):
            continue
        checked += 1
        response = client.get(url)
        if response.status_code not in (403, 404):
            wrong.append((name, url, response.status_code))
    assert wrong == []
    # Users, groups, tokens, login records, places and deleting articles at least.
    assert checked >= 30


# --- the API: read-only for everyone, drafts for no one -------------------------------


@pytest.fixture
def api_urls(objects):
    found = project_urls(objects, lambda route: route.startswith("api/"))
    assert len(found) >= 15
    return found


@pytest.mark.parametrize("who", ["anonymous", "partner"])
def test_no_api_url_accepts_a_write(api_urls, objects, who):
    api = APIClient()
    if who == "partner":
        api.credentials(HTTP_AUTHORIZATION=f"Token {objects['user'].auth_token.key}")
    before = Article.objects.count(), Topic.objects.count()
    wrong = []
    for name, url in api_urls:
        for method in (api.post, api.put, api.patch, api.delete):
            response = method(url, {"headline": "改", "status": "published"}, format="json")
            if response.status_code not in (401, 403, 405):
                wrong.append((method.__name__, name, url, response.status_code))
    assert wrong == []
    assert (Article.objects.count(), Topic.objects.count()) == before
    assert Article.objects.get(pk=objects["draft"].pk).status == Article.Status.NEEDS_REVIEW


@pytest.mark.parametrize("who", ["anonymous", "partner"])
def test_a_draft_is_not_served_by_the_api(objects, who):
    api = APIClient()
    if who == "partner":
        api.credentials(HTTP_AUTHORIZATION=f"Token {objects['user'].auth_token.key}")
    draft = objects["draft"].pk
    for url in (reverse("api:article-detail", args=[draft]), f"/api/v1/articles/{draft}.ninjs"):
        assert api.get(url).status_code == 404, url
    # Asking for drafts by status is for staff only: a clear 400, and no draft in it.
    for url in (reverse("api:article-list"), reverse("api:article-detail", args=[draft])):
        response = api.get(url, {"status": "needs_review"})
        assert response.status_code == 400
        assert "status" in response.json()["errors"]


# --- what is not published is nowhere public ---------------------------------------------

WALK_PUBLISHED = "走查已发布稿件的原文"
WALK_DRAFT = "走查草稿独有的一句话"
WALK_UNASSIGNED = "走查时未归属的残字"


@pytest.mark.parametrize("who", ["anonymous", "partner"])
def test_no_public_url_shows_a_drafts_text(objects, who):
    """The draft's words, in its body and in the page's OCR text, on no site or API page."""
    page = objects["article"].page
    page.text = f"{WALK_PUBLISHED}\n{WALK_DRAFT}\n{WALK_UNASSIGNED}"
    unassigned = page.text.index(WALK_UNASSIGNED)
    page.unassigned = [{"text": WALK_UNASSIGNED, "span": [unassigned, len(page.text)]}]
    page.save()
    Article.objects.filter(pk=objects["article"].pk).update(spans=[[0, len(WALK_PUBLISHED)]])
    start = page.text.index(WALK_DRAFT)
    draft = objects["draft"]
    Article.objects.filter(pk=draft.pk).update(spans=[[start, start + len(WALK_DRAFT)]])
    draft.blocks.update(text=WALK_DRAFT)
    client = APIClient()
    if who == "partner":
        client.credentials(HTTP_AUTHORIZATION=f"Token {objects['user'].auth_token.key}")
    leaks, bodies = [], {}
    for name, url in project_urls(objects, lambda route: not route.startswith("admin/")):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        bodies[name] = body.decode(errors="replace")
        if WALK_DRAFT in bodies[name] or WALK_UNASSIGNED in bodies[name]:
            leaks.append((name, url))
    assert leaks == []
    # The walk read the page's text, and the published part of it is there.
    assert WALK_PUBLISHED in bodies["articles:page_text"]
