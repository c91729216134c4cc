"""The source beside the form, cut without the database: paragraphs found, stitches marked."""

from articles.desk.source import locate_paragraphs, source_beside, stitch_points

PAGE = (
    "别的稿件。\n"  # 0–5
    "回民区工人南村 社区积极探\n索社区治理新模式。\n"  # OCR space and a wrapped line
    "另一篇稿件的文字。\n"
    "网格员逐户走访。\n"
)


def span_of(text):
    start = PAGE.index(text)
    return [start, start + len(text)]


def test_a_repaired_paragraph_is_found_across_the_line_break_and_the_ocr_space():
    first = span_of("回民区工人南村 社区积极探\n索社区治理新模式。")
    found = locate_paragraphs(PAGE, [first], [(7, "回民区工人南村社区积极探索社区治理新模式。")])
    assert found == {7: tuple(first)}


def test_a_paragraph_not_in_the_page_is_left_out():
    assert locate_paragraphs(PAGE, [], [(1, "编辑新写的一段。"), (2, "   ")]) == {}


def test_a_jump_past_other_text_is_a_stitch_and_a_following_span_is_not():
    first = span_of("回民区工人南村 社区积极探\n索社区治理新模式。")
    second = span_of("网格员逐户走访。")
    assert stitch_points([first, second]) == [second[0]]
    assert stitch_points([[0, 5], [6, 10]]) == []
    assert stitch_points([second, first]) == [first[0]]  # printed earlier: also a jump


def test_the_pieces_cover_the_page_once_and_carry_the_paragraphs_lines():
    first = span_of("回民区工人南村 社区积极探\n索社区治理新模式。")
    second = span_of("网格员逐户走访。")
    beside = source_beside(
        PAGE,
        [first, second],
        [(1, "回民区工人南村社区积极探索社区治理新模式。"), (2, "网格员逐户走访。")],
    )
    assert "".join(p["text"] for p in beside["pieces"]) == PAGE
    ours = "".join(p["text"] for p in beside["pieces"] if p["ours"])
    assert ours == PAGE[first[0] : first[1]] + PAGE[second[0] : second[1]]
    assert [p["start"] for p in beside["pieces"] if p["stitch"]] == [second[0]]
    assert beside["paragraphs"] == {"1": [*first, 2, 3], "2": [*second, 5, 5]}
    assert beside["first"] == first[0] and beside["stitch_count"] == 1
