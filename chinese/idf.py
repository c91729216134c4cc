"""Inverse document frequencies: jieba's own table, or one computed from the archive."""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Mapping

_lock = threading.Lock()
_jieba_idf = None


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


def jieba_idf() -> Idf:
    """jieba's own IDF table (analyse/idf.txt), an unseen word weighing the table's median.

    The table is read directly: importing jieba.analyse for it would load the part-of-speech
    models too, about 1.4 s of every importing process.
    """
    global _jieba_idf
    if _jieba_idf is None:
        with _lock:
            if _jieba_idf is None:
                import jieba

                path = os.path.join(os.path.dirname(jieba.__file__), "analyse", "idf.txt")
                values = {}
                with open(path, encoding="utf-8") as table:
                    for line in table:
                        word, _, value = line.strip().partition(" ")
                        if value:
                            values[word] = float(value)
                # Unseen words get the median, as jieba.analyse.TFIDF does.
                ordered = sorted(values.values())
                _jieba_idf = Idf(values, ordered[len(ordered) // 2])
    return _jieba_idf
