"""From an article's text to keywords and scored topics. Pure Python, no Django.

The stages, in order:

1. check the text (empty, no Chinese, too long → no analysis, and the reason why);
2. weigh its words by TF-IDF (:func:`taxonomy.lexicon.weigh_words`) and scale the weights
   to unit length, so that scores compare across short briefs and long features;
3. score each topic by the weights of its signal words found in the text; keep those above
   the threshold, best first, with the words that were the evidence.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from chinese.han import has_han
from taxonomy import lexicon

# A long feature fills a page at about 6,000 characters; the largest seed page is 20,000.
# Anything past this is a whole issue pasted into one article, not something to classify.
MAX_TEXT_CHARS = 50_000
KEYWORDS_KEPT = 10
# Scores are sums of unit-vector weights: 0.25 means the topic's words carry about a
# sixteenth of the article's squared TF-IDF mass; judged on the seed pages
# (tests/taxonomy/test_judged_on_seeds.py).
SUGGESTION_THRESHOLD = 0.25
SUGGESTIONS_KEPT = 3
# A suggestion scoring this much is filed as a machine topic, shown to readers (机器标注)
# before an editor sees it: the lowest score at which 90% of suggestions were right on both
# the seed pages and the development corpus (`manage.py measure_topics`, docs/topics.md).
MACHINE_THRESHOLD = 0.35


class Reason:
    """Why an article gets no keywords or no suggestions; the message is shown to editors."""

    EMPTY = "正文为空，未作分析"
    NO_CHINESE = "正文没有中文文字（只有标点、数字或外文），未作分析"
    TOO_LONG = f"正文超过 {MAX_TEXT_CHARS} 字，不像一篇稿件，未作分析"
    NO_WORDS = "正文没有可作关键词的词语"
    NO_MATCH = "没有主题达到建议阈值"


@dataclass(frozen=True)
class Analysis:
    """An article's weighed words, or the reason it has none."""

    text: str
    weights: dict[str, float] = field(default_factory=dict)  # unit length, heaviest first
    word_count: int = 0
    reason: str | None = None
    idf: lexicon.Idf | None = None
    norm: float = 1.0  # length of the raw TF-IDF vector the weights were scaled by

    @property
    def keywords(self) -> list[str]:
        return list(self.weights)[:KEYWORDS_KEPT]

    def parts(self) -> tuple:
        """What the analysis holds besides its text and IDF, small enough to send by pickle."""
        return (self.reason, self.weights, self.word_count, self.norm)

    @classmethod
    def from_parts(cls, text: str, parts: tuple, idf: lexicon.Idf | None) -> "Analysis":
        """The analysis :func:`analyse` makes of ``text`` with ``idf``, from its parts()."""
        reason, weights, word_count, norm = parts
        if reason:
            return cls(text="", reason=reason)
        idf = idf or lexicon.default_idf()
        return cls(text=text, weights=weights, word_count=word_count, idf=idf, norm=norm)

    def weight_of(self, word: str) -> float:
        """The word's weight; a signal word jieba split apart is counted in the raw text."""
        if word in self.weights:
            return self.weights[word]
        if len(word) < 2 or word in lexicon.stopwords() or not self.word_count:
            return 0.0
        count = self.text.count(word)
        if not count:
            return 0.0
        return count / self.word_count * self.idf[word] / self.norm


@dataclass(frozen=True)
class TopicScore:
    topic: object
    score: float
    evidence: list[str]


def check_text(text: str) -> str | None:
    """The reason not to analyse this text, or None if it can be analysed."""
    if not text or not text.strip():
        return Reason.EMPTY
    if len(text) > MAX_TEXT_CHARS:
        return Reason.TOO_LONG
    if not has_han(text):
        return Reason.NO_CHINESE
    return None


def analyse(
    text: str, *, idf: lexicon.Idf | None = None, words: list[str] | None = None
) -> Analysis:
    """Weigh the text's words, or say why not; ``words`` is its tokenize() if already known."""
    reason = check_text(text)
    if reason:
        return Analysis(text="", reason=reason)
    idf = idf or lexicon.default_idf()
    words = lexicon.content_words(text, words)
    if not words:
        return Analysis(text="", reason=Reason.NO_WORDS)
    raw = lexicon.weigh(words, idf=idf)
    norm = math.sqrt(sum(w * w for w in raw.values()))
    return Analysis(
        text=text,
        weights={word: w / norm for word, w in raw.items()},
        word_count=len(words),
        idf=idf,
        norm=norm,
    )


def score_topics(
    analysis: Analysis,
    topics: Iterable[tuple[object, Iterable[str]]],
    *,
    threshold: float = SUGGESTION_THRESHOLD,
) -> list[TopicScore]:
    """Topics whose signal words weigh at least ``threshold`` in the article, best first.

    ``topics`` yields (topic, signal words); the topic is passed through untouched.
    """
    if analysis.reason:
        return []
    scores = []
    for topic, signal_words in topics:
        found = {}
        for word in dict.fromkeys(signal_words):
            weight = analysis.weight_of(word)
            if weight > 0:
                found[word] = weight
        score = sum(found.values())
        if score >= threshold:
            evidence = sorted(found, key=lambda w: (-found[w], w))
            scores.append(TopicScore(topic, round(score, 4), evidence))
    scores.sort(key=lambda s: (-s.score, str(s.topic)))
    return scores
