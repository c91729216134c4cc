"""Stage 4a, pieces: classified lines → the page's pieces in print order.

A piece is one paragraph of running text (its wrapped lines joined), or one title,
kicker, byline, credit or source line. Leads (本报讯…), inline photo credits
(…上车。王玮 摄), brief signatures ((青哈斯)) and trailing source notes are read
off a piece here, so that later stages deal with text and names apart.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from enum import StrEnum

from . import credits as creditparse
from .classify import PARTICIPANT_LINE, ClassifiedLine, LineRole, looks_like_title
from .jumps import Jump, leading_jump, trailing_jump
from .records import Credit
from .rules import SHORT_LINE_RATIO, SUBHEAD_LINE_RATIO
from .typography import close_ocr_spaces, display_width, ends_sentence, join_wrapped


class PieceKind(StrEnum):
    PARA = "para"
    TITLE = "title"
    KICKER = "kicker"
    BYLINE = "byline"
    CREDIT = "credit"
    SOURCE = "source"
    BRIEF = "brief"
    QUOTE = "quote"
    ATTRIBUTION = "attribution"
    JUMP = "jump"


_SINGLE = {
    LineRole.TITLE: PieceKind.TITLE,
    LineRole.KICKER: PieceKind.KICKER,
    LineRole.BYLINE: PieceKind.BYLINE,
    LineRole.CREDIT: PieceKind.CREDIT,
    LineRole.SOURCE: PieceKind.SOURCE,
    LineRole.JUMP: PieceKind.JUMP,
}
_RUNNING = {
    LineRole.BODY: PieceKind.PARA,
    LineRole.QUOTE: PieceKind.QUOTE,
    LineRole.BRIEF: PieceKind.BRIEF,
    LineRole.ATTRIBUTION: PieceKind.ATTRIBUTION,
}


@dataclass(frozen=True)
class Piece:
    index: int
    kind: PieceKind
    lines: tuple[ClassifiedLine, ...]
    text: str  # repaired text without the lead, credit, signature or source note
    credits: tuple[Credit, ...] = ()  # byline, lead, brief signature, or photo credit names
    photo_credits: tuple[Credit, ...] = ()  # a credit printed at the end of a caption
    source: str | None = None
    lead: bool = False
    head: str = ""  # ★党的思想路线： — a quotation's own heading line
    markdown: int = 0
    signature: tuple[Credit, ...] = ()  # …一查到底。（郭帅）: names signing the text
    jumps: tuple[Jump, ...] = ()  # （上接第1版）…（下转第3版）: the other pages of the text

    @property
    def blank_before(self) -> int:
        return self.lines[0].blank_before

    @property
    def first_number(self) -> int:
        return self.lines[0].number


def build_pieces(lines: tuple[ClassifiedLine, ...]) -> tuple[Piece, ...]:
    """Group running-text lines into paragraphs; every other line is a piece of its own."""
    widths = _local_widths(lines, _column_width(lines))
    pieces: list[Piece] = []
    i = 0
    while i < len(lines):
        c = lines[i]
        if c.role is LineRole.BLANK:
            i += 1
            continue
        if c.role in _SINGLE:
            pieces.append(_single(len(pieces), c))
            i += 1
            continue
        if _subhead_over_paragraph(lines, i, widths[i]):
            pieces.append(_single(len(pieces), c, PieceKind.TITLE))
            i += 1
            continue
        group = [c]
        i += 1
        while (
            i < len(lines)
            and lines[i].role is LineRole.BODY
            and lines[i].blank_before == 0
            and not _ends_paragraph(group[-1], widths[i - 1])
        ):
            group.append(lines[i])
            i += 1
        pieces.append(_running(len(pieces), tuple(group)))
    return tuple(pieces)


def _column_width(lines: tuple[ClassifiedLine, ...]) -> float | None:
    """The column width of wrapped text, from lines that run on to a next line."""
    widths = [
        display_width(a.text)
        for a, b in zip(lines, lines[1:], strict=False)
        if a.role is LineRole.BODY and b.role is LineRole.BODY and b.blank_before == 0
    ]
    if len(widths) < 5:
        return None
    return statistics.median(widths)


# Lines either side of a line that tell the width of its column: an article's own
# column, since a page sets its articles at different widths.
LOCAL_WIDTH_REACH = 12


def _local_widths(
    lines: tuple[ClassifiedLine, ...], page_width: float | None
) -> list[float | None]:
    """For each line, the width of the column it is set in, from the wrapped lines near it.

    A line that runs on to the next one without a blank line is as wide as its column;
    the median of those within reach is the column's width, or the page's where too few
    are near.
    """
    running: list[float | None] = [
        display_width(a.text)
        if a.role is LineRole.BODY and b.role is LineRole.BODY and b.blank_before == 0
        else None
        for a, b in zip(lines, lines[1:], strict=False)
    ]
    running.append(None)
    out: list[float | None] = []
    for i in range(len(lines)):
        near = [
            w
            for w in running[max(0, i - LOCAL_WIDTH_REACH) : i + LOCAL_WIDTH_REACH + 1]
            if w is not None
        ]
        out.append(statistics.median(near) if len(near) >= 5 else page_width)
    return out


def _ends_paragraph(line: ClassifiedLine, width: float | None) -> bool:
    """In wrapped text a paragraph ends on a sentence mark in a line shorter than the column."""
    if not ends_sentence(line.text):
        return False
    return width is None or display_width(line.text) < SHORT_LINE_RATIO * width


def _subhead_over_paragraph(lines, i: int, width: float | None) -> bool:
    """In wrapped text a short phrase on the first line of a block is a subhead.

    000: "有事共商难题同解" sits directly on "在无物业管理的好宜佳小区，一…": a
    line that stops well short of the column without ending a sentence was not
    wrapped by the column width, so it is a line of its own.
    """
    c = lines[i]
    if width is None or c.role is not LineRole.BODY or i + 1 >= len(lines):
        return False
    if c.evidence == PARTICIPANT_LINE:
        return False
    below = lines[i + 1]
    if below.role is not LineRole.BODY or below.blank_before:
        return False
    short = display_width(c.text) < SUBHEAD_LINE_RATIO * width
    return short and not ends_sentence(c.text) and looks_like_title(c.text)


def _single(index: int, c: ClassifiedLine, kind: PieceKind | None = None) -> Piece:
    return Piece(
        index=index,
        kind=kind or _SINGLE[c.role],
        lines=(c,),
        text=c.text,
        credits=c.credits,
        source=c.source,
        markdown=c.markdown,
        jumps=(c.jump,) if c.jump else (),
    )


def _running(index: int, group: tuple[ClassifiedLine, ...]) -> Piece:
    kind = _RUNNING[group[0].role]
    raw = ""
    for c in group:
        raw = join_wrapped(raw, c.text)
    credits: tuple[Credit, ...] = ()
    photo_credits: tuple[Credit, ...] = ()
    source = None
    lead = False
    head = ""
    signature: tuple[Credit, ...] = ()
    jumps: tuple[Jump, ...] = ()
    if kind is PieceKind.QUOTE and len(group) > 1 and group[0].text.rstrip().endswith(("：", ":")):
        head = close_ocr_spaces(group[0].text)
        raw = raw[len(group[0].text) :]
    if kind is PieceKind.PARA:
        found = creditparse.parse_lead(raw)
        if found:
            credits, raw, lead = found.credits, raw[found.text_start :], True
        inline = creditparse.inline_credit(raw)
        if inline:
            photo_credits, raw = inline[0], raw[: inline[1]]
        signed = creditparse.trailing_names(raw)
        if signed and ends_sentence(raw[: signed[1]]):
            signature, raw = signed[0], raw[: signed[1]]
        opening = leading_jump(raw)
        if opening:
            jumps, raw = (opening[0],), raw[opening[1] :]
        closing = trailing_jump(raw)
        if closing:
            jumps, raw = (*jumps, closing[0]), raw[: closing[1]]
    if kind is PieceKind.BRIEF:
        signed = creditparse.trailing_names(raw)
        if signed:
            credits, raw = signed[0], raw[: signed[1]]
    noted = creditparse.trailing_source(raw)
    if noted:
        source, raw = noted[0], raw[: noted[1]]
    return Piece(
        index=index,
        kind=kind,
        lines=group,
        text=close_ocr_spaces(raw),
        credits=credits,
        photo_credits=photo_credits,
        source=source,
        lead=lead,
        head=head,
        signature=signature,
        jumps=jumps,
    )
