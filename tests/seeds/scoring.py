"""Score a parser's `PageExtraction` against the hand-written expectations of a seed page.

The expectations in `tests/seeds/expected/00N.json` were written by reading the
pages in `seeds/pages/`, never from the parser's output. Each expected item says:

- ``kind``, ``column``, ``overline``, ``headline``, ``subtitle``, ``source``: exact
  (runs of whitespace count as one space; a missing part is ``null``);
- ``bylines``: ``[[name, role], ...]`` in printed order;
- ``body_start`` / ``body_end``: how the joined body begins and ends. ``null`` for a
  photo: its text is a caption, and its body must be empty;
- ``body_contains``: snippets that must lie inside one body block (so a column break
  or a stitched continuation that was not joined fails); ``body_order``, where
  present: snippets that must appear in this order; ``body_excludes``: text of
  neighbouring items, or attribution (bracketed names, source notes, glyphs), that
  must not be in the body;
- ``captions``: each with ``text_start``, ``text_end`` and ``credits``;
- ``subheads``: the subhead blocks in order (``null``: not checked);
- ``required_flags``: flags the item must carry (others are allowed).

Body and caption text is compared with all whitespace removed: OCR spaces and
spaces around digits are the repair stage's business, tested on their own. A
leading lead ``本报讯（记者 …）`` may stay in the first paragraph or not: print
keeps it there, a CMS may move it to the byline, both are right. A standalone
photo's credits live on its caption; repeating them as the item's bylines is
neither required nor wrong.

``loose=True`` is for generated variants of a page (other widths, punctuation
width, glyphs, spaces): titles, columns and text are folded (whitespace removed,
half-width ``,:;!?()`` read as full-width) and only kind, column, title, bylines,
body start and end and captions are compared.

Run ``python -m tests.seeds.scoring [PAGE_ID ...]`` for a report on the seed pages.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# One folding for both scorers: whitespace removed, half-width ,:;!?() read as full-width.
from seeds.evaluation.score import fold

EXPECTED_DIR = Path(__file__).resolve().parent / "expected"
PAGES_DIR = Path(__file__).resolve().parents[2] / "seeds" / "pages"

# The goals of issue 3 on the seed pages.
GOAL_WHOLE_AND_CORRECT = 0.95
GOAL_BYLINE_F1 = 0.98
GOAL_COLUMNS_WRONG = 0

_WHITESPACE = re.compile(r"\s+")
# 本报讯（记者 祁晓燕 通讯员 赵东霞） / 本报讯(记者刘沙沙), after whitespace is removed.
_LEAD = re.compile(r"^本报讯[（(][^（()）]*[）)]")


# --- expectations -------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectedPage:
    """One seed page and the items a reader finds on it, in reading order."""

    page_id: str
    filename: str
    items: tuple[dict, ...]

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.filename

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()


@cache
def load_expected(page_id: str) -> ExpectedPage:
    """Load `expected/<page_id>.json`."""
    data = json.loads((EXPECTED_DIR / f"{page_id}.json").read_text(encoding="utf-8"))
    return ExpectedPage(page_id=page_id, filename=data["page"], items=tuple(data["items"]))


def expected_pages() -> tuple[ExpectedPage, ...]:
    """Every seed page that has expectations, in page order."""
    return tuple(load_expected(p.stem) for p in sorted(EXPECTED_DIR.glob("*.json")))


def item_label(page_id: str, index: int, expected: dict) -> str:
    """A short human name for an expected item: page, position, kind and title or start."""
    title = " ".join(p for p in (expected["overline"], expected["headline"]) if p)
    if not title:
        first = expected["body_start"] or (expected["captions"] or [{}])[0].get("text_start")
        title = f"({first}…)"
    return f"{page_id}#{index:02d} {expected['kind']} {title}"


# --- text normalisation -------------------------------------------------------------------


def squash(text: str | None) -> str:
    """Remove every whitespace character."""
    return _WHITESPACE.sub("", text or "")


def title_part(text: str | None) -> str | None:
    """A title part as compared: stripped, runs of whitespace as one space, empty as None."""
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None


def body_blocks(item) -> list[str]:
    """The item's body blocks (paragraphs and subheads), whitespace removed."""
    return [squash(block.text) for block in item.body]


