"""Structural fixes of the extraction, done by editors: each one function, each one transaction.

Merge articles the parser cut apart, split one it glued together, move paragraphs between
articles, detach a caption into its own photo item, delete an item, replace a misread
word, merge two reporter rows, change review status. Every refusal is an `EditError`
whose message is shown to the editor as it is, and leaves the database as it was.

Rows are saved one by one (never `QuerySet.update`) so that django-simple-history
records who changed what. Whatever the desk does to an item the parser found is also
written to `SourceLineage`, which the importer reads so that a re-import keeps it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction
from django.db.models import Max, prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import titles
from articles.desk import flags as review_flags
from articles.desk.lineage import SourceLineage
from articles.desk.redirects import record_merge
from articles.desk.revisions import RevisionNote, structural_fix
from articles.extraction import is_desk_made
from articles.models import Article, Block, Byline, Page, PhotoCaption, PhotoCredit, Reporter


class EditError(ValueError):
    """A fix the desk refuses; the message says why, in the editor's language."""


def _renumber(rows) -> None:
    """Give rows positions 0, 1, 2… in their current order, saving only those that move."""
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


def _record(article: Article, fate: str, *, into: Article | None) -> None:
    """Remember what happened to the parser item behind `article`, if it has one."""
    if not is_desk_made(article):
        SourceLineage.objects.create(
            page_id=article.page_id, source_position=article.position, fate=fate, article=into
        )


# --- merge, split, move, detach, delete ---------------------------------------------------


@transaction.atomic
@structural_fix(RevisionNote.Action.MERGE, involved=lambda articles: articles)
def merge_articles(articles: Sequence[Article]) -> Article:
    """Merge articles into the first one, in the given order; return it.

    The others' paragraphs, bylines and captions are appended in that order, an empty
    headline (or overline, subtitle, column, source) of the first is filled from the
    others, and the others are deleted. All must be on the same page.
    """
    articles = list(articles)
    if len({a.pk for a in articles}) < 2 or len({a.pk for a in articles}) != len(articles):
        raise EditError(_("合并需要至少两篇不同的稿件。"))
    if len({a.page_id for a in articles}) > 1:
        raise EditError(_("只能合并同一版面上的稿件：所选稿件来自不同版面。"))
    keep, others = articles[0], articles[1:]
    blocks = list(keep.blocks.order_by("position"))
    bylines = list(keep.bylines.order_by("position"))
    captions = list(keep.captions.order_by("position"))
    for other in others:
        for name in ("overline", "headline", "subtitle", "column", "source"):
            if not getattr(keep, name) and getattr(other, name):
                setattr(keep, name, getattr(other, name))
        for block in other.blocks.order_by("position"):
            block.article = keep
            block.position = len(blocks)
            block.save()
            blocks.append(block)
        have = {(b.reporter_id, b.role) for b in bylines}
        for byline in other.bylines.order_by("position"):
            if (byline.reporter_id, byline.role) in have:
                continue
            byline.article = keep
            byline.position = len(bylines)
            byline.save()
            bylines.append(byline)
            have.add((byline.reporter_id, byline.role))
        for caption in other.captions.order_by("position"):
            caption.article = keep
            caption.position = len(captions)
            caption.save()
            captions.append(caption)
        _move_topics(other, keep)
        keep.spans = [*keep.spans, *other.spans]
        keep.flags = [f for f in dict.fromkeys([*keep.flags, *other.flags])]
        keep.keywords = list(dict.fromkeys([*keep.keywords, *other.keywords]))
        # What was merged into `other` before now lives in `keep`.
        for row in SourceLineage.objects.filter(article=other, fate=SourceLineage.Fate.MERGED):
            row.article = keep
            row.save(update_fields=["article"])
        _record(other, SourceLineage.Fate.MERGED, into=keep)
        # Its address leads to `keep` from now on, and partners hear where it went.
        record_merge(other.pk, into=keep)
        other.merged_into = keep.pk
        other.delete()
    # The parts' flags about their own start or headline no longer describe the whole.
    review_flags.settle(keep, first_paragraph=blocks[0].text if blocks else "")
    keep.save()
    return keep


