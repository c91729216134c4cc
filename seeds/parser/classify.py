"""Stage 3, classify: each line gets a role, with the evidence for it.

Roles are decided from the line itself and its blank-line surroundings only; which
item a line belongs to is the assembler's business.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from enum import StrEnum

from . import credits as creditparse
from . import lexicon
from .jumps import Jump, jump_line
from .lines import Line
from .records import Credit
from .rules import (
    ANAPHORA_STARTS,
    BRIEF_MARKS,
    KICKER_CHARS,
    KICKER_GLYPHS,
    KNOWN_COLUMNS,
    LEAD_PATTERN,
    MAX_GROUP_TITLE_CHARS,
    MAX_SERIES_CHARS,
    MAX_TITLE_CHARS,
    MIN_TITLE_CLAUSE,
    NOTE_LABELS,
    PARTICIPANT_LABELS,
    PLACE_SUFFIXES,
    QUOTE_MARKS,
    SERIES_MARKS,
    TITLE_CANNOT_END,
)
from .typography import display_width, ends_sentence, has_han, is_han, quotes_balanced, title_text


class LineRole(StrEnum):
    BLANK = "blank"
    KICKER = "kicker"  # 栏目: 知行合一, ◎北疆党旗红
    TITLE = "title"  # a headline part, or a subhead: the assembler decides which
    BYLINE = "byline"  # □本报记者 宋爽 通讯员 许文彬
    CREDIT = "credit"  # 白雪 摄
    SOURCE = "source"  # （据《人民日报》）
    BRIEF = "brief"  # ◆…
    QUOTE = "quote"  # ★…
    ATTRIBUTION = "attribution"  # ——2023年3月30日,习近平在…
    JUMP = "jump"  # （下转第3版）, （上接第1版）
    BODY = "body"


@dataclass(frozen=True)
class ClassifiedLine:
    line: Line
    role: LineRole
    text: str  # the line without its marks (#, □, ◆, ★) and outer spaces
    evidence: str
    credits: tuple[Credit, ...] = ()
    source: str | None = None
    jump: Jump | None = None
    markdown: int = 0  # 1 for "# ", 2 for "## "
    blank_before: int = 0  # blank lines above it
    blank_after: int = 0

    @property
    def number(self) -> int:
        return self.line.number


_MARKDOWN = re.compile(r"^(#{1,6})\s+")


def classify(lines: tuple[Line, ...]) -> tuple[ClassifiedLine, ...]:
    """Give every line a role; blank-line counts around each line come along as context."""
    blanks_before = _blank_runs(lines)
    blanks_after = _blank_runs(lines[::-1])[::-1]
    result = []
    participants = 0  # lines left in a dialogue's list of who takes part
    for index, line in enumerate(lines):
        role = _classify_one(line)
        if participants and _PARTICIPANT.match(role.text) and role.role is not LineRole.BLANK:
            role = _replace(role, LineRole.BODY, PARTICIPANT_LINE)
            participants -= 1
        else:
            participants = 0
        if role.role is not LineRole.BLANK and _is_participant_label(role.text):
            role = _replace(role, LineRole.BODY, PARTICIPANT_LINE)
            participants = MAX_PARTICIPANTS
        # A title stands alone: blank lines around it, or a byline/credit glued above it
        # (000: "■本报记者 阿柔娜 摄" directly over the next article's headline).
        above = lines[index - 1] if index else None
        lone = index == 0 or blanks_before[index] > 0 or _is_structural(above)
        lone = lone and (blanks_after[index] > 0 or index == len(lines) - 1)
        if (
            role.role is LineRole.BODY
            and role.evidence != PARTICIPANT_LINE
            and lone
            and looks_like_title(role.text)
            and not _word_runs_on(role.text, lines, index)
            and not _line_of_the_column(role.text, lines, index)
        ):
            role = _replace(role, LineRole.TITLE, "short line standing alone, no sentence marks")
        result.append(
            _replace(
                role,
                role.role,
                role.evidence,
                blank_before=blanks_before[index],
                blank_after=blanks_after[index],
            )
        )
    return _unmarked_kickers(_titles_in_groups(_stacked_title_groups(tuple(result))))


_PARTICIPANT = re.compile(r"^[\u4e00-\u9fff·]{2,5}[\s　]+\S{2,16}$")
MAX_PARTICIPANTS = 8
PARTICIPANT_LINE = "a dialogue's list of participants: running text"


def _is_participant_label(text: str) -> bool:
    """对话人：, 主持人：, or 嘉宾：张三 李四: the list of who takes part in a dialogue."""
    label, colon, _ = text.partition("：")
    if not colon:
        label, colon, _ = text.partition(":")
    return bool(colon) and label.strip() in PARTICIPANT_LABELS


def _word_runs_on(text: str, lines: tuple[Line, ...], index: int) -> bool:
    """A word formed with the next text line: the column broke inside it (该指|数基于…)."""
    following = next((line for line in lines[index + 1 :] if not line.is_blank), None)
    return following is not None and bool(lexicon.word_across(text, following.text.strip()))


def _line_of_the_column(text: str, lines: tuple[Line, ...], index: int) -> bool:
    """A lone line as wide as the wrapped text on both sides of it: the column broke around it.

    项目化试点实施以来，荆州市各地探索形成 between two blocks of one 19-cell column is a
    line of that column, however much it looks like a phrase; a title set between two
    articles is as wide as its own words, and two articles seldom share its width.
    """
    width = display_width(text)
    # A column break leaves one blank line; wider white space sets a title apart.
    if _blank_gap(lines, index, -1) > 1 or _blank_gap(lines, index, +1) > 1:
        return False
    following = _block_around(lines, index, +1)
    if following and (_LEAD_START.match(following[0]) or creditparse.parse_byline(following[0])):
        return False  # a text opens below it: no column runs on into a lead
    preceding = _block_around(lines, index, -1)
    above = _wrapped_width(preceding)
    below = _wrapped_width(following)
    # The column hands on to the line only from a full line or a finished paragraph; a
    # short line left open (打造共商共议、) was cut by something set into the text.
    handed_on = bool(preceding) and (
        ends_sentence(preceding[-1])
        or above is not None
        and display_width(preceding[-1]) >= above - 1
    )
    return (
        handed_on
        and above is not None
        and below is not None
        and abs(above - below) <= 1
        and abs(width - above) <= 1
        and abs(width - below) <= 1
    )


def _blank_gap(lines: tuple[Line, ...], index: int, step: int) -> int:
    i, gap = index + step, 0
    while 0 <= i < len(lines) and lines[i].is_blank:
        i, gap = i + step, gap + 1
    return gap


def _block_around(lines: tuple[Line, ...], index: int, step: int) -> list[str]:
    """The run of non-blank lines next to line `index` above (step -1) or below (+1) it."""
    i = index + step
    while 0 <= i < len(lines) and lines[i].is_blank:
        i += step
    block = []
    while 0 <= i < len(lines) and not lines[i].is_blank:
        block.append(lines[i].text.strip())
        i += step
    return block[::-1] if step < 0 else block


def _wrapped_width(block: list[str]) -> float | None:
    """The column width of a block of wrapped text: its full lines' common width."""
    widths = [display_width(t) for t in block[:-1]]
    if len(widths) < 2:
        return None
    median = statistics.median(widths)
    # A closing mark squeezed onto a line, or an opening one sent down, moves it a cell.
    if sum(abs(w - median) <= 1 for w in widths) * 3 < len(widths) * 2:
        return None
    return median


