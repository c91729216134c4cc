"""The desk's two queues, each its own page in the admin: what waits for review, and what
has been reviewed and waits for a chief editor to publish.

待审 (needs review): the extraction put it here; an editor reads it, fixes what is wrong,
unticks the flags that no longer hold, and marks it 已审.
已审 (reviewed): an editor vouches for the text; it is not on the site yet.
已发布 (published): a chief editor published it; readers and partners see it.

The queues are proxy models of Article so that each has its own entry in the admin's index
and menu, its own list and its own actions, without a table of their own.
"""

from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.models import Article, Block, PhotoCaption

# The start of an item's text shown in a queue: enough to tell two untitled items apart.
FIRST_LINE_CHARS = 60

# What the three states mean, said once wherever the desk shows them.
STATES_EXPLAINED = _(
    "待审：导入后等编辑核对。已审：编辑已核对文字，但还没有上网站。"
    "已发布：主编发布后，读者和合作方才能看到。"
)


class ReviewQueue(Article):
    class Meta:
        proxy = True
        app_label = "articles"
        verbose_name = _("待审队列")
        verbose_name_plural = pgettext_lazy("plural", "待审队列")


class ReadyQueue(Article):
    class Meta:
        proxy = True
        app_label = "articles"
        verbose_name = _("待发布队列")
        verbose_name_plural = pgettext_lazy("plural", "待发布队列")


def least_sure_first():
    """The queue's order: the extraction's confidence from the lowest, items without one
    (made on the desk) after them, then as printed."""
    return (
        F("confidence").asc(nulls_last=True),
        F("issue_date").desc(nulls_last=True),
        "page_number",
        "page_id",
        "position",
        "pk",
    )


def with_first_line(queryset):
    """Annotate `first_line`: the start of the first paragraph, or of the first caption."""
    block = Block.objects.filter(article=OuterRef("pk")).order_by("position").values("text")[:1]
    caption = (
        PhotoCaption.objects.filter(article=OuterRef("pk")).order_by("position").values("text")[:1]
    )
    text = Coalesce(Subquery(block), Subquery(caption), output_field=models.TextField())
    return queryset.annotate(first_line=Substr(text, 1, FIRST_LINE_CHARS + 1))


def waiting_for_review():
    return with_first_line(Article.objects.needing_review())


def ready_to_publish():
    return with_first_line(Article.objects.filter(status=Article.Status.REVIEWED))
