"""The review queue leads, in headless Chromium: from the desk's front page to a published item.

The continuation the extraction could not title waits in the review queue, saying why and
showing its first words; nothing is ticked until the chief editor ticks it. Marked reviewed,
it waits in the queue to publish, which says a headline blocks it; typed on its form, the
headline clears the flag, and the item is published from the queue.
"""

import pytest
from selenium.webdriver.support.ui import Select

from articles.models import Article
from tests.browser.chromium import CHROMIUM, navigating
from tests.browser.test_desk_e2e import PASSWORD, css
from tests.browser.test_desk_e2e import desk as desk_fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]

desk = desk_fixture


def test_a_chief_editor_follows_the_queues_from_the_desk_to_the_site(browser, live_server, desk):
    lead, rest = desk
    rest.flags = ["missing_headline"]
    rest.confidence = 0.4
    rest.save()
    base = live_server.url
    browser.set_window_size(1280, 1000)
    browser.get(base + "/admin/login/")
    css(browser, "#id_username").send_keys("zhubian")
    css(browser, "#id_password").send_keys(PASSWORD)
    with navigating(browser):
        css(browser, "form").submit()

    assert "别人最近的修改" in css(browser, "#desk-changes").text
    with navigating(browser):
        browser.find_element("link text", "打开待审队列").click()
    rows = css(browser, "#result_list").text
    assert "社区网格员小金第一时间赶到小区" in rows and "缺标题（阻止发布）" in rows
    boxes = browser.find_elements("css selector", "input[name=_selected_action]")
    assert boxes and not any(box.is_selected() for box in boxes)

    css(browser, f"input[name=_selected_action][value='{rest.pk}']").click()
    Select(css(browser, "select[name=action]")).select_by_value("mark_reviewed")
    with navigating(browser):
        css(browser, "button[name=index]").click()
    assert "已将 1 篇标记为已审。" in css(browser, "ul.messagelist").text

    browser.get(base + "/admin/articles/readyqueue/")
    assert "缺标题（阻止发布）" in css(browser, "#result_list").text
    browser.get(f"{base}/admin/articles/article/{rest.pk}/change/")
    assert css(browser, "input[name=flags][value=missing_headline]").is_selected()
    css(browser, "#id_headline").send_keys("网格员守护居民安全")
    with navigating(browser):
        css(browser, "input[name=_save]").click()
    assert Article.objects.get(pk=rest.pk).flags == []

    browser.get(base + "/admin/articles/readyqueue/")
    assert "可以发布" in css(browser, "#result_list").text
    css(browser, f"input[name=_selected_action][value='{rest.pk}']").click()
    Select(css(browser, "select[name=action]")).select_by_value("publish")
    with navigating(browser):
        css(browser, "button[name=index]").click()
    assert "已发布 1 篇。" in css(browser, "ul.messagelist").text
    browser.get(f"{base}/articles/{rest.pk}/")
    assert css(browser, "h1").text == "网格员守护居民安全"
