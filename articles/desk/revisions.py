"""Revisions of a whole article: its row with its paragraphs, bylines, captions (and their
credits), topics and places, saved together as one django-reversion revision.

django-reversion's `follow` is what makes one revision hold an article and its parts;
django-simple-history, kept for the per-row audit, records each row alone and cannot say
which paragraphs an article had at a given moment. A structural fix (split, merge, move,
detach) is one revision of every article it touched, with a `RevisionNote` naming them all,
also those it deleted or made, so that it can be undone as one.

Before an article's first recorded change, its state as it was (imported, or last saved
before revisions were kept) is recorded as a baseline, so that every change has a "before".
"""

from __future__ import annotations

import contextvars
import functools
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

import reversion
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from reversion.models import Revision, Version
from reversion.signals import post_revision_commit

ARTICLE_PARTS = ("blocks", "bylines", "captions", "topic_links", "place_links")
# Copied by database triggers or stamped on save: never restored, never compared.
UNVERSIONED_ARTICLE_FIELDS = ("issue_date", "page_number", "created_at", "updated_at")


class RevisionNote(models.Model):
    """What kind of change a revision is, and every article it touched."""

    class Action(models.TextChoices):
        BASELINE = "baseline", gettext_lazy("修改前的版本")
        EDIT = "edit", gettext_lazy("修改")
        SPLIT = "split", gettext_lazy("拆分")
        MERGE = "merge", gettext_lazy("合并")
        MOVE = "move", gettext_lazy("移动段落")
        DETACH = "detach", gettext_lazy("拆出图片稿")
        RESTORE = "restore", gettext_lazy("恢复旧版本")
        UNDO = "undo", gettext_lazy("撤销结构修改")

    revision = models.OneToOneField(
        "reversion.Revision", on_delete=models.CASCADE, related_name="note"
    )
    action = models.CharField(gettext_lazy("操作"), max_length=10, choices=Action)
    # Ids of every article involved, deleted ones included; and of those the change made.
    articles = models.JSONField(gettext_lazy("涉及稿件"), default=list)
    created = models.JSONField(gettext_lazy("新建稿件"), default=list)
    # SourceLineage rows the change wrote: an undo removes them with it.
    lineage = models.JSONField(gettext_lazy("结构记录"), default=list)

    class Meta:
        app_label = "articles"
        verbose_name = gettext_lazy("修订说明")
        verbose_name_plural = pgettext_lazy("plural", "修订说明")

    def __str__(self):
        return f"{self.get_action_display()} {self.articles}"


STRUCTURAL = (
    RevisionNote.Action.SPLIT,
    RevisionNote.Action.MERGE,
    RevisionNote.Action.MOVE,
    RevisionNote.Action.DETACH,
)


def register() -> None:
    """Tell django-reversion what an article's revision holds; called from the app's ready()."""
    from articles.models import Article, Block, Byline, PhotoCaption, PhotoCredit
    from taxonomy.models import ArticlePlace, ArticleTopic

    if reversion.is_registered(Article):
        return
    reversion.register(Article, exclude=UNVERSIONED_ARTICLE_FIELDS, follow=ARTICLE_PARTS)
    reversion.register(Block)
    reversion.register(Byline)
    reversion.register(PhotoCaption, follow=("credits",))
    reversion.register(PhotoCredit)
    reversion.register(ArticleTopic, exclude=("created_at", "updated_at"))
    reversion.register(ArticlePlace)


# --- who is editing -----------------------------------------------------------------------

_editor = contextvars.ContextVar("desk_editor", default=None)


@contextmanager
def acting(user):
    """Within the block, revisions are recorded as made by `user`."""
    # Kept as given (the request's lazy user): reading it here would load the session on
    # every request, public pages included, and make their responses vary by cookie.
    token = _editor.set(user)
    try:
        yield
    finally:
        _editor.reset(token)


