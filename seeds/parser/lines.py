"""Stage 2, lines: text → lines that know where they stand in the page text."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass(frozen=True)
class Line:
    """One line of the page, without its line ending; `start`/`end` index the page text."""

    number: int
    text: str
    start: int
    end: int

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str) -> tuple[Line, ...]:
    """Split on any line ending (LF, CRLF, CR), keeping offsets into `text`."""
    lines = []
    for number, match in enumerate(_LINE.finditer(text), start=1):
        raw = match.group()
        if not raw and match.start() == len(text):
            break
        body = raw.rstrip("\r\n")
        lines.append(Line(number, body, match.start(), match.start() + len(body)))
    return tuple(lines)
