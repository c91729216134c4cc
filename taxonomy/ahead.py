"""Keyword analyses and topic scores made ahead, in the import's read-ahead worker.

While the importing process writes a page, a worker reads, parses and segments the next
ones (seeds.importer); the worker has time to spare and the importing process has none.
What the taxonomy computes from an article's text alone, its TF-IDF analysis and its topic
scores, is therefore made in the worker (the ``prepare`` half of the taxonomy's import step,
:mod:`taxonomy.import_steps`), with the IDF table and the topics' signal words loaded just
before the worker was forked (the step's ``start``): the worker never touches the database.

The importing process uses what was made ahead only while its own IDF table and signal
words are still those (``compute_idf``, or an editor changing a topic during the import,
makes it analyse again itself), and only for the texts it finds (an editor's kept edit
changes an article's text).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from taxonomy import lexicon
from taxonomy.analysis import analyse, score_topics
from taxonomy.idf import current_idf_with_version
from taxonomy.suggestions import topic_signals

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Basis:
    """What an analysis depends on besides the text, and a version to compare it by."""

    version: tuple
    idf: lexicon.Idf | None
    signals: list


def current_basis() -> Basis:
    idf_version, idf = current_idf_with_version()
    signals = topic_signals()
    words = tuple((topic.pk, tuple(signal_words)) for topic, signal_words in signals)
    return Basis((idf_version, words), idf, signals)


@dataclass(frozen=True)
class Analyses:
    """Each text's analysis and topic scores, made ahead with the basis of this version.

    ``made`` is {text: (analysis parts, [(topic pk, score, evidence)])}.
    """

    version: tuple
    made: dict[str, tuple]


def analyse_texts(words: dict[str, list[str]], basis: Basis) -> Analyses:
    """In the worker: each text's analysis and topic scores, from its words."""
    made = {}
    for text, cut in words.items():
        try:
            analysis = analyse(text, idf=basis.idf, words=cut)
            scores = score_topics(analysis, basis.signals)
        except Exception:  # the importing process analyses it again and reports the error
            logger.exception("analysing a text ahead failed")
            continue
        made[text] = (analysis.parts(), [(s.topic.pk, s.score, s.evidence) for s in scores])
    return Analyses(basis.version, made)


def made_ahead(prepared: Analyses | None, basis: Basis) -> dict:
    """{text: (analysis parts, [(topic pk, score, evidence)])} made with this very basis."""
    if prepared is None or prepared.version != basis.version:
        return {}
    return prepared.made
