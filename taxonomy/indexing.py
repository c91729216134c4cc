"""Everything the taxonomy derives from an article: keywords, topics, places, related articles.

:func:`index_articles` is what the import steps (:mod:`taxonomy.import_steps`) and the
management commands call. Each article is analysed on its own, so that one bad article never undoes the page's
import (only the places it names for the first time are stored, in a savepoint); what the
analyses found is then written for all the articles together, in a few statements, and
related articles are computed for the batch at the end. Within an import of many pages,
the analyses and topic scores come from the read-ahead worker (:mod:`taxonomy.ahead`).
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction

from articles.models import Article
from articles.search import article_text
from newsroom.orm import is_prefetched, update_rows
from taxonomy import lexicon
from taxonomy.ahead import Analyses, current_basis, made_ahead
from taxonomy.analysis import Analysis, TopicScore, analyse
from taxonomy.analysis import check_text as analyse_reason
from taxonomy.places import PlaceIndex, link_places, place_mentions, write_place_links
from taxonomy.related import RecentArticles, refresh_related_many
from taxonomy.suggestions import suggest_topics_many

logger = logging.getLogger(__name__)

# Articles analysed and written together: enough to share the statements of a page, few
# enough for a whole-archive reindex to stay under the database's limit of query parameters.
BATCH = 200


def words_of(text: str, words: dict | None) -> list[str]:
    """The text's lexicon.tokenize(), taken from or added to ``words`` ({text: words})."""
    if words is None:
        return lexicon.tokenize(text)
    found = words.get(text)
    if found is None:
        found = words[text] = lexicon.tokenize(text)
    return found


@dataclass
class IndexReport:
    """What indexing did to one article; ``reason`` says why there are no suggestions."""

    article_id: int
    keywords: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    reason: str = ""
    error: str = ""


@dataclass
class _Found:
    """One article's analysis, waiting to be written with the others'."""

    article: Article
    analysis: object
    places: dict | None  # {place pk: mentions}, None when the text is not analysed
    scores: list | None = None  # its topic scores, when made ahead


def index_articles(
    articles,
    *,
    related=True,
    words: dict | None = None,
    recent: RecentArticles | None = None,
    places: PlaceIndex | None = None,
    prepared: Analyses | None = None,
) -> list[IndexReport]:
    """Compute keywords, topic suggestions, places and related articles for the articles.

    ``words`` maps article texts to their words when another indexer segmented them already
    (and receives the ones segmented here); ``recent`` keeps related-article candidates and
    ``places`` the stored places in memory across the pages of one import (see
    :mod:`taxonomy.related`); ``prepared`` is what the import's read-ahead worker made
    (:mod:`taxonomy.ahead`). Articles are read again from the database unless they carry
    their paragraphs and captions already (the importer's do).
    """
    articles = list(articles)
    loaded = None
    if all(is_prefetched(article, "blocks", "captions") for article in articles):
        loaded = {article.pk: article for article in articles}
    ids = list(dict.fromkeys(article.pk for article in articles))
    basis, places = current_basis(), places or PlaceIndex()
    ahead = made_ahead(prepared, basis)
    reports = []
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        if loaded is not None:
            batch = sorted((loaded[pk] for pk in chunk), key=lambda a: (a.page_id, a.position))
        else:
            batch = list(
                Article.objects.filter(pk__in=chunk).prefetch_related("blocks", "captions")
            )
        batch_reports, places = _index_batch(batch, basis, places, words, ahead)
        if related:
            _relate(batch, batch_reports, recent)
        reports += batch_reports
    return reports


def _index_batch(articles, basis, places, words, ahead):
    reports, found = [], []
    topics = {topic.pk: topic for topic, _ in basis.signals}
    for article in articles:
        report = IndexReport(article.pk)
        reports.append(report)
        try:
            text = article_text(article)
            made = ahead.get(text)
            if made is None:
                analysis = analyse(text, idf=basis.idf, words=words_of(text, words))
                scores = None
            else:
                analysis = Analysis.from_parts(text, made[0], basis.idf)
                scores = [
                    TopicScore(topics[pk], score, evidence) for pk, score, evidence in made[1]
                ]
            # Places named for the first time are stored here, in a savepoint.
            mentions = None if analysis.reason else place_mentions(text, places)
            found.append(_Found(article, analysis, mentions, scores))
        except Exception as error:  # one article must not undo a page import
            logger.exception("indexing article %s failed", article.pk)
            report.error = f"{type(error).__name__}: {error}"
            places = PlaceIndex()  # places created in a rolled-back savepoint are gone
    by_pk = {report.article_id: report for report in reports}
    try:
        with transaction.atomic():
            _write(found, basis.signals, places, by_pk)
    except Exception:
        # Write them one by one, so that the failure stays with the article that caused it.
        for one in found:
            try:
                with transaction.atomic():
                    _write([one], basis.signals, places, by_pk)
            except Exception as error:
                logger.exception("indexing article %s failed", one.article.pk)
                by_pk[one.article.pk].error = f"{type(error).__name__}: {error}"
    return reports, places


def _write(found, signals, places, reports) -> None:
    changed = []
    for one in found:
        keywords = one.analysis.keywords
        if one.article.keywords != keywords:
            one.article.keywords = keywords
            changed.append(one.article)
    update_rows(changed, ["keywords"])
    suggestions = suggest_topics_many(
        {one.article.pk: one.analysis for one in found},
        signals,
        scores={one.article.pk: one.scores for one in found if one.scores is not None},
    )
    links = write_place_links(
        {one.article.pk: one.places for one in found if one.places is not None}
    )
    for one in found:
        report = reports[one.article.pk]
        report.keywords = one.analysis.keywords
        topic_links, report.reason = suggestions[one.article.pk]
        report.topics = [link.topic.name for link in topic_links]
        report.places = [places.by_pk[link.place_id].name for link in links.get(one.article.pk, ())]


def _relate(articles, reports, recent) -> None:
    errors = relate(
        [a for a, report in zip(articles, reports, strict=True) if not report.error], recent
    )
    for report in reports:
        if report.article_id in errors:
            report.error = errors[report.article_id]


def relate(articles, recent: RecentArticles | None = None) -> dict[int, str]:
    """Refresh the articles' related articles together; return {article id: error} for those
    that failed (each then tried alone, so that the failure stays with its article)."""
    try:
        refresh_related_many(articles, recent)
        return {}
    except Exception:
        logger.exception("related articles for a batch failed; trying one by one")
    errors = {}
    for article in articles:
        try:
            refresh_related_many([article], recent)
        except Exception as error:
            logger.exception("related articles for %s failed", article.pk)
            errors[article.pk] = str(error)
    return errors


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