def _is_structural(line: Line | None) -> bool:
    if line is None or line.is_blank:
        return False
    text = line.text.strip()
    return bool(creditparse.parse_photo_credit(text) or creditparse.parse_byline(text))


def _blank_runs(lines) -> list[int]:
    runs, count = [], 0
    for line in lines:
        runs.append(count)
        count = count + 1 if line.is_blank else 0
    return runs


def _replace(c: ClassifiedLine, role: LineRole, evidence: str, **changes) -> ClassifiedLine:
    fields = {**c.__dict__, "role": role, "evidence": evidence, **changes}
    return ClassifiedLine(**fields)


def _classify_one(line: Line) -> ClassifiedLine:
    raw = line.text.strip()
    if not raw:
        return ClassifiedLine(line, LineRole.BLANK, "", "blank")
    markdown = 0
    match = _MARKDOWN.match(raw)
    if match:
        markdown = len(match.group(1))
        raw = raw[match.end() :].strip()
    if raw[:1] in KICKER_GLYPHS:
        return ClassifiedLine(
            line, LineRole.KICKER, raw[1:].strip(), "◎ marks a column", markdown=markdown
        )
    if raw in KNOWN_COLUMNS:
        return ClassifiedLine(line, LineRole.KICKER, raw, "a known column name", markdown=markdown)
    if raw[:1] in BRIEF_MARKS:
        return ClassifiedLine(line, LineRole.BRIEF, raw[1:].strip(), "◆ opens a brief")
    if raw[:1] in QUOTE_MARKS:
        return ClassifiedLine(line, LineRole.QUOTE, raw[1:].strip(), "★ opens a quotation")
    if markdown == 1:
        return ClassifiedLine(line, LineRole.TITLE, title_text(raw), "# headline", markdown=1)
    names = creditparse.parse_photo_credit(raw)
    if names:
        return ClassifiedLine(line, LineRole.CREDIT, raw, "names ending in 摄", credits=names)
    names = creditparse.parse_byline(raw)
    if names:
        return ClassifiedLine(line, LineRole.BYLINE, raw, "role words and names", credits=names)
    jump = jump_line(raw)
    if jump:
        return ClassifiedLine(line, LineRole.JUMP, raw, "a jump to or from another page", jump=jump)
    source = creditparse.source_line(raw)
    if source:
        return ClassifiedLine(line, LineRole.SOURCE, raw, "bracketed source", source=source)
    signed = creditparse.signature_line(raw)
    if signed:
        # （郭  帅） under a text signs it, as (青哈斯) closes a brief: it ends the item.
        return ClassifiedLine(line, LineRole.SOURCE, raw, "bracketed names sign", credits=signed)
    if raw.startswith(("——", "--", "―")) and len(raw) > 6 and not markdown:
        return ClassifiedLine(line, LineRole.ATTRIBUTION, raw, "dash opens an attribution")
    if markdown:
        return ClassifiedLine(
            line, LineRole.TITLE, title_text(raw), "## subhead or title", markdown=markdown
        )
    return ClassifiedLine(line, LineRole.BODY, raw, "text")


