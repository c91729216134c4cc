"""One parsed page written in one transaction: the page row, its articles, the import steps."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction

from articles.extraction import GONE, ReporterCache, credited_names, is_desk_made, retirable
from articles.import_steps import ImportedPage
from articles.models import Page
from articles.signals import saves_indexed_later
from seeds.importer import steps
from seeds.importer.issues import apply_metadata
from seeds.importer.rows import KeptEdit, assign, create_articles, retire, update_article
from seeds.importer.upkeep import wait_for_other_imports
from seeds.manifest import UNKNOWN, PageMetadata
from seeds.parser import PageExtraction
from seeds.same_page import (
    AnotherPageError,
    TextChange,
    stored_page,
    stored_under_another_name,
    text_change,
)


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    PARSED = "parsed"  # a dry run: parsed, nothing written


@dataclass(frozen=True)
class PageImportResult:
    source: str
    extraction: PageExtraction
    outcome: Outcome
    page: Page | None = None
    kept_edits: tuple[KeptEdit, ...] = ()
    # Articles the parser no longer produces but that an editor reviewed or corrected.
    kept_articles: tuple[int, ...] = ()
    needing_review: int | None = None
    # The stored page's text beside the file's, when they differ (in a dry run as well).
    change: TextChange | None = None
    # The stored page's file name, when the file was that page under another name.
    stored_as: str | None = None


def import_page(
    *,
    source_name: str,
    data: bytes,
    extraction: PageExtraction,
    metadata: PageMetadata = UNKNOWN,
    words: dict | None = None,
    prepared: tuple | None = None,
    batch: tuple | None = None,
    replace: bool = False,
) -> PageImportResult:
    """Write one parsed page and its articles in a single transaction; safe to re-run.

    A page whose bytes and parser output are unchanged is left as it is (only new
    manifest metadata is applied). Otherwise each article is created or updated by
    its position, keeping fields an editor changed, and the import steps
    (seeds.importer.steps) run on it inside the transaction. A text mostly different from the stored page's
    (another printed page under its identity) raises AnotherPageError and writes
    nothing, unless `replace`. A stored page found by where it was printed keeps its
    file name (`stored_as` in the result).
    """
    checksum = hashlib.sha256(data).hexdigest()
    wanted = [item.as_dict() for item in extraction.items]
    # The steps index every article of the page once its paragraphs are written.
    with transaction.atomic(), saves_indexed_later():
        wait_for_other_imports()
        page = stored_page(source_name, metadata)
        created = page is None
        change = None if created else text_change(page, extraction.text)
        if change is not None and change.another_page and not replace:
            raise AnotherPageError(extraction.source, change)
        if created:
            page = Page(source_name=source_name)
        source_changed = assign(
            page,
            checksum=checksum,
            encoding=extraction.encoding,
            text=extraction.text,
            unassigned=[fragment.as_dict() for fragment in extraction.unassigned],
        )
        metadata_changed = apply_metadata(page, metadata)
        if created or source_changed or metadata_changed:
            page.save()

        existing = (
            {}
            if created
            else {a.position: a for a in page.articles.for_detail() if not is_desk_made(a)}
        )
        gone = (
            set()
            if created
            else set(page.lineage.filter(fate__in=GONE).values_list("source_position", flat=True))
        )
        current = [
            wanted[i] if i in gone else existing[i].extraction if i in existing else None
            for i in range(len(wanted))
        ]
        leftovers = [a for position, a in existing.items() if position >= len(wanted)]
        if (
            not created
            and not source_changed
            and current == wanted
            and not any(retirable(a) for a in leftovers)
        ):
            outcome = Outcome.UPDATED if metadata_changed else Outcome.UNCHANGED
            return PageImportResult(
                source=extraction.source,
                extraction=extraction,
                outcome=outcome,
                page=page,
                needing_review=_needing_review(page),
                change=change,
                stored_as=stored_under_another_name(page, source_name),
            )

        reporters = ReporterCache()
        reporters.load(name for item in wanted for name in credited_names(item))
        kept_edits, new = [], []
        for position, item in enumerate(wanted):
            article = existing.pop(position, None)
            if position in gone:
                continue  # merged into another article or deleted by an editor
            if article is None:
                new.append((position, item))
            else:
                kept_edits += update_article(article, item, reporters)
        written = create_articles(page, new, reporters)
        kept_articles = retire(existing.values())

        if created:
            articles = written  # all new, with their parts as for_detail() would read them
        else:
            articles = list(
                page.articles.for_detail().filter(position__lt=len(wanted)).order_by("position")
            )
        imported = ImportedPage(page, articles, {} if words is None else words)
        steps.apply(imported, prepared, batch)
    for callback in imported.written:
        callback()

    return PageImportResult(
        source=extraction.source,
        extraction=extraction,
        outcome=Outcome.CREATED if created else Outcome.UPDATED,
        page=page,
        kept_edits=tuple(kept_edits),
        kept_articles=kept_articles,
        needing_review=_needing_review(page),
        change=change,
        stored_as=stored_under_another_name(page, source_name),
    )


def _needing_review(page: Page) -> int:
    return page.articles.needing_review().count()
