"""A page's article rows: new articles written in one statement per table, existing ones
brought up to a new extraction part by part, keeping editors' corrections.

The parts, and how each is read from the rows and from an extraction, are the content
model's (articles.extraction); the history rows are copied by the database
(newsroom.orm.create_with_history).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from articles.extraction import (
    FIELD_PARTS,
    PARTS,
    REIMPORT_CONFLICT,
    RELATED_PARTS,
    ReporterCache,
    retirable,
)
from articles.models import Article, Page
from newsroom.orm import as_prefetched, create_with_history


def assign(instance, **values) -> bool:
    """Set the given fields; return True if any value was different."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


@dataclass(frozen=True)
class KeptEdit:
    """An editor's correction that a re-import left in place instead of the parser's value."""

    position: int
    part: str  # a field name ("headline") or a related part ("body", "bylines", "captions")
    # True when the parser's value changed too: the article is flagged reimport_conflict.
    conflict: bool = field(default=False, compare=False)


def create_articles(page: Page, items: list[tuple[int, dict]], reporters: ReporterCache):
    """Write new articles, [(position, extraction)], with their history, a statement per table.

    Like the paragraphs, the articles are inserted without a post_save each: the import steps
    see them once they are complete.
    """
    articles = []
    for position, item in items:
        article = Article(
            page=page,
            position=position,
            spans=item["spans"],
            extraction=item,
            confidence=item.get("confidence"),
        )
        for part in FIELD_PARTS:
            part.write(article, part.from_extraction(item), reporters)
        articles.append(article)
    articles = create_with_history(Article, articles)
    added = {
        part.name: part.add(
            [
                (article, part.from_extraction(item))
                for article, (_position, item) in zip(articles, items, strict=True)
            ],
            reporters,
        )
        for part in RELATED_PARTS
    }
    captions, credits = added["captions"]
    as_prefetched(captions, "credits", credits, "caption")
    as_prefetched(articles, "blocks", added["body"], "article")
    as_prefetched(articles, "bylines", added["bylines"], "article")
    as_prefetched(articles, "captions", captions, "article")
    return articles


def update_article(article: Article, item: dict, reporters: ReporterCache) -> list[KeptEdit]:
    """Bring an article up to the new extraction, part by part, keeping editors' changes.

    A part is the editor's when its current value differs from the extraction it was
    imported from; such parts are returned as KeptEdit and never overwritten. If the
    parser's value moved as well, the article is flagged `reimport_conflict`.
    """
    kept = []
    dirty = False
    for part in PARTS:
        current = part.from_article(article)
        new = part.from_extraction(item)
        if current == new:
            continue
        old = part.from_extraction(article.extraction)
        if current != old:
            conflict = new != old
            kept.append(KeptEdit(article.position, part.name, conflict=conflict))
            if conflict and REIMPORT_CONFLICT not in article.flags:
                article.flags = [*article.flags, REIMPORT_CONFLICT]
                dirty = True
            continue
        part.write(article, new, reporters)
        dirty = dirty or part in FIELD_PARTS
    dirty = (
        assign(article, spans=item["spans"], extraction=item, confidence=item.get("confidence"))
        or dirty
    )
    if dirty:
        article.save()
    return kept


def retire(articles) -> tuple[int, ...]:
    """Delete articles the parser no longer produces, unless an editor has worked on them."""
    kept = []
    for article in articles:
        if retirable(article):
            article.delete()
        else:
            kept.append(article.position)
    return tuple(sorted(kept))
