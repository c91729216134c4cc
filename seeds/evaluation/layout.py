"""Lay out stories as OCR page text in the habits the seed pages show, with exact gold.

Each habit is a way the paper's pages reach us (read the seed pages in `seeds/pages/`):

- ``paragraphs`` (002, 004): a paragraph per line with blank lines between; kickers,
  overlines, headlines, subtitles and bylines (`□本报记者 宋爽 通讯员 许文彬`) each on a
  line of their own; a photo's credit on the line under its caption (`白雪 摄`).
- ``markdown`` (001): the same with marks: `◎初心如磐`, `# 引题—— 主题`, `## 小标题`.
- ``narrow`` (000): every article wrapped at a column width of its own; blank lines at
  column breaks, wherever they fall, even inside a sentence; headlines and signatures
  often printed after their article; leads `本报讯（记者 …）` instead of bylines.
- ``continuations`` (001): two articles each broken mid-sentence, each tail printed
  after the other's head.
- ``briefs`` (001): short news items as ◆ briefs under one kicker, each signed
  `（本报记者 宋爽）` or `（青哈斯）`.
- ``noisy`` (003, 004): spaces OCR puts between characters, half-width punctuation,
  other byline glyphs; saved as GB18030 with CRLF or UTF-8 with a BOM.

A layout returns the page's bytes and the gold items in reading order. Gold comes from
the story's structure (`corpus.Story`), never from the parser.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from .corpus import Block, Caption, Pair, Story, split_names

HABITS = ("paragraphs", "markdown", "narrow", "continuations", "briefs", "noisy")

_GLYPHS = "□●■"
_NO_LINE_START = frozenset("。，、；：！？）」』”’》〉…—,.;:!?)")
_NO_LINE_END = frozenset("“‘（《〈「『(")
_HALF = str.maketrans({"，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")"})
_SENTENCE_END = re.compile(r"[。！？]”?")
_DATELINE = re.compile(r"^本报[\u4e00-\u9fff]{1,8}\d{1,2}月\d{1,2}日电\s*（记者[^）]{2,30}）")


@dataclass(frozen=True)
class LaidPage:
    habit: str
    key: str
    data: bytes
    gold: tuple[dict, ...]


# --- gold ------------------------------------------------------------------------------------


def gold_item(story: Story, *, kind: str | None = None, headline: bool = True) -> dict:
    """The items a reader finds for `story`, in the form the scorer compares."""
    paragraphs = [b.text for b in story.paragraphs]
    return {
        "key": story.key,
        "kind": kind or story.kind,
        "column": story.column,
        "overline": story.overline if headline else None,
        "headline": story.headline if headline else None,
        "subtitle": story.subtitle if headline else None,
        "bylines": [list(p) for p in story.bylines],
        "source": story.source,
        "paragraphs": paragraphs,
        "captions": [
            {"text": c.text, "credits": [list(p) for p in c.credits]} for c in story.captions
        ],
    }


# --- printing pieces -------------------------------------------------------------------------


def _names(pairs: tuple[Pair, ...], rng: random.Random, *, spaced: bool) -> str:
    """Names as a compositor sets them: `张驰 何昭宇`, or two-character names in three cells."""
    out = []
    for name, _ in pairs:
        out.append(f"{name[0]}  {name[1]}" if spaced and len(name) == 2 else name)
    return ("  " if spaced else " ").join(out)


def byline_text(story: Story, rng: random.Random) -> str | None:
    """The story's byline as a line: `□本报记者 张驰`, `●吴储岐`; None when it has none."""
    printed = [p for p in story.bylines if p[1] in ("reporter", "author")]
    if not story.byline_line or not printed:
        return None
    glyph = rng.choice(_GLYPHS)
    spaced = rng.random() < 0.4
    if all(role == "author" for _, role in printed):
        return glyph + _names(tuple(printed), rng, spaced=spaced)
    return f"{glyph}本报记者 {_names(tuple(printed), rng, spaced=spaced)}"


