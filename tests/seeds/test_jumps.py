"""Jump lines: （下转第3版） and （上接第1版） name the other page of a text."""

import pytest

from seeds.parser.jumps import Jump, jump_line, leading_jump, page_number, trailing_jump
from seeds.parser.pipeline import parse_text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("（下转第3版）", Jump(forward=True, page=3)),
        ("（上接第一版）", Jump(forward=False, page=1)),
        ("转第三版", Jump(forward=True, page=3)),
        ("(转第12版)", Jump(forward=True, page=12)),
        ("（接第二十版）", Jump(forward=False, page=20)),
        ("中转站", None),
        ("转第三版的稿件", None),
    ],
)
def test_jump_lines(line, expected):
    assert jump_line(line) == expected


def test_chinese_page_numbers():
    assert [page_number(t) for t in ("3", "十", "十二", "二十", "二十四", "零")] == [
        3,
        10,
        12,
        20,
        24,
        None,
    ]


def test_jumps_run_into_a_paragraph_only_in_brackets():
    assert trailing_jump("推动服务下沉。（下转第3版）") == (Jump(True, 3), 7)
    assert leading_jump("（上接第1版）近年来，社区") == (Jump(False, 1), 7)
    assert trailing_jump("代表们热烈迎接第2版") is None


def test_a_text_jumping_to_another_page_says_where_and_keeps_the_line_out_of_its_text():
    page = "\n\n".join(
        [
            "社区党建引领微治理",
            "□本报记者 宋爽",
            "网格员逐户核算维修成本，推动服务下沉。（下转第3版）",
            "邻里守望暖人心",
            "□本报记者 杨柳",
            "（上接第1版）",
            "社区学院为基层治理赋能。",
        ]
    )
    first, second = parse_text(page, source="t").items
    assert (first.continues_on, first.continued_from) == (3, None)
    assert "continues_elsewhere" in first.flags
    assert [b.text for b in first.body] == ["网格员逐户核算维修成本，推动服务下沉。"]
    assert (second.continues_on, second.continued_from) == (None, 1)
    assert [b.text for b in second.body] == ["社区学院为基层治理赋能。"]
    # The jump lines stay in the items' spans: no character of the page is lost.
    held = "".join(page[a:b] for item in (first, second) for a, b in item.spans)
    assert "（下转第3版）" in held and "（上接第1版）" in held
