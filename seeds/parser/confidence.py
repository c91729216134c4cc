"""How sure the extraction is of each item: a logistic score over what the item shows.

An item with a headline, a byline and text that opens and closes whole is usually
right; one without a byline, stitched from two places, or opening mid-sentence much
less often. The weights are learned from synthesized pages of real articles, whose
gold says which items came out whole and correct (`python -m seeds.evaluation.calibrate`
writes `calibration.py`), so that a confidence of 0.8 means about four in five such
items were right. Items under `LOW_CONFIDENCE_BELOW` are flagged `low_confidence`.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from .calibration import LOW_CONFIDENCE_BELOW, WEIGHTS
from .records import Flag, Item, ItemKind
from .rules import LEAD_PATTERN

_LEAD = re.compile(LEAD_PATTERN)
_KINDS = (ItemKind.COMMENTARY, ItemKind.BRIEF, ItemKind.PHOTO, ItemKind.QUOTE_BOX)
_FLAGS = (
    Flag.MISSING_HEADLINE,
    Flag.STARTS_MID_SENTENCE,
    Flag.CONTINUES_ELSEWHERE,
    Flag.UNCERTAIN_COLUMN,
    Flag.UNCERTAIN_HEADLINE,
    Flag.STITCHED,
)


def features(item: Item) -> dict[str, float]:
    """What the score looks at, each a number between 0 and 1."""
    chars = sum(len(b.text) for b in item.body) + sum(len(c.text) for c in item.captions)
    found = {
        "bias": 1.0,
        "headline": float(bool(item.headline)),
        "overline_or_subtitle": float(bool(item.overline or item.subtitle)),
        "column": float(bool(item.column)),
        "byline": float(bool(item.bylines)),
        "captions": float(bool(item.captions)),
        "subheads": float(any(str(b.type) == "subhead" for b in item.body)),
        # Short texts are more often fragments: 100 characters → 0.5, 1,000 → 0.75.
        "length": min(1.0, math.log10(max(chars, 1)) / 4),
        # Signed and titled: the parts a news item opens with were all found together.
        "headline_and_byline": float(bool(item.headline and item.bylines)),
        "opens_with_lead": float(bool(item.body) and _LEAD.match(item.body[0].text) is not None),
        # Narrow columns (short lines) and headlines printed after their text are where
        # the extraction goes wrong most.
        "short_lines": float(_mean_line(item) < SHORT_LINE_CHARS),
        "headline_after_text": float(_headline_after_text(item)),
    }
    for kind in _KINDS:
        found[f"kind_{kind}"] = float(item.kind is kind)
    for flag in _FLAGS:
        found[f"flag_{flag}"] = float(str(flag) in item.flags)
    return found


SHORT_LINE_CHARS = 30


def _mean_line(item: Item) -> float:
    """Characters per line of the item (a span is a line of the page)."""
    if not item.spans:
        return 0.0
    return sum(end - start for start, end in item.spans) / len(item.spans)


def _headline_after_text(item: Item) -> bool:
    starts = [b.spans[0][0] for b in item.body if b.spans]
    return bool(item.headline and starts and item.spans) and min(starts) <= min(
        start for start, _ in item.spans
    )


def score(item: Item) -> float:
    """The item's confidence, 0 to 1."""
    total = sum(WEIGHTS.get(name, 0.0) * value for name, value in features(item).items())
    return 1 / (1 + math.exp(-total))


def with_confidence(item: Item) -> Item:
    """The item with its confidence, flagged `low_confidence` where that is low."""
    confidence = round(score(item), 3)
    flags = item.flags
    if confidence < LOW_CONFIDENCE_BELOW and str(Flag.LOW_CONFIDENCE) not in flags:
        flags = tuple(sorted((*flags, str(Flag.LOW_CONFIDENCE))))
    return replace(item, confidence=confidence, flags=flags)