class EditorMiddleware:
    """Revisions recorded during a request are the signed-in user's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting(getattr(request, "user", None)):
            return self.get_response(request)


# --- recording ---------------------------------------------------------------------------

_last_saved = contextvars.ContextVar("desk_last_revision", default=None)


def _remember(sender, revision, **kwargs):
    _last_saved.set(revision)


post_revision_commit.connect(_remember, dispatch_uid="articles.desk.revisions.last")


def _signed_in(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def record(articles, *, action, comment="", involved=(), created=(), lineage=(), user=None):
    """One revision of `articles` (stored ones) and their parts; returns it, or None."""
    from articles.models import Article

    articles = [a for a in articles if a.pk]
    ids = sorted({*(a.pk for a in articles), *involved})
    _last_saved.set(None)
    with reversion.create_revision():
        for article in Article.objects.filter(pk__in=[a.pk for a in articles]):
            reversion.add_to_revision(article)
        reversion.set_user(_signed_in(user or _editor.get()))
        reversion.set_comment(str(comment))
        reversion.add_meta(
            RevisionNote,
            action=action,
            articles=ids,
            created=sorted(created),
            lineage=sorted(lineage),
        )
    return _last_saved.get()


def ensure_baseline(articles) -> None:
    """Record the stored state of each article that has no revision yet."""
    from articles.models import Article

    ids = [a.pk for a in articles if a.pk]
    versioned = set(
        Version.objects.get_for_model(Article)
        .filter(object_id__in=[str(i) for i in ids])
        .values_list("object_id", flat=True)
    )
    missing = [i for i in ids if str(i) not in versioned]
    if missing:
        with reversion.create_revision():
            for article in Article.objects.filter(pk__in=missing):
                reversion.add_to_revision(article)
            reversion.add_meta(RevisionNote, action=RevisionNote.Action.BASELINE, articles=missing)


@dataclass
class StructuralChange:
    """What a structural fix reports to `structural()`: the articles it made or touched."""

    ids: list[int]
    created: list[int] = field(default_factory=list)

    def made(self, article) -> None:
        self.created.append(article.pk)
        self.ids.append(article.pk)

    def touched(self, article) -> None:
        if article.pk not in self.ids:
            ensure_baseline([article])
            self.ids.append(article.pk)


@contextmanager
def structural(action, articles, *, comment=""):
    """Around a split, merge, move or detach: a baseline before, one revision of all after."""
    from articles.desk.lineage import SourceLineage

    articles = [a for a in articles if a.pk]
    ensure_baseline(articles)
    last_lineage = SourceLineage.objects.aggregate(m=models.Max("pk"))["m"] or 0
    change = StructuralChange(ids=[a.pk for a in articles])
    yield change
    from articles.models import Article

    lineage = SourceLineage.objects.filter(pk__gt=last_lineage).values_list("pk", flat=True)
    record(
        Article.objects.filter(pk__in=change.ids),
        action=action,
        comment=comment,
        involved=change.ids,
        created=change.created,
        lineage=list(lineage),
    )


def structural_fix(action, *, involved, made=None):
    """Decorate a structural fix of articles.editing: its articles' revisions, as one.

    `involved(*args, **kwargs)` names the stored articles it touches; `made(result)` the
    articles it makes. The decorated function's own transaction holds the revisions.
    """

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with structural(action, list(involved(*args, **kwargs))) as change:
                result = function(*args, **kwargs)
                for article in made(result) if made else ():
                    change.made(article)
            return result

        return wrapper

    return decorate


# --- reading -------------------------------------------------------------------------------


def versions_of(article_id):
    """The article's own versions, newest first, with their revision, author and note."""
    from articles.models import Article

    return (
        Version.objects.get_for_object_reference(Article, article_id)
        .select_related("revision__user", "revision__note")
        .order_by("-revision__date_created", "-revision_id")
    )


@dataclass
class Snapshot:
    """An article as one revision holds it: its fields and its parts' fields, by model and pk."""

    article: dict
    parts: dict  # model label → {pk: field dict}


