"""Links survive the desk's structural fixes: a merged article's address leads to the article
it went into.

When articles are merged, each one merged away leaves a `MergedArticle` row naming the
survivor. The site answers its old address with a permanent redirect (301) to the survivor's,
the API its old resource with a 301 to the survivor's resource, and the sync tombstone carries
`merged_into`. A chain (A into B, then B into C) is kept flat: every row names the last
survivor. When the survivor itself is deleted, its rows go with it and the old addresses
are gone (404), as the survivor's own is.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MergedArticle(models.Model):
    # Not a foreign key: the merged article no longer exists, and that is the point.
    merged_id = models.BigIntegerField(_("原稿件编号"), unique=True)
    into = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="merged_from",
        verbose_name=_("并入的稿件"),
    )
    merged_at = models.DateTimeField(_("合并时间"), auto_now_add=True)

    class Meta:
        app_label = "articles"
        verbose_name = _("已合并稿件的去向")
        verbose_name_plural = pgettext_lazy("plural", "已合并稿件的去向")
        ordering = ["merged_id"]

    def __str__(self):
        return f"{self.merged_id} → {self.into_id}"


def record_merge(merged_id: int, *, into) -> None:
    """`merged_id` was merged into `into`: its address, and those merged into it, lead there."""
    MergedArticle.objects.filter(into_id=merged_id).update(into=into)
    MergedArticle.objects.update_or_create(merged_id=merged_id, defaults={"into": into})


def survivor_id(article_id: int) -> int | None:
    """The id of the article `article_id` was merged into, if it was."""
    return (
        MergedArticle.objects.filter(merged_id=article_id).values_list("into_id", flat=True).first()
    )


def published_survivor(article_id) -> int | None:
    """The published article `article_id` was merged into, if any (a draft survivor is not
    shown to readers, so its old address stays a 404 until it is published)."""
    from articles.models import Article

    if not str(article_id).isdigit():
        return None
    into = survivor_id(int(article_id))
    if into is None or not Article.objects.published().filter(pk=into).exists():
        return None
    return into


def redirect_to_survivor(request, article_id, *, url_of):
    """A 301 to the survivor's address (`url_of(id)`), keeping the query string; else 404."""
    from django.http import Http404, HttpResponsePermanentRedirect

    into = published_survivor(article_id)
    if into is None:
        raise Http404
    url = url_of(into)
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
