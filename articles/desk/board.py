"""What the desk's front page shows: what waits for whom, and what the others just changed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.desk.queues import STATES_EXPLAINED
from articles.desk.schedule import ScheduledPublication
from articles.models import Article

RECENT_CHANGES = 15

HISTORY_VERBS = {"+": "新建", "~": "修改", "-": "删除"}


@dataclass(frozen=True)
class Count:
    label: str
    count: int
    url: str
    note: str = ""


@dataclass(frozen=True)
class Change:
    who: str
    when: str
    verb: str
    title: str
    url: str | None


def desk_board(user) -> dict:
    """Counts with links, and the last changes to articles made by anyone but `user`."""
    by_status = dict(
        Article.objects.order_by().values_list("status").annotate(n=models.Count("pk"))
    )
    review = reverse("admin:articles_reviewqueue_changelist")
    ready = reverse("admin:articles_readyqueue_changelist")
    articles = reverse("admin:articles_article_changelist")
    untitled = (
        Article.objects.needing_review().filter(flags__icontains='"missing_headline"').count()
    )
    counts = [
        Count(
            _("待审"),
            by_status.get(Article.Status.NEEDS_REVIEW, 0),
            review,
            _("其中缺标题 %(n)d 篇") % {"n": untitled},
        ),
        Count(_("已审，待发布"), by_status.get(Article.Status.REVIEWED, 0), ready),
        Count(
            _("定时发布"),
            ScheduledPublication.objects.count(),
            ready,
        ),
        Count(
            _("已发布"),
            by_status.get(Article.Status.PUBLISHED, 0),
            f"{articles}?status__exact={Article.Status.PUBLISHED}",
        ),
    ]
    return {
        "counts": counts,
        "review_url": review,
        "ready_url": ready,
        "states_explained": STATES_EXPLAINED,
        "changes": recent_changes(user),
    }


def recent_changes(user, limit: int = RECENT_CHANGES) -> list[Change]:
    """The latest recorded changes to articles by other people (import runs included)."""
    records = (
        Article.history.exclude(history_user=user)
        .select_related("history_user")
        .only(
            "id",
            "headline",
            "overline",
            "subtitle",
            "history_date",
            "history_type",
            "history_user__username",
            "history_user__first_name",
            "history_user__last_name",
        )
        .order_by("-history_date", "-history_id")[:limit]
    )
    changes = []
    for record in records:
        person = record.history_user
        who = (person.get_full_name() or person.username) if person else _("导入程序")
        title = record.headline or record.overline or record.subtitle or _("（无标题）")
        url = None
        if record.history_type != "-":
            url = reverse("admin:articles_article_change", args=[record.id])
        changes.append(
            Change(
                who=who,
                when=timezone.localtime(record.history_date).strftime("%m-%d %H:%M"),
                verb=_(HISTORY_VERBS.get(record.history_type, "修改")),
                title=title,
                url=url,
            )
        )
    return changes
