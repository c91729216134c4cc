"""The desk in the admin, over HTTP: each page and action for an allowed and a refused user.

Users: an editor (group 编辑), a chief editor (group 主编), a staff member in no group
(logged in but allowed nothing), and nobody logged in.
"""

import datetime
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from articles.desk.groups import CHIEF_EDITORS, EDITORS, ensure_desk_groups
from articles.desk.lineage import SourceLineage
from articles.models import Article, Block, PhotoCaption, Reporter
from taxonomy.models import ArticleTopic, Topic
from tests.articles.builders import build_article, build_issue, build_page

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_article_changelist"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path


def staff(username, group=None):
    ensure_desk_groups()
    user = get_user_model().objects.create_user(username, password="pw", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def as_editor(client):
    client.force_login(staff("bianji", EDITORS))
    return client


@pytest.fixture
def as_chief(client):
    client.force_login(staff("zhubian", CHIEF_EDITORS))
    return client


@pytest.fixture
def as_nobody(client):
    client.force_login(staff("linshi"))
    return client


@pytest.fixture
def story():
    """Two halves of one story on page 3, and a story on page 4."""
    issue = build_issue()
    page = build_page(issue=issue, number=3, name="社区")
    page.text = "激活社区徽治理\n回民区探索新模式。\n（上接第一版）\n"
    page.unassigned = [{"text": "（上接第一版）", "span": [18, 25]}]
    page.save()
    first = build_article(
        page=page,
        position=0,
        headline="激活社区徽治理",
        body=["回民区探索新模式。", "网格员逐户走访。"],
        bylines=[("祁晓燕", "reporter")],
        captions=[("居民参加趣味互动。", [("阿柔娜", "photographer")])],
        status=Article.Status.NEEDS_REVIEW,
    )
    first.spans = [[0, 7]]
    first.flags = ["uncertain_column"]
    first.extraction = {"headline": "激活社区徽治理"}
    first.save()
    second = build_article(
        page=page,
        position=1,
        headline="",
        body=["居民幸福指数再升级。"],
        status=Article.Status.NEEDS_REVIEW,
    )
    second.flags = ["missing_headline", "starts_mid_sentence"]
    second.extraction = {"headline": None}
    second.save()
    other = build_article(page=build_page(issue=issue, number=4), headline="别版稿件")
    return {"first": first, "second": second, "other": other, "page": page}


def action(client, name, articles, **extra):
    data = {"action": name, "_selected_action": [a.pk for a in articles], "index": 0, **extra}
    return client.post(reverse(CHANGELIST), data, follow=True)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def status(article):
    return Article.objects.get(pk=article.pk).status


# --- pages render ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["as_editor", "as_chief"])
def test_desk_pages_render_for_editors(request, story, who):
    client = request.getfixturevalue(who)
    first = story["first"]
    caption = first.captions.get()
    for url in (
        reverse(CHANGELIST),
        reverse("admin:articles_article_change", args=[first.pk]),
        reverse("admin:articles_article_history", args=[first.pk]),
        reverse("admin:index"),
        reverse("admin:articles_reviewqueue_changelist"),
        reverse("admin:articles_readyqueue_changelist"),
        reverse("admin:articles_article_split", args=[first.pk]),
        reverse("admin:articles_article_move", args=[first.pk]),
        reverse("admin:articles_article_detach", args=[first.pk, caption.pk]),
        reverse("admin:articles_article_replace") + f"?article={first.pk}",
        reverse("admin:articles_reporter_changelist"),
        reverse("admin:articles_photocaption_change", args=[caption.pk]),
        reverse("admin:articles_block_history", args=[first.blocks.first().pk]),
        reverse("admin:articles_sourcelineage_changelist"),
    ):
        assert client.get(url).status_code == 200, url


def test_the_article_form_shows_source_fragments_and_flags(as_editor, story):
    response = as_editor.get(reverse("admin:articles_article_change", args=[story["first"].pk]))
    html = response.content.decode()
    assert "<mark>激活社区徽治理</mark>" in html
    assert "（上接第一版）" in html and "加到本稿件" in html
    assert "栏目存疑" in html


def test_the_review_queue_lists_what_waits_with_reasons(as_editor, story):
    response = as_editor.get(reverse("admin:articles_article_review"), follow=True)
    html = response.content.decode()
    assert response.context["cl"].result_count == 2  # the published one on page 4 is not waiting
    assert "缺标题（阻止发布）" in html and "开头不完整（阻止发布）" in html


@pytest.mark.parametrize(
    "name",
    [
        "articles_article_review",
        "articles_reviewqueue_changelist",
        "articles_readyqueue_changelist",
        "articles_article_replace",
        "articles_article_changelist",
    ],
)
def test_anonymous_users_reach_nothing(client, story, name):
    response = client.get(reverse(f"admin:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_posts_change_nothing(client, story):
    first = story["first"]
    client.post(reverse("admin:articles_article_split", args=[first.pk]), {"at": 1})
    action(client, "merge", [first, story["second"]], post="yes")
    action(client, "publish", [first])
    assert Article.objects.count() == 3
    assert status(first) == "needs_review"


@pytest.mark.parametrize(
    "name", ["articles_article_split", "articles_article_move", "articles_article_change"]
)
def test_staff_without_a_group_is_refused(as_nobody, story, name):
    response = as_nobody.get(reverse(f"admin:{name}", args=[story["first"].pk]))
    assert response.status_code == 403


# --- status -------------------------------------------------------------------------------


def test_an_editor_marks_reviewed_in_bulk(as_editor, story):
    action(as_editor, "mark_reviewed", [story["first"], story["second"]])
    assert status(story["first"]) == status(story["second"]) == "reviewed"


def test_the_review_queue_marks_a_page_reviewed(as_editor, story):
    page_rows = [story["first"], story["second"]]
    response = action(as_editor, "mark_reviewed", page_rows)
    assert "已将 2 篇标记为已审。" in messages_of(response)


def test_staff_without_a_group_cannot_mark_reviewed(as_nobody, story):
    response = action(as_nobody, "mark_reviewed", [story["first"]])
    assert response.status_code == 403
    assert status(story["first"]) == "needs_review"


def test_a_chief_editor_publishes(as_chief, story):
    action(as_chief, "publish", [story["first"]])
    assert status(story["first"]) == "published"
    response = as_chief.get(reverse("articles:article", args=[story["first"].pk]))
    assert response.status_code == 200


def test_an_editor_cannot_publish(as_editor, story):
    response = action(as_editor, "publish", [story["first"]])
    assert status(story["first"]) == "needs_review"
    assert "publish" not in dict(response.context["action_form"].fields["action"].choices)


def test_publishing_an_article_without_headline_is_refused_whole(as_chief, story):
    response = action(as_chief, "publish", [story["first"], story["second"]])
    assert any("没有标题" in m for m in messages_of(response))
    assert status(story["first"]) == status(story["second"]) == "needs_review"


def form_data(article, **changes):
    data = {
        "page": article.page_id,
        "position": article.position,
        "kind": article.kind,
        "status": article.status,
        "column": article.column,
        "overline": article.overline,
        "headline": article.headline,
        "subtitle": article.subtitle,
        "source": article.source,
        "keywords": "",
        "published_at_0": "",
        "published_at_1": "",
    }
    for prefix, count in (
        ("blocks", 0),
        ("bylines", 0),
        ("captions", 0),
        ("topic_links", 0),
    ):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": count,
                f"{prefix}-INITIAL_FORMS": 0,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    data.update(changes)
    return data


def opened_version(client, article):
    """The version mark of the article's form as the client opens it now."""
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    return response.context["desk_version"]


def test_the_form_refuses_to_publish_an_empty_headline(as_chief, story):
    second = story["second"]
    url = reverse("admin:articles_article_change", args=[second.pk])
    response = as_chief.post(url, form_data(second, status="published"))
    assert response.status_code == 200
    assert "发布前必须填写标题。" in response.content.decode()
    assert status(second) == "needs_review"


def test_the_form_says_which_kind_needs_a_headline_and_why(as_chief, story):
    second = story["second"]
    url = reverse("admin:articles_article_change", args=[second.pk])
    response = as_chief.post(
        url, form_data(second, kind="brief", headline="——", status="published")
    )
    html = response.content.decode()
    assert "简讯没有标题不能发布" in html and "要有标题才能发布" in html
    assert status(second) == "needs_review"


def _photo_form(photo, captions, **changes):
    """The change form's data for a photo item with its captions as the inline shows them."""
    data = form_data(photo, **changes)
    data.update(
        {
            "captions-TOTAL_FORMS": len(captions),
            "captions-INITIAL_FORMS": len(captions),
        }
    )
    for n, (caption, text) in enumerate(captions):
        data.update(
            {
                f"captions-{n}-id": caption.pk,
                f"captions-{n}-article": photo.pk,
                f"captions-{n}-position": n,
                f"captions-{n}-text": text,
            }
        )
    return data


def test_the_form_publishes_a_photo_without_a_headline_only_with_a_caption(as_chief, story):
    photo = build_article(
        page=story["page"],
        position=5,
        kind="photo",
        headline="",
        body=(),
        captions=[("那达慕大会上的赛马。", [])],
        status=Article.Status.REVIEWED,
    )
    caption = photo.captions.get()
    url = reverse("admin:articles_article_change", args=[photo.pk])

    refused = as_chief.post(url, _photo_form(photo, [(caption, "")], status="published"))
    assert refused.status_code == 200
    assert "要有图片说明才能发布" in refused.content.decode()
    assert status(photo) == "reviewed"

    published = as_chief.post(
        url,
        _photo_form(
            photo,
            [(caption, "赛马。")],
            status="published",
            desk_version=opened_version(as_chief, photo),
        ),
    )
    assert published.status_code == 302
    assert status(photo) == "published"


def test_an_editor_fixes_a_headline_but_cannot_publish_through_the_form(as_editor, story):
    second = story["second"]
    url = reverse("admin:articles_article_change", args=[second.pk])

    refused = as_editor.post(url, form_data(second, headline="居民幸福", status="published"))
    assert "只有主编可以发布稿件。" in refused.content.decode()
    assert Article.objects.get(pk=second.pk).headline == ""

    version = opened_version(as_editor, second)
    as_editor.post(url, form_data(second, headline="居民幸福指数再升级", desk_version=version))
    fixed = Article.objects.get(pk=second.pk)
    assert fixed.headline == "居民幸福指数再升级"
    assert fixed.history.first().history_user.username == "bianji"


# --- merge, split, move, detach, delete -------------------------------------------------------


def test_merge_asks_for_the_order_then_merges(as_editor, story):
    first, second = story["first"], story["second"]
    confirm = action(as_editor, "merge", [first, second])
    assert "确认合并" in confirm.content.decode()
    assert Article.objects.count() == 3  # the confirmation page changed nothing

    action(
        as_editor,
        "merge",
        [first, second],
        post="yes",
        **{f"order_{first.pk}": 2, f"order_{second.pk}": 1},
    )

    kept = Article.objects.get(pk=second.pk)
    assert not Article.objects.filter(pk=first.pk).exists()
    assert kept.headline == "激活社区徽治理"
    assert [b.text for b in kept.blocks.all()] == [
        "居民幸福指数再升级。",
        "回民区探索新模式。",
        "网格员逐户走访。",
    ]


def test_merge_across_pages_is_refused_with_a_message(as_editor, story):
    response = action(as_editor, "merge", [story["first"], story["other"]], post="yes")
    assert any("不同版面" in m for m in messages_of(response))
    assert Article.objects.count() == 3


def test_staff_without_a_group_cannot_merge(as_nobody, story):
    response = action(as_nobody, "merge", [story["first"], story["second"]], post="yes")
    assert response.status_code == 403
    assert Article.objects.count() == 3


def test_split_from_the_chosen_block(as_editor, story):
    first = story["first"]
    at = first.blocks.get(position=1)
    response = as_editor.post(
        reverse("admin:articles_article_split", args=[first.pk]), {"at": at.pk}
    )
    new = Article.objects.get(blocks=at)
    assert response["Location"] == reverse("admin:articles_article_change", args=[new.pk])
    assert [b.text for b in first.blocks.all()] == ["回民区探索新模式。"]


def test_split_at_the_first_block_shows_why_and_changes_nothing(as_editor, story):
    first = story["first"]
    at = first.blocks.get(position=0)
    response = as_editor.post(
        reverse("admin:articles_article_split", args=[first.pk]), {"at": at.pk}
    )
    assert response.status_code == 200
    assert any("第一段" in m for m in messages_of(response))
    assert first.blocks.count() == 2 and Article.objects.count() == 3


def test_move_blocks_to_another_article(as_editor, story):
    first, second = story["first"], story["second"]
    block = first.blocks.get(position=1)
    as_editor.post(
        reverse("admin:articles_article_move", args=[first.pk]),
        {"blocks": [block.pk], "target": second.pk},
    )
    assert Block.objects.get(pk=block.pk).article_id == second.pk


def test_detach_a_caption(as_editor, story):
    first = story["first"]
    caption = first.captions.get()
    as_editor.post(reverse("admin:articles_article_detach", args=[first.pk, caption.pk]))
    assert PhotoCaption.objects.get(pk=caption.pk).article.kind == "photo"


def test_staff_without_a_group_cannot_detach(as_nobody, story):
    first = story["first"]
    caption = first.captions.get()
    response = as_nobody.post(reverse("admin:articles_article_detach", args=[first.pk, caption.pk]))
    assert response.status_code == 403
    assert PhotoCaption.objects.get(pk=caption.pk).article_id == first.pk


def test_a_chief_editor_deletes_and_the_item_stays_deleted(as_chief, story):
    action(as_chief, "delete_selected", [story["second"]], post="yes")
    assert not Article.objects.filter(pk=story["second"].pk).exists()
    assert SourceLineage.objects.get().fate == "deleted"


def test_an_editor_cannot_delete_articles(as_editor, story):
    action(as_editor, "delete_selected", [story["second"]], post="yes")
    assert Article.objects.filter(pk=story["second"].pk).exists()


def test_attach_an_unassigned_fragment(as_editor, story):
    first = story["first"]
    as_editor.post(reverse("admin:articles_article_attach", args=[first.pk, 0]))
    assert [b.text for b in first.blocks.all()][-1] == "（上接第一版）"


# --- replace -------------------------------------------------------------------------------


def replace(client, article, scope, *submit, **extra):
    data = {"old": "徽治理", "new": "微治理", "scope": scope, "article": article.pk, **extra}
    for name in submit:
        data[name] = "1"
    return client.post(reverse("admin:articles_article_replace"), data)


def test_replace_previews_then_applies(as_editor, story):
    first = story["first"]
    preview = replace(as_editor, first, "page", "preview")
    assert "将修改 1 处" in preview.content.decode()
    assert Article.objects.get(pk=first.pk).headline == "激活社区徽治理"

    replace(as_editor, first, "page", "apply", fingerprint=preview.context["fingerprint"])

    assert Article.objects.get(pk=first.pk).headline == "激活社区微治理"


def test_an_editor_cannot_replace_across_an_issue(as_editor, story):
    response = replace(as_editor, story["first"], "issue", "apply")
    assert any("只有主编" in m for m in messages_of(response))
    assert Article.objects.get(pk=story["first"].pk).headline == "激活社区徽治理"


def test_a_chief_editor_replaces_across_everything(as_chief, story):
    preview = replace(as_chief, story["first"], "all", "preview")
    replace(as_chief, story["first"], "all", "apply", fingerprint=preview.context["fingerprint"])
    assert Article.objects.get(pk=story["first"].pk).headline == "激活社区微治理"


# --- reporters ------------------------------------------------------------------------------


def test_a_chief_editor_merges_reporters(as_chief, story):
    typo = Reporter.objects.create(name="祁晓艳")
    build_article(page=story["page"], bylines=[("祁晓艳", "reporter")])
    keep = Reporter.objects.get(name="祁晓燕")
    as_chief.post(
        reverse("admin:articles_reporter_changelist"),
        {
            "action": "merge_reporters",
            "_selected_action": [keep.pk, typo.pk],
            "index": 0,
            "post": "yes",
            "keep": keep.pk,
        },
    )
    assert not Reporter.objects.filter(pk=typo.pk).exists()
    assert keep.bylines.count() == 2


def test_an_editor_cannot_merge_reporters(as_editor, story):
    typo = Reporter.objects.create(name="祁晓艳")
    keep = Reporter.objects.get(name="祁晓燕")
    as_editor.post(
        reverse("admin:articles_reporter_changelist"),
        {
            "action": "merge_reporters",
            "_selected_action": [keep.pk, typo.pk],
            "index": 0,
            "post": "yes",
            "keep": keep.pk,
        },
    )
    assert Reporter.objects.filter(pk=typo.pk).exists()


# --- history --------------------------------------------------------------------------------


def old_version(article):
    return article.history.earliest().history_id


def test_a_chief_editor_reverts_a_headline(as_chief, story):
    first = story["first"]
    first.headline = "改坏了的标题"
    first.save()
    url = reverse("admin:articles_article_simple_history", args=[first.pk, old_version(first)])

    page = as_chief.get(url)
    assert "激活社区徽治理" in page.content.decode()
    as_chief.post(url, form_data(first, headline="激活社区徽治理"))

    assert Article.objects.get(pk=first.pk).headline == "激活社区徽治理"


def test_an_editor_sees_the_history_with_its_changes_but_cannot_revert(as_editor, story):
    first = story["first"]
    first.headline = "改坏了的标题"
    first.save()
    history = as_editor.get(reverse("admin:articles_article_history", args=[first.pk]))
    assert "改坏了的标题" in history.content.decode()  # the diff column shows the change

    url = reverse("admin:articles_article_simple_history", args=[first.pk, old_version(first)])
    response = as_editor.post(url, form_data(first, headline="激活社区徽治理"))

    assert response.status_code == 403
    assert Article.objects.get(pk=first.pk).headline == "改坏了的标题"


# --- photos ---------------------------------------------------------------------------------


def caption_form(caption, image):
    return {
        "article": caption.article_id,
        "position": 0,
        "text": caption.text,
        "image": image,
        "credits-TOTAL_FORMS": 0,
        "credits-INITIAL_FORMS": 0,
        "credits-MIN_NUM_FORMS": 0,
        "credits-MAX_NUM_FORMS": 1000,
    }


def test_an_editor_uploads_a_photo(as_editor, story):
    caption = story["first"].captions.get()
    buffer = BytesIO()
    Image.new("RGB", (1200, 800), "green").save(buffer, "JPEG")
    upload = SimpleUploadedFile("互动.jpg", buffer.getvalue(), content_type="image/jpeg")

    as_editor.post(
        reverse("admin:articles_photocaption_change", args=[caption.pk]),
        caption_form(caption, upload),
    )

    caption.refresh_from_db()
    assert caption.image.name.endswith(".jpg")
    listing = as_editor.get(reverse("admin:articles_photocaption_changelist"))
    assert "<img" in listing.content.decode()


def test_a_text_file_is_refused_as_a_photo(as_editor, story):
    caption = story["first"].captions.get()
    upload = SimpleUploadedFile("假图.jpg", "不是图片".encode(), content_type="image/jpeg")

    response = as_editor.post(
        reverse("admin:articles_photocaption_change", args=[caption.pk]),
        caption_form(caption, upload),
    )

    assert response.status_code == 200
    assert "请上传有效图片" in response.content.decode()
    caption.refresh_from_db()
    assert not caption.image


def test_a_decompression_bomb_is_refused_as_a_photo(as_editor, story):
    caption = story["first"].captions.get()
    buffer = BytesIO()
    Image.new("1", (10000, 10000)).save(buffer, "PNG")
    upload = SimpleUploadedFile("炸弹.png", buffer.getvalue(), content_type="image/png")

    response = as_editor.post(
        reverse("admin:articles_photocaption_change", args=[caption.pk]),
        caption_form(caption, upload),
    )

    assert "解压炸弹" in response.content.decode()
    caption.refresh_from_db()
    assert not caption.image


# --- topics ---------------------------------------------------------------------------------


@pytest.fixture
def suggestion(story):
    topic, _ = Topic.objects.get_or_create(name="网格化管理", defaults={"slug": "grid-admin"})
    return ArticleTopic.objects.create(article=story["first"], topic=topic, score=0.7)


@pytest.mark.parametrize(("decision", "state"), [("accept", "accepted"), ("reject", "rejected")])
def test_an_editor_decides_a_suggested_topic(as_editor, story, suggestion, decision, state):
    as_editor.post(
        reverse("admin:articles_article_topic", args=[story["first"].pk, suggestion.pk, decision])
    )
    assert ArticleTopic.objects.get(pk=suggestion.pk).state == state


def test_staff_without_a_group_cannot_decide_topics(as_nobody, story, suggestion):
    response = as_nobody.post(
        reverse("admin:articles_article_topic", args=[story["first"].pk, suggestion.pk, "accept"])
    )
    assert response.status_code == 403
    assert ArticleTopic.objects.get(pk=suggestion.pk).state == "suggested"


def test_an_editor_adds_a_topic_in_bulk(as_editor, story, suggestion):
    action(
        as_editor,
        "add_topic",
        [story["first"], story["second"]],
        post="yes",
        topic=suggestion.topic_id,
    )
    states = dict(
        ArticleTopic.objects.filter(topic=suggestion.topic).values_list("article_id", "state")
    )
    assert states == {story["first"].pk: "added", story["second"].pk: "added"}


def test_the_topic_filter_lists_tagged_articles(as_editor, story, suggestion):
    response = as_editor.get(reverse(CHANGELIST), {"topic": suggestion.topic_id})
    assert [a.pk for a in response.context["cl"].result_list] == [story["first"].pk]


def test_search_reaches_the_body(as_editor, story):
    response = as_editor.get(reverse(CHANGELIST), {"q": "逐户走访"})
    assert [a.pk for a in response.context["cl"].result_list] == [story["first"].pk]


def test_conflicts_show_both_values_and_resolve(as_editor, story):
    first = story["first"]
    first.extraction = {"headline": "激活社区“微治理”", "column": "", "kind": "article"}
    first.flags = ["reimport_conflict"]
    first.save()
    change = reverse("admin:articles_article_change", args=[first.pk])

    html = as_editor.get(change).content.decode()
    assert "激活社区徽治理" in html and "激活社区“微治理”" in html

    as_editor.post(reverse("admin:articles_article_resolve", args=[first.pk]), {"take": "headline"})
    first.refresh_from_db()
    assert first.headline == "激活社区“微治理”"
    assert "reimport_conflict" not in first.flags


# --- the desk's lists over a large archive -------------------------------------------------


def queries(client, url):
    """How many queries a GET of the url runs (it must succeed)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def listed(response):
    assert response.status_code == 200, response.status_code
    return [a.pk for a in response.context["cl"].result_list]


def test_the_page_filter_lists_one_pages_articles_and_offers_only_that_page(as_editor, story):
    response = as_editor.get(reverse(CHANGELIST), {"page__id__exact": story["page"].pk})
    assert listed(response) == [story["first"].pk, story["second"].pk]
    (page_filter,) = [f for f in response.context["cl"].filter_specs if f.title == "版面"]
    assert [value for value, _label in page_filter.lookup_choices] == [str(story["page"].pk)]
    # Without a page chosen there is nothing to offer: pages are reached from the page list.
    everything = as_editor.get(reverse(CHANGELIST))
    assert not [f for f in everything.context["cl"].filter_specs if f.title == "版面"]


def test_a_page_filter_that_is_not_a_number_is_refused(as_editor, story):
    response = as_editor.get(reverse(CHANGELIST), {"page__id__exact": "3版"})
    assert response.status_code == 302 and "e=1" in response["Location"]


def test_the_page_list_links_each_pages_article_count_to_its_articles(as_editor, story):
    html = as_editor.get(reverse("admin:articles_page_changelist")).content.decode()
    link = f'{reverse(CHANGELIST)}?page__id__exact={story["page"].pk}">2</a>'
    assert link in html


def test_the_lists_cost_the_same_queries_however_many_pages(as_editor, story):
    urls = [reverse(CHANGELIST), reverse("admin:articles_page_changelist")]
    before = [queries(as_editor, url) for url in urls]
    for number in range(5, 25):
        build_article(page=build_page(issue=story["page"].issue, number=number), headline="又一版")
    assert [queries(as_editor, url) for url in urls] == before


def test_search_lists_an_article_once_however_often_it_matches(as_editor, story):
    Block.objects.create(
        article=story["first"], position=5, type="paragraph", text="网格员再次走访。"
    )
    assert listed(as_editor.get(reverse(CHANGELIST), {"q": "网格员"})) == [story["first"].pk]
    # Captions are searched too, and punctuation alone falls back to a plain text match.
    assert listed(as_editor.get(reverse(CHANGELIST), {"q": "趣味互动"})) == [story["first"].pk]
    assert listed(as_editor.get(reverse(CHANGELIST), {"q": "。"})) != []


def test_reporter_and_topic_filters_list_each_article_once(as_editor, story, suggestion):
    first = story["first"]
    reporter = Reporter.objects.get(name="祁晓燕")
    # The same reporter credited twice on one article (text and photos).
    first.bylines.create(reporter=reporter, role="photographer", position=1)
    build_article(page=story["page"], position=2, headline="第三篇", bylines=[("宋爽", "reporter")])
    assert listed(as_editor.get(reverse(CHANGELIST), {"reporter": reporter.pk})) == [first.pk]
    topic = suggestion.topic_id
    assert listed(as_editor.get(reverse(CHANGELIST), {"topic": topic})) == [first.pk]


def test_editing_an_article_or_a_page_costs_the_same_queries_however_many_pages(as_editor, story):
    urls = [
        reverse("admin:articles_article_change", args=[story["first"].pk]),
        reverse("admin:articles_page_change", args=[story["page"].pk]),
    ]
    [queries(as_editor, url) for url in urls]  # the session and the permission caches, once
    before = [queries(as_editor, url) for url in urls]
    for number in range(5, 25):
        build_page(issue=build_issue(date=datetime.date(2025, 7, number)), number=number)
    assert [queries(as_editor, url) for url in urls] == before


def test_an_articles_page_is_looked_up_by_its_file_name(as_editor, story):
    response = as_editor.get(
        reverse("admin:autocomplete"),
        {
            "term": story["page"].source_name,
            "app_label": "articles",
            "model_name": "article",
            "field_name": "page",
        },
    )
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [str(story["page"].pk)]


def test_the_byline_list_names_its_reporters_without_a_query_each(as_chief, story):
    url = reverse("admin:articles_byline_changelist")

    queries(as_chief, url)  # the session and the permission caches, once
    before = queries(as_chief, url)
    for n in range(10):
        build_article(page=story["page"], position=10 + n, bylines=[(f"记者{n}", "reporter")])
    assert queries(as_chief, url) == before


def test_a_desk_search_asks_the_full_text_index_for_the_count_and_the_ids_only(
    as_editor, story, monkeypatch
):
    """The page's rows are read by id: the match is not run a third time to read them."""
    from articles.admin import ArticleAdmin

    Block.objects.create(
        article=story["second"], position=5, type="paragraph", text="干部逐户走访。"
    )
    # Two matches, one a page: the list is read through the paginator, as at any real size.
    monkeypatch.setattr(ArticleAdmin, "list_per_page", 1)
    with CaptureQueriesContext(connection) as captured:
        found = listed(as_editor.get(reverse(CHANGELIST), {"q": "逐户走访"}))
    assert len(found) == 1 and found[0] in (story["first"].pk, story["second"].pk)
    searching = [q["sql"] for q in captured if " MATCH " in q["sql"] or " @@ " in q["sql"]]
    assert len(searching) == 2, searching  # the count and the page's ids
    rows = [q["sql"] for q in captured if q["sql"].startswith('SELECT "articles_article"."id", ')]
    assert len(rows) == 1 and "searchdocument" not in rows[0], rows


def test_the_column_filter_offers_every_column_once_and_filters_by_it(as_editor, story):
    build_article(page=story["page"], position=3, column="要闻", status="published")
    build_article(page=story["page"], position=4, column="要闻")
    response = as_editor.get(reverse(CHANGELIST))
    (column_filter,) = [f for f in response.context["cl"].filter_specs if f.title == "栏目"]
    expected = {story["first"].column, story["second"].column, "要闻"} - {""}
    assert sorted(column_filter.lookup_choices) == sorted(expected)
    assert len(column_filter.lookup_choices) == len(expected)
    html = response.content.decode()
    assert "?column=%E8%A6%81%E9%97%BB" in html  # 要闻, linked
    chosen = listed(as_editor.get(reverse(CHANGELIST), {"column": "要闻"}))
    assert len(chosen) == 2
    # The choice the filter offers is asked of the column index, not of every row.
    with CaptureQueriesContext(connection) as captured:
        as_editor.get(reverse(CHANGELIST))
    assert not [q for q in captured if q["sql"].startswith("SELECT DISTINCT")]


def test_the_desk_list_is_walked_along_its_index_not_sorted(story):
    from articles.paging import PRINTED_ORDER

    for number in range(5, 9):
        build_article(page=build_page(issue=story["page"].issue, number=number), headline="又一版")
    ids = Article.objects.order_by(*PRINTED_ORDER).values_list("pk", flat=True)[:50]
    if connection.vendor == "postgresql":
        # A few rows: PostgreSQL would rather sort them. Is there an index in this order?
        with connection.cursor() as cursor:
            for plan in ("seqscan", "bitmapscan", "sort"):
                cursor.execute(f"SET LOCAL enable_{plan} = off")
    assert "article_desk_printed_order" in ids.explain()


def test_the_review_queue_leads_with_the_least_certain_items(as_editor):
    issue = build_issue()
    sure_page = build_page(issue=issue, number=1, name="要闻")
    unsure_page = build_page(issue=issue, number=2, name="社区")
    rows = [
        (sure_page, 0, "把握较大的稿件", 0.93),
        (sure_page, 1, "把握一般的稿件", 0.71),
        (unsure_page, 0, "拼接而成的稿件", 0.42),
        (unsure_page, 1, "编辑新建的稿件", None),
    ]
    for page, position, headline, confidence in rows:
        article = build_article(
            page=page, position=position, headline=headline, status=Article.Status.NEEDS_REVIEW
        )
        article.confidence = confidence
        article.flags = ["low_confidence"] if confidence and confidence < 0.85 else []
        article.save()
    html = as_editor.get(reverse("admin:articles_reviewqueue_changelist")).content.decode()
    # Lowest confidence first over every page; items made on the desk, which have none, last.
    order = [html.index(h) for h in ("拼接而成", "把握一般", "把握较大", "编辑新建")]
    assert order == sorted(order)
    assert "抽取把握低" in html and "42%" in html
