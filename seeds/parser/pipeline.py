"""The parser's stages, run in order.

1. decode    bytes → text (seeds/parser/decode.py)
2. lines     text → lines with offsets (lines.py)
3. classify  lines → roles with evidence (classify.py)
4. assemble  roles → pieces (pieces.py) → items by evidence (assemble.py)
5. repair    items → clean text, titles, names and spans (repair.py)
6. flags     what stays uncertain is said on each item and on the page, with the
             item's confidence (confidence.py)

Every non-whitespace character of the page ends up in exactly one item's spans or
in the page's unassigned fragments: lines no item claims are kept as fragments.
"""

from __future__ import annotations

from . import lexicon
from .assemble import assemble
from .classify import classify
from .confidence import with_confidence
from .decode import decode
from .lines import split_lines
from .pieces import build_pieces
from .records import Flag, Fragment, Item, PageExtraction
from .repair import fragments, line_span, repair


def run(data: bytes, *, source: str) -> PageExtraction:
    """Parse a page's bytes; raise PageDecodeError if they are not readable text."""
    decoded = decode(data, source=source)
    return parse_text(decoded.text, source=source, encoding=decoded.encoding)


def parse_text(text: str, *, source: str, encoding: str = "utf-8") -> PageExtraction:
    """Parse already-decoded page text (used by `run` and by tests of later stages)."""
    lexicon.new_page()
    lines = split_lines(text)
    classified = classify(lines)
    pieces = build_pieces(classified)
    assembly = assemble(pieces)
    items = [repair(draft) for draft in assembly.drafts]
    unassigned = list(fragments(assembly.unassigned, text))
    items, unassigned = _claim_leftovers(items, unassigned, lines, text)
    items = [with_confidence(item) for item in items]
    page_flags = (str(Flag.UNASSIGNED_TEXT),) if unassigned else ()
    return PageExtraction(
        source=source,
        encoding=encoding,
        text=text,
        items=tuple(sorted(items, key=_reading_position)),
        unassigned=tuple(unassigned),
        flags=page_flags,
    )


def _reading_position(item: Item) -> int:
    return min((s[0] for s in item.spans), default=0)


def _claim_leftovers(items, unassigned, lines, text):
    """A safety net: a line that neither an item nor a fragment holds becomes a fragment."""
    held = {s for item in items for s in item.spans} | {f.span for f in unassigned}
    for line in lines:
        span = line_span(line)
        if span[1] > span[0] and span not in held:
            unassigned.append(Fragment(text[span[0] : span[1]], span))
    unassigned.sort(key=lambda f: f.span)
    return items, unassigned