def looks_like_title(text: str, *, in_group: bool = False) -> bool:
    """A headline, overline or subhead: short, no sentence marks, a phrase not a fragment.

    `in_group`: the line stands in a title group (directly above a byline or another
    title), which is evidence enough for what a lone line may not have: an enumeration
    comma (立规矩、明边界，强监管、促创新) or a closing question (如何安全回收一部旧手机？).
    """
    text = text.strip()
    limit = MAX_GROUP_TITLE_CHARS if in_group else MAX_TITLE_CHARS
    if not text or not has_han(text) or display_width(text) > limit:
        return False
    if is_note(text) or _LEAD_START.match(text):
        return False  # 数据来源：…, or a news lead cut by the column (本报北京2月17日电 / （记者…）
    # A line wholly in brackets is a note on the text above (（作者为中共安徽省委书记）,
    # （殷伟杰参与采写）); a box label opens a part of the text (【执纪者说】, 【案情】…).
    if text[0] in "（(" and text[-1] in "）)" or text[0] == "【":
        return False
    # Sentence marks and the enumeration comma belong to running text, not titles.
    if any(mark in text for mark in ("。；;" if in_group else "。；;、")):
        return False
    if text[-1] in "，,、（(“「《" or not quotes_balanced(text):
        return False
    # An overline may end in a colon (003: 赛罕区：); a longer line ending so leads into a quote.
    if text[-1] in "：:" and (len(text) > 12 or any(m in text[:-1] for m in "，,：:")):
        return False
    if text.startswith(ANAPHORA_STARTS):
        return False
    # …坚持把 needs what follows; 要不得 and 见实效 end in a word of their own.
    if text[-1] in TITLE_CANNOT_END and len(lexicon.words(text)[-1:][0]) == 1:
        return False
    quoted = text[0] in '“「"' and text[-1] in '”」"'
    if text[-1] in "！？!?" and not quoted and not in_group:
        return False
    if not quoted:
        clauses = re.split(r"[，,]", text)
        if len(clauses) > (3 if in_group else 2):
            return False
        for clause in clauses[:-1]:
            if len(clause) < (2 if in_group else MIN_TITLE_CLAUSE):
                return False
    return True