def _strip_lead(text: str) -> str:
    return _LEAD.sub("", text, count=1)


def _pairs(item) -> list[tuple[str, str]]:
    return [(c.name, str(c.role)) for c in item.bylines]


def _credit_pairs(item) -> set[tuple[str, str]]:
    pairs = set(_pairs(item))
    for caption in item.captions:
        pairs.update((c.name, str(c.role)) for c in caption.credits)
    return pairs


def _expected_credit_pairs(expected: dict) -> set[tuple[str, str]]:
    pairs = {tuple(p) for p in expected["bylines"]}
    for caption in expected["captions"]:
        pairs.update(tuple(p) for p in caption["credits"])
    return pairs


# --- matching -----------------------------------------------------------------------------


def _starts_near(text: str, start: str, *, slack: int = 24) -> bool:
    """`start` occurs at the beginning of `text`, allowing for a leftover lead or glyph."""
    position = text.find(start)
    return 0 <= position <= slack


def _match_key_text(item, norm) -> tuple[str, list[str]]:
    body = norm("".join(block.text for block in item.body))
    captions = [norm(c.text) for c in item.captions]
    return body, captions


def match_items(
    expected_items: Sequence[dict], items: Sequence, *, loose: bool = False
) -> list[int | None]:
    """For each expected item, the index of the extracted item it matches, or None.

    First by headline (exact), then, for what is left, by where the body (or, for a
    photo, the first caption) begins. Each extracted item is matched at most once.
    """
    norm = fold if loose else squash
    head = fold if loose else title_part
    matches: list[int | None] = [None] * len(expected_items)
    taken: set[int] = set()
    for e_index, expected in enumerate(expected_items):
        if expected["headline"] is None:
            continue
        for x_index, item in enumerate(items):
            if (
                x_index not in taken
                and item.headline
                and head(item.headline) == head(expected["headline"])
            ):
                matches[e_index] = x_index
                taken.add(x_index)
                break
    for e_index, expected in enumerate(expected_items):
        if matches[e_index] is not None:
            continue
        body_start = norm(expected["body_start"]) if expected["body_start"] else None
        caption_start = (
            norm(expected["captions"][0]["text_start"]) if expected["captions"] else None
        )
        for x_index, item in enumerate(items):
            if x_index in taken:
                continue
            body, captions = _match_key_text(item, norm)
            if body_start and _starts_near(body, body_start):
                found = True
            elif not body_start and caption_start:
                found = any(_starts_near(c, caption_start) for c in captions) or _starts_near(
                    body, caption_start
                )
            else:
                found = False
            if found:
                matches[e_index] = x_index
                taken.add(x_index)
                break
    return matches


# --- checking one item --------------------------------------------------------------------


def check_item(expected: dict, item, *, loose: bool = False) -> list[str]:
    """Differences between an expected item and an extracted one; empty when whole and correct."""
    norm = fold if loose else squash
    title = fold if loose else title_part
    diffs: list[str] = []

    def differ(what: str, want, got) -> None:
        diffs.append(f"{what}: expected {want!r}, got {got!r}")

    if str(item.kind) != expected["kind"]:
        differ("kind", expected["kind"], str(item.kind))
    if title(item.column) != title(expected["column"]):
        differ("column", expected["column"], item.column)
    for part in ("overline", "headline", "subtitle"):
        if title(getattr(item, part)) != title(expected[part]):
            differ(part, expected[part], getattr(item, part))
    if not loose and title(item.source) != title(expected["source"]):
        differ("source", expected["source"], item.source)

    want_bylines = [tuple(p) for p in expected["bylines"]]
    got_bylines = _pairs(item)
    if expected["kind"] == "photo" and not want_bylines:
        credits = [tuple(p) for c in expected["captions"] for p in c["credits"]]
        if got_bylines not in ([], credits):
            differ("bylines (photo: none, or its caption credits)", credits, got_bylines)
    elif got_bylines != want_bylines:
        differ("bylines", want_bylines, got_bylines)

    diffs.extend(_check_body(expected, item, norm, loose=loose))
    diffs.extend(_check_captions(expected, item, norm))

    if not loose:
        if expected["subheads"] is not None:
            got = [squash(b.text) for b in item.body if str(b.type) == "subhead"]
            want = [squash(s) for s in expected["subheads"]]
            if got != want:
                differ("subheads", want, got)
        missing = [f for f in expected["required_flags"] if f not in {str(x) for x in item.flags}]
        if missing:
            differ("required flags missing", missing, list(item.flags))
    return diffs


