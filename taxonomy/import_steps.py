"""The taxonomy's import steps: keywords, topics and places; then related articles.

Listed with the other steps in `seeds.importer.steps`; the contract is in
`articles.import_steps`.
"""

from __future__ import annotations

import logging

from articles.import_steps import ImportedPage, ImportStep, PageTexts
from taxonomy import ahead
from taxonomy.indexing import index_articles, relate
from taxonomy.places import PlaceIndex
from taxonomy.related import RecentArticles

logger = logging.getLogger(__name__)


class Keywords(ImportStep[ahead.Analyses, PlaceIndex]):
    """Each article's keywords, topic suggestions and places (taxonomy.indexing)."""

    name = "taxonomy.keywords"

    def __init__(self):
        self.basis: ahead.Basis | None = None

    def start(self) -> None:
        # What prepare() analyses with; the worker is forked after this.
        self.basis = ahead.current_basis()

    def prepare(self, texts: PageTexts) -> ahead.Analyses | None:
        if self.basis is None:
            return None
        return ahead.analyse_texts(texts.words, self.basis)

    def new_batch(self) -> PlaceIndex:
        # The stored places, kept in memory from one page to the next.
        return PlaceIndex()

    def apply(
        self, page: ImportedPage, prepared: ahead.Analyses | None, batch: PlaceIndex | None
    ) -> None:
        places = None
        if batch is not None:
            batch.learn_stored()
            places = batch.copy()
            # Places this page stores exist for later pages only once the page is written.
            page.when_written(lambda: batch.merge(places))
        reports = index_articles(
            page.articles, related=False, words=page.words, places=places, prepared=prepared
        )
        for report in reports:
            if report.reason:
                logger.info("article %s: %s", report.article_id, report.reason)
            if report.error:
                page.failed.add(report.article_id)


class RelatedArticles(ImportStep[None, RecentArticles]):
    """Each article's related articles, from candidates kept in memory across the pages."""

    name = "taxonomy.related"

    def new_batch(self) -> RecentArticles:
        return RecentArticles()

    def apply(self, page: ImportedPage, prepared: None, batch: RecentArticles | None) -> None:
        failed = relate([a for a in page.articles if a.pk not in page.failed], batch)
        page.failed.update(failed)
