"""Word evidence from jieba: which texts talk about the same things, and which breaks split a word.

jieba's dictionary loads once per process (about two seconds); everything here is
cached per text so a page is segmented once, and forgotten when the next page begins
(:func:`new_page`): a page costs the same whatever was parsed before it.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from itertools import repeat
from operator import mul

from chinese.han import HAN as _HAN
from chinese.stopwords import PAGE_EVIDENCE as _STOPWORDS


@lru_cache(maxsize=1)
def _jieba():
    """A jieba tokenizer (its own dictionary), its IDF table and the table's median (the
    weight of a word it does not list): :mod:`chinese`'s, loaded on the first parse rather
    than when the parser is imported.

    The tokenizer's route is computed by compiled code within ``compiled_routes()`` (as
    ``import_seeds`` runs), the same words in about half the time.
    """
    from chinese.idf import jieba_idf
    from chinese.tokenizers import jieba_tokenizer

    idf = jieba_idf()
    return jieba_tokenizer(), idf.values, idf.default


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """jieba's words of a text (accurate mode, HMM on)."""
    tokenizer, _, _ = _jieba()
    return tuple(tokenizer.lcut(text))


def new_page() -> None:
    """Forget the texts of the pages parsed before.

    Pages share few paragraphs, so keeping them gains nothing on a real archive; it only
    made a page parse faster when its text had been seen before (as in a benchmark made of
    copies) and kept the last pages' words in memory.
    """
    for cached in (words, vector, _word_across):
        cached.cache_clear()


class Vector(dict):
    """Word → weight, with its length computed once (cosines are taken many times).

    The sums below run in C (map, sum, dict copies) but add the same numbers in the same
    order as plain loops would, so that every decision the parser takes on them is the same.
    """

    _norm: float | None = None

    @property
    def norm(self) -> float:
        if self._norm is None:
            values = self.values()
            self._norm = math.sqrt(sum(map(mul, values, values)))
        return self._norm


@lru_cache(maxsize=4096)
def vector(text: str) -> Vector:
    """IDF-weighted counts of the content words of a text (two or more characters, Han)."""
    _, idf, median = _jieba()
    counts = Counter(
        w for w in words(text) if len(w) >= 2 and _HAN.search(w) and w not in _STOPWORDS
    )
    return Vector({w: n * idf.get(w, median) for w, n in counts.items()})


def combine(vectors) -> Vector:
    """The sum of the vectors: the first copied whole, the others added word by word."""
    vectors = iter(vectors)
    total = Vector(next(vectors, ()))
    get = total.get
    for v in vectors:
        for w, x in v.items():
            total[w] = get(w, 0.0) + x
    return total


def cosine(a: Vector, b: Vector) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(map(mul, a.values(), map(b.get, a.keys(), repeat(0.0))))
    return dot / (a.norm * b.norm) if dot else 0.0


def coverage(title: Vector, body: Vector) -> float:
    """Share of a title's word weight that the body also uses: how well it summarises the body."""
    total = sum(title.values())
    if not total:
        return 0.0
    return sum(x for w, x in title.items() if w in body) / total


def word_across(left: str, right: str) -> str | None:
    """The dictionary word formed across a break, if any: 专业化能|力 → 能力, 旗委党|校 → 党校."""
    return _word_across(left.rstrip()[-6:], right.lstrip()[:6])


# A page's breaks are tried against each other in pairs, so the same junction comes back.
@lru_cache(maxsize=4096)
def _word_across(left: str, right: str) -> str | None:
    tokenizer, _, _ = _jieba()
    if not left or not right or not _HAN.match(left[-1]) or not _HAN.match(right[0]):
        return None
    position = 0
    for word in tokenizer.lcut(left + right, HMM=False):
        end = position + len(word)
        if position < len(left) < end and len(word) >= 2:
            return word
        position = end
    return None


def first_word(text: str) -> str:
    tokenizer, _, _ = _jieba()
    head = text.lstrip()[:8]
    tokens = tokenizer.lcut(head, HMM=False) if head else []
    return tokens[0] if tokens else ""
