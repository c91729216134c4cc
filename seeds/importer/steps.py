"""The import steps, in the order they run on each page (see articles.import_steps).

To add work to the import, write a step beside the models it writes and name it here.
"""

from __future__ import annotations

from articles.import_steps import ImportedPage, ImportStep, PageTexts, SearchIndex
from taxonomy.import_steps import Keywords, RelatedArticles

STEPS: tuple[ImportStep, ...] = (SearchIndex(), Keywords(), RelatedArticles())


def start() -> None:
    """In the importing process, before the parse worker is forked."""
    for step in STEPS:
        step.start()


def prepare(words: dict[str, list[str]]) -> tuple:
    """In the parse worker: each step's prepared result for a page, in STEPS order."""
    texts = PageTexts(words)
    return tuple(step.prepare(texts) for step in STEPS)


def new_batch() -> tuple:
    """What each step keeps from page to page in one import of many pages, in STEPS order."""
    return tuple(step.new_batch() for step in STEPS)


def apply(page: ImportedPage, prepared: tuple | None, batch: tuple | None) -> None:
    """Inside the page's transaction: run each step on the page just written."""
    prepared = prepared or (None,) * len(STEPS)
    batch = batch or (None,) * len(STEPS)
    for step, made, kept in zip(STEPS, prepared, batch, strict=True):
        step.apply(page, made, kept)
