"""What a reader sees as an item's title when the page printed no headline."""

import pytest

from articles import titles
from articles.models import Article
from tests.articles.builders import build_article, build_page


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("激活社区“微治理”", True),
        ("2024", True),
        ("", False),
        ("   ", False),
        ("\u3000\u3000", False),  # full-width spaces, as a page pads a headline line
        ("\u200b", False),  # a zero-width space OCR left where a headline was
        ("——", False),
        ("“”…", False),
    ],
)
def test_has_words_tells_a_headline_from_what_only_looks_like_one(text, words):
    assert titles.has_words(text) is words


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("社区大集", "社区大集"),
        ("社区大集。居民挑选年货。", "社区大集"),
        ("谁来守护草原？牧民说了算。", "谁来守护草原？"),
        (
            "近日，新城区海拉尔路街道工人南村社区举办了一场热闹的邻里文化节活动，居民纷纷参加。",
            "近日，新城区海拉尔路街道工人南村社区举办了一场热闹的邻里文化…",
        ),
        ("  社区\n大集  ", "社区 大集"),
        ("。。", ""),
        ("", ""),
    ],
)
def test_the_start_of_a_text_as_a_title(text, title):
    assert titles.text_as_title(text) == title
    assert len(titles.text_as_title(text)) <= titles.TITLE_CHARS + 1


@pytest.mark.django_db
def test_untitled_items_are_named_by_their_caption_or_first_paragraph_in_one_query(
    django_assert_num_queries,
):
    page = build_page()
    titled = build_article(page=page, headline="民族团结宣传月")
    photo = build_article(
        page=page,
        kind=Article.Kind.PHOTO,
        headline="",
        body=(),
        captions=[("", []), ("那达慕大会上的赛马。骑手来自各旗。", [])],
    )
    brief = build_article(
        page=page, kind=Article.Kind.BRIEF, headline="", body=["◆ 乌海市开展消防演练。", "其二。"]
    )
    overline_only = build_article(page=page, headline="", overline="喜迎自治区成立纪念日")
    empty = build_article(page=page, headline="\u200b", body=())
    articles = list(Article.objects.order_by("position"))

    with django_assert_num_queries(1):
        named = titles.name_untitled(articles)

    link_text = {article.pk: article.link_text for article in named}
    assert link_text[titled.pk] == "民族团结宣传月"
    assert link_text[photo.pk] == "那达慕大会上的赛马"
    assert link_text[brief.pk] == "◆ 乌海市开展消防演练"
    assert link_text[overline_only.pk] == "喜迎自治区成立纪念日"
    assert link_text[empty.pk] == ""


@pytest.mark.django_db
def test_titled_items_cost_no_query_and_prefetched_ones_are_read_from_memory(
    django_assert_num_queries,
):
    build_article(headline="民族团结宣传月")
    build_article(headline="", kind=Article.Kind.PHOTO, body=(), captions=[("赛马。", [])])
    titled = list(Article.objects.filter(headline="民族团结宣传月"))
    loaded = list(Article.objects.prefetch_related("blocks", "captions"))
    with django_assert_num_queries(0):
        titles.name_untitled(titled)
        named = titles.name_untitled(loaded)
    assert sorted(article.link_text for article in named) == ["民族团结宣传月", "赛马"]
