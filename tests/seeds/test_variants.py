"""The same items must come out of a seed page however it was typeset or saved.

The variant generators are tested first (they change only what they say they
change); then each variant is parsed and scored, loosely, against the seed page's
hand-written expectations.
"""

from __future__ import annotations

import pytest

from seeds.parser.decode import decode

from . import variants as V
from .scoring import expected_pages, load_expected, score_page, squash

PAGE_IDS = [p.page_id for p in expected_pages()]
NO_LINE_START = "".join(V._NO_LINE_START)


def _fixed(page_id):
    return lambda line: V.is_fixed_line(line, page_id)


# --- the generators -----------------------------------------------------------------------


@pytest.mark.parametrize("page_id", PAGE_IDS)
@pytest.mark.parametrize("width", V.WIDTHS)
def test_rewrap_changes_only_line_breaks(page_id, width):
    original = V.page_text(load_expected(page_id))
    wrapped = V.variant_text(page_id, f"width{width}")
    assert squash(wrapped) == squash(original)
    fixed = _fixed(page_id)
    kept = iter(wrapped.split("\n"))
    for line in (ln for ln in original.split("\n") if fixed(ln)):
        assert line in kept, f"{line!r} not kept, in order, on its own line"
    # Blank lines (paragraph and column breaks) stay: the same number of text runs.
    assert wrapped.count("\n\n") == original.count("\n\n")
    lines = wrapped.split("\n")
    for previous, line in zip(["", *lines], lines, strict=False):
        if line and not fixed(line):
            # Only a line the wrapper broke is bound by the rules; a paragraph may open with ——.
            if previous.strip() and not fixed(previous):
                assert line[0] not in NO_LINE_START, line
            # A line may run over by trailing punctuation or a whole credit, never more.
            assert len(line.rstrip(NO_LINE_START)) <= width or "摄" in line or line.endswith(")"), (
                line
            )


def test_rewrap_keeps_titles_bylines_and_kickers_on_their_own_lines():
    wrapped = V.variant_text("004", "width12").split("\n")
    for line in (
        "□本报记者 郝隋 通讯员 钟伟",
        "政治素质档案精准描摹党员干部“画像”",
        "初心如磐",
        "每周一学",
    ):
        assert line in wrapped
    wrapped = V.variant_text("001", "width18").split("\n")
    assert "## ◎信息集装箱" in wrapped
    assert "★党的思想路线：  " in wrapped
    assert "见习记者 高辉 通讯员 刘党 摄" in wrapped


def test_rewrap_keeps_a_brief_name_whole_on_the_last_line():
    wrapped = V.variant_text("001", "width12").split("\n")
    assert any(line.endswith("(青哈斯)") for line in wrapped)
    assert not any(line.startswith(("哈斯)", "斯)")) for line in wrapped)


def test_rewrap_joins_a_wrapped_paragraph_of_page_000():
    wrapped = V.variant_text("000", "width26").split("\n")
    # The page's 10-character lines become 26-character ones.
    assert wrapped[1] == "近日，新城区海拉尔路街道公安厅社区在公安厅小区开展了"


def test_flipping_punctuation_twice_gives_the_page_back():
    for page_id in PAGE_IDS:
        text = V.page_text(load_expected(page_id))
        assert V.flip_punctuation(V.flip_punctuation(text)) == text


def test_flipping_punctuation_swaps_widths():
    assert (
        V.flip_punctuation("到来,通辽市(来源:共产党员网)!") == "到来，通辽市（来源：共产党员网）！"
    )
    assert (
        V.flip_punctuation("小事小节，关乎民生？（据《人民日报》）")
        == "小事小节,关乎民生?(据《人民日报》)"
    )
    flipped = V.variant_text("000", "punctuation_flipped")
    assert "，" not in flipped and "," in flipped
    assert "。" in flipped  # the full stop stays: "." would read as a decimal point


def test_swapping_glyphs_is_a_rotation():
    assert V.swap_glyphs("□本报记者 宋爽") == "●本报记者 宋爽"
    assert V.swap_glyphs("●孟祥夫") == "■孟祥夫"
    assert V.swap_glyphs("■本报记者 阿柔娜 摄") == "□本报记者 阿柔娜 摄"
    text = V.page_text(load_expected("003"))
    swapped = V.variant_text("003", "glyphs_swapped")
    assert swapped != text and len(swapped) == len(text)
    assert "■本报记者 杨彩霞 通讯员 乌日恒" in swapped


def test_gb18030_crlf_is_really_gb18030_and_crlf():
    data = V.variant_bytes("002", "gb18030_crlf")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("gb18030")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert text.replace("\r\n", "\n") == V.page_text(load_expected("002"))


@pytest.mark.parametrize("page_id", PAGE_IDS)
@pytest.mark.parametrize("name", V.VARIANTS)
def test_every_variant_decodes_to_its_text(page_id, name):
    decoded = decode(V.variant_bytes(page_id, name), source=f"{page_id}.{name}")
    assert decoded.text == V.variant_text(page_id, name)
    assert decoded.encoding == ("gb18030" if name == "gb18030_crlf" else "utf-8")


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_stray_spaces_only_add_spaces_to_body_lines(page_id):
    original = V.page_text(load_expected(page_id)).split("\n")
    spaced = V.variant_text(page_id, "stray_spaces").split("\n")
    assert len(spaced) == len(original)
    added = 0
    for before, after in zip(original, spaced, strict=True):
        assert after.replace(" ", "") == before.replace(" ", "")
        if V.is_fixed_line(before, page_id):
            assert after == before
        added += len(after) - len(before)
    assert added > 100


def test_stray_spaces_leave_names_in_leads_and_brackets_whole():
    spaced = V.variant_text("000", "stray_spaces")
    assert "本报讯（记者 祁晓燕 通讯员 赵" in spaced
    assert "本报讯（记者 阿柔娜）" in spaced
    spaced = V.variant_text("001", "stray_spaces")
    for name in ("(青哈斯)", "(任建华)", "(王龙)", "(代春玲)", "(本报记者 宋爽)", "王玮 摄"):
        assert name in spaced


# --- the parser on the variants -----------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in V.VARIANTS if n != "original"])
@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_variant_gives_the_same_items(page_id, name):
    score = score_page(V.extract(page_id, name), load_expected(page_id), loose=True)
    assert score.correct == score.total, "\n".join(score.differences())
    assert score.columns_wrong == 0
    assert score.byline_fp == score.byline_fn == 0
