"""How an article's source looks to the editor: the page text with the article's spans marked."""

import bisect
import re

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

FLAG_LABELS = {
    "missing_headline": _("缺标题"),
    "starts_mid_sentence": _("开头不完整"),
    "continues_elsewhere": _("转至他版"),
    "uncertain_column": _("栏目存疑"),
    "unassigned_text": _("版面有未归属文字"),
    "stitched": _("由多段拼接"),
    "uncertain_headline": _("标题存疑"),
    "reimport_conflict": _("重新导入有冲突"),
    "low_confidence": _("抽取把握低"),
}


def flag_label(flag: str) -> str:
    """The Chinese name of a flag, or the flag itself when it is new to the desk."""
    return str(FLAG_LABELS.get(flag, flag))


def _merged(spans) -> list[tuple[int, int]]:
    clean = sorted((int(s[0]), int(s[1])) for s in spans if len(s) == 2 and s[0] < s[1])
    merged: list[tuple[int, int]] = []
    for start, end in clean:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlighted_source(text: str, spans) -> str:
    """The page text, escaped, with each of the spans inside <mark>; spans outside are ignored."""
    pieces, cursor = [], 0
    for start, end in _merged(spans):
        start, end = max(start, cursor), min(end, len(text))
        if start >= end:
            continue
        pieces.append(("{}", text[cursor:start]))
        pieces.append(("<mark>{}</mark>", text[start:end]))
        cursor = end
    pieces.append(("{}", text[cursor:]))
    body = format_html_join("", "{}", ((format_html(fmt, value),) for fmt, value in pieces))
    return format_html('<pre class="desk-source">{}</pre>', body)


# --- the source beside the form ---------------------------------------------------------

# How many characters of a paragraph's start and end are looked for in the page text.
PROBE = 8


def _probe(text: str) -> str | None:
    """A pattern for `text` that allows the line breaks and OCR spaces the repair removed."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return None
    return r"\s*".join(re.escape(c) for c in chars)


def locate_paragraphs(text: str, spans, paragraphs) -> dict[int, tuple[int, int]]:
    """Where each paragraph (pk, text) was printed in the page text: {pk: (start, end)}.

    Paragraphs are repaired text (wrapped lines joined, OCR spaces dropped), so each is
    found by its first and last characters with any whitespace between them, searched
    within the article's spans first, in reading order, then anywhere on the page.
    """
    merged = _merged(spans)
    low = merged[0][0] if merged else 0
    high = merged[-1][1] if merged else len(text)
    found: dict[int, tuple[int, int]] = {}
    cursor = low
    for pk, body in paragraphs:
        body = body.strip()
        head, tail = _probe(body[:PROBE]), _probe(body[-PROBE:])
        if head is None:
            continue
        match = None
        for start_at, stop in ((cursor, high), (low, high), (0, len(text))):
            match = re.compile(head).search(text, start_at, max(stop, start_at))
            if match:
                break
        if match is None:
            continue
        end = match.end()
        ending = re.compile(tail).search(
            text, match.start(), min(len(text), match.start() + 4 * len(body) + 40)
        )
        if ending:
            end = max(end, ending.end())
        found[pk] = (match.start(), end)
        cursor = end
    return found


def stitch_points(spans) -> list[int]:
    """Offsets where the item's text jumps: a span that does not follow the one before it
    in the item's order (printed elsewhere, or earlier on the page)."""
    points = []
    previous = None
    for span in spans:
        if len(span) != 2:
            continue
        start, end = int(span[0]), int(span[1])
        if previous is not None and (start < previous or start - previous > 2):
            points.append(start)
        previous = end
    return points


def source_beside(text: str, spans, paragraphs) -> dict:
    """The page text cut into pieces at every span, paragraph and stitch boundary.

    Each piece says where it starts and ends in the page text and whether it is the
    item's; the browser marks the pieces of a paragraph when its field is clicked.
    """
    located = locate_paragraphs(text, spans, paragraphs)
    merged = _merged(spans)
    stitches = set(stitch_points(spans))
    cuts = {0, len(text), *stitches}
    for start, end in merged:
        cuts.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    for start, end in located.values():
        cuts.update((start, end))
    edges = sorted(cuts)
    pieces = []
    for start, end in zip(edges, edges[1:], strict=False):
        ours = any(s <= start and end <= e for s, e in merged)
        pieces.append(
            {
                "start": start,
                "end": end,
                "text": text[start:end],
                "ours": ours,
                "stitch": start in stitches,
            }
        )
    line_of = _line_numbers(text)
    return {
        "pieces": pieces,
        "paragraphs": {
            str(pk): [start, end, line_of(start), line_of(max(start, end - 1))]
            for pk, (start, end) in located.items()
        },
        "first": merged[0][0] if merged else None,
        "stitch_count": len(stitches),
    }


def _line_numbers(text):
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    return line_of