def _model_label(version) -> str:
    return version._model._meta.label


def snapshot(revision: Revision, article_id: int) -> Snapshot | None:
    """The article `article_id` as `revision` holds it, or None if it holds no such article."""
    from articles.models import Article

    article = None
    by_model: dict[str, dict] = defaultdict(dict)
    for version in revision.version_set.all():
        model = version._model
        data = version.field_dict
        if model is Article:
            if int(version.object_id) == article_id:
                article = data
            continue
        by_model[model._meta.label][int(version.object_id)] = data
    if article is None:
        return None
    parts: dict[str, dict] = defaultdict(dict)
    captions = set()
    for label, rows in by_model.items():
        for pk, data in rows.items():
            if data.get("article_id") == article_id:
                parts[label][pk] = data
                if label == "articles.PhotoCaption":
                    captions.add(pk)
    for pk, data in by_model.get("articles.PhotoCredit", {}).items():
        if data.get("caption_id") in captions:
            parts["articles.PhotoCredit"][pk] = data
    return Snapshot(article=article, parts=dict(parts))


def current(article_id: int) -> Snapshot | None:
    """The article as stored now, in a snapshot's shape, to compare with its last revision."""
    from articles.models import Article, Block, Byline, PhotoCaption, PhotoCredit
    from taxonomy.models import ArticlePlace, ArticleTopic

    def fields(row, skip=()):
        return {
            f.attname: getattr(row, f.attname)
            for f in row._meta.concrete_fields
            if not f.primary_key and f.name not in skip
        }

    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return None
    parts = {}
    for model, skip in (
        (Block, ()),
        (Byline, ()),
        (PhotoCaption, ()),
        (ArticleTopic, ("created_at", "updated_at")),
        (ArticlePlace, ()),
    ):
        rows = model.objects.filter(article_id=article_id)
        parts[model._meta.label] = {r.pk: fields(r, skip) for r in rows}
    credits = PhotoCredit.objects.filter(caption__article_id=article_id)
    parts["articles.PhotoCredit"] = {r.pk: fields(r) for r in credits}
    parts = {label: rows for label, rows in parts.items() if rows}
    return Snapshot(article=fields(article, UNVERSIONED_ARTICLE_FIELDS), parts=parts)


# --- restoring -------------------------------------------------------------------------------


def _parts_now(article_ids):
    """The stored parts of these articles, as {model: {pk: row}}."""
    from articles.models import Block, Byline, PhotoCaption, PhotoCredit
    from taxonomy.models import ArticlePlace, ArticleTopic

    now = {}
    for model in (Block, Byline, PhotoCaption, ArticleTopic, ArticlePlace):
        now[model] = {r.pk: r for r in model.objects.filter(article_id__in=article_ids)}
    now[PhotoCredit] = {
        r.pk: r for r in PhotoCredit.objects.filter(caption__article_id__in=article_ids)
    }
    return now


def _put(model, pk, data):
    """Write one row as a revision holds it: update the stored row or make it again."""
    row = model.objects.filter(pk=pk).first() or model(pk=pk)
    for name, value in data.items():
        setattr(row, name, value)
    row.save()
    return row


