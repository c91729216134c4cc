"""Keywords: the words of an article worth weighing, and their TF-IDF weights.

The words come from the paper's tokenizer (:func:`chinese.tokenizers.tokenize`), the same
that search indexes and queries with, so an article is indexed and weighed with the same
words; the stopwords, the IDF tables and the Han character class are :mod:`chinese`'s too.
IDF computed from the archive is handed in by the caller (:mod:`taxonomy.idf`); without it
jieba's own table serves.

Nothing here imports Django.
"""

from collections import Counter
from collections.abc import Iterable

from chinese.han import HAN
from chinese.idf import Idf
from chinese.idf import jieba_idf as default_idf
from chinese.stopwords import news_copy as stopwords
from chinese.tokenizers import tokenize

__all__ = [
    "Idf",
    "content_words",
    "default_idf",
    "document_frequencies",
    "keywords",
    "stopwords",
    "tokenize",
    "weigh",
    "weigh_words",
]


def content_words(text: str, words: list[str] | None = None) -> list[str]:
    """The article's words that can be keywords, in reading order.

    ``words`` is the text's :func:`tokenize` if the caller has it already (search indexing
    segments the same text), so that an article is segmented once.
    """
    stop = stopwords()
    return [
        word
        for word in (tokenize(text) if words is None else words)
        if len(word) >= 2 and word not in stop and HAN.search(word)
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
