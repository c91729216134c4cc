"""The two jieba tokenizers of the project, one of each per process, loaded on first use.

- :func:`jieba_tokenizer`: jieba's own dictionary and nothing else. The parser weighs its
  evidence with it (which pieces of a page talk about the same thing, which line break
  splits a word); its decisions were measured with jieba's words (``make eval``).
- :func:`paper_tokenizer`: jieba's dictionary plus the paper's user dictionaries in
  ``dictionaries/``, so that search and the taxonomy cut an article and a reader's query
  into the same words:

  - ``terms.txt``: the paper's own terms (网格员, 楼栋长, 嘎查, 党群服务中心…) and every
    topic's signal words, so that they stay whole;
  - ``places.txt``: every place name of the region tree and the short forms the papers use,
    tagged ``ns`` (jieba's own dictionary takes 赛罕区 and 通辽 for person names); made by
    ``taxonomy.gazetteer.dictionary_lines()``.

Both are :class:`chinese.segmenter.Tokenizer`: jieba's own, whose route through each
sentence's words is computed by compiled code in the commands that cut whole archives
(``import_seeds``, ``reindex_articles``, ``compute_idf``): the same words, about twice as
fast.

Start-up cost, measured on the shared development machine (2 cores under load, Python
3.11, jieba 0.42.1): 1.0–1.7 s to load jieba's dictionary from its cache file in the
temporary directory (jieba writes that cache on the very first run), 0.04 s for the user
dictionaries. After that, segmenting a whole 20,000-character page takes 0.03–0.07 s.
``jieba.posseg`` and ``jieba.analyse`` (TextRank, and TF-IDF, which imports posseg) are
never imported: their models would add seconds to every process for nothing we use. A web
worker calls :func:`paper_tokenizer` at start-up to pay the cost before the first request.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path

import jieba

from chinese.segmenter import Tokenizer

DICTIONARY_DIR = Path(__file__).resolve().parent / "dictionaries"
USER_DICTIONARIES = ("terms.txt", "places.txt")

_lock = threading.Lock()
_paper_tokenizer = None


@lru_cache(maxsize=1)
def jieba_tokenizer() -> Tokenizer:
    """A tokenizer with jieba's own dictionary only."""
    jieba.setLogLevel(60)
    tokenizer = Tokenizer()
    tokenizer.initialize()
    return tokenizer


def paper_tokenizer() -> Tokenizer:
    """The process's tokenizer with the paper's dictionaries, loaded on first use."""
    global _paper_tokenizer
    if _paper_tokenizer is None:
        with _lock:
            if _paper_tokenizer is None:
                _paper_tokenizer = _load_paper_tokenizer()
    return _paper_tokenizer


def _load_paper_tokenizer() -> Tokenizer:
    # jieba logs "Building prefix dict…" at DEBUG on its own handler; keep stderr quiet.
    jieba.setLogLevel(logging.WARNING)
    tokenizer = Tokenizer()
    tokenizer.initialize()
    add_paper_words(tokenizer)
    return tokenizer


def add_paper_words(tokenizer) -> None:
    """Give a jieba tokenizer the paper's user dictionaries (USER_DICTIONARIES)."""
    for name in USER_DICTIONARIES:
        for word, frequency, tag in dictionary_entries(DICTIONARY_DIR / name):
            tokenizer.add_word(word, frequency, tag)


def dictionary_entries(path: Path) -> list[tuple[str, int | None, str | None]]:
    """(word, frequency, tag) from a user dictionary; unlike jieba's loader, skips # comments.

    Without a frequency jieba computes one that keeps the word whole.
    """
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, *rest = line.split()
        frequency = int(rest[0]) if rest and rest[0].isdigit() else None
        tag = rest[-1] if rest and not rest[-1].isdigit() else None
        entries.append((word, frequency, tag))
    return entries


def tokenize(text: str) -> list[str]:
    """Split text into the paper's words (HMM on for unknown names), dropping whitespace.

    Search and the taxonomy both rely on this; keep its signature stable.
    """
    if not text:
        return []
    return [word for word in paper_tokenizer().cut(text, HMM=True) if not word.isspace()]