def _check_body(expected: dict, item, norm, *, loose: bool) -> list[str]:
    blocks = [norm(block.text) for block in item.body]
    joined = _strip_lead("".join(blocks))
    diffs: list[str] = []
    if expected["body_start"] is None:
        if joined:
            diffs.append(f"body: expected none (text goes to the caption), got {joined[:30]!r}…")
        return diffs
    start, end = norm(expected["body_start"]), norm(expected["body_end"])
    if not joined.startswith(start):
        diffs.append(f"body start: expected {start!r}, got {joined[: len(start) + 8]!r}")
    if not joined.endswith(end):
        diffs.append(f"body end: expected {end!r}, got {joined[-len(end) - 8 :]!r}")
    if loose:
        return diffs
    for snippet in expected["body_contains"]:
        if not any(norm(snippet) in block for block in blocks):
            where = "across blocks (not joined)" if norm(snippet) in "".join(blocks) else "missing"
            diffs.append(f"body should contain {snippet!r}: {where}")
    by_block = "\n".join(blocks)
    for snippet in expected["body_excludes"]:
        if norm(snippet) in by_block:
            diffs.append(f"body should not contain {snippet!r}")
    position = -1
    for snippet in expected.get("body_order", []):
        found = joined.find(norm(snippet), position + 1)
        if found < 0:
            diffs.append(f"body order: {snippet!r} missing or out of order")
            break
        position = found
    return diffs


def _check_captions(expected: dict, item, norm) -> list[str]:
    want = expected["captions"]
    got = list(item.captions)
    if len(got) != len(want):
        return [f"captions: expected {len(want)}, got {len(got)} {[c.text[:20] for c in got]!r}"]
    diffs = []
    for n, (w, g) in enumerate(zip(want, got, strict=True)):
        text = norm(g.text)
        if not text.startswith(norm(w["text_start"])):
            diffs.append(f"caption {n} start: expected {w['text_start']!r}, got {text[:20]!r}")
        if not text.endswith(norm(w["text_end"])):
            diffs.append(f"caption {n} end: expected {w['text_end']!r}, got {text[-20:]!r}")
        credits = [(c.name, str(c.role)) for c in g.credits]
        if credits != [tuple(p) for p in w["credits"]]:
            diffs.append(f"caption {n} credits: expected {w['credits']!r}, got {credits!r}")
    return diffs


# --- scoring a page -----------------------------------------------------------------------


@dataclass(frozen=True)
class ItemResult:
    label: str
    expected: dict
    matched: int | None
    differences: tuple[str, ...]

    @property
    def whole_and_correct(self) -> bool:
        return self.matched is not None and not self.differences