def signature_text(story: Story) -> str | None:
    pairs = [p for p in story.bylines if p[1] == "contributor"]
    if not story.signature or not pairs:
        return None
    return "（" + " ".join(n for n, _ in pairs) + "）"


def credit_text(caption: Caption, rng: random.Random) -> str:
    """A caption's credit line: as printed, or in the seeds' form `白雪 摄`."""
    if rng.random() < 0.5 or any(role != "photographer" for _, role in caption.credits):
        return caption.credit_line
    return " ".join(n for n, _ in caption.credits) + " 摄"


def title_lines(story: Story, rng: random.Random, *, markdown: bool = False) -> list[str]:
    lines = []
    if story.column:
        lines.append(("◎" if markdown or rng.random() < 0.5 else "") + story.column)
    if markdown:
        # 001 sets `# 引题—— 主题` on one line; an overline without its dash stands
        # on a line of its own, or no reader could tell where the headline begins.
        if story.overline and story.overline.endswith("——") and story.headline:
            lines.append(f"# {story.overline} {story.headline}")
        else:
            lines += [story.overline] if story.overline else []
            lines += [f"# {story.headline}"] if story.headline else []
    else:
        lines += [p for p in (story.overline, story.headline) if p]
    if story.subtitle:
        lines.append(story.subtitle)
    return lines


def _lead(story: Story) -> str | None:
    """`本报讯（记者 祁晓燕）`, the seeds' lead, for a story signed by reporters."""
    reporters = [n for n, role in story.bylines if role == "reporter"]
    if not reporters or not story.byline_line or len(reporters) != len(story.bylines):
        return None
    return f"本报讯（记者 {' '.join(reporters)}）"


# --- wrapping --------------------------------------------------------------------------------


def _cells(ch: str) -> float:
    """Digits, Latin letters and half-width marks take half a cell of a Chinese column."""
    return 0.5 if ord(ch) < 0x80 else 1.0


def wrap(text: str, width: int) -> list[str]:
    """Cut text into lines `width` cells wide, keeping the line-breaking rules (禁则)."""
    lines: list[str] = []
    rest = text
    while sum(_cells(ch) for ch in rest) > width:
        cut, used = 0, 0.0
        while cut < len(rest) and used + _cells(rest[cut]) <= width:
            used += _cells(rest[cut])
            cut += 1
        limit = cut + 2
        # A closing mark never starts a line: it is squeezed onto the line above.
        while cut < len(rest) and rest[cut] in _NO_LINE_START and cut < limit:
            cut += 1
        # An opening mark never ends a line: it goes down with what it opens.
        while cut > 1 and rest[cut - 1] in _NO_LINE_END:
            cut -= 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        lines.append(rest)
    return lines


def _column_breaks(lines: list[str], rng: random.Random, spanning=frozenset()) -> list[str]:
    """A blank line at each column break, wherever the column ends.

    Lines at `spanning` indexes (title groups) are set across columns: a column
    break never falls inside or right after them.
    """
    out: list[str] = []
    height = rng.randint(14, 40)
    count = 0
    for index, line in enumerate(lines):
        out.append(line)
        count += 1
        if count >= height and index not in spanning:
            if line:
                out.append("")
            count = 0
            height = rng.randint(14, 40)
    return out


# --- habits ----------------------------------------------------------------------------------


def _story_block_lines(story: Story, rng: random.Random, *, markdown: bool) -> list[str]:
    lines = []
    for block in story.blocks:
        if block.kind == "caption":
            assert block.caption is not None
            if block.caption.text:
                if rng.random() < 0.25 and block.caption.credits[0][1] == "photographer":
                    lines.append(block.caption.text + " " + credit_text(block.caption, rng))
                    continue
                lines.append(block.caption.text)
            lines.append(credit_text(block.caption, rng))
        elif block.kind == "subhead" and markdown:
            lines.append("## " + block.text)
        else:
            lines.append(block.text)
    return lines


def _with_signature(lines: list[str], story: Story, rng: random.Random) -> list[str]:
    signature = signature_text(story)
    if signature is None:
        return lines
    if rng.random() < 0.5 and lines:
        return [*lines[:-1], lines[-1] + signature]
    return [*lines, signature]


