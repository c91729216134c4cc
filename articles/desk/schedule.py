"""Scheduled publishing: a chief editor publishes now for a time to come.

The article waits as 已审 with a `ScheduledPublication`; when its time has come it is
published by `publish_due()`, through the same rule as any publish (`editing.set_status`),
with its publication time the scheduled one. Nothing needs a cron job:
`ScheduledPublishingMiddleware` calls `publish_due()` before the site, the feeds, the
sitemaps or the API answer, so the first request after the time sees the article. It costs
one cache read per request: the earliest scheduled time is kept in the cache, and the
database is asked only once that time has passed (or the cache forgot it). The command
`publish_scheduled` does the same from a timer, for a site with no visitors to trigger it.
"""

from __future__ import annotations

import datetime
import logging

from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

logger = logging.getLogger(__name__)

# The cache's note of the earliest scheduled time ("none" when nothing is scheduled).
NEXT_DUE_KEY = "desk:schedule:next-due"
NOTHING_SCHEDULED = "none"
# How long the note is trusted: a schedule written around the cache (a restore) is seen
# within this many seconds.
NOTE_SECONDS = 300


class ScheduledPublication(models.Model):
    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="schedule",
        verbose_name=gettext_lazy("稿件"),
    )
    publish_at = models.DateTimeField(gettext_lazy("定时发布时间"), db_index=True)
    scheduled_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("安排人"),
    )
    scheduled_at = models.DateTimeField(gettext_lazy("安排时间"), auto_now=True)

    class Meta:
        app_label = "articles"
        verbose_name = gettext_lazy("定时发布")
        verbose_name_plural = pgettext_lazy("plural", "定时发布")
        ordering = ["publish_at", "id"]

    def __str__(self):
        return f"{self.article_id} @ {self.local_time()}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_next_due()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_next_due()
        return result

    def local_time(self) -> str:
        return timezone.localtime(self.publish_at).strftime("%Y-%m-%d %H:%M")


def forget_next_due() -> None:
    """The schedule changed: the next request asks the database again.

    Now, and again once the change is committed, so that a request that read the database
    before the commit cannot leave a stale note.
    """
    cache.delete(NEXT_DUE_KEY)
    transaction.on_commit(lambda: cache.delete(NEXT_DUE_KEY))


@transaction.atomic
def schedule(article, *, at: datetime.datetime, by=None) -> ScheduledPublication:
    """Publish `article` at `at` (a time to come): it waits as reviewed until then.

    Refused, as a publish now would be, if it lacks a headline or carries a blocking flag.
    """
    from articles.desk import flags as review_flags
    from articles.editing import WHY_A_TITLE, EditError, untitled_articles
    from articles.models import Article

    if at <= timezone.now():
        raise EditError(_("定时发布的时间必须在将来。"))
    if untitled_articles([article]):
        raise EditError(_("没有标题，不能安排发布。%(why)s") % {"why": WHY_A_TITLE})
    refusal = review_flags.publishing_refusal([article])
    if refusal:
        raise EditError(refusal)
    if article.status != Article.Status.REVIEWED:
        article.status = Article.Status.REVIEWED
        article.save()
    planned, _created = ScheduledPublication.objects.update_or_create(
        article=article, defaults={"publish_at": at, "scheduled_by": by}
    )
    return planned


def future_publication(article, form) -> datetime.datetime | None:
    """For the article form: a publish with a publication time to come is a schedule.

    Returns that time and leaves the article (unsaved) reviewed and without it, so the save
    that follows does not put it on the site; None for any other save.
    """
    from articles.models import Article

    when = article.published_at
    if article.status != Article.Status.PUBLISHED or when is None or when <= timezone.now():
        return None
    if "status" not in form.changed_data and "published_at" not in form.changed_data:
        return None
    was = form.initial.get("status")
    article.status = Article.Status.REVIEWED
    article.published_at = form.initial.get("published_at") if was == "published" else None
    return when


def scheduled_message(article) -> str:
    planned = ScheduledPublication.objects.get(article=article)
    return _("已安排在 %(when)s 发布：在那之前稿件是“已审”，读者看不到。") % {
        "when": planned.local_time()
    }


def cancel(article) -> bool:
    """Take an article off the schedule; True if it was on it."""
    planned = ScheduledPublication.objects.filter(article=article).first()
    if planned is None:
        return False
    planned.delete()
    return True


def publish_due(*, now: datetime.datetime | None = None) -> int:
    """Publish every article whose scheduled time has come; return how many.

    An article that may no longer be published (an editor flagged it since, or took its
    headline away) is left reviewed, off the schedule, and logged: it shows in the queue
    to publish with its reason.
    """
    from articles.editing import EditError, set_status
    from articles.models import Article

    now = now or timezone.now()
    published = 0
    due = ScheduledPublication.objects.filter(publish_at__lte=now).select_related("article")
    for planned in list(due.order_by("publish_at", "id")):
        article = planned.article
        with transaction.atomic():
            planned.delete()
            if article.status != Article.Status.REVIEWED:
                continue  # sent back to review or published by hand meanwhile
            article.published_at = planned.publish_at
            try:
                published += set_status([article], Article.Status.PUBLISHED)
            except EditError as refusal:
                logger.warning("scheduled article %s not published: %s", article.pk, refusal)
    return published


def next_due() -> datetime.datetime | None:
    """The earliest scheduled time, from the cache's note or the database."""
    noted = cache.get(NEXT_DUE_KEY)
    if noted == NOTHING_SCHEDULED:
        return None
    if noted is not None:
        return datetime.datetime.fromisoformat(noted)
    first = ScheduledPublication.objects.order_by("publish_at").values_list("publish_at", flat=True)
    first = first.first()
    cache.set(NEXT_DUE_KEY, first.isoformat() if first else NOTHING_SCHEDULED, NOTE_SECONDS)
    return first


def publish_if_due(*, now: datetime.datetime | None = None) -> int:
    """publish_due() when the earliest scheduled time has passed; else nothing (a cache read)."""
    now = now or timezone.now()
    when = next_due()
    if when is None or when > now:
        return 0
    published = publish_due(now=now)
    cache.delete(NEXT_DUE_KEY)
    return published


class ScheduledPublishingMiddleware:
    """Before any page or API answer: publish what is due, so readers see it on time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            try:
                publish_if_due()
            except Exception:  # a reader's page never fails for the schedule's sake
                logger.exception("scheduled publishing failed")
        return self.get_response(request)