@dataclass(frozen=True)
class PageScore:
    page_id: str
    items: tuple[ItemResult, ...]
    byline_tp: int
    byline_fp: int
    byline_fn: int
    columns_wrong: int
    extra_items: tuple[str, ...]

    @property
    def correct(self) -> int:
        return sum(r.whole_and_correct for r in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    def differences(self) -> list[str]:
        """Human-readable lines: each item that is not whole and correct, and why."""
        lines = []
        for result in self.items:
            if result.matched is None:
                lines.append(f"{result.label}: no extracted item matches")
            for diff in result.differences:
                lines.append(f"{result.label}: {diff}")
        lines.extend(
            f"{self.page_id}: extracted item not expected: {extra}" for extra in self.extra_items
        )
        return lines


def _describe(item) -> str:
    title = item.title if hasattr(item, "title") else ""
    start = squash("".join(b.text for b in item.body))[:16]
    return f"{item.kind} {title or '(' + start + '…)'}"


def score_page(extraction, expected: ExpectedPage, *, loose: bool = False) -> PageScore:
    """Match and check every expected item of a page; count bylines and wrong columns."""
    items = list(extraction.items)
    matches = match_items(expected.items, items, loose=loose)
    results = []
    tp = fp = fn = columns_wrong = 0
    for index, (want, x_index) in enumerate(zip(expected.items, matches, strict=True)):
        label = item_label(expected.page_id, index, want)
        want_pairs = _expected_credit_pairs(want)
        if x_index is None:
            fn += len(want_pairs)
            results.append(ItemResult(label, want, None, ()))
            continue
        got = items[x_index]
        got_pairs = _credit_pairs(got)
        tp += len(want_pairs & got_pairs)
        fp += len(got_pairs - want_pairs)
        fn += len(want_pairs - got_pairs)
        norm = fold if loose else title_part
        if got.column is not None and norm(got.column) != norm(want["column"]):
            columns_wrong += 1
        results.append(ItemResult(label, want, x_index, tuple(check_item(want, got, loose=loose))))
    matched = {m for m in matches if m is not None}
    extras = []
    for x_index, item in enumerate(items):
        if x_index not in matched:
            fp += len(_credit_pairs(item))
            extras.append(_describe(item))
    return PageScore(expected.page_id, tuple(results), tp, fp, fn, columns_wrong, tuple(extras))


@dataclass(frozen=True)
class Totals:
    correct: int
    total: int
    byline_tp: int
    byline_fp: int
    byline_fn: int
    columns_wrong: int

    @property
    def share(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def precision(self) -> float:
        found = self.byline_tp + self.byline_fp
        return self.byline_tp / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.byline_tp + self.byline_fn
        return self.byline_tp / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def meets_goals(self) -> bool:
        return (
            self.share >= GOAL_WHOLE_AND_CORRECT
            and self.f1 >= GOAL_BYLINE_F1
            and self.columns_wrong <= GOAL_COLUMNS_WRONG
        )


def totals(scores: Iterable[PageScore]) -> Totals:
    """Add up page scores."""
    scores = list(scores)
    return Totals(
        correct=sum(s.correct for s in scores),
        total=sum(s.total for s in scores),
        byline_tp=sum(s.byline_tp for s in scores),
        byline_fp=sum(s.byline_fp for s in scores),
        byline_fn=sum(s.byline_fn for s in scores),
        columns_wrong=sum(s.columns_wrong for s in scores),
    )


def _summary(name: str, t: Totals) -> str:
    return (
        f"{name}: {t.correct}/{t.total} whole and correct ({t.share:.0%}); "
        f"bylines P={t.precision:.3f} R={t.recall:.3f} F1={t.f1:.3f}; columns wrong: {t.columns_wrong}"
    )


def report(scores: Sequence[PageScore]) -> str:
    """A per-page and total report with every difference, for the parser's author."""
    lines = []
    for score in scores:
        lines.append(_summary(score.page_id, totals([score])))
        lines.extend(f"    {d}" for d in score.differences())
    overall = totals(scores)
    lines.append(_summary("total", overall))
    lines.append(
        f"goals (≥{GOAL_WHOLE_AND_CORRECT:.0%}, F1 ≥ {GOAL_BYLINE_F1}, "
        f"columns wrong ≤ {GOAL_COLUMNS_WRONG}): {'met' if overall.meets_goals else 'not met'}"
    )
    return "\n".join(lines)


def parse_seed(page: ExpectedPage):
    """Run the parser on a seed page as the import command would."""
    from seeds.parser import parse_page

    return parse_page(page.read_bytes(), source=str(page.path))


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the seed pages (all, or those named) and print the report; 0 when goals are met."""
    wanted = set(sys.argv[1:] if argv is None else argv)
    pages = [p for p in expected_pages() if not wanted or p.page_id in wanted]
    scores = [score_page(parse_seed(page), page) for page in pages]
    print(report(scores))
    return 0 if totals(scores).meets_goals else 1


if __name__ == "__main__":
    sys.exit(main())
