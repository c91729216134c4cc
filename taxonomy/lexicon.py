"""Word segmentation and keywords for the whole project: one jieba tokenizer per process.

Search (``articles.search``) and the taxonomy both call :func:`tokenize`, so an article is
indexed and queried with the same words. The tokenizer loads jieba's dictionary plus the
paper's user dictionaries in ``taxonomy/dictionaries/`` the first time a function here is
called, never at import:

- ``terms.txt``: the paper's own terms (网格员, 楼栋长, 嘎查, 党群服务中心…) and every
  topic's signal words, so that they stay whole;
- ``places.txt``: every place name of the region tree and the short forms the papers use,
  tagged ``ns`` (jieba's own dictionary takes 赛罕区 and 通辽 for person names).

The tokenizer is :class:`taxonomy.segmenter.Tokenizer`: jieba's own, whose route through
each sentence's words is computed by compiled code in the commands that cut whole archives
(``import_seeds``, ``reindex_articles``, ``compute_idf``): the same words, about twice as
fast.

Start-up cost, measured on the shared development machine (2 cores under load, Python
3.11, jieba 0.42.1): 1.0–1.7 s to load jieba's dictionary from its cache file in the
temporary directory (jieba writes that cache on the very first run), 0.04 s for the user
dictionaries, and 0.5–0.8 s more the first time :func:`keywords` needs jieba's default IDF
table. After that, segmenting a whole 20,000-character page takes 0.03–0.07 s.
``jieba.posseg`` and ``jieba.analyse`` (TextRank, and TF-IDF, which imports posseg) are
never imported: their models would add seconds to every process for nothing we use.
Call :func:`tokenizer` at start-up to pay the cost before the first request.

Nothing here imports Django; IDF computed from the archive is handed in by the caller.
"""

import logging
import math
import os
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

import jieba

from taxonomy.segmenter import Tokenizer

DICTIONARY_DIR = Path(__file__).resolve().parent / "dictionaries"
USER_DICTIONARIES = ("terms.txt", "places.txt")
STOPWORDS_FILE = DICTIONARY_DIR / "stopwords.txt"

_HAN = re.compile(r"[\u3400-\u9fff]")
_lock = threading.Lock()
_tokenizer = None
_default_idf = None
_stopwords = None


def _load_tokenizer():
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


def tokenizer():
    """The process's jieba tokenizer with the paper's dictionaries, loaded on first use."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = _load_tokenizer()
    return _tokenizer


def tokenize(text: str) -> list[str]:
    """Split text into words (jieba, HMM on for unknown names), dropping whitespace.

    Search and the taxonomy both rely on this; keep its signature stable.
    """
    if not text:
        return []
    return [word for word in tokenizer().cut(text, HMM=True) if not word.isspace()]


def is_content_word(word: str) -> bool:
    """A word worth weighing: two or more characters, some of them Chinese, not a stopword."""
    return len(word) >= 2 and bool(_HAN.search(word)) and word not in stopwords()


def stopwords() -> frozenset[str]:
    """Words too common in news copy to tell articles apart (近日, 开展, 记者…)."""
    global _stopwords
    if _stopwords is None:
        lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
        _stopwords = frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))
    return _stopwords


class Idf:
    """Inverse document frequencies with a value for unseen words."""

    def __init__(self, values: Mapping[str, float], default: float):
        self.values = values
        self.default = default

    def __getitem__(self, word: str) -> float:
        return self.values.get(word, self.default)

    @classmethod
    def from_document_frequencies(cls, frequencies: Mapping[str, int], documents: int):
        """Smoothed IDF, ln((1+N)/(1+df)) + 1, as for scikit-learn's TfidfVectorizer."""
        values = {
            word: math.log((1 + documents) / (1 + df)) + 1 for word, df in frequencies.items()
        }
        # An unseen word is rarer than any seen one.
        return cls(values, math.log(1 + documents) + 1)


def default_idf() -> Idf:
    """jieba's own IDF table (analyse/idf.txt), read directly so jieba.analyse stays unloaded."""
    global _default_idf
    if _default_idf is None:
        with _lock:
            if _default_idf is None:
                path = os.path.join(os.path.dirname(jieba.__file__), "analyse", "idf.txt")
                values = {}
                with open(path, encoding="utf-8") as table:
                    for line in table:
                        word, _, value = line.rstrip("\n").partition(" ")
                        values[word] = float(value)
                # Unseen words get the median, as jieba.analyse.TFIDF does.
                ordered = sorted(values.values())
                _default_idf = Idf(values, ordered[len(ordered) // 2])
    return _default_idf


def content_words(text: str, words: list[str] | None = None) -> list[str]:
    """The article's words that can be keywords, in reading order.

    ``words`` is the text's :func:`tokenize` if the caller has it already (search indexing
    segments the same text), so that an article is segmented once.
    """
    stop = stopwords()
    return [
        word
        for word in (tokenize(text) if words is None else words)
        if len(word) >= 2 and word not in stop and _HAN.search(word)
    ]


def document_frequencies(texts: Iterable[str]) -> tuple[Counter, int]:
    """How many texts contain each content word, and how many texts there were."""
    frequencies, documents = Counter(), 0
    for text in texts:
        documents += 1
        frequencies.update(set(content_words(text)))
    return frequencies, documents


def weigh_words(text: str, *, idf: Idf | None = None) -> dict[str, float]:
    """TF-IDF weight of every content word of the text, heaviest first."""
    return weigh(content_words(text), idf=idf)


def weigh(words: Iterable[str], *, idf: Idf | None = None) -> dict[str, float]:
    """TF-IDF weight of each of the given words (term frequency × IDF), heaviest first."""
    idf = idf or default_idf()
    counts = Counter(words)
    total = sum(counts.values())
    if not total:
        return {}
    weights = {word: count / total * idf[word] for word, count in counts.items()}
    return dict(sorted(weights.items(), key=lambda item: (-item[1], item[0])))


def keywords(text: str, top_k: int = 10, *, idf: Idf | None = None) -> list[str]:
    """The text's top_k keywords by TF-IDF (the archive's IDF if given, jieba's otherwise)."""
    return list(weigh_words(text, idf=idf))[:top_k]