def _move_topics(source: Article, target: Article) -> None:
    from taxonomy.models import ArticleTopic

    taken = set(target.topic_links.values_list("topic_id", flat=True))
    for link in ArticleTopic.objects.filter(article=source).exclude(topic_id__in=taken):
        link.article = target
        link.save(update_fields=["article"])


@transaction.atomic
@structural_fix(RevisionNote.Action.SPLIT, involved=lambda a, **kw: [a], made=lambda new: [new])
def split_article(article: Article, *, at: Block) -> Article:
    """Split `article` before block `at`: that block and the ones after it become a new article.

    The new article is on the same page, right after the old one, without a headline
    (flagged `missing_headline`) and waiting for review. Bylines and captions stay.
    """
    blocks = list(article.blocks.order_by("position"))
    if at.article_id != article.pk:
        raise EditError(_("所选段落不属于这篇稿件。"))
    index = [b.pk for b in blocks].index(at.pk)
    if index == 0:
        raise EditError(_("不能在第一段处拆分：拆分后原稿件将没有正文。请选择第二段或之后的段落。"))
    new = Article.objects.create(
        page=article.page,
        position=article.position,
        kind=article.kind,
        column=article.column,
        status=Article.Status.NEEDS_REVIEW,
        flags=["missing_headline"],
    )
    for position, block in enumerate(blocks[index:]):
        block.article = new
        block.position = position
        block.save()
    SourceLineage.objects.create(
        page_id=article.page_id,
        source_position=article.position,
        fate=SourceLineage.Fate.SPLIT,
        article=new,
    )
    article.save()  # its body changed: a history row and a fresh updated_at
    return new


def _moved_between(blocks, to):
    """The articles a move touches: where the paragraphs are, and where they go."""
    return [*Article.objects.filter(pk__in={b.article_id for b in blocks}), to]


@transaction.atomic
@structural_fix(RevisionNote.Action.MOVE, involved=lambda blocks, *, to: _moved_between(blocks, to))
def move_blocks(blocks: Sequence[Block], *, to: Article) -> None:
    """Move paragraphs (all from one article) to the end of another article, keeping their order."""
    blocks = sorted(blocks, key=lambda b: b.position)
    if not blocks:
        raise EditError(_("请选择要移动的段落。"))
    sources = {b.article_id for b in blocks}
    if len(sources) > 1:
        raise EditError(_("一次只能移动同一篇稿件中的段落。"))
    if to.pk in sources:
        raise EditError(_("目标稿件与原稿件相同，无需移动。"))
    source = Article.objects.get(pk=blocks[0].article_id)
    start = to.blocks.aggregate(last=Max("position"))["last"]
    start = -1 if start is None else start
    for offset, block in enumerate(blocks, start=1):
        block.article = to
        block.position = start + offset
        block.save()
    _renumber(source.blocks.order_by("position"))
    source.save()
    to.save()


@transaction.atomic
@structural_fix(
    RevisionNote.Action.DETACH, involved=lambda c: [c.article], made=lambda photo: [photo]
)
def detach_caption(caption: PhotoCaption) -> Article:
    """Make a caption printed inside an article into a photo item of its own; return it."""
    article = caption.article
    photo = Article.objects.create(
        page=article.page,
        position=article.position,
        kind=Article.Kind.PHOTO,
        column=article.column,
        status=Article.Status.NEEDS_REVIEW,
        flags=["missing_headline"],
    )
    caption.article = photo
    caption.position = 0
    caption.save()
    _renumber(article.captions.order_by("position"))
    SourceLineage.objects.create(
        page_id=article.page_id,
        source_position=article.position,
        fate=SourceLineage.Fate.DETACHED,
        article=photo,
    )
    article.save()
    return photo


