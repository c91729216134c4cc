"""How Chinese text is set, and how OCR breaks it: character classes and sentence edges."""

from __future__ import annotations

import re

from chinese.han import HAN_CHARS as _CJK

# The stages ask typography what a character is; chinese.han answers for the whole project.
from chinese.han import has_han as has_han
from chinese.han import is_han as is_han

from .rules import CANNOT_START, CLOSERS, SENTENCE_ENDS

_CJK_PUNCT = "\u3000-\u303f\uff00-\uff65\u2018\u2019\u201c\u201d\u2026\u2014\u00b7"
_TIGHT = f"[{_CJK}{_CJK_PUNCT}]"
_ALNUM = "[A-Za-z0-9%]"

# OCR puts spaces between characters that print with none: 工 作 人 员, 的 4 位.
_SPACE_BETWEEN_TIGHT = re.compile(f"(?<={_TIGHT})[ \t\u3000]+(?={_TIGHT})")
_SPACE_TIGHT_ALNUM = re.compile(f"(?<={_TIGHT})[ \t\u3000]+(?={_ALNUM})")
_SPACE_ALNUM_TIGHT = re.compile(f"(?<={_ALNUM})[ \t\u3000]+(?={_TIGHT})")
_SPACES = re.compile(r"[ \t\u3000]+")


def close_ocr_spaces(text: str) -> str:
    """Remove spaces OCR put between Chinese characters, punctuation and digits."""
    text = _SPACE_BETWEEN_TIGHT.sub("", text)
    text = _SPACE_TIGHT_ALNUM.sub("", text)
    text = _SPACE_ALNUM_TIGHT.sub("", text)
    return _SPACES.sub(" ", text).strip()


def title_text(text: str) -> str:
    """A title line's text: OCR letter-spacing removed, spaces between its parts kept as one.

    `党建引领基层治理 让社区更和谐` keeps its space; `小 事 小 节` loses them.
    """
    parts = _SPACES.split(text.strip())
    if len(parts) > 2 and sum(len(p) == 1 for p in parts) >= len(parts) - 1:
        return close_ocr_spaces(text)
    parts = [close_ocr_spaces(p) for p in parts if p]
    return " ".join(parts)


def join_wrapped(left: str, right: str) -> str:
    """Join two pieces of one paragraph broken by the column width or a column break."""
    if not left:
        return right
    if not right:
        return left
    if re.match(_ALNUM, left[-1]) and re.match(_ALNUM, right[0]):
        # A Latin word or a number broken at the line end: keep them apart only if
        # both sides are words (Wi-Fi / App); digits join.
        if left[-1].isdigit() and right[0].isdigit():
            return left + right
        return left + " " + right
    return left + right


def strip_closers(text: str) -> str:
    return text.rstrip().rstrip(CLOSERS)


def ends_sentence(text: str) -> bool:
    """True if the text ends a sentence: 。！？… possibly followed by closing quotes."""
    text = text.rstrip()
    if not text:
        return False
    core = strip_closers(text)
    if core and core[-1] in SENTENCE_ENDS:
        return True
    # A quotation closed after its own end mark, or a bracketed note: （见图）。
    if text[-1] in "）)" and len(core) < len(text) and core[-1:] in SENTENCE_ENDS:
        return True
    # A paragraph that is a bracketed note closes a text: （作者为中共安徽省委书记）.
    return text[0] in "（(" and text[-1] in "）)" and quotes_balanced(text)


def is_open_end(text: str) -> bool:
    """True if the text stops in the middle of a sentence (a column or page break)."""
    text = text.rstrip()
    if not text:
        return False
    if ends_sentence(text):
        return False
    # A colon introduces what follows (a list, a quotation): a paragraph may end there.
    return text[-1] not in "：:"


def starts_with_punctuation(text: str) -> bool:
    text = text.lstrip()
    return bool(text) and text[0] in CANNOT_START


def quotes_balanced(text: str) -> bool:
    pairs = (("“", "”"), ("「", "」"), ("《", "》"), ("（", "）"), ("(", ")"), ("『", "』"))
    return all(text.count(a) == text.count(b) for a, b in pairs)


def display_width(text: str) -> float:
    """Width in Chinese character cells: Latin letters and digits take half a cell.

    Quotation marks, dashes and ellipses (“ ” ‘ ’ — …) sit in General Punctuation but
    a Chinese compositor sets them a full cell wide, like the ideographs around them.
    """
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)
