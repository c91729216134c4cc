"""How often a suggested topic is right, by score: what machine topics' threshold rests on.

Two sets of articles judged by reading them:

- the seed pages' items (tests/taxonomy/seed_topics.json): every topic an editor expects of
  each item, and those it really discusses; any other suggestion is wrong;
- the development corpus (../shared/corpus/peopledaily-2025h1, read at run time and never
  copied into the repository), whose judgements (tests/taxonomy/corpus_topics.json) mark
  each topic the scorer suggested; a suggestion made since and not judged is counted apart.

A suggestion is *right* when the article really discusses the topic (expected or
acceptable), *expected* when an editor would file it there. ``python manage.py
measure_topics`` prints both, at each threshold, for both sets.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from articles.search import joined_text
from taxonomy.analysis import SUGGESTIONS_KEPT, analyse, score_topics

ROOT = Path(__file__).resolve().parents[1]
SEED_JUDGEMENTS = ROOT / "tests" / "taxonomy" / "seed_topics.json"
SEED_PAGES = ROOT / "seeds" / "pages"
CORPUS_JUDGEMENTS = ROOT / "tests" / "taxonomy" / "corpus_topics.json"
THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7)


@dataclass(frozen=True)
class Judged:
    """One article's text and what a reader of it judged of its topics."""

    key: str
    text: str
    expected: frozenset[str]
    acceptable: frozenset[str]
    # Topics judged wrong; None when every topic neither expected nor acceptable is wrong.
    wrong: frozenset[str] | None = None

    def verdict(self, topic: str) -> str:
        """'expected', 'acceptable', 'wrong' or 'unjudged'."""
        if topic in self.expected:
            return "expected"
        if topic in self.acceptable:
            return "acceptable"
        if self.wrong is None or topic in self.wrong:
            return "wrong"
        return "unjudged"


@dataclass(frozen=True)
class Suggestion:
    key: str
    topic: str
    score: float
    rank: int
    verdict: str


@dataclass(frozen=True)
class Precision:
    """The suggestions at or above one threshold and how many of them were right."""

    threshold: float
    suggestions: int
    right: int  # expected or acceptable
    expected: int
    unjudged: int

    @property
    def judged(self) -> int:
        return self.suggestions - self.unjudged

    @property
    def precision(self) -> float | None:
        """Right among the judged suggestions; None when there are none."""
        return self.right / self.judged if self.judged else None

    @property
    def strict(self) -> float | None:
        """Expected among the judged suggestions."""
        return self.expected / self.judged if self.judged else None


def cut(page_text: str, slices) -> list[str]:
    """An item's paragraphs on its seed page: each slice from `first` to the end of the next
    `last`, in the page's text with whitespace removed."""
    flat = re.sub(r"\s+", "", page_text)
    parts = []
    for first, last in slices:
        start = flat.index(first)
        parts.append(flat[start : flat.index(last, start) + len(last)])
    return parts


def seed_items(path: Path = SEED_JUDGEMENTS, pages: Path = SEED_PAGES) -> list[Judged]:
    """The seed pages' items with the topics written for each by reading the pages."""
    fixture = json.loads(path.read_text(encoding="utf-8"))
    texts: dict[str, str] = {}
    items = []
    for number, item in enumerate(fixture["items"]):
        if item["page"] not in texts:
            texts[item["page"]] = (pages / item["page"]).read_text(encoding="utf-8")
        paragraphs = cut(texts[item["page"]], item["slices"])
        items.append(
            Judged(
                key=f"{item['page']}#{number}",
                text=joined_text((item["headline"],), paragraphs, ()),
                expected=frozenset(item["expected"]),
                acceptable=frozenset(item["acceptable"]),
            )
        )
    return items


def corpus_items(path: Path = CORPUS_JUDGEMENTS, root: Path | None = None) -> list[Judged]:
    """Every article of the development corpus with the judgements of its suggestions (an
    article with none has nothing judged); [] when the corpus is not on this machine."""
    from seeds.evaluation import corpus

    root = root or corpus.CORPUS_DIR
    if not corpus.available(root):
        return []
    judged = {item["key"]: item for item in json.loads(path.read_text(encoding="utf-8"))["items"]}
    items = []
    for page in corpus.read_pages(root):
        for story in page.stories:
            item = judged.get(story.key, {})
            captions = [block.text for block in story.blocks if block.kind == "caption"]
            paragraphs = [block.text for block in story.blocks if block.kind != "caption"]
            items.append(
                Judged(
                    key=story.key,
                    text=joined_text(
                        (story.overline, story.headline, story.subtitle), paragraphs, captions
                    ),
                    expected=frozenset(item.get("expected", ())),
                    acceptable=frozenset(item.get("acceptable", ())),
                    wrong=frozenset(item.get("wrong", ())),
                )
            )
    return items


def suggestions(items: Iterable[Judged], signals) -> list[Suggestion]:
    """What the scorer suggests for each item (as the indexer keeps them), with its verdict."""
    made = []
    for item in items:
        scored = score_topics(analyse(item.text), signals)[:SUGGESTIONS_KEPT]
        for rank, scoring in enumerate(scored):
            name = str(scoring.topic)
            made.append(Suggestion(item.key, name, scoring.score, rank, item.verdict(name)))
    return made


def precision_at(made: list[Suggestion], threshold: float) -> Precision:
    """The precision of the suggestions scored at or above the threshold."""
    kept = [s for s in made if s.score >= threshold]
    return Precision(
        threshold=threshold,
        suggestions=len(kept),
        right=sum(s.verdict in ("expected", "acceptable") for s in kept),
        expected=sum(s.verdict == "expected" for s in kept),
        unjudged=sum(s.verdict == "unjudged" for s in kept),
    )


def table(made: list[Suggestion], thresholds=THRESHOLDS) -> list[Precision]:
    return [precision_at(made, threshold) for threshold in thresholds]
