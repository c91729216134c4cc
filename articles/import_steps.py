"""Import steps: the work done on each imported page once its rows are written.

The importer runs the steps named in `seeds.importer.steps.STEPS`, in that order, on every
page, as spaCy runs the components of its pipeline. A step has two halves:

- ``prepare(texts)`` computes what it can from the page's texts and their words alone. It is
  pure (no database), so the importer runs it in its parse worker while another page is
  being written; its result, a dataclass of the step's own, travels back by pickle.
- ``apply(page, prepared, batch)`` writes, in the importing process, inside the page's
  transaction. ``prepared`` is what ``prepare`` returned for this page, or None when the page
  was not read ahead; ``batch`` is what ``new_batch()`` made for one import of many pages
  (kept from page to page), or None for a page imported alone.

``start()`` runs in the importing process before the worker is forked: it loads from the
database what ``prepare`` will need, and the worker inherits it.

This module holds the contract and the search index's step; the taxonomy's are in
`taxonomy.import_steps`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar, Generic, TypeVar

from articles import search
from articles.models import Article, Page

Prepared = TypeVar("Prepared")
Batch = TypeVar("Batch")


@dataclass(frozen=True)
class PageTexts:
    """A parsed page's item texts (as articles.extraction.item_text makes them), with their
    words (taxonomy.lexicon.tokenize)."""

    words: dict[str, list[str]]


@dataclass
class ImportedPage:
    """A page just written, with its articles in reading order, as the steps receive it."""

    page: Page
    articles: list[Article]
    # {article text: its words}, fresh for each page: steps read and fill it, so that each
    # text is segmented once per page.
    words: dict[str, list[str]] = field(default_factory=dict)
    # Articles a step could not handle (it logged why); later steps leave them alone.
    failed: set[int] = field(default_factory=set)
    # Run by the importer once the page's own transaction or savepoint is released.
    written: list[Callable[[], None]] = field(default_factory=list)

    def when_written(self, callback: Callable[[], None]) -> None:
        """Call back once the page is written: what a step learnt from it may be kept.

        Pages may share a transaction, each in a savepoint: the page is then written when
        its savepoint is released, before the transaction commits. A page that fails
        calls nothing back. (If the shared transaction then fails to commit, the importer
        drops every step's batch state.)
        """
        self.written.append(callback)


class ImportStep(Generic[Prepared, Batch]):
    """One named step of the import; the defaults do nothing."""

    name: ClassVar[str]

    def start(self) -> None:
        """In the importing process, before the parse worker is forked."""

    def prepare(self, texts: PageTexts) -> Prepared | None:
        """In the parse worker (or nowhere): what this step computes from texts alone."""
        return None

    def new_batch(self) -> Batch | None:
        """What this step keeps from page to page within one import of many pages."""
        return None

    def apply(self, page: ImportedPage, prepared: Prepared | None, batch: Batch | None) -> None:
        """Inside the page's transaction: write what this step derives from the page."""
        raise NotImplementedError


@dataclass(frozen=True)
class SearchTokens:
    """Each text's search document (search.document_text), made in the parse worker."""

    documents: dict[str, str]


class SearchIndex(ImportStep[SearchTokens, None]):
    """Index the page's articles for search in one pass, sharing the page's words."""

    name = "search"

    def prepare(self, texts: PageTexts) -> SearchTokens:
        return SearchTokens(
            {text: search.document_text(text, cut) for text, cut in texts.words.items()}
        )

    def apply(self, page: ImportedPage, prepared: SearchTokens | None, batch: None) -> None:
        search.index_articles(
            page.articles,
            words=page.words,
            tokens=None if prepared is None else prepared.documents,
        )
