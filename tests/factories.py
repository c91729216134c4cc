"""Keyword-only factories for parser records and content rows used across the tests."""

from __future__ import annotations

from articles.models import Article, Byline, Page, Reporter
from seeds.parser import (
    Block,
    BlockType,
    Caption,
    Credit,
    Fragment,
    Item,
    ItemKind,
    PageExtraction,
    Role,
)
from seeds.parser.decode import decode


def span_of(text: str, fragment: str, *, after: int = 0) -> tuple[int, int]:
    """The half-open span of `fragment` in `text` (first occurrence at or after `after`)."""
    start = text.index(fragment, after)
    return (start, start + len(fragment))


def make_credits(pairs) -> tuple[Credit, ...]:
    """(name, role) pairs → Credit records."""
    return tuple(Credit(name=name, role=Role(role)) for name, role in pairs)


def make_item(
    *,
    kind: str = "article",
    column: str | None = None,
    overline: str | None = None,
    headline: str | None = None,
    subtitle: str | None = None,
    bylines=(),
    source: str | None = None,
    body=(),
    captions=(),
    spans=(),
    flags=(),
) -> Item:
    """An Item; `body` takes texts or (type, text) pairs, `captions` (text, credits) pairs."""
    blocks = tuple(
        Block(BlockType.PARAGRAPH, b) if isinstance(b, str) else Block(BlockType(b[0]), b[1])
        for b in body
    )
    return Item(
        kind=ItemKind(kind),
        column=column,
        overline=overline,
        headline=headline,
        subtitle=subtitle,
        bylines=make_credits(bylines),
        source=source,
        body=blocks,
        captions=tuple(Caption(text, make_credits(credits)) for text, credits in captions),
        spans=tuple(tuple(s) for s in spans),
        flags=tuple(flags),
    )


def make_extraction(
    *,
    text: str,
    items=(),
    unassigned=(),
    source: str = "page.txt",
    encoding: str = "utf-8",
) -> PageExtraction:
    """A PageExtraction of `text`; `unassigned` takes fragment strings found in the text."""
    fragments = tuple(Fragment(f, span_of(text, f)) for f in unassigned)
    return PageExtraction(
        source=source, encoding=encoding, text=text, items=tuple(items), unassigned=fragments
    )


def fake_parse_page(data: bytes, *, source: str) -> PageExtraction:
    """A stand-in parser with the real decoder: each blank-line block is one article.

    Its first line is the headline and the rest is one paragraph. Commands tested with
    it get controlled item counts whatever the real parser makes of a page.
    """
    decoded = decode(data, source=source)
    text = decoded.text
    items, offset = [], 0
    for chunk in text.split("\n\n"):
        start = offset
        offset += len(chunk) + 2
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        end = start + len(chunk.rstrip())
        items.append(
            make_item(
                headline=lines[0].strip(),
                body=["".join(line.strip() for line in lines[1:])] if lines[1:] else [],
                spans=[(start + len(chunk) - len(chunk.lstrip()), end)],
            )
        )
    return PageExtraction(source=source, encoding=decoded.encoding, text=text, items=tuple(items))


def make_page(*, source_name: str = "page.txt", text: str = "版面原文", **fields) -> Page:
    """A saved Page with a plausible checksum and encoding."""
    fields.setdefault("checksum", "0" * 64)
    fields.setdefault("encoding", "utf-8")
    return Page.objects.create(source_name=source_name, text=text, **fields)


def make_article(
    *, page: Page | None = None, position: int = 0, headline: str = "标题", **fields
) -> Article:
    """A saved Article on `page` (a new page if none is given)."""
    page = page or make_page(source_name=f"page-{Page.objects.count()}.txt")
    return Article.objects.create(page=page, position=position, headline=headline, **fields)


def make_byline(
    *, article: Article, name: str, role: str = "reporter", position: int = 0
) -> Byline:
    """A Byline for `name` on `article`, reusing the Reporter row of that name."""
    reporter, _ = Reporter.objects.get_or_create(name=name)
    return Byline.objects.create(article=article, reporter=reporter, role=role, position=position)
