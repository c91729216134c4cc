"""Stage 4a, pieces, on its own input: classified lines, built here one by one.

Each line is given the role classify gives such a line (tests/seeds/test_classify.py);
what pieces should make of them (paragraphs joined across wrapped lines, leads, credits,
signatures and jumps read off the text) is read off the lines.
"""

from seeds.parser.classify import ClassifiedLine, LineRole
from seeds.parser.jumps import Jump
from seeds.parser.lines import Line
from seeds.parser.pieces import PieceKind, build_pieces
from seeds.parser.records import Credit, Role


def lines(*rows: tuple[LineRole, str]) -> tuple[ClassifiedLine, ...]:
    """Classified lines of a page: (role, text) each; blank-line counts as a page has them."""
    built, start, blanks = [], 0, 0
    for number, (role, text) in enumerate(rows, start=1):
        line = Line(number, text, start, start + len(text))
        built.append(ClassifiedLine(line, role, text, "test", blank_before=blanks))
        blanks = blanks + 1 if role is LineRole.BLANK else 0
        start += len(text) + 1
    return tuple(built)


BLANK = (LineRole.BLANK, "")


def test_wrapped_lines_join_into_one_paragraph_and_a_sentence_end_closes_it():
    pieces = build_pieces(
        lines(
            (LineRole.BODY, "今年以来，集宁区在商圈、园区建成“红色驿"),
            (LineRole.BODY, "站”32处，为外卖骑手提供歇脚服务。"),
            (LineRole.BODY, "“以前没地方休息。”外卖骑手王师傅说。"),
        )
    )
    assert [(p.kind, p.text) for p in pieces] == [
        (
            PieceKind.PARA,
            "今年以来，集宁区在商圈、园区建成“红色驿站”32处，为外卖骑手提供歇脚服务。",
        ),
        (PieceKind.PARA, "“以前没地方休息。”外卖骑手王师傅说。"),
    ]
    assert [len(p.lines) for p in pieces] == [2, 1]


def test_a_blank_line_ends_a_paragraph_and_makes_no_piece():
    pieces = build_pieces(
        lines((LineRole.BODY, "集宁区建成红色驿站"), BLANK, (LineRole.BODY, "骑手有了歇脚处。"))
    )
    assert [p.text for p in pieces] == ["集宁区建成红色驿站", "骑手有了歇脚处。"]
    assert [p.index for p in pieces] == [0, 1]
    assert pieces[1].blank_before == 1


def test_titles_bylines_and_kickers_are_pieces_of_their_own():
    byline = lines((LineRole.BYLINE, "本报记者 张三"))[0]
    reporter = (Credit(name="张三", role=Role.REPORTER),)
    byline = ClassifiedLine(byline.line, LineRole.BYLINE, byline.text, "test", credits=reporter)
    kicker, title = lines((LineRole.KICKER, "北疆党旗红"), (LineRole.TITLE, "红色驿站暖人心"))
    pieces = build_pieces((kicker, title, byline))
    assert [p.kind for p in pieces] == [PieceKind.KICKER, PieceKind.TITLE, PieceKind.BYLINE]
    assert [(c.name, c.role) for c in pieces[2].credits] == [("张三", Role.REPORTER)]


def test_a_lead_is_read_off_the_paragraph_with_its_names():
    (piece,) = build_pieces(lines((LineRole.BODY, "本报讯（记者 张三）近日，集宁区建成红色驿站。")))
    assert piece.lead
    assert [(c.name, c.role) for c in piece.credits] == [("张三", Role.REPORTER)]
    assert piece.text == "近日，集宁区建成红色驿站。"


def test_a_photo_credit_at_the_end_of_a_caption():
    (piece,) = build_pieces(lines((LineRole.BODY, "工作人员为骑手送上热水。王玮 摄")))
    assert [(c.name, c.role) for c in piece.photo_credits] == [("王玮", Role.PHOTOGRAPHER)]
    assert piece.text == "工作人员为骑手送上热水。"


def test_a_jump_at_the_end_of_a_paragraph():
    (piece,) = build_pieces(lines((LineRole.BODY, "驿站还将延长服务时间。（下转第3版）")))
    assert piece.jumps == (Jump(forward=True, page=3),)
    assert piece.text == "驿站还将延长服务时间。"


def test_a_brief_signed_by_a_bare_name():
    (piece,) = build_pieces(lines((LineRole.BRIEF, "近日，丰镇市精简会议文件三成以上。（赵五）")))
    assert piece.kind is PieceKind.BRIEF
    assert [(c.name, c.role) for c in piece.credits] == [("赵五", Role.CONTRIBUTOR)]
    assert piece.text == "近日，丰镇市精简会议文件三成以上。"


def test_a_quotation_keeps_its_heading_apart():
    (piece,) = build_pieces(
        lines((LineRole.QUOTE, "党的思想路线："), (LineRole.BODY, "一切从实际出发，理论联系实际。"))
    )
    assert piece.kind is PieceKind.QUOTE
    assert piece.head == "党的思想路线："
    assert piece.text == "一切从实际出发，理论联系实际。"
