"""Small keyword-only builders for taxonomy tests (the articles app's own rows, nothing more)."""

import hashlib
import itertools

from articles.models import Article, Block, Issue, Page, Publication

_numbers = itertools.count(1)


def make_page(*, text="", source_name=None):
    publication, _ = Publication.objects.get_or_create(name="北疆先锋报", slug="bjxf")
    issue, _ = Issue.objects.get_or_create(publication=publication, date=None, number=None)
    n = next(_numbers)
    return Page.objects.create(
        issue=issue,
        number=1,
        source_name=source_name or f"page-{n}.txt",
        checksum=hashlib.sha256(f"{n}{text}".encode()).hexdigest(),
        encoding="utf-8",
        text=text,
    )


def make_article(*, headline="", paragraphs=(), kind=Article.Kind.ARTICLE, page=None):
    page = page or make_page(text="\n".join([headline, *paragraphs]))
    article = Article.objects.create(
        page=page, position=page.articles.count(), kind=kind, headline=headline
    )
    Block.objects.bulk_create(
        Block(article=article, position=i, text=text) for i, text in enumerate(paragraphs)
    )
    return article