@transaction.atomic
def delete_articles(articles: Iterable[Article]) -> int:
    """Delete articles for good: a re-import will not bring their parser items back."""
    count = 0
    for article in articles:
        _record(article, SourceLineage.Fate.DELETED, into=None)
        article.delete()
        count += 1
    return count


@transaction.atomic
def attach_fragment(article: Article, *, index: int) -> Block:
    """Append one of the page's unassigned fragments to the article as a paragraph."""
    page = Page.objects.select_for_update().get(pk=article.page_id)
    fragments = list(page.unassigned)
    if not 0 <= index < len(fragments):
        raise EditError(_("这段未归属文字已不存在，请刷新页面。"))
    fragment = fragments.pop(index)
    last = article.blocks.aggregate(last=Max("position"))["last"]
    block = Block.objects.create(
        article=article, position=0 if last is None else last + 1, text=fragment["text"]
    )
    page.unassigned = fragments
    page.save(update_fields=["unassigned"])
    article.spans = [*article.spans, list(fragment["span"])]
    article.save()
    return block


# --- status -----------------------------------------------------------------------------


@transaction.atomic
def set_status(articles: Iterable[Article], status: str) -> int:
    """Mark articles as needing review, reviewed or published; return how many changed.

    Publishing refuses the whole selection if any article lacks a headline (a photo item
    may go with its caption instead), so a bulk action never publishes half of it; the
    refusal names each untitled article.
    """
    if status not in Article.Status.values:
        raise EditError(_("未知的稿件状态。"))
    articles = list(articles)
    if status == Article.Status.PUBLISHED:
        untitled = untitled_articles(articles)
        if untitled:
            raise EditError(
                _("以下稿件没有标题，不能发布：%(items)s。%(why)s")
                % {"items": name_articles(untitled), "why": WHY_A_TITLE}
            )
        refusal = review_flags.publishing_refusal(articles)
        if refusal:
            raise EditError(refusal)
    changed = 0
    for article in articles:
        if article.status == status:
            continue
        article.status = status
        article.stamp_publication()
        article.save()
        changed += 1
    return changed


# Why the desk refuses an untitled item, said with each refusal.
WHY_A_TITLE = gettext_lazy(
    "读者在版面、列表和检索结果里靠标题认出稿件，所以消息、简讯、评论和摘编要有标题才能发布"
    "（图片新闻可以用图片说明代替）。请先补上标题。"
)
# A refusal names this many articles and counts the rest.
NAMED_IN_A_REFUSAL = 10


@dataclass(frozen=True)
class UnflaggedPublished:
    """What publish_unflagged() did: how many it published, how many still wait for an
    editor, and the descriptions of those among them that only lack a headline."""

    published: int
    waiting: int
    untitled: str = ""
    untitled_count: int = 0


def publish_unflagged(*, dry_run: bool = False) -> UnflaggedPublished:
    """Publish every article awaiting review that carries no flag and can be published.

    What the extraction was unsure of keeps its place in the review queue; so does an
    article an editor has marked reviewed, or has published once and taken back, and one
    without a headline (named in the result, so the desk knows what to fix).
    """
    waiting = list(
        Article.objects.needing_review()
        .filter(published_at__isnull=True)
        .prefetch_related("captions")
    )
    unflagged = [a for a in waiting if not a.flags]
    untitled = untitled_articles(unflagged)
    refused = {a.pk for a in untitled}
    sure = [a for a in unflagged if a.pk not in refused]
    report = {
        "waiting": len(waiting) - len(sure),
        "untitled": name_articles(untitled) if untitled else "",
        "untitled_count": len(untitled),
    }
    if dry_run:
        return UnflaggedPublished(published=len(sure), **report)
    return UnflaggedPublished(published=set_status(sure, Article.Status.PUBLISHED), **report)


