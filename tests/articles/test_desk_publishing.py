"""Permissions as a newsroom means them: who publishes, deletes, merges published text,
issues partners' tokens; previews; scheduled publishing with a fixed clock."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from articles.desk import schedule
from articles.desk.schedule import ScheduledPublication
from articles.editing import EditError
from articles.models import Article
from taxonomy.models import ArticlePlace, Place
from tests.articles import test_desk_admin as desk
from tests.articles.builders import build_article, build_page

pytestmark = pytest.mark.django_db

fast_password_hashing = desk.fast_password_hashing
as_editor = desk.as_editor
as_chief = desk.as_chief


@pytest.fixture
def page_pair():
    page = build_page()
    published = build_article(page=page, headline="已发布的稿件", body=["读者看到的正文。"])
    draft = build_article(
        page=page, headline="草稿", body=["还没审过的文字。"], status="needs_review"
    )
    draft.flags = ["starts_mid_sentence"]
    draft.save()
    return published, draft


def body_of(article):
    return list(Article.objects.get(pk=article.pk).blocks.values_list("text", flat=True))


# --- delete, tokens --------------------------------------------------------------------------


def test_a_chief_deletes_an_article_linked_to_places(as_chief):
    article = build_article(headline="带地名的稿件")
    place = Place.objects.filter(level=Place.Level.REGION).first() or Place.objects.first()
    ArticlePlace.objects.create(article=article, place=place)
    url = reverse("admin:articles_article_delete", args=[article.pk])
    confirm = as_chief.get(url)
    assert confirm.status_code == 200 and not confirm.context["perms_lacking"]
    assert as_chief.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()


def test_a_chief_issues_and_revokes_a_partner_token(as_chief):
    add = reverse("admin:authtoken_tokenproxy_add")
    response = as_chief.post(add, {"partner": "xinhua-sync"}, follow=True)
    token = Token.objects.get(user__username="xinhua-sync")
    assert token.key in " ".join(desk.messages_of(response))
    assert not token.user.is_staff and not token.user.has_usable_password()
    api = as_chief.get("/api/v1/articles/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.status_code == 200
    changelist = reverse("admin:authtoken_tokenproxy_changelist")
    as_chief.post(changelist, {"action": "revoke", "_selected_action": [token.key], "index": 0})
    assert not Token.objects.exists()


def test_a_token_is_never_issued_for_a_desk_account(as_chief):
    response = as_chief.post(reverse("admin:authtoken_tokenproxy_add"), {"partner": "zhubian"})
    assert response.status_code == 200
    assert "是编辑台的账号" in response.content.decode()
    bad = as_chief.post(reverse("admin:authtoken_tokenproxy_add"), {"partner": "新 华"})
    assert "合作方名称只能用" in bad.content.decode()
    assert not Token.objects.exists()


def test_an_editor_issues_no_token(as_editor):
    response = as_editor.post(reverse("admin:authtoken_tokenproxy_add"), {"partner": "x"})
    assert response.status_code == 403
    assert not Token.objects.exists()


# --- published text changes only by a chief --------------------------------------------------


def test_an_editor_cannot_merge_a_draft_into_a_published_article(as_editor, page_pair):
    published, draft = page_pair
    response = desk.action(
        as_editor,
        "merge",
        [published, draft],
        post="yes",
        **{f"order_{published.pk}": 1, f"order_{draft.pk}": 2},
    )
    assert any("只有主编可以" in m for m in desk.messages_of(response))
    assert body_of(published) == ["读者看到的正文。"] and Article.objects.count() == 2


def test_an_editor_cannot_remove_a_published_article_by_merging_it_into_a_draft(
    as_editor, page_pair
):
    published, draft = page_pair
    response = desk.action(
        as_editor,
        "merge",
        [published, draft],
        post="yes",
        **{f"order_{draft.pk}": 1, f"order_{published.pk}": 2},
    )
    assert any("不能并入未发布的稿件" in m for m in desk.messages_of(response))
    assert desk.status(published) == "published"


def test_an_editor_cannot_move_paragraphs_into_or_out_of_a_published_article(as_editor, page_pair):
    published, draft = page_pair
    for source, target in ((draft, published), (published, draft)):
        url = reverse("admin:articles_article_move", args=[source.pk])
        block = source.blocks.first()
        response = as_editor.post(url, {"blocks": [block.pk], "target_id": target.pk}, follow=True)
        assert any("只有主编可以" in m for m in desk.messages_of(response))
    assert body_of(published) == ["读者看到的正文。"]
    assert body_of(draft) == ["还没审过的文字。"]


def test_an_editor_still_merges_drafts_and_a_chief_merges_published(as_chief, page_pair):
    published, draft = page_pair
    desk.action(
        as_chief,
        "merge",
        [published, draft],
        post="yes",
        **{f"order_{published.pk}": 1, f"order_{draft.pk}": 2},
    )
    assert body_of(published) == ["读者看到的正文。", "还没审过的文字。"]


# --- preview, view on site ---------------------------------------------------------------


def test_desk_users_preview_a_draft_and_readers_do_not(client, as_editor, page_pair):
    published, draft = page_pair
    url = reverse("admin:articles_article_preview", args=[draft.pk])
    response = as_editor.get(url)
    html = response.content.decode()
    assert response.status_code == 200 and "还没审过的文字。" in html and "读者还看不到" in html
    assert "noindex" in html and "no-cache" in response["Cache-Control"]
    missing = reverse("admin:articles_article_preview", args=[999999])
    assert as_editor.get(missing).status_code == 404
    as_editor.logout()  # the same client: now a reader
    assert client.get(reverse("articles:article", args=[draft.pk])).status_code == 404
    assert client.get(url).status_code == 302  # to the sign-in page


def test_view_on_site_leads_to_the_public_page_or_the_preview(as_editor, page_pair):
    published, draft = page_pair
    form = as_editor.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert "在站点上查看" in form.content.decode()
    assert reverse("admin:articles_article_preview", args=[draft.pk]) in form.content.decode()
    form = as_editor.get(reverse("admin:articles_article_change", args=[published.pk]))
    assert f'href="{reverse("articles:article", args=[published.pk])}"' in form.content.decode()


# --- scheduled publishing ------------------------------------------------------------------


NOW = datetime.datetime(2026, 12, 6, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    """A fixed clock, moved by hand."""
    state = {"now": NOW}
    with mock.patch("django.utils.timezone.now", lambda: state["now"]):
        yield state


def test_a_future_publish_time_from_the_form_waits_and_then_appears(as_chief, client, clock):
    article = build_article(headline="明早发布的稿件", status="reviewed")
    data = desk.form_data(
        article,
        desk_version=desk.opened_version(as_chief, article),
        status="published",
        published_at_0="2026-12-06",
        published_at_1="18:00:00",
    )
    response = as_chief.post(
        reverse("admin:articles_article_change", args=[article.pk]), data, follow=True
    )
    assert any("已安排在 2026-12-06 18:00 发布" in m for m in desk.messages_of(response))
    assert desk.status(article) == "reviewed"
    url = reverse("articles:article", args=[article.pk])
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 404
    assert "明早发布的稿件" not in client.get("/feeds/latest.rss").content.decode()

    clock["now"] = datetime.datetime(2026, 12, 6, 10, 0, 1, tzinfo=datetime.UTC)  # 18:00:01 local
    assert "明早发布的稿件" in client.get("/feeds/latest.rss").content.decode()
    assert client.get(url).status_code == 200
    assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 200
    article.refresh_from_db()
    assert article.status == "published"
    assert article.published_at == datetime.datetime(2026, 12, 6, 10, 0, tzinfo=datetime.UTC)
    assert not ScheduledPublication.objects.exists()


def test_an_editor_cannot_schedule(as_editor, clock):
    article = build_article(headline="编辑想定时", status="reviewed")
    data = desk.form_data(
        article,
        desk_version=desk.opened_version(as_editor, article),
        status="published",
        published_at_0="2026-12-06",
        published_at_1="18:00:00",
    )
    response = as_editor.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200 and "只有主编可以发布稿件" in response.content.decode()
    assert not ScheduledPublication.objects.exists()


def test_a_scheduled_item_flagged_since_is_not_published(clock):
    article = build_article(headline="后来发现有问题", status="reviewed")
    schedule.schedule(article, at=NOW + datetime.timedelta(hours=1))
    article.flags = ["uncertain_headline"]
    article.save()
    clock["now"] = NOW + datetime.timedelta(hours=2)
    assert schedule.publish_due() == 0
    assert desk.status(article) == "reviewed"


def test_scheduling_refuses_a_past_time_and_a_blocked_item(clock):
    article = build_article(headline="", status="reviewed")
    with pytest.raises(EditError, match="必须在将来"):
        schedule.schedule(article, at=NOW - datetime.timedelta(minutes=1))
    with pytest.raises(EditError, match="没有标题"):
        schedule.schedule(article, at=NOW + datetime.timedelta(minutes=1))
    assert not ScheduledPublication.objects.exists()


def test_the_command_publishes_what_is_due(clock, capsys):
    article = build_article(headline="定时的稿件", status="reviewed")
    schedule.schedule(article, at=NOW + datetime.timedelta(minutes=5))
    call_command("publish_scheduled")
    assert desk.status(article) == "reviewed"
    clock["now"] = NOW + datetime.timedelta(minutes=5)
    call_command("publish_scheduled")
    assert desk.status(article) == "published"
    assert "已发布 1 篇" in capsys.readouterr().out


def test_a_request_costs_no_query_while_nothing_is_due(client, clock, django_assert_num_queries):
    article = build_article(headline="定时的稿件", status="reviewed")
    schedule.schedule(article, at=NOW + datetime.timedelta(hours=1))
    schedule.next_due()  # noted in the cache
    with django_assert_num_queries(0):
        assert schedule.publish_if_due() == 0
    assert timezone.now() == NOW


def test_the_migration_grants_chief_editors_what_deleting_and_tokens_need():
    """An archive whose 主编 group predates it: the migration's function adds the permissions."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    from articles.desk.groups import CHIEF_EDITORS, ensure_desk_groups

    ensure_desk_groups()
    chief = Group.objects.get(name=CHIEF_EDITORS)
    wanted = {"delete_articleplace", "add_tokenproxy", "view_tokenproxy", "delete_tokenproxy"}
    chief.permissions.remove(*Permission.objects.filter(codename__in=wanted))
    migration = import_module("articles.migrations.0017_chief_editors_delete_and_issue_tokens")
    migration.grant(apps, None)
    granted = set(chief.permissions.values_list("codename", flat=True))
    assert wanted <= granted
    editors = set(Group.objects.get(name="编辑").permissions.values_list("codename", flat=True))
    assert not wanted & editors


def test_another_pages_paragraphs_and_forged_ids_change_nothing(as_editor, page_pair):
    published, draft = page_pair
    elsewhere = build_article(page=build_page(), headline="别版", status="needs_review")
    foreign = elsewhere.blocks.first()
    move = reverse("admin:articles_article_move", args=[draft.pk])
    response = as_editor.post(
        move, {"blocks": [foreign.pk], "target_id": elsewhere.pk}, follow=True
    )
    assert "请选择要移动的段落。" in desk.messages_of(response)
    response = as_editor.post(
        move, {"blocks": [draft.blocks.first().pk], "target_id": "99999x"}, follow=True
    )
    assert "请选择目标稿件。" in desk.messages_of(response)
    split = reverse("admin:articles_article_split", args=[draft.pk])
    response = as_editor.post(split, {"at": foreign.pk}, follow=True)
    assert "所选段落不属于这篇稿件。" in desk.messages_of(response)
    assert body_of(draft) == ["还没审过的文字。"] and body_of(elsewhere) == [foreign.text]
    assert Article.objects.count() == 3
