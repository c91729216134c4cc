"""Keyword-only builders of published content rows for the public site's tests."""

from __future__ import annotations

import datetime
import hashlib
import itertools

from django.utils import timezone

from articles.models import (
    Article,
    Block,
    Byline,
    Issue,
    Page,
    PhotoCaption,
    PhotoCredit,
    Publication,
    Reporter,
)

_serial = itertools.count(1)


def build_publication(*, name: str = "呼和浩特日报", slug: str = "hhhtrb") -> Publication:
    """A publication, reused when one of that slug exists."""
    publication, _ = Publication.objects.get_or_create(slug=slug, defaults={"name": name})
    return publication


def build_issue(
    *, publication: Publication | None = None, date=datetime.date(2024, 9, 20), number=None
) -> Issue:
    """An issue of `publication` for `date` (None: date unknown)."""
    publication = publication or build_publication()
    if date is not None:
        issue, _ = Issue.objects.get_or_create(
            publication=publication, date=date, defaults={"number": number}
        )
        return issue
    return Issue.objects.create(publication=publication, date=None, number=number)


def build_page(
    *, issue: Issue | None | bool = True, number: int | None = 1, name: str = "要闻", text=""
) -> Page:
    """A page; `issue=None` gives a page whose issue is unknown, True a default issue."""
    if issue is True:
        issue = build_issue()
    serial = next(_serial)
    text = text or f"第{serial}版原文"
    return Page.objects.create(
        issue=issue,
        number=number,
        name=name,
        source_name=f"page_{serial}.txt",
        checksum=hashlib.sha256(text.encode()).hexdigest(),
        encoding="utf-8",
        text=text,
    )


def build_article(
    *,
    page: Page | None = None,
    position: int | None = None,
    headline: str = "激活社区“微治理”",
    overline: str = "",
    subtitle: str = "",
    column: str = "",
    source: str = "",
    kind: str = Article.Kind.ARTICLE,
    status: str = Article.Status.PUBLISHED,
    body=("工人南村社区积极探索社区治理新模式。",),
    bylines=(),
    captions=(),
    published_at=None,
    spans=(),
) -> Article:
    """An article with its blocks, bylines and captions.

    `body` takes texts or (type, text) pairs; `bylines` (name, role) pairs; `captions`
    (text, [(name, role), …]) pairs; `spans` [start, end] pairs into its page's text.
    """
    page = page or build_page()
    if position is None:
        position = page.articles.count()
    if published_at is None and status == Article.Status.PUBLISHED:
        published_at = timezone.now()
    article = Article.objects.create(
        page=page,
        position=position,
        headline=headline,
        overline=overline,
        subtitle=subtitle,
        column=column,
        source=source,
        kind=kind,
        status=status,
        published_at=published_at,
        spans=[list(span) for span in spans],
    )
    for i, block in enumerate(body):
        block_type, text = ("paragraph", block) if isinstance(block, str) else block
        Block.objects.create(article=article, position=i, type=block_type, text=text)
    for i, (name, role) in enumerate(bylines):
        reporter, _ = Reporter.objects.get_or_create(name=name)
        Byline.objects.create(article=article, reporter=reporter, role=role, position=i)
    for i, (text, credits) in enumerate(captions):
        caption = PhotoCaption.objects.create(article=article, position=i, text=text)
        for j, (name, role) in enumerate(credits):
            reporter, _ = Reporter.objects.get_or_create(name=name)
            PhotoCredit.objects.create(caption=caption, reporter=reporter, role=role, position=j)
    return article
