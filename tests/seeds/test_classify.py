"""Stage 3, classify, on its own input: the page's lines, built here line by line.

Each line below is typeset as these papers print it; the role it should get is read off
the line itself (its mark, its role words, its shape), as docs/extraction.md describes.
"""

from seeds.parser.classify import LineRole, classify, looks_like_title
from seeds.parser.jumps import Jump
from seeds.parser.lines import Line
from seeds.parser.records import Role


def page_lines(*texts: str) -> tuple[Line, ...]:
    """The lines of a page whose text is ``texts`` joined by newlines, as classify gets them."""
    lines, start = [], 0
    for number, text in enumerate(texts, start=1):
        lines.append(Line(number, text, start, start + len(text)))
        start += len(text) + 1
    return tuple(lines)


PAGE = page_lines(
    "◎北疆党旗红",  # 1
    "",  # 2
    "“红色驿站”温暖新就业群体",  # 3
    "",  # 4
    "□本报记者 张三 通讯员 李四",  # 5
    "",  # 6
    "今年以来，集宁区在商圈、园区建成“红色驿站”32处，为外卖骑手、快递员提供歇脚、充电等服务。",  # 7
    "“以前送餐间隙没地方休息，现在驿站里有热水。”外卖骑手王师傅说。",  # 8
    "王玮 摄",  # 9
    "（下转第3版）",  # 10
    "",  # 11
    "",  # 12
    "◆近日，察右前旗组织开展党员志愿服务活动，为群众提供义诊、理发等服务。",  # 13
    "★党的思想路线：",  # 14
    "（据《人民日报》）",  # 15
    "——2023年3月30日，习近平在学习贯彻主题教育工作会议上的讲话",  # 16
)


def by_number():
    return {c.number: c for c in classify(PAGE)}


def test_every_line_gets_one_role_in_order():
    classified = classify(PAGE)
    assert [c.line for c in classified] == list(PAGE)


def test_roles_read_off_each_line():
    roles = {n: c.role for n, c in by_number().items()}
    assert roles == {
        1: LineRole.KICKER,  # ◎ marks a column
        2: LineRole.BLANK,
        3: LineRole.TITLE,  # short, alone between blank lines, no sentence mark
        4: LineRole.BLANK,
        5: LineRole.BYLINE,  # 本报记者 … 通讯员 …
        6: LineRole.BLANK,
        7: LineRole.BODY,
        8: LineRole.BODY,
        9: LineRole.CREDIT,  # … 摄
        10: LineRole.JUMP,  # （下转第3版）
        11: LineRole.BLANK,
        12: LineRole.BLANK,
        13: LineRole.BRIEF,  # ◆
        14: LineRole.QUOTE,  # ★
        15: LineRole.SOURCE,  # （据…）
        16: LineRole.ATTRIBUTION,  # —— opens it
    }


def test_marks_are_taken_off_the_text():
    lines = by_number()
    assert lines[1].text == "北疆党旗红"
    assert lines[3].text == "“红色驿站”温暖新就业群体"
    assert lines[13].text.startswith("近日，察右前旗") and "◆" not in lines[13].text
    assert lines[14].text == "党的思想路线："


def test_names_jumps_and_sources_come_with_their_lines():
    lines = by_number()
    assert [(c.name, c.role) for c in lines[5].credits] == [
        ("张三", Role.REPORTER),
        ("李四", Role.CORRESPONDENT),
    ]
    assert [(c.name, c.role) for c in lines[9].credits] == [("王玮", Role.PHOTOGRAPHER)]
    assert lines[10].jump == Jump(forward=True, page=3)
    assert lines[15].source == "人民日报"


def test_blank_lines_around_each_line_are_counted():
    lines = by_number()
    assert (lines[3].blank_before, lines[3].blank_after) == (1, 1)
    assert (lines[7].blank_before, lines[7].blank_after) == (1, 0)
    assert (lines[10].blank_before, lines[10].blank_after) == (0, 2)
    assert (lines[13].blank_before, lines[13].blank_after) == (2, 0)


def test_markdown_headings_are_titles_with_their_level():
    lines = {c.number: c for c in classify(page_lines("# 驿站暖心", "", "## 强化服务保障", ""))}
    assert (lines[1].role, lines[1].text, lines[1].markdown) == (LineRole.TITLE, "驿站暖心", 1)
    assert (lines[3].role, lines[3].text, lines[3].markdown) == (LineRole.TITLE, "强化服务保障", 2)


def test_a_sentence_standing_alone_stays_body():
    lines = classify(page_lines("", "近日，记者走进集宁区红色驿站。", ""))
    assert lines[1].role is LineRole.BODY


def test_what_looks_like_a_title():
    assert looks_like_title("“红色驿站”温暖新就业群体")
    assert not looks_like_title("近日，记者走进集宁区红色驿站。")
