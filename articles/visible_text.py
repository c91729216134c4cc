"""What of a page's OCR text a reader may see: the source of its published items, no more.

A printed page holds items of every status: published ones, drafts waiting for review,
items a chief editor (主编) took down, and text the extraction gave to no item. Each item
keeps its source as spans, half-open code-point offsets into the page text. A reader is
shown the published items' spans; each other run of text becomes one note that something
was withheld, so that neither a draft nor its length is read off the original. Whitespace
between runs stays, keeping the page's lines. The desk reads the whole text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """A stretch of the text a reader sees, or a withheld run (its text is then empty)."""

    text: str
    withheld: bool = False


def sees_everything(user) -> bool:
    """Whether the user is on the desk: staff who may open articles in the admin."""
    return bool(
        user is not None
        and user.is_active
        and user.is_staff
        and user.has_perm("articles.view_article")
    )


def clean_spans(spans, length: int) -> list[tuple[int, int]]:
    """The spans as sorted, merged (start, end) pairs within the text; malformed ones dropped.

    Spans are JSON an editor's action or an old import may have left in any shape.
    """
    pairs = []
    for span in spans if isinstance(spans, list | tuple) else ():
        if not isinstance(span, list | tuple) or len(span) != 2:
            continue
        start, end = span
        # bool is an int to Python; true and false are no offsets.
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
            continue
        start, end = max(start, 0), min(end, length)
        if start < end:
            pairs.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(pairs):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _without(shown: list[tuple[int, int]], hidden: list[tuple[int, int]]):
    """The parts of the merged spans `shown` that no merged span of `hidden` covers."""
    for start, end in shown:
        for hidden_start, hidden_end in hidden:
            if hidden_end <= start or hidden_start >= end:
                continue
            if hidden_start > start:
                yield start, hidden_start
            start = max(start, hidden_end)
            if start >= end:
                break
        if start < end:
            yield start, end


def _gap(text: str) -> Iterable[Segment]:
    """Text between shown spans: kept if it is only whitespace, else one withheld run."""
    if not text.strip():
        if text:
            yield Segment(text)
        return
    stripped = text.lstrip()
    if lead := text[: len(text) - len(stripped)]:
        yield Segment(lead)
    yield Segment("", withheld=True)
    if trail := stripped[len(stripped.rstrip()) :]:
        yield Segment(trail)


def visible_segments(text: str, published_spans, other_spans) -> list[Segment]:
    """The page text as a reader sees it.

    `published_spans` are the spans of the published items, `other_spans` those of every
    other item. A character in both (an editor's merge or split can leave spans that
    overlap) is withheld: a reader never sees what an unpublished item claims.
    """
    shown = list(
        _without(clean_spans(published_spans, len(text)), clean_spans(other_spans, len(text)))
    )
    segments: list[Segment] = []
    cursor = 0
    for start, end in shown:
        segments += _gap(text[cursor:start])
        segments.append(Segment(text[start:end]))
        cursor = end
    segments += _gap(text[cursor:])
    return _joined(segments)


def _joined(segments: list[Segment]) -> list[Segment]:
    # Neighbouring shown stretches as one, so the template writes few pieces.
    joined: list[Segment] = []
    for segment in segments:
        if joined and not segment.withheld and not joined[-1].withheld:
            joined[-1] = Segment(joined[-1].text + segment.text)
        else:
            joined.append(segment)
    return joined
