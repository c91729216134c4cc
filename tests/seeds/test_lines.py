"""Stage 2, lines: every line knows exactly where it stands in the page text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seeds.parser.lines import split_lines


def _texts(text):
    return [line.text for line in split_lines(text)]


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("标题\n正文\n", ["标题", "正文"]),
        ("标题\r\n正文\r\n", ["标题", "正文"]),
        ("标题\r正文\r", ["标题", "正文"]),
        ("标题\n正文", ["标题", "正文"]),
        ("标题\r\n\r\n正文", ["标题", "", "正文"]),
        ("a\r\nb\rc\nd", ["a", "b", "c", "d"]),
        ("\n\n", ["", ""]),
        ("", []),
        (" 激活社区 \n", [" 激活社区 "]),
    ],
    ids=[
        "lf",
        "crlf",
        "cr",
        "no-final-newline",
        "blank-line",
        "mixed",
        "only-newlines",
        "empty",
        "spaces-kept",
    ],
)
def test_splits_on_every_line_ending(text, lines):
    assert _texts(text) == lines


def test_offsets_index_the_text_with_crlf():
    text = "□本报记者 宋爽\r\n\r\n不久前，呼和浩特市\r\n"
    lines = split_lines(text)
    assert [(line.number, line.start, line.end) for line in lines] == [
        (1, 0, 8),
        (2, 10, 10),
        (3, 12, 21),
    ]
    for line in lines:
        assert text[line.start : line.end] == line.text


def test_blank_and_stripped():
    first, second = split_lines(" \u3000\n  正文  ")
    assert first.is_blank and first.stripped == ""
    assert not second.is_blank and second.stripped == "正文"


@given(st.text(alphabet=st.sampled_from(list("ab 中文，。□\r\n\t")), max_size=60))
def test_lines_are_str_splitlines_with_offsets(text):
    lines = split_lines(text)
    assert [line.text for line in lines] == text.splitlines()
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))
    previous_end = 0
    for line in lines:
        assert text[line.start : line.end] == line.text
        assert "\r" not in line.text and "\n" not in line.text
        assert line.start >= previous_end
        # Between two lines there is exactly one line ending.
        assert text[previous_end : line.start] in ("", "\n", "\r", "\r\n") or line.number == 1
        previous_end = line.end
    assert text[previous_end:] in ("", "\n", "\r", "\r\n")
