"""What a Han character is: one class for the parser, search and the taxonomy."""

from __future__ import annotations

import re

# CJK ideographs: extension A, the basic block, the compatibility ideographs, extension B and
# on. OCR'd pages print a rare name's character from the extensions (㛃, 𠮷) among the rest.
HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN = re.compile(f"[{HAN_CHARS}]")
HAN_RUN = re.compile(f"[{HAN_CHARS}]+")


def has_han(text: str) -> bool:
    """Some character of ``text`` is a Han character."""
    return bool(HAN.search(text))


def is_han(ch: str) -> bool:
    """``ch`` (or the first character of it) is a Han character."""
    return bool(HAN.match(ch))
