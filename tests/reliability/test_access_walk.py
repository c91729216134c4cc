"""Every admin URL and every write to the API refuses those who may not use it.

The URL configuration is walked, so that a view added later is checked without
anyone remembering to: each admin URL is requested by an anonymous visitor, a
signed-in reader who is not staff, staff without any group, and an editor (编辑)
for the models that group may not see; each API URL is sent every unsafe method.
"""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.desk.groups import EDITORS, ensure_desk_groups
from articles.desk.lineage import SourceLineage
from articles.models import Article
from taxonomy.models import ArticlePlace, ArticleTopic, Place, Topic
from tests.articles.builders import build_article

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def unthrottled(monkeypatch):
    """Rates high enough for a walk of every URL: the refusals, not the throttle, answer."""
    from django.core.cache import cache
    from rest_framework.throttling import SimpleRateThrottle

    rates = {"anon": "100000/min", "partner": "100000/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    cache.clear()
    yield
    cache.clear()


def walk(patterns, prefix="", namespace=""):
    """(route, full URL name) of every pattern under `patterns`."""
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = namespace + (f"{p.namespace}:" if p.namespace else "")
            yield from walk(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), namespace + (p.name or "")


@pytest.fixture
def objects():
    """One row of every model the admin shows, so that each object URL finds one."""
    ensure_desk_groups()
    User = get_user_model()
    published = build_article(
        captions=[("图片说明", [("宋爽", "photographer")])], bylines=[("宋爽", "reporter")]
    )
    draft = build_article(page=published.page, status=Article.Status.NEEDS_REVIEW)
    topic = Topic.objects.create(name="走查主题", slug="zoucha")
    link = ArticleTopic.objects.create(article=published, topic=topic, state="suggested")
    ArticlePlace.objects.create(article=published, place=Place.objects.order_by("pk").first())
    SourceLineage.objects.create(
        page=published.page, source_position=0, fate="deleted", article=None
    )
    owner = User.objects.create_user("partner", password="partner-pw-1")
    Token.objects.create(user=owner)
    seen = {"user_agent": "x", "ip_address": "10.0.0.1", "username": "x", "http_accept": "*/*"}
    AccessAttempt.objects.create(
        **seen, path_info="/", get_data="", post_data="", failures_since_start=1
    )
    AccessLog.objects.create(**seen, path_info="/")
    AccessFailureLog.objects.create(**seen, path_info="/")
    return {
        "article": published,
        "draft": draft,
        "caption": published.captions.get(),
        "link": link,
        "history": published.history.latest(),
        "user": owner,
    }


def _pk_of(name: str, objects) -> int:
    """The id of a row of the model an admin URL name is about (admin:app_model_view)."""
    for model in apps.get_models():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            row = model._base_manager.order_by("pk").first()
            assert row is not None, f"the fixture made no {model._meta.label} for {name}"
            return row.pk
    return objects["article"].pk


def concrete(route: str, name: str, objects) -> str:
    """A requestable path for a route: every parameter filled with an existing row."""
    pk = _pk_of(name, objects)
    values = {
        "pk": pk,
        "object_id": pk,
        "id": objects["user"].pk,
        "caption": objects["caption"].pk,
        "index": 0,
        "link": objects["link"].pk,
        "decision": "accept",
        "content_type_id": ContentType.objects.get_for_model(Article).pk,
        "app_label": "articles",
        "url": "no-such-admin-page/",
    }
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), path)
    # django-simple-history's history form: ^(object id)/history/(history id)/$
    path = path.replace("^([^/]+)/history/([^/]+)/$", f"{pk}/history/{objects['history'].pk}/")
    path = path.replace("^", "").replace("$", "")
    assert not re.search(r"[<>()\[\]^$]", path), f"unfilled parameter in {route}"
    return "/" + path


@pytest.fixture
def admin_urls(objects):
    found = [
        (name, concrete(route, name, objects))
        for route, name in walk(get_resolver().url_patterns)
        if route.startswith("admin/")
    ]
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
    "admin:",  # the catch-all: a 404 for staff
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
    found = [
        (name, concrete(route, name, objects))
        for route, name in walk(get_resolver().url_patterns)
        if route.startswith("api/")
    ]
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
