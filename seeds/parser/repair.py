"""Stage 5, repair: assembled drafts → items with clean text, titles, names and spans.

Lines wrapped by the column width and paragraphs broken only by a column break are
joined; spaces OCR put between Chinese characters are removed, while the spaces
between a headline's parts stay; the page's own punctuation is kept as printed
(no NFKC: it would turn ，；：（） into ASCII).
"""

from __future__ import annotations

from .assemble import Draft
from .lines import Line
from .pieces import Piece, PieceKind
from .records import Block, BlockType, Caption, Credit, Flag, Fragment, Item, ItemKind, Span
from .typography import has_han, is_open_end, join_wrapped, title_text


def repair(draft: Draft) -> Item:
    """Turn one draft into an Item record."""
    overline, headline, subtitle = title_parts(
        [
            title_text(p.text)
            for p in (*draft.head, *draft.titles_after)
            if p.kind is PieceKind.TITLE
        ]
    )
    captions = _captions(draft)
    onward = [j.page for p in _owned_pieces(draft) for j in p.jumps if j.forward]
    back = [j.page for p in _owned_pieces(draft) for j in p.jumps if not j.forward]
    flags = draft.flags
    if onward:
        flags = flags | {str(Flag.CONTINUES_ELSEWHERE)}
    return Item(
        kind=draft.kind,
        column=draft.column,
        overline=overline,
        headline=headline,
        subtitle=subtitle,
        bylines=_bylines(draft),
        source=_source(draft),
        body=_blocks(draft),
        captions=captions,
        spans=_spans(_owned_pieces(draft)),
        flags=tuple(sorted(flags)),
        continues_on=onward[-1] if onward else None,
        continued_from=back[0] if back else None,
    )


