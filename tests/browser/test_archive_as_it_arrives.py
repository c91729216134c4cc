"""The archive as it arrives, read in headless Chromium at phone and desktop widths: pages of
no known paper or day, topics filed by the machine, places named in the text.

Screenshots are kept under test-artifacts/ for a person to look at.
"""

import re

import pytest

from taxonomy.models import ArticlePlace, ArticleTopic, Place, Topic
from tests.articles.builders import build_article, build_page
from tests.browser.chromium import CHROMIUM, WIDTHS, check_page, navigating, use_width

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]


@pytest.fixture
def arrived(transactional_db):
    """Two pages as the seed import leaves them (no paper, day, number or name), their
    topics filed by the machine, their places linked; a draft that must not be counted."""
    first = build_page(issue=None, number=None, name="")
    second = build_page(issue=None, number=None, name="")
    grid = build_article(
        page=first,
        position=0,
        headline="激活社区“微治理”",
        body=["回民区环河街道工人南村社区的网格员每日巡查，及时上报问题。"],
        bylines=[("祁晓燕", "reporter")],
    )
    elders = build_article(
        page=second,
        position=0,
        headline="老年助餐点开进小区",
        body=["赛罕区的社区食堂为独居老人送餐上门。"],
    )
    draft = build_article(page=second, position=1, headline="待审稿件", status="needs_review")
    # Made here, not read from the data migrations: a live-server test's database is emptied
    # after each test, vocabulary and region tree too.
    governance, _ = Topic.objects.get_or_create(name="基层治理", slug="jiceng-zhili")
    for article in (grid, elders, draft):
        ArticleTopic.objects.create(article=article, topic=governance, state="machine", score=0.5)
    region, _ = Place.objects.get_or_create(
        name="内蒙古自治区", parent=None, defaults={"kind": "自治区", "level": 1}
    )
    city, _ = Place.objects.get_or_create(
        name="呼和浩特市", parent=region, defaults={"kind": "地级市", "level": 2}
    )
    for article, name in ((grid, "回民区"), (elders, "赛罕区"), (draft, "回民区")):
        district, _ = Place.objects.get_or_create(
            name=name, parent=city, defaults={"kind": "市辖区", "level": 3}
        )
        ArticlePlace.objects.create(article=article, place=district)
    return {"pages": (first, second), "grid": grid, "topic": governance, "city": city}


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_reader_browses_pages_of_unknown_date(browser, live_server, arrived, width):
    use_width(browser, width)
    base = live_server.url

    browser.get(base + "/")
    undated = browser.find_element("css selector", "section.undated")
    assert "日期不详" in undated.text
    # Each page is named by what it printed first, never by its file name.
    names = [link.text for link in undated.find_elements("css selector", "a[href^='/pages/']")]
    assert names == ["激活社区“微治理”", "老年助餐点开进小区"]
    assert "还没有发布的报纸" not in browser.page_source
    assert ".txt" not in undated.text
    check_page(browser, base, f"home-undated-{width}")

    with navigating(browser):
        undated.find_element("link text", "日期不详").click()
    assert browser.find_element("css selector", "h1").text == "日期不详"
    assert len(browser.find_elements("css selector", "section.page-block")) == 2
    assert "待审稿件" not in browser.page_source
    check_page(browser, base, f"undated-{width}")

    # The page, titled by its first item, then that item.
    with navigating(browser):
        browser.find_element("css selector", "section.page-block h2 a").click()
    assert browser.find_element("css selector", "h1").text == "激活社区“微治理”"
    assert browser.current_url.startswith(base + "/pages/")
    check_page(browser, base, f"page-undated-{width}")
    with navigating(browser):
        browser.find_element("css selector", ".items a.headline").click()
    assert browser.current_url == base + f"/articles/{arrived['grid'].pk}/"
    assert browser.find_element("css selector", "h1").text == "激活社区“微治理”"
    # Where it was printed is not known yet: the crumb leads back to every such page.
    assert (
        browser.find_element("link text", "日期不详")
        .get_attribute("href")
        .endswith("/issues/undated/")
    )
    check_page(browser, base, f"article-undated-{width}")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_reader_follows_a_topic_the_machine_filed(browser, live_server, arrived, width):
    use_width(browser, width)
    base = live_server.url

    browser.get(base + f"/articles/{arrived['grid'].pk}/")
    tags = browser.find_element("css selector", "footer.tags")
    assert "基层治理" in tags.text and "机器标注" in tags.text

    with navigating(browser):
        browser.find_element("css selector", "nav a[href='/topics/']").click()
    entry = browser.find_element("css selector", ".topic-index li")
    assert entry.text == "基层治理 (2)"
    check_page(browser, base, f"topics-{width}")

    with navigating(browser):
        entry.find_element("css selector", "a").click()
    assert browser.find_element("css selector", "h1").text == "基层治理"
    assert "共 2 篇" in browser.find_element("css selector", ".list-tools").text
    items = browser.find_elements("css selector", "li.item")
    assert len(items) == 2
    assert all("机器标注" in item.text for item in items)
    check_page(browser, base, f"topic-{width}")

    # The topic's search: its filter returns what the page lists.
    with navigating(browser):
        browser.find_element("link text", "在其中检索").click()
    assert browser.find_element("css selector", ".result-count").text.startswith("共 2 篇")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_place_tree_counts_what_each_place_lists(browser, live_server, arrived, width):
    use_width(browser, width)
    base = live_server.url

    browser.get(base + "/")
    with navigating(browser):
        browser.find_element("css selector", "nav a[href='/places/']").click()
    city = arrived["city"]
    node = browser.find_element(
        "xpath", f"//a[@href='/places/{city.pk}/']/ancestor::details[1]/summary"
    )
    assert re.search(r"呼和浩特市 \(2\)", node.text)
    node.click()  # opens the city's districts
    district = browser.find_element("link text", "回民区")
    assert district.is_displayed()
    check_page(browser, base, f"places-{width}")

    with navigating(browser):
        browser.find_element("link text", "呼和浩特市").click()
    assert "共 2 篇" in browser.find_element("css selector", ".list-tools").text
    assert len(browser.find_elements("css selector", "li.item")) == 2
    check_page(browser, base, f"place-{width}")
