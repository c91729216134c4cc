"""What an item's review flags mean to the desk: which block publishing, and which a fix settles.

The extraction flags what it could not settle (`missing_headline`, `starts_mid_sentence`…).
Some flags say the reader would see something broken: those block publishing until an
editor fixes the cause or, having checked, unticks the flag. Others only tell the editor
where to look. A flag whose cause can be checked from the item itself is dropped as soon
as the cause is gone: a headline typed in clears `missing_headline`.

`publishing_refusal()` is the one rule every publish path asks (the admin form, the bulk
action, `publish_unflagged`, scheduled publishing).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import titles
from articles.desk.source import FLAG_LABELS, flag_label

# The flags that stand between an item and the public site, each with why, as the desk says it.
BLOCKING = {
    "missing_headline": gettext_lazy(
        "没有标题：读者在版面、列表和检索结果里靠标题认出稿件（图片新闻可以用图片说明代替）"
    ),
    "uncertain_headline": gettext_lazy(
        "标题存疑：抽取不能确定这行字是不是本稿的标题，登错了标题的稿件会误导读者"
    ),
    "starts_mid_sentence": gettext_lazy(
        "开头不完整：正文从半句开始，开头可能在别的稿件或别的版面上，读者会读到残句"
    ),
    "reimport_conflict": gettext_lazy(
        "重新导入有冲突：编辑的改动与新抽取的结果不一致，先要决定保留哪一个"
    ),
}

# What each flag that does not block asks of the editor, shown beside the checkboxes.
ADVISORY = {
    "continues_elsewhere": gettext_lazy("文末注明转至他版：核对转版的部分是否接上"),
    "uncertain_column": gettext_lazy("栏目名称可能不对：核对后改正或取消标记"),
    "unassigned_text": gettext_lazy("版面上有未归属的文字：看看是否属于本稿"),
    "stitched": gettext_lazy("正文由几段拼接而成：核对段落顺序"),
    "low_confidence": gettext_lazy("抽取把握低：通读一遍，核对标题、署名和段落"),
}


def flag_choices(current: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The flags an editor may tick, in the desk's order; any unknown flag the item already
    carries is kept as a choice so that saving the form never drops it silently."""
    known = list(FLAG_LABELS)
    extra = [flag for flag in current if flag not in FLAG_LABELS]
    return [(flag, flag_label(flag)) for flag in [*known, *dict.fromkeys(extra)]]


def explain(flag: str) -> str:
    """A flag in words: its label and what it asks; says whether it blocks publishing."""
    if flag in BLOCKING:
        return _("%(label)s（阻止发布）：%(why)s") % {
            "label": flag_label(flag),
            "why": BLOCKING[flag],
        }
    why = ADVISORY.get(flag)
    return f"{flag_label(flag)}：{why}" if why else flag_label(flag)


def settled_flags(
    flags: Sequence[str],
    *,
    headline: str,
    column: str = "",
    first_paragraph: str | None = None,
    extraction: dict | None = None,
) -> list[str]:
    """`flags` without those whose cause the item no longer has.

    - `missing_headline`: the headline has words;
    - `uncertain_headline`: an editor changed the headline the extraction was unsure of;
    - `uncertain_column`: an editor changed the column;
    - `starts_mid_sentence`: the text no longer starts with the paragraph the extraction
      found cut (an editor rewrote it, or merged the item behind its beginning). Left alone
      when the first paragraph is not known (`None`).

    The others (a conflict with a re-import, a jump to another page, low confidence) are the
    editor's to judge and untick.
    """
    extraction = extraction or {}
    gone = set()
    if titles.has_words(headline):
        gone.add("missing_headline")
    if extraction and headline != (extraction.get("headline") or ""):
        gone.add("uncertain_headline")
    if extraction and column != (extraction.get("column") or ""):
        gone.add("uncertain_column")
    if first_paragraph is not None:
        body = extraction.get("body") or []
        flagged_start = body[0].get("text") if body and isinstance(body[0], dict) else None
        if "starts_mid_sentence" not in (extraction.get("flags") or []):
            flagged_start = None  # the flag came with a part merged in behind the start
        if flagged_start is None or first_paragraph != flagged_start:
            gone.add("starts_mid_sentence")
    return [flag for flag in flags if flag not in gone]


def settle(article, *, first_paragraph: str | None = None) -> bool:
    """Drop from `article.flags` (unsaved) the flags whose cause is gone; True if any was."""
    kept = settled_flags(
        article.flags,
        headline=article.headline,
        column=article.column,
        first_paragraph=first_paragraph,
        extraction=article.extraction,
    )
    changed = kept != list(article.flags)
    article.flags = kept
    return changed


def settle_saved(article) -> bool:
    """After the desk saved an article and its paragraphs: drop the flags whose cause is
    gone, and store that; True if any was."""
    if not settle(article, first_paragraph=first_paragraph_of(article)):
        return False
    article.save(update_fields=["flags"])
    return True


def first_paragraph_of(article) -> str | None:
    """The text of the article's first paragraph as stored, or None for a new article."""
    if article.pk is None:
        return None
    from articles.models import Block

    first = Block.objects.filter(article_id=article.pk).order_by("position").values("text")[:1]
    row = first.first()
    return row["text"] if row else ""


def blocking_flags(flags: Iterable[str]) -> list[str]:
    """The flags of `flags` that keep an item off the public site.

    `missing_headline` is left to the title rule (`articles.editing.untitled_articles`),
    which knows that a photo item may go with its caption instead.
    """
    return [flag for flag in flags if flag in BLOCKING and flag != "missing_headline"]


def why_not_published(flags: Sequence[str]) -> str:
    """One item's refusal: each blocking flag and why, and what the editor can do."""
    return _(
        "还有阻止发布的待核标记，不能发布：%(reasons)s。请改正原因，或核对无误后取消勾选。"
    ) % {"reasons": "；".join(explain(flag) for flag in flags)}


def publishing_refusal(articles: Sequence) -> str | None:
    """Why these articles may not be published, naming each one and its blocking flags;
    None when every one may go."""
    from articles.editing import name_articles

    blocked = [(article, blocking_flags(article.flags)) for article in articles]
    blocked = [(article, flags) for article, flags in blocked if flags]
    if not blocked:
        return None
    lines = []
    for article, flags in blocked[:10]:
        reasons = "；".join(explain(flag) for flag in flags)
        lines.append(f"{name_articles([article])}：{reasons}")
    more = _("等 %(n)d 篇") % {"n": len(blocked)} if len(blocked) > 10 else ""
    return _(
        "以下稿件还有阻止发布的待核标记，不能发布：%(items)s%(more)s。"
        "请改正原因，或核对后在稿件表单里取消该标记。"
    ) % {"items": "。".join(lines), "more": more}