def title_parts(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    """Split a title's lines into overline (引题), headline and subtitle (副题).

    A line ending in "：" is an overline (赛罕区：); a line opening with "——" is a
    subtitle; "引题——主题" on one line splits after the dash; with two plain lines
    the first is the overline (赛马场北路社区 / “三邻”共治为老年群体送关爱).
    """
    lines = [line for line in lines if line]
    if not lines:
        return None, None, None
    subtitle = [x for x in lines if x.startswith("——")]
    rest = [x for x in lines if not x.startswith("——")]
    if len(rest) == 1 and "——" in rest[0].strip("—"):
        cut = rest[0].rindex("——") + 2
        before, after = rest[0][:cut].strip(), rest[0][cut:].strip()
        if before.strip("—") and after:
            rest = [before, after]
    overline = [x for x in rest if x.endswith(("：", ":"))]
    main = [x for x in rest if not x.endswith(("：", ":"))]
    if not main:
        main, overline = overline[-1:], overline[:-1]
    if len(main) == 2 and not overline and not subtitle and _headline_first(*main):
        main, subtitle = main[:1], main[1:]
    if len(main) >= 2:
        overline += main[:-1]
        main = main[-1:]
    return (
        " ".join(overline) or None,
        main[0] if main else None,
        " ".join(subtitle) or None,
    )


def _headline_first(first: str, second: str) -> bool:
    """Of two plain title lines, whether the first is the headline and the second its subtitle.

    Most often the first is an overline. But a headline asks its question
    (如何安全回收一部旧手机？ / 中国资环…), or is set as two parallel phrases
    (家门口更美  幸福感更足), and a subtitle carries the figures
    (公安交管改革服务群众出行 / 已为1亿多名车主核发电子行驶证), more of them than the
    headline does.
    """
    if second.endswith("——") or first.endswith("——"):
        return False
    if first.rstrip()[-1:] in "？！?!" and second.rstrip()[-1:] not in "？！?!":
        return True
    if _parallel_phrases(first) != _parallel_phrases(second):
        return _parallel_phrases(first)
    return _figures(second) > _figures(first)


def _parallel_phrases(text: str) -> bool:
    parts = text.split()
    return len(parts) == 2 and all(has_han(p) for p in parts)


def _figures(text: str) -> int:
    """How many digits a line carries: a subtitle gives the news its figures."""
    return sum(ch.isdigit() for ch in text)


def _bylines(draft: Draft) -> tuple[Credit, ...]:
    seen: list[Credit] = []
    pieces = [*draft.head, *draft.body[:1], *draft.titles_after]
    if draft.kind is ItemKind.BRIEF:
        pieces = list(draft.body)
    # A signature under the text (（郭  帅）) is read off as a closing line.
    pieces += [p for p in draft.closers if p.kind is PieceKind.SOURCE]
    for piece in pieces:
        if piece.kind in (PieceKind.BYLINE, PieceKind.PARA, PieceKind.BRIEF, PieceKind.SOURCE):
            for credit in piece.credits:
                if credit not in seen:
                    seen.append(credit)
    for piece in draft.body:
        seen += [c for c in piece.signature if c not in seen]
    return tuple(seen)


def _source(draft: Draft) -> str | None:
    for piece in (*draft.closers, *draft.body):
        if piece.source:
            return piece.source
    return None


def _blocks(draft: Draft) -> tuple[Block, ...]:
    blocks: list[Block] = []
    open_paragraph = False
    for piece in draft.body:
        spans = _spans([piece])
        if piece.kind is PieceKind.TITLE:
            blocks.append(Block(BlockType.SUBHEAD, title_text(piece.text), spans))
            open_paragraph = False
            continue
        if piece.head:
            blocks.append(Block(BlockType.SUBHEAD, piece.head, _spans_of(piece.lines[:1])))
            spans = _spans_of(piece.lines[1:])
        text = piece.text
        if not text:
            continue
        joined = piece.index in draft.joins or open_paragraph
        if joined and blocks and blocks[-1].type is BlockType.PARAGRAPH:
            last = blocks[-1]
            blocks[-1] = Block(
                BlockType.PARAGRAPH, join_wrapped(last.text, text), last.spans + spans
            )
        else:
            blocks.append(Block(BlockType.PARAGRAPH, text, spans))
        open_paragraph = piece.kind is PieceKind.PARA and is_open_end(text)
    return tuple(blocks)


def _captions(draft: Draft) -> tuple[Caption, ...]:
    captions = []
    for piece in draft.captions:
        text = title_text(piece.text) if piece.kind is PieceKind.TITLE else piece.text
        credits = draft.caption_credits.get(piece.index, ())
        captions.append(Caption(text, tuple(credits), _spans([piece])))
    orphan = draft.caption_credits.get(-1)
    if orphan:
        captions.append(Caption("", tuple(orphan), ()))
    return tuple(captions)


def _owned_pieces(draft: Draft) -> list[Piece]:
    return [
        *draft.column_pieces,
        *draft.head,
        *draft.body,
        *draft.titles_after,
        *draft.captions,
        *draft.closers,
    ]


def _spans(pieces: list[Piece]) -> tuple[Span, ...]:
    return _spans_of([c for p in pieces for c in p.lines])


def _spans_of(classified) -> tuple[Span, ...]:
    return merge_spans(line_span(c.line) for c in classified)


def line_span(line: Line) -> Span:
    """The non-whitespace extent of a line, as offsets into the page text."""
    left = len(line.text) - len(line.text.lstrip())
    right = len(line.text.rstrip())
    return (line.start + left, line.start + right)


def merge_spans(spans) -> tuple[Span, ...]:
    ordered = sorted(s for s in spans if s[1] > s[0])
    return tuple(ordered)


def fragments(pieces, text: str) -> tuple[Fragment, ...]:
    """Unclaimed pieces as fragments of the page, one per line, in page order."""
    result = []
    for piece in pieces:
        for c in piece.lines:
            start, end = line_span(c.line)
            if end > start:
                result.append(Fragment(text[start:end], (start, end)))
    return tuple(sorted(result, key=lambda f: f.span))
