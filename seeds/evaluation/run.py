"""Lay out the corpus in every habit, parse each page, and add up the scores."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from seeds.parser import parse_page

from . import corpus, layout
from .score import Tally, score, whole_and_correct

BRIEFS_PER_PAGE = 4
BANDS = (0.0, 0.2, 0.4, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0001)
MEASURES = (
    "items_recall",
    "items_precision",
    "title_exact",
    "byline_f1",
    "role_accuracy",
    "caption_attachment",
    "coverage",
)


def laid_pages(habits: Iterable[str], seeds: int, first_seed: int = 0) -> list[layout.LaidPage]:
    """Every corpus page in every habit, `seeds` times each."""
    pages = corpus.read_pages()
    out = []
    for habit in habits:
        for seed in range(first_seed, first_seed + seeds):
            if habit == "briefs":
                candidates = layout.brief_candidates(s for p in pages for s in p.stories)
                for start in range(0, len(candidates), BRIEFS_PER_PAGE):
                    group = candidates[start : start + BRIEFS_PER_PAGE]
                    out.append(layout.lay_out(habit, f"briefs-{start}", group, seed))
                continue
            for page in pages:
                out.append(layout.lay_out(habit, page.key, page.stories, seed))
    return out


@dataclass
class Evaluation:
    by_habit: dict[str, Tally]
    # (confidence, whole and correct) of every extracted item, for the bands
    scored: list[tuple[float, bool]] = field(default_factory=list)

    @property
    def overall(self) -> Tally:
        total = Tally()
        for tally in self.by_habit.values():
            total.add(tally)
        return total

    def figures(self) -> dict[str, dict[str, float]]:
        rows = {habit: tally.figures() for habit, tally in self.by_habit.items()}
        rows["overall"] = self.overall.figures()
        return rows

    def table(self) -> str:
        names = ("habit", "items", *MEASURES)
        lines = ["  ".join(f"{n:>18}" if i else f"{n:<14}" for i, n in enumerate(names))]
        for habit, row in self.figures().items():
            cells = [f"{habit:<14}", f"{row['items']:>18}"]
            cells += [f"{row[m]:>18.3f}" for m in MEASURES]
            lines.append("  ".join(cells))
        return "\n".join(lines)

    def bands(self) -> str:
        """Per confidence band, how many items and how often they were whole and correct."""
        lines = ["confidence      items  whole and correct"]
        for low, high in zip(BANDS, BANDS[1:], strict=False):
            inside = [right for c, right in self.scored if low <= c < high]
            share = f"{sum(inside) / len(inside):.2f}" if inside else "—"
            lines.append(f"{low:.2f}–{min(high, 1):.2f}  {len(inside):9d}  {share:>17}")
        return "\n".join(lines)

    def failures(self) -> list[str]:
        return [line for tally in self.by_habit.values() for line in tally.failures]


def evaluate(*, habits: Iterable[str] | None = None, seeds: int = 2) -> Evaluation:
    """Parse every laid-out page and score it against its gold items."""
    by_habit: dict[str, Tally] = {}
    scored: list[tuple[float, bool]] = []
    for page in laid_pages(habits or layout.HABITS, seeds):
        extraction = parse_page(page.data, source=f"{page.habit}/{page.key}")
        tally = by_habit.setdefault(page.habit, Tally())
        tally.add(score(extraction, page.gold, label=f"[{page.habit} {page.key}]"))
        items = list(extraction.items)
        right = whole_and_correct(page.gold, items)
        scored += [(item.confidence, i in right) for i, item in enumerate(items)]
    return Evaluation(by_habit, scored)
