"""Stage 5, repair, on its own input: drafts built here from hand-made pieces.

What an item should say (its title parts, its paragraphs joined across a column break,
its subheads, names, jumps and spans) is read off the pieces each draft is given.
"""

import pytest

from seeds.parser.assemble import Draft
from seeds.parser.classify import ClassifiedLine, LineRole
from seeds.parser.jumps import Jump
from seeds.parser.lines import Line
from seeds.parser.pieces import Piece, PieceKind
from seeds.parser.records import BlockType, Credit, Flag, ItemKind, Role
from seeds.parser.repair import line_span, repair, title_parts

_ROLE = {
    PieceKind.TITLE: LineRole.TITLE,
    PieceKind.BYLINE: LineRole.BYLINE,
    PieceKind.PARA: LineRole.BODY,
    PieceKind.KICKER: LineRole.KICKER,
}


class Page:
    """Pieces laid out one line each, as on a page whose lines are the pieces' texts."""

    def __init__(self):
        self.start = 0
        self.pieces = []

    def piece(self, kind: PieceKind, text: str, **fields) -> Piece:
        line = Line(len(self.pieces) + 1, text, self.start, self.start + len(text))
        self.start += len(text) + 1
        classified = ClassifiedLine(line, _ROLE[kind], text.strip(), "test")
        made = Piece(len(self.pieces), kind, (classified,), text.strip(), **fields)
        self.pieces.append(made)
        return made


def draft(*, head=(), body=(), joins=(), kind=ItemKind.ARTICLE, flags=(), column=None):
    return Draft(
        kind=kind,
        head=tuple(head),
        body=tuple(body),
        subheads=frozenset(),
        joins=frozenset(joins),
        titles_after=(),
        captions=(),
        caption_credits={},
        closers=(),
        flags=frozenset(flags),
        column=column,
        column_pieces=(),
    )


@pytest.mark.parametrize(
    "lines, parts",
    [
        (
            ["乌兰察布：", "“红色驿站”温暖新就业群体"],
            ("乌兰察布：", "“红色驿站”温暖新就业群体", None),
        ),
        (
            ["“红色驿站”温暖新就业群体", "——记集宁区新业态党建工作"],
            (None, "“红色驿站”温暖新就业群体", "——记集宁区新业态党建工作"),
        ),
        # Two plain lines: the first is the overline.
        (
            ["赛马场北路社区", "“三邻”共治为老年群体送关爱"],
            ("赛马场北路社区", "“三邻”共治为老年群体送关爱", None),
        ),
        # A headline asking its question, its subtitle under it.
        (
            ["如何安全回收一部旧手机？", "专家给出三条建议"],
            (None, "如何安全回收一部旧手机？", "专家给出三条建议"),
        ),
        ([], (None, None, None)),
    ],
)
def test_title_parts(lines, parts):
    assert title_parts(lines) == parts


def test_an_article_with_its_title_byline_and_paragraphs():
    page = Page()
    overline = page.piece(PieceKind.TITLE, "乌兰察布：")
    headline = page.piece(PieceKind.TITLE, "红色驿站 温暖骑手")
    byline = page.piece(
        PieceKind.BYLINE,
        "本报记者 张三",
        credits=(Credit("张三", Role.REPORTER),),
    )
    first = page.piece(PieceKind.PARA, "今年以来，集宁区建成红色驿站32处。")
    item = repair(draft(head=[overline, headline, byline], body=[first], column="北疆党旗红"))
    assert (item.kind, item.column) == (ItemKind.ARTICLE, "北疆党旗红")
    assert (item.overline, item.headline, item.subtitle) == (
        "乌兰察布：",
        "红色驿站 温暖骑手",
        None,
    )
    assert [(c.name, c.role) for c in item.bylines] == [("张三", Role.REPORTER)]
    assert [(b.type, b.text) for b in item.body] == [
        (BlockType.PARAGRAPH, "今年以来，集宁区建成红色驿站32处。")
    ]
    assert item.continues_on is None and item.flags == ()


def test_a_paragraph_broken_by_the_column_is_joined_and_a_subhead_stays_apart():
    page = Page()
    before = page.piece(PieceKind.PARA, "驿站里有热水、充电宝和")
    after = page.piece(PieceKind.PARA, "常用药品，骑手随到随用。")
    subhead = page.piece(PieceKind.TITLE, "强化服务保障")
    last = page.piece(PieceKind.PARA, "下一步，集宁区将继续完善驿站布局。")
    item = repair(draft(body=[before, after, subhead, last]))
    assert [(b.type, b.text) for b in item.body] == [
        (BlockType.PARAGRAPH, "驿站里有热水、充电宝和常用药品，骑手随到随用。"),
        (BlockType.SUBHEAD, "强化服务保障"),
        (BlockType.PARAGRAPH, "下一步，集宁区将继续完善驿站布局。"),
    ]
    # The joined paragraph points back at both of its lines.
    assert item.body[0].spans == (line_span(before.lines[0].line), line_span(after.lines[0].line))


def test_a_jump_onward_says_where_the_text_goes_and_flags_it():
    page = Page()
    body = page.piece(PieceKind.PARA, "驿站还将延长服务时间。", jumps=(Jump(forward=True, page=3),))
    item = repair(draft(body=[body]))
    assert item.continues_on == 3 and item.continued_from is None
    assert str(Flag.CONTINUES_ELSEWHERE) in item.flags


def test_spans_are_the_lines_without_their_outer_spaces_in_page_order():
    page = Page()
    title = page.piece(PieceKind.TITLE, "  红色驿站  ")
    body = page.piece(PieceKind.PARA, "骑手有了歇脚处。")
    item = repair(draft(head=[title], body=[body]))
    # "  红色驿站  " is offsets 0–8 with its characters at 2–6; the newline is 8, so the
    # body's eight characters are 9–17.
    assert item.spans == ((2, 6), (9, 17))
    assert item.headline == "红色驿站"
