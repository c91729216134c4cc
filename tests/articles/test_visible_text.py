"""What of a page's OCR text a reader sees, worked out without the database or HTTP."""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.visible_text import Segment, clean_spans, sees_everything, visible_segments

WITHHELD = Segment("", withheld=True)

PAGE = "社区网格员上门服务\n草稿里的内容\n第二段草稿\n老旧小区改造完工"


def spans_of(text, *parts):
    return [[text.index(part), text.index(part) + len(part)] for part in parts]


class TestVisibleSegments:
    def test_only_the_published_spans_are_shown(self):
        published = spans_of(PAGE, "社区网格员上门服务", "老旧小区改造完工")
        draft = spans_of(PAGE, "草稿里的内容", "第二段草稿")
        segments = visible_segments(PAGE, published, draft)
        assert segments == [
            Segment("社区网格员上门服务\n"),
            WITHHELD,
            Segment("\n老旧小区改造完工"),
        ]

    def test_text_of_no_item_is_withheld_too(self):
        published = spans_of(PAGE, "社区网格员上门服务")
        assert visible_segments(PAGE, published, []) == [Segment("社区网格员上门服务\n"), WITHHELD]

    def test_one_note_per_run_however_many_items_and_lines_are_in_it(self):
        text = "甲稿\n乙稿第一行\n乙稿第二行\n\n丙稿\n丁稿"
        published = spans_of(text, "甲稿", "丁稿")
        others = spans_of(text, "乙稿第一行", "乙稿第二行", "丙稿")
        segments = visible_segments(text, published, others)
        assert segments == [Segment("甲稿\n"), WITHHELD, Segment("\n丁稿")]

    def test_a_run_inside_a_line_keeps_the_spaces_around_it(self):
        text = "已发布 草稿 已发布二"
        segments = visible_segments(text, spans_of(text, "已发布 ", "已发布二"), [])
        assert segments == [Segment("已发布 "), WITHHELD, Segment(" 已发布二")]

    def test_whitespace_between_published_items_stays(self):
        text = "第一篇\n\n  第二篇"
        assert visible_segments(text, spans_of(text, "第一篇", "第二篇"), []) == [Segment(text)]

    def test_what_an_unpublished_item_also_claims_is_withheld(self):
        # A merge or split on the desk can leave two items claiming the same characters.
        text = "公开的句子和草稿的句子"
        published = [[0, len(text)]]
        draft = spans_of(text, "草稿的句子")
        assert visible_segments(text, published, draft) == [Segment("公开的句子和"), WITHHELD]

    def test_nothing_published_is_one_note(self):
        assert visible_segments(PAGE, [], spans_of(PAGE, "草稿里的内容")) == [WITHHELD]

    def test_malformed_spans_show_nothing(self):
        text = "草稿"
        bad = [[0], [0, 1, 2], ["0", "2"], [True, 2], [0.0, 2.0], None, "0-2", [2, 0], {"a": 1}]
        assert visible_segments(text, bad, []) == [WITHHELD]
        assert visible_segments(text, "0-2", []) == [WITHHELD]

    def test_spans_past_the_ends_are_clipped(self):
        text = "全部公开"
        assert visible_segments(text, [[-5, 2], [2, 99]], []) == [Segment(text)]

    def test_overlapping_spans_merge(self):
        assert clean_spans([[4, 8], [0, 5], [8, 9], [12, 20]], 15) == [(0, 9), (12, 15)]


# Characters and spans of any shape: what a reader sees is always what the published spans
# cover and no other item claims, and the withheld runs never touch.
TEXTS = st.text(alphabet="草稿公开文字 \n", max_size=40)


@st.composite
def pages(draw):
    text = draw(TEXTS)
    span = st.tuples(st.integers(-2, len(text) + 2), st.integers(-2, len(text) + 2)).map(list)
    return text, draw(st.lists(span, max_size=6)), draw(st.lists(span, max_size=6))


@settings(max_examples=200)
@given(pages())
def test_a_reader_sees_exactly_the_published_characters(page):
    text, published, others = page
    segments = visible_segments(text, published, others)
    covered = {i for start, end in clean_spans(published, len(text)) for i in range(start, end)}
    claimed = {i for start, end in clean_spans(others, len(text)) for i in range(start, end)}
    shown = "".join(segment.text for segment in segments)
    # The characters shown, spaces aside, are those covered and not claimed, in page order.
    visible = "".join(text[i] for i in sorted(covered - claimed) if not text[i].isspace())
    assert "".join(shown.split()) == visible
    assert all(not (a.withheld and b.withheld) for a, b in itertools.pairwise(segments))


class TestWhoSeesEverything:
    @pytest.fixture
    def user(self, db):
        return get_user_model().objects.create_user("bianji", password="pw-for-tests-only")

    def test_staff_who_may_view_articles(self, user):
        user.is_staff = True
        user.save()
        user.user_permissions.add(Permission.objects.get(codename="view_article"))
        assert sees_everything(get_user_model().objects.get(pk=user.pk))

    def test_not_staff_without_the_permission_or_inactive(self, user):
        assert not sees_everything(user)
        user.is_staff = True
        user.save()
        assert not sees_everything(get_user_model().objects.get(pk=user.pk))
        user.user_permissions.add(Permission.objects.get(codename="view_article"))
        user.is_active = False
        user.save()
        assert not sees_everything(get_user_model().objects.get(pk=user.pk))

    def test_anonymous(self):
        assert not sees_everything(AnonymousUser())
        assert not sees_everything(None)