def untitled_articles(articles: Sequence[Article]) -> list[Article]:
    """The articles that may not be published for want of a headline
    (Article.can_be_published())."""
    untitled = [a for a in articles if not titles.has_words(a.headline)]
    # The captions of all the untitled photo items in one query, not one query each.
    named_by_captions = [a for a in untitled if Article.caption_may_name(a.kind)]
    prefetch_related_objects(named_by_captions, "captions")
    return [a for a in untitled if not a.can_be_published()]


def name_articles(articles: Sequence[Article]) -> str:
    """Articles as a refusal names them: kind, id and first words (简讯 #12「工人南村社区…」),
    the first NAMED_IN_A_REFUSAL of them and how many more."""
    shown = list(articles[:NAMED_IN_A_REFUSAL])
    texts = titles.first_texts(shown)
    names = []
    for article in shown:
        start = titles.text_as_title(texts.get(article.pk, ""))
        name = f"{article.get_kind_display()} #{article.pk}"
        names.append(f"{name}「{start}」" if start else name)
    named = "、".join(names)
    if len(articles) > len(shown):
        named += _("等 %(n)d 篇") % {"n": len(articles)}
    return named


# --- replace a misread word -----------------------------------------------------------


class Scope(StrEnum):
    ARTICLE = "article"
    PAGE = "page"
    ISSUE = "issue"
    ALL = "all"


SCOPE_LABELS = {
    Scope.ARTICLE: gettext_lazy("本篇稿件"),
    Scope.PAGE: gettext_lazy("本版面"),
    Scope.ISSUE: gettext_lazy("本期"),
    Scope.ALL: gettext_lazy("全部稿件"),
}

# Scopes that reach beyond one page need the chief editor's permission.
WIDE_SCOPES = (Scope.ISSUE, Scope.ALL)

_ARTICLE_FIELDS = ("overline", "headline", "subtitle", "column", "source")


@dataclass(frozen=True)
class Replacement:
    """One text that a replacement changes: where it is, and its text before and after."""

    article: Article
    target: object  # the Article, Block or PhotoCaption row
    field: str
    before: str
    after: str

    @property
    def label(self) -> str:
        return str(self.target._meta.get_field(self.field).verbose_name)


def _articles_in(scope: Scope, *, article: Article | None) -> Iterable[Article]:
    queryset = Article.objects.select_related("page").order_by("page_id", "position", "pk")
    if scope == Scope.ALL:
        return queryset
    if article is None:
        raise EditError(_("请先选定一篇稿件以确定替换范围。"))
    if scope == Scope.ARTICLE:
        return queryset.filter(pk=article.pk)
    if scope == Scope.PAGE:
        return queryset.filter(page_id=article.page_id)
    if scope == Scope.ISSUE:
        if article.page.issue_id is None:
            raise EditError(_("这篇稿件所在版面没有期次，无法按期替换。"))
        return queryset.filter(page__issue_id=article.page.issue_id)
    raise EditError(_("未知的替换范围。"))


def find_replacements(
    *, old: str, new: str, scope: Scope | str, article: Article | None = None
) -> list[Replacement]:
    """Every text in the scope that contains `old`, with what it would become: the preview."""
    if not old:
        raise EditError(_("请填写要替换的文字。"))
    if old == new:
        raise EditError(_("替换前后的文字相同。"))
    scope = Scope(scope)
    articles = list(_articles_in(scope, article=article))
    ids = [a.pk for a in articles]
    by_id = {a.pk: a for a in articles}
    changes = []
    for a in articles:
        for name in _ARTICLE_FIELDS:
            value = getattr(a, name)
            if old in value:
                changes.append(Replacement(a, a, name, value, value.replace(old, new)))
    # Only rows that contain the word are read, in one query per model.
    for model in (Block, PhotoCaption):
        rows = model.objects.filter(text__contains=old)
        if scope != Scope.ALL:
            rows = rows.filter(article_id__in=ids)
        for row in rows.order_by("article_id", "position"):
            article_row = by_id[row.article_id]
            changes.append(
                Replacement(article_row, row, "text", row.text, row.text.replace(old, new))
            )
    changes.sort(key=lambda c: (c.article.page_id, c.article.position, c.article.pk))
    return changes


