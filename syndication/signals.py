"""Record a tombstone whenever a published article is deleted or unpublished.

`QuerySet.update()` sends no signals: a status change must go through `save()` (the admin
does) for partners to hear of it.
"""

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from django.utils import timezone

from articles.models import Article

from .models import Tombstone, article_uri

PUBLISHED = Article.Status.PUBLISHED


@receiver(post_init, sender=Article, dispatch_uid="syndication_remember_status")
def remember_status(sender, instance, **kwargs):
    """Keep the status as loaded, so a save can tell that it changed without a query."""
    # A deferred status is not in __dict__; reading it would cost a query per instance.
    instance._syndication_loaded_status = instance.__dict__.get("status")


@receiver(post_save, sender=Article, dispatch_uid="syndication_status_change")
def record_status_change(sender, instance, created, raw=False, **kwargs):
    """Unpublishing leaves a tombstone; publishing again lifts it."""
    if raw:
        return
    before = None if created else instance._syndication_loaded_status
    after = instance.status
    instance._syndication_loaded_status = after
    if after == PUBLISHED:
        if before != PUBLISHED:
            Tombstone.objects.filter(article_id=instance.pk).delete()
    elif before == PUBLISHED:
        record_tombstone(instance.pk, reason=Tombstone.Reason.UNPUBLISHED)


@receiver(post_delete, sender=Article, dispatch_uid="syndication_deleted")
def record_deletion(sender, instance, **kwargs):
    """A deleted article that partners could have seen leaves a tombstone."""
    if instance.__dict__.get("status") == PUBLISHED:
        # Set by the desk's merge (articles.editing.merge_articles) on what it merges away.
        into = instance.__dict__.get("merged_into")
        if into is not None:
            record_tombstone(instance.pk, reason=Tombstone.Reason.MERGED, merged_into=into)
        else:
            record_tombstone(instance.pk, reason=Tombstone.Reason.DELETED)


def record_tombstone(article_id, *, reason, when=None, merged_into=None):
    """Write the tombstone for one article; the latest reason wins."""
    Tombstone.objects.update_or_create(
        article_id=article_id,
        defaults={
            "uri": article_uri(article_id),
            "reason": reason,
            "occurred_at": when or timezone.now(),
            "merged_into": merged_into,
        },
    )