def is_note(text: str) -> bool:
    """A labelled note (数据来源：…, 版式设计：张芳曼): a label of a few characters, a colon, a value."""
    label, colon, value = text.partition("：")
    if not colon:
        label, colon, value = text.partition(":")
    return bool(colon and value.strip() and len(label) <= 10 and label.endswith(NOTE_LABELS))


def is_kicker_label(text: str) -> bool:
    """A short label, or a series name with its number, that can stand above a title."""
    if text.endswith(PLACE_SUFFIXES) or not all(
        is_han(ch) or ch.isdigit() or ch in SERIES_MARKS for ch in text
    ):
        return False
    low, high = KICKER_CHARS
    if any(ch in SERIES_MARKS for ch in text):
        return len(text) <= MAX_SERIES_CHARS and is_han(text[0])
    return low <= len(text) <= high


def _unmarked_kickers(lines: tuple[ClassifiedLine, ...]) -> tuple[ClassifiedLine, ...]:
    """A short label standing above a title is a column kicker.

    Directly above a byline it is the headline itself (守住小节 / ●王一民).
    """
    result = list(lines)
    following = [c for c in result if c.role is not LineRole.BLANK]
    for k, (c, below) in enumerate(zip(following, following[1:], strict=False)):
        if c.role is not LineRole.TITLE or c.markdown or below.role is not LineRole.TITLE:
            continue
        if is_kicker_label(c.text):
            index = result.index(c)
            result[index] = _replace(c, LineRole.KICKER, "a short label above a title")
        elif _over_an_overline(following, k):
            index = result.index(c)
            result[index] = _replace(c, LineRole.KICKER, "a label above an overline")
    return tuple(result)


def _over_an_overline(following: list[ClassifiedLine], k: int) -> bool:
    """The first line of a group above an overline (…—— / …：) and its headline is a kicker.

    A title group holds a kicker, an overline, a headline and a subtitle: over
    `云南省怒江…“家门口的务工车间”——` / `小棒球拓宽就业路` only the kicker can stand
    (党旗在基层一线高高飘扬), however long its name.
    """
    c, overline = following[k], following[k + 1]
    headline = following[k + 2] if k + 2 < len(following) else None
    above = following[k - 1] if k else None
    return (
        overline.text.rstrip().endswith(("——", "：", ":"))
        and headline is not None
        and headline.role is LineRole.TITLE
        and (above is None or above.role not in (LineRole.TITLE, LineRole.KICKER))
        and len(c.text) <= MAX_SERIES_CHARS
        and not c.text.rstrip().endswith(("——", "：", ":"))
        and not any(mark in c.text for mark in "，,。；;、")
    )


_LEAD_START = re.compile(LEAD_PATTERN)
_GROUP_ROLES = (LineRole.BYLINE, LineRole.KICKER, LineRole.TITLE, LineRole.ATTRIBUTION)
# A title group is a column kicker, an overline, a headline, a subtitle and a byline.
MAX_GROUP_LINES = 5
# OCR'd lines of one column differ by a cell or two (half-width quotes and digits).
COLUMN_WIDTH_SLACK = 2