def fingerprint(changes: Sequence[Replacement]) -> str:
    """A digest of the previewed texts: applying checks nothing changed since the preview."""
    digest = hashlib.sha256()
    for change in changes:
        key = f"{change.target._meta.label}:{change.target.pk}:{change.field}:{change.before}"
        digest.update(key.encode())
        digest.update(b"\0")
    return digest.hexdigest()


@transaction.atomic
def apply_replacements(
    *,
    old: str,
    new: str,
    scope: Scope | str,
    article: Article | None = None,
    expected: str | None = None,
) -> list[Replacement]:
    """Replace `old` by `new` in the scope; return what changed.

    `expected` is the fingerprint of the preview the editor saw; if the texts changed
    since, nothing is replaced and the editor is asked to look again.
    """
    changes = find_replacements(old=old, new=new, scope=scope, article=article)
    if expected is not None and fingerprint(changes) != expected:
        raise EditError(_("预览之后稿件内容有变化，请重新预览后再替换。"))
    if not changes:
        raise EditError(_("范围内没有找到“%(old)s”。") % {"old": old})
    touched = {}
    for change in changes:
        target = change.target
        if isinstance(target, Article):
            target = touched.setdefault(target.pk, target)
        setattr(target, change.field, change.after)
        if isinstance(target, Article):
            limit = Article._meta.get_field(change.field).max_length
            if len(change.after) > limit:
                raise EditError(_("替换后的文字超出了字段长度限制。"))
        else:
            target.save()
    for article_row in touched.values():
        article_row.save()
    return changes


# --- reporters ---------------------------------------------------------------------------


@transaction.atomic
def merge_reporters(*, keep: Reporter, others: Sequence[Reporter]) -> int:
    """Move every byline and photo credit of `others` to `keep`, then delete them.

    Where an article already credits `keep` in the same role, the duplicate is dropped.
    Returns the number of bylines and credits moved.
    """
    others = [r for r in others if r.pk != keep.pk]
    if not others:
        raise EditError(_("请选择至少两位不同的作者进行合并。"))
    moved = 0
    for model, parent in ((Byline, "article_id"), (PhotoCredit, "caption_id")):
        have = set(model.objects.filter(reporter=keep).values_list(parent, "role"))
        for row in model.objects.filter(reporter__in=others).order_by("pk"):
            key = (getattr(row, parent), row.role)
            if key in have:
                row.delete()
                continue
            row.reporter = keep
            row.save()
            have.add(key)
            moved += 1
    for reporter in others:
        reporter.delete()
    return moved


# --- topics ------------------------------------------------------------------------------


@transaction.atomic
def decide_topic(link, *, accept: bool):
    """Accept or reject a suggested topic; a rejected topic is never suggested again."""
    from taxonomy.models import ArticleTopic

    link.state = ArticleTopic.State.ACCEPTED if accept else ArticleTopic.State.REJECTED
    link.save(update_fields=["state", "updated_at"])
    return link


@transaction.atomic
def add_topic(articles: Iterable[Article], topic) -> int:
    """Tag articles with a topic as the editor's own choice; return how many were tagged."""
    from taxonomy.models import ArticleTopic

    count = 0
    for article in articles:
        link, created = ArticleTopic.objects.get_or_create(
            article=article, topic=topic, defaults={"state": ArticleTopic.State.ADDED}
        )
        if not created and link.state in (ArticleTopic.State.ACCEPTED, ArticleTopic.State.ADDED):
            continue
        if not created:
            link.state = ArticleTopic.State.ADDED
            link.save(update_fields=["state", "updated_at"])
        count += 1
    return count
