"""Tombstones: an article that partners may hold but must take down."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# A URN rather than the public site's address: it must stay the same when the site moves,
# and it is what ninjs `uri` carries for the live article too.
DEFAULT_URI_PREFIX = "urn:newsroom:article:"


def article_uri(article_id):
    """The stable ninjs `uri` of an article, e.g. ``urn:newsroom:article:42``."""
    prefix = getattr(settings, "SYNDICATION_URI_PREFIX", DEFAULT_URI_PREFIX)
    return f"{prefix}{article_id}"


class Tombstone(models.Model):
    """One article withdrawn from the public record, kept so incremental sync can say so."""

    class Reason(models.TextChoices):
        DELETED = "deleted", _("已删除")
        UNPUBLISHED = "unpublished", _("已撤回")
        MERGED = "merged", _("已并入其他稿件")

    # Not a foreign key: the article may no longer exist, and that is the point.
    article_id = models.BigIntegerField(_("稿件编号"), db_index=True)
    uri = models.CharField(_("标识"), max_length=200)
    reason = models.CharField(_("原因"), max_length=20, choices=Reason)
    occurred_at = models.DateTimeField(_("时间"), db_index=True)
    # The article it was merged into, whose address its own now redirects to.
    merged_into = models.BigIntegerField(_("并入稿件编号"), null=True, blank=True)

    class Meta:
        verbose_name = _("撤稿记录")
        verbose_name_plural = pgettext_lazy("plural", "撤稿记录")
        ordering = ["occurred_at", "id"]

    def __str__(self):
        return f"{self.uri} {self.get_reason_display()}"