def _blocks(lines: tuple[ClassifiedLine, ...]) -> list[list[int]]:
    """Runs of consecutive non-blank lines, as lists of indexes."""
    blocks: list[list[int]] = []
    for i, c in enumerate(lines):
        if c.role is LineRole.BLANK:
            continue
        if blocks and blocks[-1][-1] == i - 1:
            blocks[-1].append(i)
        else:
            blocks.append([i])
    return blocks


def _wrapped(widths: list[float]) -> bool:
    """Lines cut by a column width: all but the last as wide as each other, the last no wider."""
    if len(widths) < 2:
        return False
    full = widths[:-1]
    return max(full) - min(full) <= 1 and widths[-1] <= max(full) + 0.5


def _column_widths(lines, blocks: list[list[int]]) -> set[float]:
    """The column width of each block of wrapped running text among `blocks`."""
    widths = set()
    for block in blocks:
        found = [display_width(lines[i].text) for i in block if lines[i].role is LineRole.BODY]
        if len(found) >= 3:
            widths.add(statistics.median(found[:-1]))
    return widths


def _titleish(c: ClassifiedLine) -> bool:
    return c.role in _GROUP_ROLES or (
        c.role is LineRole.BODY and looks_like_title(c.text, in_group=True)
    )


def _stacked_title_groups(lines: tuple[ClassifiedLine, ...]) -> tuple[ClassifiedLine, ...]:
    """Title lines set one under another, without blank lines between them.

    A title group spans columns: it stands over the byline or the lead (本报讯…) that
    opens its text, or under a column kicker, or as a block of its own whose lines are
    not cut to the width of the text around it. Wrapped running text is told apart by
    its lines of the column's width (000: 有事共商难题同解 / 在无物业管理的好宜佳小区，一
    is a subhead over the first line of its paragraph, not two titles).
    """
    result = list(lines)
    blocks = _blocks(lines)
    for n, block in enumerate(blocks):
        if len(block) < 2:
            continue
        top = block[: MAX_GROUP_LINES + 1]
        opener = next(
            (
                k
                for k, i in enumerate(top)
                if k and (lines[i].role is LineRole.BYLINE or _LEAD_START.match(lines[i].text))
            ),
            None,
        )
        if opener is not None and all(_titleish(lines[i]) for i in top[:opener]):
            _mark_titles(result, top[:opener], "title over a byline or lead")
            continue
        if lines[block[0]].role is LineRole.KICKER:
            group = []
            for i in block[1:MAX_GROUP_LINES]:
                if not _titleish(lines[i]):
                    break
                group.append(i)
            _mark_titles(result, group, "title under a kicker")
            continue
        if len(block) > MAX_GROUP_LINES or not all(_titleish(lines[i]) for i in block):
            continue
        if lines[block[0]].role is LineRole.ATTRIBUTION:
            # ——2023年4月10日至13日，习 / 近平在广东考察时…: a quotation's source, wrapped.
            continue
        body = [i for i in block if lines[i].role is LineRole.BODY]
        if body and _over_an_opening(lines, blocks, n):
            _mark_titles(result, body, "title lines over the lead or byline of a text")
            continue
        if not body or _cut_to_width(lines, blocks, n):
            continue
        if _runs_on(lines, blocks, n):
            continue
        _mark_titles(result, body, "title lines in a block of their own")
    return tuple(result)


def _over_an_opening(lines, blocks: list[list[int]], n: int) -> bool:
    """Block n stands between a finished text and the opening of the next one.

    Whatever is set between a sentence's end and a lead (本报广州3月24日电…) or a byline
    is a title group, the next text's or, on a page that prints headlines after
    their texts, the one above's: no column breaks a text's last sentence there.
    """
    if n + 1 >= len(blocks):
        return False
    below = lines[blocks[n + 1][0]]
    if below.role is not LineRole.BYLINE and not _LEAD_START.match(below.text):
        return False
    if n == 0:
        return True
    above = lines[blocks[n - 1][-1]]
    return above.role is not LineRole.BODY or ends_sentence(above.text)


