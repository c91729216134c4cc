"""One Han character class for the whole project: which characters are in it, which are not."""

import pytest

from chinese.han import HAN_RUN, has_han, is_han


@pytest.mark.parametrize(
    "ch",
    [
        "网",  # the basic block, U+7F51
        "㛃",  # extension A, U+36C3: printed in rare given names
        "𠮷",  # extension B, U+20BB7: a name's character most fonts lack
        "兀",  # a compatibility ideograph, U+F929
    ],
)
def test_han_characters(ch):
    assert is_han(ch) and has_han(f"A{ch}1")


@pytest.mark.parametrize("ch", ["，", "。", "、", "《", "Ａ", "1", "a", " ", "\u3000", "ー", "ㄅ"])
def test_not_han(ch):
    assert not is_han(ch) and not has_han(ch)


def test_a_run_of_han_stops_at_punctuation_and_latin():
    assert HAN_RUN.findall("网格员，Wi-Fi覆盖𠮷祥") == ["网格员", "覆盖𠮷祥"]
