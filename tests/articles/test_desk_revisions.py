"""Revisions of the whole article: recorded, read in Chinese, restored and undone."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from reversion.models import Revision

from articles import editing
from articles.desk import revisions
from articles.desk.groups import CHIEF_EDITORS, EDITORS, ensure_desk_groups
from articles.desk.lineage import SourceLineage
from articles.desk.revisions import RevisionNote
from articles.models import Article, Block, Reporter
from taxonomy.models import ArticleTopic, Topic
from tests.articles.builders import build_article, build_page
from tests.articles.desk_forms import form_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def session(username, group, first_name=""):
    ensure_desk_groups()
    user = get_user_model().objects.create_user(
        username, password="pw", is_staff=True, first_name=first_name
    )
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client, user


@pytest.fixture
def page():
    return build_page(number=3, name="社区")


@pytest.fixture
def halves(page):
    first = build_article(
        page=page,
        position=0,
        headline="激活社区“微治理”",
        body=["回民区工人南村社区积极探索社区治理新模式。"],
        bylines=[("祁晓燕", "reporter")],
        status=Article.Status.NEEDS_REVIEW,
    )
    second = build_article(
        page=page,
        position=1,
        headline="",
        body=["社区网格员小金第一时间赶到小区。", "居民幸福指数再升级。"],
        bylines=[("赵东霞", "correspondent")],
        captions=[("居民参加趣味互动。", [("阿柔娜", "photographer")])],
        status=Article.Status.NEEDS_REVIEW,
    )
    topic = Topic.objects.first() or Topic.objects.create(name="基层治理", slug="jiceng")
    ArticleTopic.objects.create(article=second, topic=topic, state=ArticleTopic.State.ACCEPTED)
    for article, position in ((first, 0), (second, 1)):
        article.extraction = {"headline": article.headline, "position": position}
        article.save()
    return first, second


def texts(article):
    return list(article.blocks.order_by("position").values_list("text", flat=True))


def whole(article):
    """Everything a revision should bring back, as plain values."""
    article = Article.objects.get(pk=article.pk)
    return {
        "headline": article.headline,
        "status": article.status,
        "blocks": texts(article),
        "bylines": list(article.bylines.order_by("position").values_list("reporter__name", "role")),
        "captions": list(article.captions.values_list("text", flat=True)),
        "credits": list(article.captions.values_list("credits__reporter__name", "credits__role")),
        "topics": list(article.topic_links.values_list("topic_id", "state")),
    }


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def edit_in_form(client, article, **changes):
    data = form_of(client.get(change_url(article)).content.decode())
    for key, value in changes.items():
        data[key] = [value]
    response = client.post(change_url(article), {**data, "_save": ["保存"]})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_form_save_is_one_revision_of_the_article_with_its_parts(halves):
    _first, second = halves
    client, _user = session("bianji", EDITORS, first_name="王芳")
    data = form_of(client.get(change_url(second)).content.decode())
    paragraph = next(k for k, v in data.items() if v == ["居民幸福指数再升级。"])
    role = next(k for k, v in data.items() if k.startswith("bylines-") and v == ["correspondent"])
    edit_in_form(client, second, **{paragraph: "居民的幸福指数再次升级。", role: "reporter"})

    versions = list(revisions.versions_of(second.pk))
    assert [v.revision.note.action for v in versions] == ["edit", "baseline"]
    held = {v.content_type.model for v in versions[0].revision.version_set.all()}
    assert held == {"article", "block", "byline", "photocaption", "photocredit", "articletopic"}

    html = client.get(history_url(second)).content.decode()
    assert "王芳" in html and "正文第 2 段" in html
    assert "居民<ins>的</ins>幸福指数再<del>升级</del><ins>次升级</ins>" in html or (
        "<ins>的</ins>" in html and "<ins>次</ins>" in html
    )
    assert "通讯员 赵东霞 → 记者 赵东霞" in html.replace("&nbsp;", " ")
    # Local time in Chinese, labels not codes, no raw values.
    assert "年" in html and "月" in html
    for raw in ("needs_review", "None", "+00:00", "CHANGES", "Changes"):
        assert raw not in html


def test_the_history_shows_status_by_its_name_and_changes_made_off_the_desk(halves):
    first, _second = halves
    client, _user = session("zhubian", CHIEF_EDITORS)
    edit_in_form(client, first, status="reviewed")
    html = client.get(history_url(first)).content.decode()
    assert "待审 → 已审" in html

    editing.set_status([first], Article.Status.PUBLISHED)  # a bulk action: no form
    html = client.get(history_url(first)).content.decode()
    assert "当前版本（未单独记录的修改）" in html and "已审 → 已发布" in html


def test_a_chief_editor_restores_an_older_revision_parts_and_all(halves):
    first, _second = halves
    client, _user = session("zhubian", CHIEF_EDITORS)
    before = whole(first)
    edit_in_form(client, first, headline="改坏了的标题")
    Block.objects.create(article=first, position=1, text="误加的一段。")
    edit_in_form(client, first)
    baseline = list(revisions.versions_of(first.pk))[-1].revision

    url = reverse("admin:articles_article_restore", args=[first.pk, baseline.pk])
    response = client.post(url, follow=True)
    assert "已恢复到" in response.content.decode()
    assert whole(first) == before
    assert list(revisions.versions_of(first.pk))[0].revision.note.action == "restore"


def test_an_editor_may_read_the_history_but_not_restore(halves):
    first, _second = halves
    client, _user = session("bianji", EDITORS)
    edit_in_form(client, first, headline="改坏了的标题")
    baseline = list(revisions.versions_of(first.pk))[-1].revision
    assert "恢复到这个版本" not in client.get(history_url(first)).content.decode()
    url = reverse("admin:articles_article_restore", args=[first.pk, baseline.pk])
    assert client.post(url).status_code == 403
    assert Article.objects.get(pk=first.pk).headline == "改坏了的标题"


@pytest.mark.parametrize("forged", ["999999", "abc", "other"])
def test_a_forged_or_foreign_revision_is_refused_and_changes_nothing(halves, forged):
    first, second = halves
    client, _user = session("zhubian", CHIEF_EDITORS)
    edit_in_form(client, first, headline="新标题")
    edit_in_form(client, second, headline="另一篇的标题")
    if forged == "other":
        forged = str(list(revisions.versions_of(second.pk))[-1].revision.pk)
    before = (whole(first), whole(second))
    for name in ("articles_article_restore", "articles_article_undo"):
        url = reverse(f"admin:{name}", args=[first.pk, forged])
        response = client.post(url, follow=True)
        assert "这个版本不属于这篇稿件" in response.content.decode() or "版本编号无效" in (
            response.content.decode()
        )
    assert (whole(first), whole(second)) == before


def test_a_merge_is_a_revision_of_both_and_undoing_it_brings_everything_back(halves):
    first, second = halves
    before = (whole(first), whole(second))
    _client, user = session("bianji", EDITORS, first_name="王芳")
    with revisions.acting(user):
        editing.merge_articles([first, Article.objects.get(pk=second.pk)])
    assert not Article.objects.filter(pk=second.pk).exists()
    merge = list(revisions.versions_of(first.pk))[0].revision
    assert merge.note.action == "merge" and merge.note.articles == [first.pk, second.pk]
    assert merge.user == user
    assert SourceLineage.objects.filter(fate="merged").count() == 1

    revisions.undo(merge)
    assert (whole(first), whole(second)) == before
    assert SourceLineage.objects.filter(fate="merged").count() == 0
    assert list(revisions.versions_of(second.pk))[0].revision.note.action == "undo"


def test_a_split_is_undone_from_either_article_over_http(halves):
    first, second = halves
    before = whole(second)
    client, _user = session("bianji", EDITORS)
    at = second.blocks.get(position=1)
    response = client.post(reverse("admin:articles_article_split", args=[second.pk]), {"at": at.pk})
    new = Article.objects.get(pk=int(response["Location"].split("/")[-3]))
    assert texts(new) == ["居民幸福指数再升级。"]

    html = client.get(history_url(new)).content.decode()
    assert "拆分" in html and "撤销这次拆分" in html
    split = list(revisions.versions_of(new.pk))[0].revision
    undone = client.post(
        reverse("admin:articles_article_undo", args=[new.pk, split.pk]), follow=True
    )
    assert "已撤销拆分" in undone.content.decode()
    assert not Article.objects.filter(pk=new.pk).exists()
    assert whole(second) == before
    assert not SourceLineage.objects.filter(fate="split").exists()


def test_a_move_is_undone_and_a_later_change_stops_a_blind_undo(halves):
    first, second = halves
    before = (whole(first), whole(second))
    editing.move_blocks([second.blocks.get(position=0)], to=first)
    move = list(revisions.versions_of(first.pk))[0].revision
    assert move.note.action == "move"
    assert list(revisions.versions_of(second.pk))[0].revision == move

    revisions.record([first], action=RevisionNote.Action.EDIT)  # someone edited since
    with pytest.raises(revisions.EditError, match="又有修改"):
        revisions.undo(move)
    assert texts(first)[-1] == "社区网格员小金第一时间赶到小区。"

    Revision.objects.filter(note__action="edit").delete()
    revisions.undo(move)
    assert (whole(first), whole(second)) == before


def test_an_ordinary_edit_is_not_undone_as_a_structural_change(halves):
    first, _second = halves
    revisions.ensure_baseline([first])
    edit = revisions.record([first], action=RevisionNote.Action.EDIT)
    with pytest.raises(revisions.EditError, match="只有拆分、合并"):
        revisions.undo(edit)


def test_a_restore_that_needs_a_merged_away_reporter_is_refused(halves):
    first, _second = halves
    revisions.ensure_baseline([first])
    baseline = list(revisions.versions_of(first.pk))[0].revision
    keep = Reporter.objects.create(name="祁晓艳")
    editing.merge_reporters(keep=keep, others=[Reporter.objects.get(name="祁晓燕")])
    with pytest.raises(revisions.EditError, match="已被合并或删除"):
        revisions.restore(first, baseline)
    assert whole(first)["bylines"] == [("祁晓艳", "reporter")]


def test_the_editor_middleware_leaves_a_readers_session_alone(client):
    """Recording who edits must not make public pages read the session (Vary: Cookie)."""
    article = build_article(headline="读者看的稿件")
    response = client.get(reverse("articles:article", args=[article.pk]))
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")