def _cut_to_width(lines, blocks: list[list[int]], n: int) -> bool:
    """Whether block n reads as text wrapped by a column: lines of one width.

    Two lines prove little alone (a headline over a shorter subtitle looks the same),
    so a two-line block counts as wrapped only at the width of the text around it.
    """
    widths = [display_width(lines[i].text) for i in blocks[n]]
    if not _wrapped(widths):
        return False
    if len(widths) > 2:
        return True
    near = _column_widths(lines, blocks[max(0, n - 1) : n] + blocks[n + 1 : n + 2])
    return any(abs(widths[0] - w) <= COLUMN_WIDTH_SLACK for w in near)


def _runs_on(lines, blocks: list[list[int]], n: int) -> bool:
    """Whether block n's last line is running text that the column carries on below.

    A sentence that forms a word across the break (一|场暖心的…, 以党|建为引领) runs on;
    so does a line cut to the width of the text on both sides, or a clause cut off after
    a comma at the width of the text on one side (在居民吴阿姨家中，网格员小邵).
    """
    last = lines[blocks[n][-1]]
    if n + 1 < len(blocks):
        below = lines[blocks[n + 1][0]]
        if below.role is LineRole.BODY and lexicon.word_across(last.text, below.text):
            return True
        widths = [display_width(lines[i].text) for i in blocks[n]]
        if (
            below.role is LineRole.BODY
            and max(widths) - min(widths) <= 0.5
            and not ends_sentence(last.text)
            and ends_sentence(below.text)
            and display_width(below.text) <= widths[0]
        ):
            # 早上7点，位于广州市的广东省中医院 / 大德路总院内，医疗护理员雷华美正在 /
            # (column break) / 照护住院患者罗阿姨。: lines of one width whose sentence
            # ends on the first line of the next column.
            return True
    width = display_width(last.text)
    before = _column_widths(lines, blocks[max(0, n - 1) : n])
    after = _column_widths(lines, blocks[n + 1 : n + 2])
    fits = [abs(width - w) <= COLUMN_WIDTH_SLACK for w in before | after]
    if before and after and all(fits):
        return True
    return any(fits) and ("，" in last.text or "," in last.text)


def _mark_titles(result: list[ClassifiedLine], indexes, evidence: str) -> None:
    for i in indexes:
        if result[i].role is LineRole.BODY and result[i].evidence != PARTICIPANT_LINE:
            result[i] = _replace(result[i], LineRole.TITLE, evidence)


def _titles_in_groups(lines: tuple[ClassifiedLine, ...]) -> tuple[ClassifiedLine, ...]:
    """Lines that are titles by what stands next to them.

    A title line directly above a byline (小事小节见党性 / ●孟祥夫) is a title, and a
    dash line under a title is its subtitle (——记集宁区…), not a quotation's attribution.
    """
    result = list(lines)
    previous: ClassifiedLine | None = None
    for i, c in enumerate(result):
        if c.role is LineRole.ATTRIBUTION and previous and previous.role is LineRole.TITLE:
            result[i] = _replace(c, LineRole.TITLE, "dash line under a title: a subtitle")
        if c.role is not LineRole.BLANK:
            previous = result[i]
    # Upwards from each byline: the lines standing over it, up to a blank line's
    # paragraph of text, are its title group (overline, headline, subtitle).
    over_byline = False  # the line below starts, or stands in, a byline's title group
    for i in range(len(result) - 1, -1, -1):
        c = result[i]
        if c.role is LineRole.BLANK:
            continue
        if (
            c.role is LineRole.BODY
            and c.evidence != PARTICIPANT_LINE
            and over_byline
            and (c.blank_before or i == 0)
            and looks_like_title(c.text, in_group=True)
        ):
            c = result[i] = _replace(c, LineRole.TITLE, "title line above a byline")
        elif c.role is LineRole.ATTRIBUTION and over_byline and c.text.startswith("——"):
            # ——以高质量发展的确定性应对… over a byline is the headline's subtitle.
            c = result[i] = _replace(c, LineRole.TITLE, "dash line above a byline: a subtitle")
        over_byline = c.role is LineRole.BYLINE or (over_byline and c.role is LineRole.TITLE)
    return tuple(result)
