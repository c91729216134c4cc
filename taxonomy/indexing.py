"""Everything the taxonomy derives from an article: keywords, topics, places, related articles.

:func:`index_articles` is what the ``page_imported`` receiver and the management commands
call; each article is indexed in its own savepoint so that one bad article never undoes the
page's import.
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction

from articles.models import Article
from taxonomy.analysis import analyse
from taxonomy.analysis import check_text as analyse_reason
from taxonomy.idf import current_idf
from taxonomy.places import PlaceIndex, link_places
from taxonomy.related import refresh_related
from taxonomy.suggestions import suggest_topics, topic_signals

logger = logging.getLogger(__name__)


def article_text(article) -> str:
    """The words of an article as readers see them: titles, body blocks, photo captions."""
    parts = [article.overline, article.headline, article.subtitle]
    parts += [block.text for block in article.blocks.all()]
    parts += [caption.text for caption in article.captions.all()]
    return "\n".join(part for part in parts if part)


@dataclass
class IndexReport:
    """What indexing did to one article; ``reason`` says why there are no suggestions."""

    article_id: int
    keywords: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    reason: str = ""
    error: str = ""


def index_articles(articles, *, related=True) -> list[IndexReport]:
    """Compute keywords, topic suggestions, places and related articles for the articles."""
    ids = [article.pk for article in articles]
    articles = list(Article.objects.filter(pk__in=ids).prefetch_related("blocks", "captions"))
    idf, signals, places = current_idf(), topic_signals(), PlaceIndex()
    reports = []
    for article in articles:
        report = IndexReport(article.pk)
        try:
            with transaction.atomic():
                text = article_text(article)
                analysis = analyse(text, idf=idf)
                article.keywords = analysis.keywords
                Article.objects.filter(pk=article.pk).update(keywords=article.keywords)
                links, report.reason = suggest_topics(article, analysis, signals)
                report.keywords = article.keywords
                report.topics = [link.topic.name for link in links]
                if not analysis.reason:
                    report.places = [link.place.name for link in link_places(article, text, places)]
        except Exception as error:  # one article must not undo a page import
            logger.exception("indexing article %s failed", article.pk)
            report.error = f"{type(error).__name__}: {error}"
            places = PlaceIndex()  # places created in the rolled-back savepoint are gone
        reports.append(report)
    if related:
        for article in articles:
            try:
                with transaction.atomic():
                    refresh_related(article)
            except Exception as error:
                logger.exception("related articles for %s failed", article.pk)
                next(r for r in reports if r.article_id == article.pk).error = str(error)
    return reports


def on_page_imported(sender, *, page=None, articles=(), **kwargs):
    """Receiver of ``seeds.signals.page_imported``: index the page's articles."""
    for report in index_articles(articles):
        if report.reason:
            logger.info("article %s: %s", report.article_id, report.reason)


def relink_places(articles) -> int:
    """Re-link every given article to the places its text names; return how many."""
    index, count = PlaceIndex(), 0
    for article in articles.prefetch_related("blocks", "captions").iterator(chunk_size=200):
        text = article_text(article)
        if analyse_reason(text):
            continue
        with transaction.atomic():
            link_places(article, text, index)
        count += 1
    return count
