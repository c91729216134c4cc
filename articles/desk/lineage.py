"""What the desk did to the items the parser found, so that a re-import does not undo it.

The importer keys a page's articles by their position in the parser's reading order. When
an editor merges item 3 into item 2, deletes item 5, or splits a new article off item 1,
a row here says so: the importer then leaves position 3 and 5 alone instead of creating
them again, and never matches the split-off article to a parser item.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SourceLineage(models.Model):
    class Fate(models.TextChoices):
        MERGED = "merged", _("已并入其他稿件")
        DELETED = "deleted", _("已删除")
        SPLIT = "split", _("拆分出的新稿件")
        DETACHED = "detached", _("拆出的图片稿")

    page = models.ForeignKey(
        "articles.Page", on_delete=models.CASCADE, related_name="lineage", verbose_name=_("版面")
    )
    # The parser item's position on the page (Article.position of the item as imported).
    source_position = models.PositiveSmallIntegerField(_("原抽取顺序"))
    fate = models.CharField(_("处理"), max_length=10, choices=Fate)
    # merged: the article it went into; split/detached: the new article made from it.
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lineage",
        verbose_name=_("相关稿件"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        app_label = "articles"
        verbose_name = _("结构修改记录")
        verbose_name_plural = pgettext_lazy("plural", "结构修改记录")
        ordering = ["page", "source_position", "id"]

    def __str__(self):
        return f"{self.page} #{self.source_position} {self.get_fate_display()}"
