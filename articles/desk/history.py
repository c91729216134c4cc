"""An article's history as the desk reads it: who, when (local time), and what changed, in
Chinese, with each changed text shown character by character."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from articles.desk.locks import editor_name
from articles.desk.revisions import RevisionNote, Snapshot, current, snapshot, versions_of
from articles.desk.source import flag_label
from articles.desk.textdiff import char_diff

EMPTY = "（空）"
# The article's fields the history shows, in the form's order.
ARTICLE_FIELDS = (
    "page",
    "position",
    "kind",
    "status",
    "column",
    "overline",
    "headline",
    "subtitle",
    "source",
    "flags",
    "keywords",
    "published_at",
)
TEXT_FIELDS = ("column", "overline", "headline", "subtitle", "source")


@dataclass
class Change:
    label: str
    diff: str = ""  # HTML, for texts
    before: str = ""
    after: str = ""


@dataclass
class Entry:
    revision: object
    when: str
    who: str
    action: str
    comment: str
    changes: list[Change]
    structural: bool
    articles: list[int]


def local(moment) -> str:
    """2026年12月6日 13:05, in the desk's time zone (settings.TIME_ZONE)."""
    if isinstance(moment, str):
        moment = parse_datetime(moment)
    if moment is None:
        return EMPTY
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment)
        return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"
    return str(moment)


def _value(name, value) -> str:
    from articles.models import Article, Page

    if value in (None, "", []):
        return EMPTY
    field = Article._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if name == "flags":
        return "、".join(flag_label(f) for f in value)
    if name == "keywords":
        return "、".join(map(str, value))
    if name == "published_at":
        return local(value)
    if name == "page":
        page = Page.objects.select_related("issue__publication").defer("text").filter(pk=value)
        return str(page.first() or value)
    return str(value)


def _names(snap: Snapshot | None) -> dict:
    """Bylines, credits, topics and places as the words an editor reads."""
    from articles.models import Reporter, Role
    from taxonomy.models import ArticleTopic, Place, Topic

    if snap is None:
        return {}
    parts = snap.parts
    reporters = {
        d["reporter_id"]
        for label in ("articles.Byline", "articles.PhotoCredit")
        for d in parts.get(label, {}).values()
    }
    people = dict(Reporter.objects.filter(pk__in=reporters).values_list("pk", "name"))
    roles = dict(Role.choices)

    def person(d):
        return f"{roles.get(d['role'], d['role'])} {people.get(d['reporter_id'], '?')}"

    bylines = sorted(parts.get("articles.Byline", {}).values(), key=lambda d: d["position"])
    links = parts.get("taxonomy.ArticleTopic", {}).values()
    topic_names = dict(
        Topic.objects.filter(pk__in=[d["topic_id"] for d in links]).values_list("pk", "name")
    )
    states = dict(ArticleTopic.State.choices)
    places = parts.get("taxonomy.ArticlePlace", {}).values()
    place_names = dict(
        Place.objects.filter(pk__in=[d["place_id"] for d in places]).values_list("pk", "name")
    )
    return {
        _("署名"): "、".join(person(d) for d in bylines),
        _("图片署名"): "、".join(person(d) for d in parts.get("articles.PhotoCredit", {}).values()),
        _("主题"): "、".join(
            sorted(
                f"{topic_names.get(d['topic_id'], '?')}（{states.get(d['state'])}）" for d in links
            )
        ),
        _("地名"): "、".join(sorted(place_names.get(d["place_id"], "?") for d in places)),
    }


def _texts(snap: Snapshot | None, label: str) -> dict:
    rows = snap.parts.get(label, {}) if snap else {}
    return {pk: d for pk, d in rows.items()}


def changes(before: Snapshot | None, after: Snapshot) -> list[Change]:
    """What changed from `before` to `after` (everything, against nothing, for the first)."""
    from articles.models import Article

    found = []
    old = before.article if before else {}
    for name in ARTICLE_FIELDS:
        attname = Article._meta.get_field(name).attname
        a, b = old.get(attname), after.article.get(attname)
        if before is not None and a == b:
            continue
        if before is None and b in (None, "", []):
            continue
        label = str(Article._meta.get_field(name).verbose_name)
        if name in TEXT_FIELDS:
            found.append(Change(label, diff=char_diff(a or "", b or "")))
        else:
            found.append(Change(label, before=_value(name, a), after=_value(name, b)))
    for model_label, label in (
        ("articles.Block", _("正文第 %(n)s 段")),
        ("articles.PhotoCaption", _("图片说明 %(n)s")),
    ):
        old_rows, new_rows = _texts(before, model_label), _texts(after, model_label)
        ordered = sorted(new_rows.items(), key=lambda item: item[1]["position"])
        for pk, row in ordered:
            was = old_rows.get(pk, {}).get("text", "")
            if before is not None and was == row["text"]:
                continue
            found.append(
                Change(label % {"n": row["position"] + 1}, diff=char_diff(was, row["text"]))
            )
        for pk, row in old_rows.items():
            if pk not in new_rows:
                found.append(
                    Change(
                        label % {"n": row["position"] + 1} + _("（已移出）"),
                        diff=char_diff(row["text"], ""),
                    )
                )
    old_names, new_names = _names(before), _names(after)
    for label, value in new_names.items():
        was = old_names.get(label, "")
        if was != value and (before is not None or value):
            found.append(Change(label, before=was or EMPTY, after=value or EMPTY))
    return found


def entries(article_id: int, *, limit: int = 100) -> list[Entry]:
    """The article's revisions, newest first, each with what it changed from the one before."""
    versions = list(versions_of(article_id)[: limit + 1])
    snaps = [snapshot(v.revision, article_id) for v in versions]
    found = []
    now = current(article_id)
    if now is not None and (not snaps or _differ(snaps[0], now)):
        found.append(_unrecorded(article_id, snaps[0] if snaps else None, now))
    for index, version in enumerate(versions[:limit]):
        revision = version.revision
        note = getattr(revision, "note", None)
        older = snaps[index + 1] if index + 1 < len(snaps) else None
        action = note.get_action_display() if note else _("修改")
        found.append(
            Entry(
                revision=revision,
                when=local(revision.date_created),
                who=editor_name(revision.user) if revision.user else _("系统（导入或更早）"),
                action=action,
                comment=revision.comment,
                changes=changes(older, snaps[index]),
                structural=bool(note and note.action in _structural()),
                articles=list(note.articles) if note else [article_id],
            )
        )
    return found


def _differ(recorded: Snapshot, now: Snapshot) -> bool:
    return recorded.article != now.article or recorded.parts != now.parts


def _unrecorded(article_id, recorded, now) -> Entry:
    """The stored article where it differs from its last revision: changed off the desk."""
    from articles.models import Article

    article = Article.objects.get(pk=article_id)
    last = article.history.select_related("history_user").order_by("-history_date").first()
    return Entry(
        revision=None,
        when=local(article.updated_at),
        who=editor_name(last.history_user) if last and last.history_user else _("系统"),
        action=_("当前版本（未单独记录的修改）") if recorded else _("当前版本"),
        comment=_("导入、批量操作或替换文字所做的修改") if recorded else "",
        changes=changes(recorded, now),
        structural=False,
        articles=[article_id],
    )


def _structural():
    from articles.desk.revisions import STRUCTURAL

    return STRUCTURAL


__all__ = ["Change", "Entry", "RevisionNote", "changes", "entries", "local"]