def _source_note(lines: list[str], story: Story) -> list[str]:
    return [*lines, f"（摘编自《{story.source}》）"] if story.source else lines


def paragraphs_page(stories, rng: random.Random, *, markdown: bool = False) -> tuple[str, list]:
    out: list[str] = []
    gold = []
    for story in stories:
        out += title_lines(story, rng, markdown=markdown)
        byline = byline_text(story, rng)
        if byline:
            out.append(byline)
        body = _story_block_lines(story, rng, markdown=markdown)
        out += _source_note(_with_signature(body, story, rng), story)
        gold.append(gold_item(story))
    return "\n\n".join(out) + "\n", gold


def narrow_page(stories, rng: random.Random) -> tuple[str, list]:
    lines: list[str] = []
    gold = []
    # A page sets its headlines after their articles (000) or before them; where it
    # switches, it switches once to "after", since a headline printed after its text
    # followed by the next article's headline would leave no reader a clue.
    after_page = rng.random() < 0.5
    previous_after = False
    spanning: set[int] = set()
    for story in stories:
        width = rng.randint(11, 22)
        head = title_lines(story, rng)
        byline = byline_text(story, rng)
        lead = _lead(story) if byline and rng.random() < 0.5 else None
        if lead:
            byline = None
        after = bool(story.paragraphs) and (
            previous_after or rng.random() < (0.85 if after_page else 0.15)
        )
        previous_after = after
        body: list[str] = []
        first = True
        for block in story.blocks:
            if block.kind == "caption":
                assert block.caption is not None
                if block.caption.text:
                    body += wrap(block.caption.text, width)
                body.append(credit_text(block.caption, rng))
                body.append("")
                continue
            text = block.text
            if first and lead and block.kind == "paragraph" and not _DATELINE.match(text):
                text = lead + text
            if first and block.kind == "paragraph":
                first = False
            if block.kind == "subhead":
                body.append(text)
                continue
            body += wrap(text, width)
            if rng.random() < 0.8:
                body.append("")
        body = _source_note(_with_signature(body, story, rng), story)
        titles = [*head, *([byline] if byline else [])]
        if after:
            lines += ["", *body, ""]
            spanning.update(range(len(lines), len(lines) + len(titles)))
            lines += [*titles, ""]
        else:
            lines += [""]
            spanning.update(range(len(lines), len(lines) + len(titles)))
            lines += [*titles, "", *body]
        gold.append(gold_item(story))
    return "\n".join(_column_breaks(lines, rng, frozenset(spanning))) + "\n", gold


def _mid_sentence_cut(text: str, rng: random.Random) -> int | None:
    """A point inside a sentence, away from its marks, where a column might break."""
    points = [
        i
        for i in range(8, len(text) - 8)
        if not _SENTENCE_END.match(text[i - 1 : i + 1]) and text[i - 1] not in "，。！？、；：“”"
    ]
    return rng.choice(points) if points else None


def continuations_page(stories, rng: random.Random) -> tuple[str, list]:
    """Pairs of long articles whose tails are printed after the other's head."""
    out: list[str] = []
    gold = []
    i = 0
    stories = list(stories)
    while i < len(stories):
        a = stories[i]
        b = stories[i + 1] if i + 1 < len(stories) else None
        pair = b is not None and all(
            len(s.paragraphs) >= 4 and not s.captions and not s.signature and not s.source
            for s in (a, b)
        )
        if not pair:
            text, g = paragraphs_page([a], rng)
            out.append(text.strip("\n"))
            gold += g
            i += 1
            continue
        halves = []
        for story in (a, b):
            body = [blk.text for blk in story.blocks]
            # The break falls inside a paragraph of some length, not in a subhead.
            long = [
                n
                for n, blk in enumerate(story.blocks[1:-1], start=1)
                if blk.kind == "paragraph" and len(blk.text) >= 24
            ]
            k = rng.choice(long) if long else rng.randint(1, len(body) - 2)
            cut = _mid_sentence_cut(body[k], rng) or len(body[k]) // 2
            head = [*title_lines(story, rng)]
            byline = byline_text(story, rng)
            if byline:
                head.append(byline)
            halves.append(([*head, *body[:k], body[k][:cut]], [body[k][cut:], *body[k + 1 :]]))
        (a1, a2), (b1, b2) = halves
        out += ["\n\n".join(a1), "\n\n".join(b2), "\n\n".join(b1), "\n\n".join(a2)]
        gold += [gold_item(a), gold_item(b)]
        i += 2
    return "\n\n".join(out) + "\n", gold


