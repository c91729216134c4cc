"""A reader's path through the site in headless Chromium, at phone and desktop widths.

Screenshots are kept under test-artifacts/ for a person to look at.
"""

import pytest

from tests.articles.builders import build_article, build_page
from tests.browser.chromium import CHROMIUM, WIDTHS, check_page, navigating, use_width

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]


@pytest.fixture
def archive(transactional_db):
    """Two published articles on one page, the way page 000 printed them."""
    page = build_page(number=3, name="社区")
    grid = build_article(
        page=page,
        position=0,
        column="基层治理",
        headline="激活社区“微治理”工人南村社区居民幸福指数再升级",
        body=[
            "回民区环河街道办事处工人南村社区积极探索社区治理新模式，坚持用党建引领激发社区治理效能。",
            ("subhead", "有事共商难题同解"),
            "社区网格员小金接到单元长刘阿姨的反馈后，第一时间赶到小区并联系维修人员进行检修和报价。"
            "AVeryLongLatinWordWithoutAnySpacesThatCouldWidenThePageOnAPhoneScreenIfItDidNotWrap",
        ],
        bylines=[("祁晓燕", "reporter"), ("赵东霞", "correspondent")],
    )
    build_article(
        page=page,
        position=1,
        headline="民族团结宣传月",
        body=["公安厅社区开展了民族政策宣传月主题活动。"],
        captions=[("居民参加趣味互动。", [("阿柔娜", "photographer")])],
    )
    return grid


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_reader_finds_the_grid_worker_story(browser, live_server, archive, width):
    use_width(browser, width)
    base = live_server.url

    browser.get(base + "/")
    check_page(browser, base, f"home-{width}")

    with navigating(browser):
        browser.find_element("link text", archive.headline).click()
    assert browser.find_element("css selector", "h1").text == archive.headline
    check_page(browser, base, f"article-{width}")

    box = browser.find_element("css selector", "#quick-q")
    box.send_keys("网格员")
    with navigating(browser):
        box.submit()
    assert "找到 1 篇" in browser.find_element("css selector", ".result-count").text
    marks = browser.find_elements("css selector", ".results mark")
    assert marks and marks[0].text == "网格员"
    check_page(browser, base, f"search-{width}")

    with navigating(browser):
        browser.find_element("css selector", ".results a[href^='/reporters/']").click()
    assert browser.find_element("css selector", "h1").text == "祁晓燕"
    assert archive.headline in browser.page_source
    check_page(browser, base, f"reporter-{width}")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_lost_reader_gets_a_chinese_page_and_finds_the_story_in_traditional_characters(
    browser, live_server, archive, width
):
    use_width(browser, width)
    base = live_server.url

    browser.get(base + "/articles/999999/")
    assert browser.find_element("css selector", "h1").text == "找不到这个页面"
    assert browser.find_element("css selector", ".error-status").text == "404"
    check_page(browser, base, f"not-found-{width}")
    box = browser.find_element("css selector", "#error-q")
    assert box.is_displayed()

    # A reader in Hong Kong or Taiwan types the word as they write it.
    box.send_keys("網格員")
    with navigating(browser):
        box.submit()
    assert "找到 1 篇" in browser.find_element("css selector", ".result-count").text
    assert browser.find_element("css selector", ".results .headline").text == archive.headline
    marks = browser.find_elements("css selector", ".results mark")
    assert marks and marks[0].text == "网格员"
    check_page(browser, base, f"search-traditional-{width}")
