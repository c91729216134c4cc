"""Text reaches the public site only through a chief editor's publish.

An editor (编辑) fixes structure freely among drafts. A merge or a move that would change the
text of a published article, or take one off the site by merging it away, is a chief editor's
(主编's): for an editor it is refused, with the reason and what to do, and nothing changes.
The desk's preview shows any article's public page to desk users before it is published.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from articles import reading, titles
from articles.models import Article

PUBLISHED = Article.Status.PUBLISHED


def may_change_published(user) -> bool:
    return user.has_perm("articles.publish_article")


def _named(articles: Sequence[Article]) -> str:
    return "、".join(f"“{article}”（#{article.pk}）" for article in articles)


def merge_refusal(user, articles: Sequence[Article]) -> str | None:
    """Why `user` may not merge `articles` into the first of them; None if they may."""
    if may_change_published(user) or len(articles) < 2:
        return None
    if len({a.page_id for a in articles}) > 1:
        return None  # refused by the merge itself, for a reason that comes first
    keep, others = articles[0], articles[1:]
    removed = [a for a in others if a.status == PUBLISHED]
    if removed and keep.status != PUBLISHED:
        return _(
            "已发布的稿件%(items)s不能并入未发布的稿件：那会把它从网站上撤下。"
            "请调整顺序，把未发布的稿件并入已发布的稿件之后交主编处理，或请主编合并。"
        ) % {"items": _named(removed)}
    if keep.status == PUBLISHED or removed:
        return _(
            "合并会改变已发布稿件%(items)s在网站上的文字，只有主编可以这样做，"
            "请交给主编合并；在那之前，已发布的版本保持不变。"
        ) % {"items": _named([a for a in articles if a.status == PUBLISHED])}
    return None


def move_refusal(user, *, source: Article, target: Article) -> str | None:
    """Why `user` may not move paragraphs from `source` to `target`; None if they may."""
    if may_change_published(user):
        return None
    published = [a for a in (source, target) if a.status == PUBLISHED]
    if not published:
        return None
    return _(
        "移动段落会改变已发布稿件%(items)s在网站上的文字，只有主编可以这样做，"
        "请交给主编移动；在那之前，已发布的版本保持不变。"
    ) % {"items": _named(published)}


def public_url(article: Article) -> str:
    return reverse("articles:article", args=[article.pk])


def preview_url(article: Article) -> str:
    return reverse("admin:articles_article_preview", args=[article.pk])


def site_url(article: Article) -> str:
    """在站点上查看: the public page of a published article, the preview of any other."""
    return public_url(article) if article.status == PUBLISHED else preview_url(article)


@never_cache
def preview_view(request, pk):
    """The article's public page as readers would see it once published, for desk users."""
    if not request.user.has_perm("articles.view_article"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    article = Article.objects.for_detail().filter(pk=pk).first()
    if article is None:
        raise Http404(_("没有这篇稿件。"))
    titles.name_untitled([article])
    response = render(
        request,
        "articles/article.html",
        {
            "article": article,
            "topics": reading.topics_of(article),
            "places": reading.places_of(article),
            "related": [],
            "neighbours": None,
            "canonical_url": request.build_absolute_uri(public_url(article)),
            "structured_data": None,
            "preview": True,
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
