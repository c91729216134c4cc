"""Reading names and roles: bylines, photo credits, leads and source notes.

`□本报记者 宋爽 通讯员 许文彬` → 宋爽 reporter, 许文彬 correspondent;
`见习记者 高辉 通讯员 刘党 摄` → both photographers; `本报讯(记者刘沙沙)` → 刘沙沙 reporter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Credit, Role
from .rules import (
    BYLINE_GLYPHS,
    CREDIT_PREFIXES,
    LEAD_PATTERN,
    MAX_BARE_NAME,
    NAME_PATTERN,
    OUTLET_PATTERN,
    PHOTO_VERBS,
    PICTURE_VERBS,
    ROLE_WORDS,
    SOURCE_PATTERN,
    SUPPLIER_PATTERN,
)

_ROLE_ALTERNATION = "|".join(re.escape(w) for w, _ in ROLE_WORDS)
_ROLE_RE = re.compile(f"(?:{OUTLET_PATTERN}|本报)?({_ROLE_ALTERNATION})")
_ROLE_OF = dict(ROLE_WORDS)
_NAME_RE = re.compile(f"^{NAME_PATTERN}$")
_SEPARATORS = re.compile(r"[\s、，,/]+")
_GLYPHS = re.compile(f"^[{re.escape(BYLINE_GLYPHS)}]\\s*")
_CREDIT_END = re.compile(r"\s*(?:摄影?报道|摄影?|/摄|供图|图)\s*$")
# （人民视觉） after a credit names the agency that distributed the picture.
_AGENCY = re.compile(r"\s*[（(][\u4e00-\u9fff]{2,8}[）)]\s*$")
_SUPPLIER_RE = re.compile(f"^{SUPPLIER_PATTERN}$")
_LEAD_RE = re.compile(LEAD_PATTERN)
_SOURCE_RE = re.compile(SOURCE_PATTERN)
_SOURCE_LINE_RE = re.compile(f"^\\s*{SOURCE_PATTERN}\\s*$")
_TRAILING_SOURCE_RE = re.compile(f"{SOURCE_PATTERN}\\s*$")
_TRAILING_BRACKET_RE = re.compile(r"[（(]([^（()）]{2,40})[）)]\s*$")
# A caption that ends in its credit: …图为车队志愿者搀扶老人上车。王玮 摄
_INLINE_CREDIT_RE = re.compile(
    f"(?<=[。！？”）)])\\s*([{re.escape(BYLINE_GLYPHS)}]?\\s*[^。！？”（）()]{{2,40}}?\\s*"
    r"摄(?:影报道)?(?:\s*[（(][\u4e00-\u9fff]{2,8}[）)])?)\s*$"
)


def strip_glyph(text: str) -> tuple[str, bool]:
    """Remove a leading byline glyph (□ ● ■ …); say whether there was one."""
    stripped = _GLYPHS.sub("", text.strip())
    return stripped, stripped != text.strip()


def parse_names(text: str, *, default_role: Role) -> tuple[Credit, ...] | None:
    """Names with their roles from byline text, or None if the text is not only names."""
    text = text.strip()
    if not text:
        return None
    credits: list[Credit] = []
    role: Role | None = None
    position = 0
    for match in _ROLE_RE.finditer(text):
        names = _names(text[position : match.start()], after_role=role is not None)
        if names is None:
            return None
        credits += [Credit(n, role or default_role) for n in names]
        role = Role(_ROLE_OF[match.group(1)])
        position = match.end()
    names = _names(text[position:], after_role=role is not None)
    if names is None:
        return None
    credits += [Credit(n, role or default_role) for n in names]
    if not credits:
        return None
    return tuple(credits)


def _names(chunk: str, *, after_role: bool) -> list[str] | None:
    words = _cells([w for w in _SEPARATORS.split(chunk.strip()) if w])
    if not all(_NAME_RE.match(w) for w in words):
        return None
    # Without a role word before it, a run of five or more characters is more likely
    # words than a name: 群众在现场拍摄 is a sentence, not a credit.
    if not after_role and any(len(w) > MAX_BARE_NAME and "·" not in w for w in words):
        return None
    return words


def _cells(words: list[str]) -> list[str]:
    """Join a two-character name set in three cells: 张  驰 → 张驰, 张  洋  何昭宇 → 张洋, 何昭宇."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if len(words[i]) == 1 and i + 1 < len(words) and len(words[i + 1]) == 1:
            out.append(words[i] + words[i + 1])
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


