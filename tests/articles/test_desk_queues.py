"""The desk's queues and front page, over HTTP."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles import editing
from articles.models import Article
from tests.articles import test_desk_admin as desk
from tests.articles.builders import build_article, build_page

pytestmark = pytest.mark.django_db

fast_password_hashing = desk.fast_password_hashing
as_editor = desk.as_editor
as_chief = desk.as_chief
as_nobody = desk.as_nobody

REVIEW = "admin:articles_reviewqueue_changelist"
READY = "admin:articles_readyqueue_changelist"


@pytest.fixture
def waiting():
    page = build_page(number=2, name="社区")
    untitled = build_article(
        page=page, headline="", body=["居民幸福指数再升级，社区活动丰富。"], status="needs_review"
    )
    untitled.flags = ["missing_headline"]
    untitled.confidence = 0.31
    untitled.save()
    other_untitled = build_article(
        page=page, headline="", body=["网格员逐户走访。"], status="needs_review"
    )
    other_untitled.flags = ["missing_headline"]
    other_untitled.confidence = 0.55
    other_untitled.save()
    plain = build_article(page=page, headline="没有问题的稿件", status="needs_review")
    plain.confidence = 0.97
    plain.save()
    reviewed = build_article(page=page, headline="已审的稿件", status="reviewed")
    blocked = build_article(page=page, headline="标题存疑的稿件", status="reviewed")
    blocked.flags = ["uncertain_headline"]
    blocked.save()
    published = build_article(page=page, headline="已发布的稿件")
    return locals()


def test_the_review_queue_tells_untitled_items_apart_and_nothing_is_checked(as_editor, waiting):
    html = as_editor.get(reverse(REVIEW)).content.decode()
    assert "居民幸福指数再升级，社区活动丰富。" in html and "网格员逐户走访。" in html
    assert "缺标题（阻止发布）" in html
    assert "抽取没有发现问题" in html  # an unflagged item still says why it waits
    assert "—" not in html.split('id="result_list"')[1].split("</table>")[0]
    assert " checked" not in html.split('id="result_list"')[1].split("</table>")[0]
    assert "已审：编辑已核对文字，但还没有上网站" in html
    order = [html.index(t) for t in ("居民幸福指数", "网格员逐户走访", "没有问题的稿件")]
    assert order == sorted(order)
    assert "已审的稿件" not in html and "已发布的稿件" not in html


def test_marking_reviewed_moves_an_item_to_the_queue_to_publish(as_editor, waiting):
    plain = waiting["plain"]
    data = {"action": "mark_reviewed", "_selected_action": [plain.pk], "index": 0}
    response = as_editor.post(reverse(REVIEW), data, follow=True)
    assert "已将 1 篇标记为已审。" in desk.messages_of(response)
    html = as_editor.get(reverse(READY)).content.decode()
    assert "没有问题的稿件" in html and "可以发布" in html
    assert "标题存疑（阻止发布）" in html


def test_a_forged_id_in_the_queue_changes_nothing(as_editor, waiting):
    data = {"action": "mark_reviewed", "_selected_action": [999999, "x"], "index": 0}
    response = as_editor.post(reverse(REVIEW), data, follow=True)
    assert response.status_code == 200
    assert Article.objects.filter(status="reviewed").count() == 2


def test_the_chief_publishes_from_the_ready_queue_except_what_is_blocked(as_chief, waiting):
    reviewed, blocked = waiting["reviewed"], waiting["blocked"]
    data = {"action": "publish", "_selected_action": [reviewed.pk, blocked.pk], "index": 0}
    response = as_chief.post(reverse(READY), data, follow=True)
    assert any("标题存疑" in m for m in desk.messages_of(response))
    assert desk.status(reviewed) == "reviewed"
    data["_selected_action"] = [reviewed.pk]
    as_chief.post(reverse(READY), data)
    assert desk.status(reviewed) == "published"


def test_an_editor_is_not_offered_publishing_in_the_ready_queue(as_editor, waiting):
    response = as_editor.get(reverse(READY))
    choices = dict(response.context["action_form"].fields["action"].choices)
    assert "publish" not in choices and "send_back" in choices
    data = {"action": "publish", "_selected_action": [waiting["reviewed"].pk], "index": 0}
    as_editor.post(reverse(READY), data)
    assert desk.status(waiting["reviewed"]) == "reviewed"


def test_a_queue_row_opens_the_articles_own_form(as_editor, waiting):
    response = as_editor.get(
        reverse("admin:articles_reviewqueue_change", args=[waiting["plain"].pk])
    )
    assert response["Location"] == reverse(
        "admin:articles_article_change", args=[waiting["plain"].pk]
    )


def test_staff_without_a_group_sees_no_queue(as_nobody, waiting):
    assert as_nobody.get(reverse(REVIEW)).status_code == 403
    assert as_nobody.get(reverse(READY)).status_code == 403


def test_the_front_page_is_a_desk(as_editor, waiting):
    other = get_user_model().objects.create_user("another", is_staff=True)
    article = waiting["reviewed"]
    article.headline = "别人改过的标题"
    article._history_user = other
    article.save()
    response = as_editor.get(reverse("admin:index"))
    html = response.content.decode()
    counts = {c.label: c.count for c in response.context["desk"]["counts"]}
    assert counts["待审"] == 3 and counts["已审，待发布"] == 2 and counts["已发布"] == 1
    assert reverse(REVIEW) in html and reverse(READY) in html
    assert "别人最近的修改" in html and "another" in html and "别人改过的标题" in html
    # The newsroom's apps before the sign-in guard's.
    labels = [app["app_label"] for app in response.context["app_list"]]
    assert labels[0] == "articles"


def test_the_sign_in_guard_comes_last_even_for_an_administrator(client, waiting):
    root = get_user_model().objects.create_superuser("root", password="pw")
    client.force_login(root)
    labels = [app["app_label"] for app in client.get(reverse("admin:index")).context["app_list"]]
    assert labels[0] == "articles" and labels[-1] == "axes"


def test_my_own_changes_are_not_among_others(as_editor, waiting):
    editor = get_user_model().objects.get(username="bianji")
    article = waiting["reviewed"]
    article.headline = "我自己改的标题"
    article._history_user = editor
    article.save()
    html = as_editor.get(reverse("admin:index")).content.decode()
    assert "我自己改的标题" not in html.split('id="desk-changes"')[1]


def test_set_status_from_the_queue_is_the_editing_rule(waiting):
    with pytest.raises(editing.EditError):
        editing.set_status([waiting["blocked"]], Article.Status.PUBLISHED)
