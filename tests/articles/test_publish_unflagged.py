"""`publish_unflagged`: only what the extraction was sure of reaches the public site."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.articles.builders import build_article

pytestmark = pytest.mark.django_db

WAITING = Article.Status.NEEDS_REVIEW


def run(*args):
    out = io.StringIO()
    call_command("publish_unflagged", *args, stdout=out)
    return out.getvalue()


def test_publishes_unflagged_articles_and_leaves_the_unsure_ones_in_review():
    sure = build_article(headline="“三邻”共治为老年群体送关爱", status=WAITING)
    flagged = build_article(headline="严管厚爱为干部鼓劲加油", status=WAITING)
    Article.objects.filter(pk=flagged.pk).update(flags=["stitched"])
    untitled = build_article(headline="", status=WAITING)
    photo = build_article(
        headline="", kind=Article.Kind.PHOTO, status=WAITING, body=(), captions=[("社区大集", [])]
    )

    out = run()

    assert "已发布 2 篇" in out and "2 篇有待核标记或缺标题" in out
    status = dict(Article.objects.values_list("pk", "status"))
    assert status[sure.pk] == Article.Status.PUBLISHED
    assert status[photo.pk] == Article.Status.PUBLISHED  # a photo goes with its caption
    assert status[flagged.pk] == WAITING
    assert status[untitled.pk] == WAITING
    assert Article.objects.get(pk=sure.pk).published_at is not None


def test_an_article_an_editor_marked_reviewed_or_unpublished_is_left_alone():
    reviewed = build_article(status=Article.Status.REVIEWED)
    withdrawn = build_article(status=Article.Status.PUBLISHED)
    Article.objects.filter(pk=withdrawn.pk).update(status=WAITING)
    run()
    assert Article.objects.get(pk=reviewed.pk).status == Article.Status.REVIEWED
    assert Article.objects.get(pk=withdrawn.pk).status == WAITING


def test_dry_run_publishes_nothing_and_running_twice_changes_nothing():
    article = build_article(status=WAITING)
    assert "可发布 1 篇" in run("--dry-run")
    assert Article.objects.get(pk=article.pk).status == WAITING
    run()
    assert "已发布 0 篇" in run()


def test_untitled_articles_briefs_and_commentaries_are_named_with_the_reason():
    brief = build_article(
        headline="", kind=Article.Kind.BRIEF, status=WAITING, body=["乌海市开展消防演练。"]
    )
    commentary = build_article(
        headline="\u3000", kind=Article.Kind.COMMENTARY, status=WAITING, body=["严管就是厚爱。"]
    )
    blank_photo = build_article(
        headline="", kind=Article.Kind.PHOTO, status=WAITING, body=(), captions=[("——", [])]
    )

    out = run()

    assert "已发布 0 篇" in out
    assert "其中 3 篇没有标题，不能发布" in out
    assert f"简讯 #{brief.pk}「乌海市开展消防演练」" in out
    assert f"评论 #{commentary.pk}「严管就是厚爱」" in out
    assert f"图片新闻 #{blank_photo.pk}" in out
    assert "要有标题才能发布" in out  # and why
    assert set(Article.objects.values_list("status", flat=True)) == {WAITING}


def test_a_headline_of_only_a_rule_or_a_zero_width_space_is_no_headline():
    for headline in ("——", "\u200b", "“ ”"):
        build_article(headline=headline, status=WAITING)
    assert "已发布 0 篇" in run()
    assert not Article.objects.published().exists()
