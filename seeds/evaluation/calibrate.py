"""Learn the item confidence weights from synthesized pages: `make calibrate`.

    python -m seeds.evaluation.calibrate [--seeds N] [--check]

The corpus is laid out in every habit with layout seeds that `make eval` does not use
(100 and up), each page parsed, and each extracted item labelled by the gold: whole
and correct, or not. A logistic regression over `confidence.features` (plain gradient
descent, fixed steps, no randomness: the same pages give the same weights) is fitted
to those labels and written to `seeds/parser/calibration.py` with the threshold under
which items are flagged `low_confidence`: the lowest confidence above which at least
nine in ten items were right. `--check` prints the bands without writing.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from seeds.parser import parse_page
from seeds.parser.confidence import features

from . import corpus, layout
from .run import BANDS, laid_pages
from .score import whole_and_correct

TRAINING_SEEDS_FROM = 100
STEPS = 3000
RATE = 0.5
L2 = 0.001
RELIABLE = 0.9
MIN_ITEMS = 100
OUT = Path(__file__).resolve().parents[1] / "parser" / "calibration.py"


def labelled_items(seeds: int, first_seed: int = TRAINING_SEEDS_FROM):
    """(item, whole and correct) for every item extracted from the laid-out pages."""
    out = []
    for page in laid_pages(layout.HABITS, seeds, first_seed=first_seed):
        items = list(parse_page(page.data, source=page.key).items)
        right = whole_and_correct(page.gold, items)
        out += [(item, i in right) for i, item in enumerate(items)]
    return out


def fit(rows: list[tuple[dict[str, float], bool]]) -> dict[str, float]:
    """Logistic regression by full-batch gradient descent."""
    names = sorted({name for found, _ in rows for name in found})
    weights = dict.fromkeys(names, 0.0)
    for _ in range(STEPS):
        gradient = dict.fromkeys(names, 0.0)
        for found, label in rows:
            z = sum(weights[n] * v for n, v in found.items())
            error = 1 / (1 + math.exp(-z)) - float(label)
            for n, v in found.items():
                gradient[n] += error * v
        for n in names:
            weights[n] -= RATE * (gradient[n] / len(rows) + L2 * weights[n])
    return {n: round(w, 3) for n, w in weights.items()}


def bands(scored: list[tuple[float, bool]]) -> list[tuple[float, float, int, float]]:
    """(low, high, items, share whole and correct) per confidence band."""
    out = []
    for low, high in zip(BANDS, BANDS[1:], strict=False):
        inside = [right for c, right in scored if low <= c < high]
        share = sum(inside) / len(inside) if inside else float("nan")
        out.append((low, min(high, 1.0), len(inside), share))
    return out


def threshold(scored: list[tuple[float, bool]]) -> float:
    """The lowest confidence above which items were right at least `RELIABLE` of the time.

    Counted over everything above it, and over at least `MIN_ITEMS` items, so that a
    small band's chance dip does not move it.
    """
    reliable = []
    for step in range(101):
        cut = step / 100
        above = [right for c, right in scored if c >= cut]
        if len(above) >= MIN_ITEMS and sum(above) / len(above) >= RELIABLE:
            reliable.append(cut)
    return min(reliable, default=1.0)


def _score(weights, item) -> float:
    z = sum(weights.get(n, 0.0) * v for n, v in features(item).items())
    return 1 / (1 + math.exp(-z))


def write(weights: dict[str, float], low: float, table) -> None:
    lines = [
        '"""Weights of the item confidence score; written by `python -m seeds.evaluation.calibrate`.',
        "",
        "Fitted on synthesized pages (layout seeds 100 and up); per confidence band, the",
        "items extracted and the share of them whole and correct:",
        "",
    ]
    for band_low, band_high, count, share in table:
        lines.append(f"    {band_low:.2f}–{band_high:.2f}  {count:5d} items  {share:.2f}")
    lines += [
        '"""',
        "",
        "WEIGHTS: dict[str, float] = {",
        *(f'    "{n}": {w},' for n, w in sorted(weights.items())),
        "}",
        f"LOW_CONFIDENCE_BELOW = {low}",
        "",
    ]
    OUT.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seeds.evaluation.calibrate")
    parser.add_argument("--seeds", type=int, default=2, help="layouts per page and habit")
    parser.add_argument("--check", action="store_true", help="print the bands, write nothing")
    args = parser.parse_args(argv)
    if not corpus.available():
        print(f"no corpus at {corpus.CORPUS_DIR}", file=sys.stderr)
        return 2
    items = labelled_items(args.seeds)
    weights = fit([(features(item), right) for item, right in items])
    scored = [(_score(weights, item), right) for item, right in items]
    table = bands(scored)
    low = threshold(scored)
    for band_low, band_high, count, share in table:
        print(f"{band_low:.2f}–{band_high:.2f}  {count:5d} items  {share:.2f} whole and correct")
    print(f"low_confidence below {low}")
    if not args.check:
        write(weights, low, table)
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
