"""Edit locks: while one editor has an article's form open, others see who and until when.

As Wagtail and Superdesk do it: opening the form takes the lock, an open form renews it
every minute, and it lapses LOCK_MINUTES after the last renewal, so a closed tab or a
crashed browser does not keep an article locked. Saving releases it. A chief editor may
take over a lock; whoever held it then finds their save refused with the reason.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

LOCK_MINUTES = 10


class EditLock(models.Model):
    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="edit_lock",
        verbose_name=gettext_lazy("稿件"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=gettext_lazy("编辑"),
    )
    taken_at = models.DateTimeField(gettext_lazy("锁定时间"))
    expires_at = models.DateTimeField(gettext_lazy("锁定至"), db_index=True)

    class Meta:
        app_label = "articles"
        verbose_name = gettext_lazy("编辑锁")
        verbose_name_plural = pgettext_lazy("plural", "编辑锁")

    def __str__(self):
        return describe(self)

    @property
    def active(self) -> bool:
        return self.expires_at > timezone.now()


def editor_name(user) -> str:
    """How the desk names a colleague: full name if set, else the sign-in name."""
    if user is None:
        return _("系统")
    return user.get_full_name() or user.get_username()


def local_time(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def describe(lock: EditLock) -> str:
    """「张三 正在编辑，锁定至 13:35」"""
    return _("%(who)s 正在编辑，锁定至 %(until)s") % {
        "who": editor_name(lock.user),
        "until": local_time(lock.expires_at),
    }


@dataclass(frozen=True)
class LockState:
    """The lock as one user sees it: theirs, someone else's, or none."""

    lock: EditLock | None
    mine: bool

    @property
    def held_by_other(self) -> bool:
        return self.lock is not None and not self.mine and self.lock.active


def _expiry():
    return timezone.now() + datetime.timedelta(minutes=LOCK_MINUTES)


@transaction.atomic
def acquire(article, user) -> LockState:
    """Take or renew the lock unless a colleague holds it; say who holds it."""
    lock = EditLock.objects.select_for_update().filter(article=article).first()
    now = timezone.now()
    if lock is not None and lock.user_id != user.pk and lock.expires_at > now:
        return LockState(lock=lock, mine=False)
    if lock is None:
        lock = EditLock(article=article, user=user, taken_at=now)
    elif lock.user_id != user.pk or lock.expires_at <= now:
        lock.user, lock.taken_at = user, now
    lock.expires_at = _expiry()
    lock.save()
    return LockState(lock=lock, mine=True)


def state(article, user) -> LockState:
    """The lock as it stands, without taking it."""
    lock = EditLock.objects.select_related("user").filter(article=article).first()
    if lock is None or not lock.active:
        return LockState(lock=None, mine=False)
    return LockState(lock=lock, mine=lock.user_id == user.pk)


@transaction.atomic
def take_over(article, user) -> EditLock:
    """A chief editor takes the lock whoever holds it."""
    lock = EditLock.objects.select_for_update().filter(article=article).first()
    now = timezone.now()
    if lock is None:
        lock = EditLock(article=article)
    lock.user, lock.taken_at, lock.expires_at = user, now, _expiry()
    lock.save()
    return lock


def release(article, user) -> bool:
    """Give the lock back (only its holder can); True if there was one to give."""
    deleted, _rows = EditLock.objects.filter(article=article, user=user).delete()
    return bool(deleted)
