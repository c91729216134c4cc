"""Review flags on the desk: checkboxes, fixed causes clear them, blocking ones stop a publish."""

import pytest
from django.urls import reverse

from articles import editing
from articles.desk import flags as review_flags
from articles.models import Article
from tests.articles import test_desk_admin as desk
from tests.articles.builders import build_article, build_page
from tests.articles.test_desk_admin import action, form_data, messages_of, opened_version, status

# The desk's users and settings, as the desk's admin tests make them.
fast_password_hashing = desk.fast_password_hashing
as_editor = desk.as_editor
as_chief = desk.as_chief

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def untitled():
    article = build_article(
        page=build_page(),
        headline="",
        body=["居民幸福指数再升级。"],
        status=Article.Status.NEEDS_REVIEW,
    )
    article.flags = ["missing_headline", "continues_elsewhere"]
    article.extraction = {
        "headline": None,
        "body": [{"type": "paragraph", "text": "居民幸福指数再升级。"}],
    }
    article.save()
    return article


def test_the_form_shows_flags_as_labelled_checkboxes_and_keywords_as_words(as_editor, untitled):
    untitled.keywords = ["网格化", "基层治理"]
    untitled.save()
    html = as_editor.get(change_url(untitled)).content.decode()
    assert 'type="checkbox" name="flags" value="missing_headline"' in html
    assert "缺标题（阻止发布）" in html and "转至他版" in html
    assert 'value="网格化、基层治理"' in html
    assert '"missing_headline"' not in html.split('name="flags"')[0][-200:]  # no JSON textarea
    assert "<textarea" not in html.split('id="id_keywords"')[0].rsplit("<div", 1)[-1]


def test_typing_a_headline_clears_missing_headline(as_editor, untitled):
    data = form_data(
        untitled,
        desk_version=opened_version(as_editor, untitled),
        headline="居民幸福指数再升级",
        flags=["missing_headline"],
    )
    response = as_editor.post(change_url(untitled), data)
    assert response.status_code == 302
    untitled.refresh_from_db()
    assert untitled.headline == "居民幸福指数再升级"
    assert untitled.flags == []


def test_unticking_a_flag_removes_it_and_keywords_are_split(as_editor, untitled):
    data = form_data(
        untitled,
        desk_version=opened_version(as_editor, untitled),
        flags=["missing_headline"],
        keywords="网格化，基层治理 社区",
    )
    assert as_editor.post(change_url(untitled), data).status_code == 302
    untitled.refresh_from_db()
    assert untitled.flags == ["missing_headline"]
    assert untitled.keywords == ["网格化", "基层治理", "社区"]


def test_a_flag_that_does_not_exist_is_refused_and_changes_nothing(as_editor, untitled):
    data = form_data(
        untitled,
        desk_version=opened_version(as_editor, untitled),
        headline="新标题",
        flags=["missing_headline", "no_such_flag"],
    )
    response = as_editor.post(change_url(untitled), data)
    assert response.status_code == 200
    assert "没有“no_such_flag”这种待核原因" in response.content.decode()
    untitled.refresh_from_db()
    assert untitled.headline == "" and untitled.flags == ["missing_headline", "continues_elsewhere"]


def test_a_run_on_keyword_is_refused(as_editor, untitled):
    data = form_data(
        untitled,
        desk_version=opened_version(as_editor, untitled),
        keywords="这是一个没有分隔符的很长很长很长的关键词串联在一起",
    )
    response = as_editor.post(change_url(untitled), data)
    assert response.status_code == 200
    assert "是不是漏了分隔符" in response.content.decode()


def test_a_blocking_flag_stops_the_form_from_publishing_and_says_why(as_chief, untitled):
    untitled.headline = "有标题"
    untitled.flags = ["starts_mid_sentence"]
    untitled.save()
    data = form_data(
        untitled,
        desk_version=opened_version(as_chief, untitled),
        status="published",
        flags=["starts_mid_sentence"],
    )
    response = as_chief.post(change_url(untitled), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "开头不完整（阻止发布）" in html and "读者会读到残句" in html
    assert status(untitled) == "needs_review"
    # Checked and unticked: it goes.
    data = form_data(untitled, desk_version=opened_version(as_chief, untitled), status="published")
    assert as_chief.post(change_url(untitled), data).status_code == 302
    assert status(untitled) == "published"


def test_an_advisory_flag_does_not_block(as_chief, untitled):
    data = form_data(
        untitled,
        desk_version=opened_version(as_chief, untitled),
        headline="有标题",
        status="published",
        flags=["continues_elsewhere"],
    )
    assert as_chief.post(change_url(untitled), data).status_code == 302
    assert status(untitled) == "published"


def test_the_bulk_publish_names_each_blocked_item(as_chief, untitled):
    untitled.headline = "有标题"
    untitled.flags = ["uncertain_headline"]
    untitled.save()
    clean = build_article(page=untitled.page, headline="没问题", status=Article.Status.REVIEWED)
    response = action(as_chief, "publish", [untitled, clean])
    [message] = messages_of(response)
    assert f"#{untitled.pk}" in message and "标题存疑（阻止发布）" in message
    assert status(untitled) == "needs_review" and status(clean) == "reviewed"


def test_set_status_refuses_a_blocking_flag_and_publishes_nothing(untitled):
    untitled.headline = "有标题"
    untitled.flags = ["reimport_conflict"]
    untitled.save()
    other = build_article(page=untitled.page, headline="没问题", status="reviewed")
    with pytest.raises(editing.EditError, match="重新导入有冲突"):
        editing.set_status([other, untitled], Article.Status.PUBLISHED)
    assert status(other) == "reviewed"
    assert status(untitled) == "needs_review"


def test_merging_behind_a_start_clears_the_continuations_flags():
    page = build_page()
    head = build_article(page=page, headline="上半篇", body=["开头。"], status="needs_review")
    head.extraction = {"headline": "上半篇", "body": [{"text": "开头。"}], "flags": []}
    head.save()
    tail = build_article(page=page, headline="", body=["接着说。"], status="needs_review")
    tail.flags = ["starts_mid_sentence", "missing_headline", "continues_elsewhere"]
    tail.save()
    kept = editing.merge_articles([head, tail])
    assert kept.flags == ["continues_elsewhere"]


@pytest.mark.parametrize(
    ("flags", "changes", "left"),
    [
        (["missing_headline"], {"headline": "标题"}, []),
        (["missing_headline"], {"headline": "——"}, ["missing_headline"]),
        (["uncertain_headline"], {"headline": "改过的标题"}, []),
        (["uncertain_headline"], {"headline": "抽取的标题"}, ["uncertain_headline"]),
        (["uncertain_column"], {"column": "新栏目"}, []),
        (["starts_mid_sentence"], {"first_paragraph": "补上开头，接着说。"}, []),
        (["starts_mid_sentence"], {"first_paragraph": "接着说。"}, ["starts_mid_sentence"]),
        (
            ["low_confidence", "reimport_conflict"],
            {"headline": "改"},
            ["low_confidence", "reimport_conflict"],
        ),
    ],
)
def test_settled_flags(flags, changes, left):
    extraction = {
        "headline": "抽取的标题",
        "column": "",
        "body": [{"text": "接着说。"}],
        "flags": ["starts_mid_sentence"],
    }
    given = {"headline": "抽取的标题", "column": "", "first_paragraph": "接着说。", **changes}
    assert review_flags.settled_flags(flags, extraction=extraction, **given) == left
