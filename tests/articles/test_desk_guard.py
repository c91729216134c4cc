"""Two editors, one article, two sessions: no save is lost and none overwrites unseen work."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.desk import conflicts
from articles.desk.groups import CHIEF_EDITORS, EDITORS, ensure_desk_groups
from articles.desk.locks import EditLock
from articles.models import Article
from tests.articles.builders import build_article, build_page
from tests.articles.desk_forms import form_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def session(username, group=EDITORS, first_name=""):
    ensure_desk_groups()
    user = get_user_model().objects.create_user(
        username, password="pw", is_staff=True, first_name=first_name
    )
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def story():
    return build_article(
        page=build_page(number=3, name="社区"),
        headline="激活社区徽治理",
        subtitle="",
        body=["回民区工人南村社区积极探索社区治理新模式。", "网格员逐户走访。"],
        bylines=[("祁晓燕", "reporter")],
        status=Article.Status.NEEDS_REVIEW,
    )


def url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def opened(client, article):
    """Open the form; its data as the browser would post it."""
    response = client.get(url(article))
    assert response.status_code == 200
    return form_of(response.content.decode())


def save(client, article, data, **changes):
    data = {**data, **{k: [v] for k, v in changes.items()}, "_save": ["保存"]}
    return client.post(url(article), data)


def expire_locks():
    EditLock.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))


def block_key(data, text):
    """The input name of the paragraph whose text starts with `text`."""
    return next(k for k, v in data.items() if k.startswith("blocks-") and v[0].startswith(text))


def test_the_opened_form_saved_unchanged_goes_through():
    """The version mark matches the form the browser posts: no false conflicts."""
    article = build_article(body=["第一段。\n第二行。"], bylines=[("宋爽", "reporter")])
    editor = session("bianji")
    response = save(editor, article, opened(editor, article), headline="新标题")
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.headline == "新标题"


def test_a_stale_save_is_refused_and_the_other_editors_change_is_merged_in(story):
    zhang = session("zhang", first_name="张明")
    li = session("li", first_name="李华")
    mine = opened(zhang, story)
    expire_locks()  # 张明 went to lunch; his lock lapsed

    theirs = opened(li, story)
    second = block_key(theirs, "网格员")
    theirs[second] = ["网格员每天逐户走访。"]
    assert save(li, story, theirs, subtitle="社区治理新模式").status_code == 302

    refused = save(zhang, story, mine, headline="激活社区微治理")
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "你打开这篇稿件之后，李华" in html and "你的修改没有保存" in html
    story.refresh_from_db()
    assert story.headline == "激活社区徽治理"  # nothing of his saved yet
    assert story.subtitle == "社区治理新模式"

    again = form_of(html)
    assert again["headline"] == ["激活社区微治理"]  # his
    assert again["subtitle"] == ["社区治理新模式"]  # hers, merged in
    assert again[block_key(again, "网格员")] == ["网格员每天逐户走访。"]
    assert save(zhang, story, again).status_code == 302
    story.refresh_from_db()
    assert (story.headline, story.subtitle) == ("激活社区微治理", "社区治理新模式")
    assert "网格员每天逐户走访。" in story.blocks.values_list("text", flat=True)


def test_both_editors_changing_one_field_see_both_versions_and_choose(story):
    zhang, li = session("zhang", first_name="张明"), session("li", first_name="李华")
    mine = opened(zhang, story)
    expire_locks()
    theirs = opened(li, story)
    first = block_key(theirs, "回民区")
    theirs[first] = ["回民区工人南村社区探索治理新模式。"]
    assert save(li, story, theirs, headline="激活社区“微治理”").status_code == 302

    mine[block_key(mine, "回民区")] = ["回民区工人南村社区积极探索社区治理的新模式。"]
    refused = save(zhang, story, mine, headline="社区微治理见实效")
    html = refused.content.decode()
    conflicts_shown = refused.context["desk_conflicts_found"]
    labels = [c["label"] for c in conflicts_shown]
    assert "标题" in labels and any("正文段落" in label for label in labels)
    headline = next(c for c in conflicts_shown if c["label"] == "标题")
    assert (headline["theirs"], headline["mine"]) == ("激活社区“微治理”", "社区微治理见实效")
    assert "改用对方的" in html and "放弃我的修改" in html

    # He keeps his headline and takes her paragraph: the combination is what is saved.
    again = form_of(html)
    key = block_key(again, "回民区")
    again[key] = ["回民区工人南村社区探索治理新模式。"]
    assert save(zhang, story, again).status_code == 302
    story.refresh_from_db()
    assert story.headline == "社区微治理见实效"
    assert story.blocks.order_by("position").first().text == "回民区工人南村社区探索治理新模式。"


def test_a_paragraph_the_other_deleted_is_shown_not_lost(story):
    zhang, li = session("zhang"), session("li")
    mine = opened(zhang, story)
    expire_locks()
    theirs = opened(li, story)
    prefix = block_key(theirs, "网格员").rsplit("-", 1)[0]
    theirs[f"{prefix}-DELETE"] = ["on"]
    assert save(li, story, theirs).status_code == 302
    assert story.blocks.count() == 1

    mine[block_key(mine, "网格员")] = ["网格员逐户走访，记下居民的难事。"]
    refused = save(zhang, story, mine)
    assert refused.status_code == 200
    shown = refused.context["desk_conflicts_found"]
    assert [c["mine"] for c in shown] == ["网格员逐户走访，记下居民的难事。"]
    assert "对方已删除这一行" in refused.content.decode()
    assert save(zhang, story, form_of(refused.content.decode())).status_code == 302


@pytest.mark.parametrize(
    "token",
    [None, "forged-mark", "article-of-another"],
    ids=["missing", "forged", "another article's"],
)
def test_a_bad_version_mark_is_refused_and_changes_nothing(story, token):
    editor = session("bianji")
    data = opened(editor, story)
    if token is None:
        del data["desk_version"]
    elif token == "forged-mark":
        data["desk_version"] = [data["desk_version"][0][:-4] + "AAAA"]
    else:
        other = build_article(page=story.page, headline="别的稿件")
        data["desk_version"] = [conflicts.seal(other.pk, {})]
    response = save(editor, story, data, headline="改过的标题")
    assert response.status_code == 200
    assert "版本标记无效" in response.content.decode()
    story.refresh_from_db()
    assert story.headline == "激活社区徽治理"


def test_the_lock_shows_its_owner_and_refuses_the_others_save(story):
    zhang = session("zhang", first_name="张明")
    li = session("li", first_name="李华")
    own = zhang.get(url(story)).content.decode()

    lock = EditLock.objects.get(article=story)
    until = timezone.localtime(lock.expires_at).strftime("%H:%M")
    assert f"你正在编辑这篇稿件，别人打开时会看到它已锁定（至 {until}）" in own
    form = li.get(url(story)).content.decode()
    assert f"张明 正在编辑，锁定至 {until}" in form
    listing = li.get(reverse("admin:articles_article_changelist")).content.decode()
    assert f"张明 正在编辑，锁定至 {until}" in listing

    data = form_of(form)
    refused = save(li, story, data, headline="李华的标题")
    assert refused.status_code == 200
    assert "这篇稿件现在由 张明 编辑" in refused.content.decode()
    story.refresh_from_db()
    assert story.headline == "激活社区徽治理"
    assert form_of(refused.content.decode())["headline"] == ["李华的标题"]  # kept for her

    expire_locks()  # a closed tab: the lock lapses by itself
    assert "张明 正在编辑" not in li.get(url(story)).content.decode()
    assert EditLock.objects.get(article=story).user.username == "li"


def test_saving_releases_the_lock_and_continuing_keeps_it(story):
    zhang = session("zhang")
    data = opened(zhang, story)
    assert save(zhang, story, data, _continue="1").status_code == 302
    assert EditLock.objects.filter(article=story).exists()
    data = opened(zhang, story)
    assert save(zhang, story, data).status_code == 302
    assert not EditLock.objects.filter(article=story).exists()


def test_a_chief_editor_takes_over_and_the_editors_save_is_refused(story):
    editor = session("bianji", first_name="王芳")
    chief = session("zhubian", CHIEF_EDITORS, first_name="赵主编")
    data = opened(editor, story)
    lock_url = reverse("admin:articles_article_lock", args=[story.pk])

    assert editor.post(lock_url, {"do": "take"}).status_code == 302  # an editor may not
    assert EditLock.objects.get(article=story).user.first_name == "王芳"

    taken = chief.post(lock_url, {"do": "take"}, follow=True)
    assert "已接管编辑锁：王芳" in taken.content.decode()
    assert EditLock.objects.get(article=story).user.first_name == "赵主编"

    refused = save(editor, story, data, headline="王芳的标题")
    assert "这篇稿件现在由 赵主编 编辑" in refused.content.decode()
    story.refresh_from_db()
    assert story.headline == "激活社区徽治理"


def test_an_open_form_renews_its_lock_but_not_a_colleagues(story):
    zhang, li = session("zhang"), session("li")
    opened(zhang, story)
    lock_url = reverse("admin:articles_article_lock", args=[story.pk])
    before = EditLock.objects.get(article=story).expires_at
    assert zhang.post(lock_url, {"do": "renew"}).json()["mine"] is True
    assert EditLock.objects.get(article=story).expires_at >= before
    answer = li.post(lock_url, {"do": "renew"}).json()
    assert answer["mine"] is False and "正在编辑" in answer["text"]
    assert li.get(lock_url).status_code == 403