def _apply(snapshots: dict[int, Snapshot]) -> None:
    """Make each article as its snapshot holds it, parts and all, in one go."""
    from django.apps import apps

    from articles.models import Article, Reporter
    from articles.signals import indexed_once

    wanted_by_model = defaultdict(set)
    for snap in snapshots.values():
        for label, rows in snap.parts.items():
            wanted_by_model[apps.get_model(label)].update(rows)
    reporters = {
        data["reporter_id"]
        for snap in snapshots.values()
        for label in ("articles.Byline", "articles.PhotoCredit")
        for data in snap.parts.get(label, {}).values()
    }
    gone = reporters - set(Reporter.objects.filter(pk__in=reporters).values_list("pk", flat=True))
    if gone:
        raise EditError(
            _("这个版本署名的作者已被合并或删除（作者编号 %(ids)s），无法恢复。")
            % {"ids": "、".join(map(str, sorted(gone)))}
        )
    with indexed_once():
        # Rows the articles have now but the snapshots do not: removed first, so that a
        # restored byline or topic does not meet its later twin in a unique constraint.
        now = _parts_now(list(snapshots))
        for model, rows in now.items():
            for pk, row in rows.items():
                if pk not in wanted_by_model[model]:
                    row.delete()
        for article_id, snap in snapshots.items():
            _put(Article, article_id, snap.article)
        order = ("articles.Block", "articles.Byline", "articles.PhotoCaption")
        order += ("articles.PhotoCredit", "taxonomy.ArticleTopic", "taxonomy.ArticlePlace")
        for label in order:
            model = apps.get_model(label)
            for snap in snapshots.values():
                for pk, data in sorted(snap.parts.get(label, {}).items()):
                    _put(model, pk, data)


class EditError(ValueError):
    """A restore or undo the desk refuses; the message says why."""


def revision_for(article_id: int, revision_id) -> Revision:
    """The revision `revision_id` if it holds article `article_id`; EditError otherwise."""
    from articles.models import Article

    text = str(revision_id)
    if not text.isdigit():
        raise EditError(_("版本编号无效。"))
    version = (
        Version.objects.get_for_object_reference(Article, article_id)
        .filter(revision_id=int(text))
        .select_related("revision")
        .first()
    )
    if version is None:
        raise EditError(_("这个版本不属于这篇稿件，或已不存在。没有做任何修改。"))
    return version.revision


@transaction.atomic
def restore(article, revision: Revision) -> Revision:
    """Make `article` (with its parts) as `revision` holds it; return the new revision."""
    snap = snapshot(revision, article.pk)
    if snap is None:
        raise EditError(_("这个版本不属于这篇稿件，或已不存在。没有做任何修改。"))
    ensure_baseline([article])
    _apply({article.pk: snap})
    when = timezone.localtime(revision.date_created).strftime("%Y-%m-%d %H:%M")
    return record(
        [article],
        action=RevisionNote.Action.RESTORE,
        comment=_("恢复到 %(when)s 的版本") % {"when": when},
    )


@transaction.atomic
def undo(revision: Revision) -> Revision | None:
    """Undo a structural fix: every article it touched as it was before, those it made gone."""
    from articles.desk.lineage import SourceLineage
    from articles.models import Article

    note = getattr(revision, "note", None)
    if note is None or note.action not in STRUCTURAL:
        raise EditError(_("只有拆分、合并、移动段落和拆出图片稿可以撤销。"))
    later = (
        Version.objects.get_for_model(Article)
        .filter(object_id__in=[str(i) for i in note.articles], revision_id__gt=revision.pk)
        .exists()
    )
    if later:
        raise EditError(
            _(
                "这次%(action)s之后，涉及的稿件又有修改，不能整体撤销；"
                "请在各稿件的修改历史里恢复需要的版本。没有做任何修改。"
            )
            % {"action": note.get_action_display()}
        )
    snapshots = {}
    for article_id in note.articles:
        if article_id in note.created:
            continue
        before = (
            Version.objects.get_for_object_reference(Article, article_id)
            .filter(revision_id__lt=revision.pk)
            .order_by("-revision_id")
            .first()
        )
        if before is None:
            raise EditError(_("找不到稿件 #%(id)s 操作前的版本，无法撤销。") % {"id": article_id})
        snapshots[article_id] = snapshot(before.revision, article_id)
    ensure_baseline(Article.objects.filter(pk__in=note.articles))
    _apply(snapshots)
    Article.objects.filter(pk__in=note.created).delete()
    SourceLineage.objects.filter(pk__in=note.lineage).delete()
    return record(
        Article.objects.filter(pk__in=snapshots),
        action=RevisionNote.Action.UNDO,
        comment=_("撤销%(action)s") % {"action": note.get_action_display()},
        involved=note.articles,
    )
