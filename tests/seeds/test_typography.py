"""Sentence edges and OCR spacing in Chinese text."""

import pytest

from seeds.parser import typography as t


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("工 作 人 员 带 头 ，党 员 居 民", "工作人员带头，党员居民"),
        ("小区的 4 位单元长", "小区的4位单元长"),
        ("“ 一 老 一 幼 ”牵 动", "“一老一幼”牵动"),
        ("提供 Wi-Fi 等服务", "提供Wi-Fi等服务"),
        ("Hello world", "Hello world"),
    ],
)
def test_close_ocr_spaces(raw, clean):
    assert t.close_ocr_spaces(raw) == clean


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("党建引领基层治理 让社区更和谐", "党建引领基层治理 让社区更和谐"),
        ("履职“三重奏”   纾困解民忧", "履职“三重奏” 纾困解民忧"),
        ("小 事 小 节 见 党 性", "小事小节见党性"),
    ],
)
def test_title_text_keeps_spaces_between_parts(raw, title):
    assert t.title_text(raw) == title


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("社区氛围。", True),
        ("可以啦！”", True),
        ("这是为什么？", True),
        (
            "惠及百姓生活.",
            False,
        ),  # a full stop in Chinese text is 。; "." is a decimal point or an abbreviation
        ("与市知识", False),
        ("关于如何发挥好考核“指挥棒”作用，", False),
        ("党的思想路线：", False),
    ],
)
def test_ends_sentence(text, ends):
    assert t.ends_sentence(text) is ends


def test_a_colon_is_not_an_open_end():
    assert not t.is_open_end("党的思想路线：")
    assert t.is_open_end("专业化能")


def test_join_wrapped_keeps_latin_words_apart_and_digits_together():
    assert t.join_wrapped("网格员", "小邵") == "网格员小邵"
    assert t.join_wrapped("12", "00") == "1200"
    assert t.join_wrapped("Wi-Fi", "hotspot") == "Wi-Fi hotspot"


def test_display_width_counts_latin_as_half():
    assert t.display_width("网格员") == 3
    assert t.display_width("138") == 1.5