def parse_byline(text: str) -> tuple[Credit, ...] | None:
    """A byline line: role words and names, or a bare signed name after a glyph (●孟祥夫)."""
    body, had_glyph = strip_glyph(text)
    if not body or body.endswith("摄"):
        return None
    # A byline opens with its glyph or its role word; "社区工作者有编制、有待遇" is text.
    opening = _ROLE_RE.match(body)
    if opening:
        # Without a glyph or a space after the role word, a four-character line is a
        # column label, not a byline: 记者手记, 记者观察.
        if not had_glyph and len(body) <= 4 and not body[opening.end() :].startswith(" "):
            return None
        return parse_names(body, default_role=Role.REPORTER)
    if had_glyph and _ROLE_RE.search(body):
        return parse_names(body, default_role=Role.REPORTER)
    if had_glyph:
        # A bare name after a glyph signs a commentary; a longer run of words is text.
        names = parse_names(body, default_role=Role.AUTHOR)
        if names and len(names) <= 3:
            return names
    return None


def parse_photo_credit(text: str) -> tuple[Credit, ...] | None:
    """A picture credit: names ending in 摄 are photographers; 绘 and 供图 name contributors.

    `本报记者 宋爽 通讯员 朱涛 摄`, `邱洪斌摄（人民视觉）`, `以上图片均为本报记者刘洪超摄`,
    `洪  琥绘`, `尚志市委宣传部供图`.
    """
    body, _ = strip_glyph(text)
    body = _AGENCY.sub("", body).rstrip()
    for prefix in CREDIT_PREFIXES:
        if body.startswith(prefix) and len(body) > len(prefix) + 2:
            body = body[len(prefix) :]
            break
    verb = next((v for v in (*PHOTO_VERBS, *PICTURE_VERBS) if body.endswith(v)), None)
    if verb is None:
        return None
    names_text = body[: -len(verb)].rstrip(" /")
    if verb in PHOTO_VERBS:
        names = parse_names(names_text, default_role=Role.PHOTOGRAPHER)
        return tuple(Credit(c.name, Role.PHOTOGRAPHER) for c in names) if names else None
    names = parse_names(names_text, default_role=Role.CONTRIBUTOR)
    if not names and verb == "供图" and _SUPPLIER_RE.match(names_text.strip()):
        # 尚志市委宣传部供图: an organisation, not a person, supplied the picture.
        return (Credit(names_text.strip(), Role.CONTRIBUTOR),)
    return tuple(Credit(c.name, Role.CONTRIBUTOR) for c in names) if names else None


@dataclass(frozen=True)
class Lead:
    """`本报讯（记者 祁晓燕）` at the head of an article: its names, and where the text begins."""

    credits: tuple[Credit, ...]
    text_start: int


def parse_lead(text: str) -> Lead | None:
    """Read a lead at the start of a paragraph's text, if there is one."""
    match = _LEAD_RE.match(text)
    if not match:
        return None
    rest = text[match.end() :]
    stripped = rest.lstrip()
    offset = match.end() + len(rest) - len(stripped)
    if stripped[:1] in "（(":
        close = min((i for i in (stripped.find("）"), stripped.find(")")) if i > 0), default=-1)
        if close < 0:
            return None
        credits = parse_names(stripped[1:close], default_role=Role.REPORTER) or ()
        return Lead(credits, offset + close + 1)
    if not match.group().startswith("本报"):
        return None
    return Lead((), offset)


_SIGNATURE_LINE_RE = re.compile(r"^[（(]([^（()）]{2,24})[）)]$")


def signature_line(text: str) -> tuple[Credit, ...] | None:
    """A line that is only bracketed names signs the text above: （郭  帅）, （本报记者 宋爽）."""
    match = _SIGNATURE_LINE_RE.match(text.strip())
    if not match:
        return None
    inner = match.group(1)
    if _ROLE_RE.search(inner):
        return parse_names(inner, default_role=Role.REPORTER)
    return parse_names(inner, default_role=Role.CONTRIBUTOR)


def source_line(text: str) -> str | None:
    """A line that is only a source note: （据《人民日报》） → 人民日报."""
    match = _SOURCE_LINE_RE.match(text)
    return match.group(1).strip() if match else None


def trailing_source(text: str) -> tuple[str, int] | None:
    """A source note closing a paragraph: …讲话(来源:共产党员网) → (共产党员网, where it starts)."""
    match = _TRAILING_SOURCE_RE.search(text)
    if not match or match.start() == 0:
        return None
    return match.group(1).strip(), match.start()


def trailing_names(text: str) -> tuple[tuple[Credit, ...], int] | None:
    """The bracketed name closing a brief: …(本报记者 宋爽) or …(青哈斯)."""
    match = _TRAILING_BRACKET_RE.search(text)
    if not match:
        return None
    inner = match.group(1)
    if _ROLE_RE.search(inner):
        names = parse_names(inner, default_role=Role.REPORTER)
    else:
        names = parse_names(inner, default_role=Role.CONTRIBUTOR)
    if not names:
        return None
    return names, match.start()


def inline_credit(text: str) -> tuple[tuple[Credit, ...], int] | None:
    """A photo credit at the end of a caption line, and where it starts."""
    match = _INLINE_CREDIT_RE.search(text)
    if not match:
        return None
    credits = parse_photo_credit(match.group(1))
    if not credits:
        return None
    return credits, match.start(1)
