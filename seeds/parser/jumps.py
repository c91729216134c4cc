"""Jump lines: where a text continues on, or comes from, another page.

`（下转第3版）` closes the part printed here, `（上接第1版）` opens the part printed
there, and compositors also set `转第三版`, `（转第2版）`, `（接第一版）`. Each names the
other page by number, in figures or Chinese numerals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import JUMP_PATTERN

_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_JUMP = re.compile(JUMP_PATTERN)
_LINE = re.compile(f"^\\s*{JUMP_PATTERN}\\s*$")
_TRAILING = re.compile(f"{JUMP_PATTERN}\\s*$")
_LEADING = re.compile(f"^\\s*{JUMP_PATTERN}")


@dataclass(frozen=True)
class Jump:
    forward: bool  # 下转 / 转: the text goes on there; 上接 / 接: it comes from there
    page: int


def page_number(text: str) -> int | None:
    """3 → 3; 十二 → 12; 二十 → 20."""
    if text.isdigit():
        return int(text)
    if all(ch in _NUMERALS or ch == "十" for ch in text) and text:
        if "十" not in text:
            return _NUMERALS[text] if len(text) == 1 else None
        tens, _, ones = text.partition("十")
        return _NUMERALS.get(tens, 1) * 10 + _NUMERALS.get(ones, 0)
    return None


def _jump(match: re.Match) -> Jump | None:
    page = page_number(match.group("page"))
    if page is None:
        return None
    return Jump(forward=match.group("verb") in ("下转", "转"), page=page)


def jump_line(text: str) -> Jump | None:
    """A line that is only a jump: （下转第3版）."""
    match = _LINE.match(text)
    return _jump(match) if match else None


def trailing_jump(text: str) -> tuple[Jump, int] | None:
    """A jump closing a paragraph, and where it starts: …全面推进。（下转第3版）."""
    match = _TRAILING.search(text)
    # Run into a paragraph, only the bracketed form is a jump: 迎接第2版 is text.
    if not match or match.start() == 0 or match.group().lstrip()[:1] not in "（(":
        return None
    found = _jump(match)
    return (found, match.start()) if found else None


def leading_jump(text: str) -> tuple[Jump, int] | None:
    """A jump opening a paragraph, and where the text begins: （上接第1版）近年来…."""
    match = _LEADING.match(text)
    if not match or match.end() >= len(text.rstrip()) or match.group().lstrip()[:1] not in "（(":
        return None
    found = _jump(match)
    return (found, match.end()) if found else None
