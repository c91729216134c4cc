"""Score an extraction against gold items: the measures `make eval` reports.

- **items whole and correct**: a gold item is matched by an extracted item (same
  headline, else the same beginning of text) that has its kind, column, overline,
  headline and subtitle, its bylines (names and roles), exactly its body text with no
  paragraph cut in two, and its captions with their credits. Recall counts them over
  the gold items, precision over the extracted items.
- **full title exact**: overline, headline and subtitle all right, over gold items.
- **byline names F1**, and **role accuracy** over the names found.
- **caption attachment**: gold captions found, whole, on the right item.
- **coverage**: each non-whitespace character of the page lies in exactly one span.

Text is compared with whitespace removed and half-width `,:;!?()` read as full-width;
a lead (`本报讯（记者 …）`, `本报北京1月7日电（记者 …）`) may stay in the body or not;
title parts are compared without the dashes that join them (`引题——`, `——副题`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

_WHITESPACE = re.compile(r"\s+")
_HALF_TO_FULL = str.maketrans(
    {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
)
_LEAD = re.compile(r"^本报[\u4e00-\u9fff\d月日]{0,12}(?:讯|电)（[^（）]*）")


def fold(text: str | None) -> str:
    return _WHITESPACE.sub("", text or "").translate(_HALF_TO_FULL)


def fold_title(text: str | None) -> str:
    return fold(text).strip("—-―:：")


def _body(blocks: Iterable[str]) -> str:
    return _LEAD.sub("", fold("".join(blocks)), count=1)


@dataclass
class Tally:
    gold: int = 0
    extracted: int = 0
    correct: int = 0
    titles: int = 0
    names_tp: int = 0
    names_fp: int = 0
    names_fn: int = 0
    roles_right: int = 0
    captions: int = 0
    captions_right: int = 0
    chars: int = 0
    chars_covered_once: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            if name == "failures":
                self.failures += other.failures
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 3) if b else 1.0

        precision = ratio(self.names_tp, self.names_tp + self.names_fp)
        recall = ratio(self.names_tp, self.names_tp + self.names_fn)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "items": self.gold,
            "items_recall": ratio(self.correct, self.gold),
            "items_precision": ratio(self.correct, self.extracted),
            "title_exact": ratio(self.titles, self.gold),
            "byline_f1": round(f1, 3),
            "role_accuracy": ratio(self.roles_right, self.names_tp),
            "caption_attachment": ratio(self.captions_right, self.captions),
            "coverage": ratio(self.chars_covered_once, self.chars),
        }


def _headline_key(item) -> str:
    return fold_title(getattr(item, "headline", None))


def _start_key(item) -> str:
    body = _body(b.text for b in item.body)
    if body:
        return body
    return "".join(fold(c.text) for c in item.captions)


def _gold_start(gold: dict) -> str:
    body = _body(gold["paragraphs"])
    return body or "".join(fold(c["text"]) for c in gold["captions"])


def match(gold_items: Sequence[dict], items: Sequence) -> list[int | None]:
    """For each gold item the index of the extracted item that stands for it, or None."""
    matches: list[int | None] = [None] * len(gold_items)
    taken: set[int] = set()
    for g, gold in enumerate(gold_items):
        want = fold_title(gold["headline"])
        for x, item in enumerate(items):
            if want and x not in taken and _headline_key(item) == want:
                matches[g], _ = x, taken.add(x)
                break
    for g, gold in enumerate(gold_items):
        if matches[g] is not None:
            continue
        start = _gold_start(gold)[:12]
        for x, item in enumerate(items):
            if start and x not in taken and 0 <= _start_key(item).find(start) <= 24:
                matches[g], _ = x, taken.add(x)
                break
    return matches


def differences(gold: dict, item) -> list[str]:
    """Why an extracted item is not the gold item whole and correct; empty when it is."""
    diffs = []
    if str(item.kind) != gold["kind"]:
        diffs.append(f"kind {item.kind} ≠ {gold['kind']}")
    for part in ("column", "overline", "headline", "subtitle"):
        if fold_title(getattr(item, part)) != fold_title(gold[part]):
            diffs.append(f"{part} {getattr(item, part)!r} ≠ {gold[part]!r}")
    got = sorted((fold(c.name), str(c.role)) for c in item.bylines)
    want = sorted((fold(n), r) for n, r in gold["bylines"])
    if got != want and not (gold["kind"] == "photo" and not got):
        diffs.append(f"bylines {got} ≠ {want}")
    blocks = [fold(b.text) for b in item.body]
    body, want_body = _body(blocks), _body(gold["paragraphs"])
    if body != want_body:
        at = next(
            (i for i, (a, b) in enumerate(zip(body, want_body, strict=False)) if a != b), None
        )
        at = min(len(body), len(want_body)) if at is None else at
        diffs.append(
            f"body differs at {at}/{len(want_body)}: got …{body[max(0, at - 8) : at + 16]!r}"
            f" want …{want_body[max(0, at - 8) : at + 16]!r}"
        )
    else:
        for paragraph in gold["paragraphs"]:
            text = _LEAD.sub("", fold(paragraph))
            if text and not any(text in _LEAD.sub("", b) for b in blocks):
                diffs.append(f"paragraph cut in two: {paragraph[:16]!r}")
                break
    got_captions = [
        (fold(c.text), [[c.name, str(c.role)] for c in c.credits]) for c in item.captions
    ]
    want_captions = [
        (fold(c["text"]), [[fold(n), r] for n, r in c["credits"]]) for c in gold["captions"]
    ]
    if got_captions != want_captions:
        diffs.append(f"captions {got_captions} ≠ {want_captions}")
    return diffs


def whole_and_correct(gold_items: Sequence[dict], items: Sequence) -> set[int]:
    """Indexes of the extracted items that stand for a gold item whole and correct."""
    return {
        x
        for gold, x in zip(gold_items, match(gold_items, items), strict=True)
        if x is not None and not differences(gold, items[x])
    }


def _coverage(extraction) -> tuple[int, int]:
    text = extraction.text
    count = [0] * len(text)
    spans = [s for item in extraction.items for s in item.spans]
    spans += [f.span for f in extraction.unassigned]
    for start, end in spans:
        for i in range(start, end):
            count[i] += 1
    chars = [i for i, ch in enumerate(text) if not ch.isspace()]
    return len(chars), sum(1 for i in chars if count[i] == 1)


def score(extraction, gold_items: Sequence[dict], *, label: str = "") -> Tally:
    """Score one page's extraction against its gold items."""
    items = list(extraction.items)
    tally = Tally(gold=len(gold_items), extracted=len(items))
    tally.chars, tally.chars_covered_once = _coverage(extraction)
    matches = match(gold_items, items)
    for gold, x in zip(gold_items, matches, strict=True):
        want_names = {fold(n): r for n, r in gold["bylines"]}
        for caption in gold["captions"]:
            for n, r in caption["credits"]:
                want_names.setdefault(fold(n), r)
        tally.captions += sum(1 for c in gold["captions"] if c["text"])
        name = f"{label} {gold['key']} {gold['kind']} {gold['headline'] or ''}"
        if x is None:
            tally.names_fn += len(want_names)
            tally.failures.append(f"{name}: not found")
            continue
        item = items[x]
        got_names = {fold(c.name): str(c.role) for c in item.bylines}
        for caption in item.captions:
            for c in caption.credits:
                got_names.setdefault(fold(c.name), str(c.role))
        found = want_names.keys() & got_names.keys()
        tally.names_tp += len(found)
        tally.names_fp += len(got_names.keys() - want_names.keys())
        tally.names_fn += len(want_names.keys() - got_names.keys())
        tally.roles_right += sum(1 for n in found if want_names[n] == got_names[n])
        if all(
            fold_title(getattr(item, p)) == fold_title(gold[p])
            for p in ("overline", "headline", "subtitle")
        ):
            tally.titles += 1
        got_captions = {fold(c.text) for c in item.captions}
        tally.captions_right += sum(
            1 for c in gold["captions"] if c["text"] and fold(c["text"]) in got_captions
        )
        diffs = differences(gold, item)
        if diffs:
            tally.failures.append(f"{name}: " + "; ".join(diffs))
        else:
            tally.correct += 1
    matched = {m for m in matches if m is not None}
    for x, item in enumerate(items):
        if x not in matched:
            tally.names_fp += len({c.name for c in item.bylines})
            start = _start_key(item)[:16]
            tally.failures.append(f"{label} extra {item.kind} {item.headline or ''} ({start}…)")
    return tally