def briefs_page(stories, rng: random.Random) -> tuple[str, list]:
    """Short dateline news as ◆ briefs under one kicker, each signed at its end."""
    column = rng.choice(("信息集装箱", "基层动态", "一线传真"))
    out = [("◎" if rng.random() < 0.5 else "") + column]
    gold = []
    for story in stories:
        text = "".join(b.text for b in story.paragraphs)
        text = _DATELINE.sub("", text).strip()
        names = [n for n, _ in story.bylines]
        if rng.random() < 0.5:
            signature, role = f"（本报记者 {' '.join(names)}）", "reporter"
        else:
            signature, role = f"（{' '.join(names)}）", "contributor"
        out.append("◆" + text + signature)
        gold.append(
            {
                **gold_item(story, kind="brief", headline=False),
                "column": column,
                "bylines": [[n, role] for n in names],
                "paragraphs": [text],
            }
        )
    return "\n\n".join(out) + "\n", gold


def brief_candidates(stories) -> list[Story]:
    """Dateline items short enough to be printed as briefs."""
    return [
        s
        for s in stories
        if s.paragraphs
        and _DATELINE.match(s.paragraphs[0].text)
        and not s.captions
        and sum(len(b.text) for b in s.paragraphs) <= 700
        and all(len(n) <= 4 for n, _ in s.bylines)
    ]


def _ocr_spaces(text: str, rng: random.Random) -> str:
    """Spaces OCR reads between characters of a justified line (工 作 人 员)."""
    if rng.random() < 0.7:
        return text
    start = rng.randrange(0, max(1, len(text) - 6))
    end = min(len(text), start + rng.randint(4, 12))
    return text[:start] + " ".join(text[start:end]) + text[end:]


def noisy_page(stories, rng: random.Random) -> tuple[str, list]:
    text, gold = paragraphs_page(stories, rng)
    lines = []
    for line in text.split("\n"):
        if len(line) > 30:
            line = _ocr_spaces(line, rng).translate(_HALF)
        lines.append(line)
    return "\n".join(lines), gold


def encode(text: str, rng: random.Random) -> bytes:
    choice = rng.choice(("utf-8", "utf-8-sig", "gb18030-crlf"))
    if choice == "gb18030-crlf":
        return text.replace("\n", "\r\n").encode("gb18030")
    return text.encode(choice)


def lay_out(habit: str, key: str, stories, seed: int) -> LaidPage:
    """Lay out one page of stories in one habit; the same seed gives the same page."""
    rng = random.Random(f"{habit}/{key}/{seed}")
    if habit == "paragraphs":
        text, gold = paragraphs_page(stories, rng)
    elif habit == "markdown":
        text, gold = paragraphs_page(stories, rng, markdown=True)
    elif habit == "narrow":
        text, gold = narrow_page(stories, rng)
    elif habit == "continuations":
        text, gold = continuations_page(stories, rng)
    elif habit == "briefs":
        text, gold = briefs_page(stories, rng)
    elif habit == "noisy":
        text, gold = noisy_page(stories, rng)
        return LaidPage(habit, key, encode(text, rng), tuple(gold))
    else:
        raise ValueError(f"unknown habit {habit!r}; known: {', '.join(HABITS)}")
    return LaidPage(habit, key, text.encode("utf-8"), tuple(gold))


__all__ = ["HABITS", "Block", "LaidPage", "lay_out", "brief_candidates", "split_names", "wrap"]
