"""A chief editor's path through the desk in headless Chromium: log in, fix a headline, merge, check.

The page's lead story was cut in two by the extraction, and its headline was misread
(徽治理 for 微治理). The editor fixes the headline, merges the continuation into it, and
the public article page shows the corrected headline over the whole story.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.desk.groups import CHIEF_EDITORS, ensure_desk_groups
from articles.models import Article
from tests.articles.builders import build_article, build_page
from tests.browser.chromium import ARTIFACTS, CHROMIUM, navigating

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]

PASSWORD = "desk-e2e-pass"


@pytest.fixture
def desk(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A flush between transactional tests empties the groups the migration made.
    ensure_desk_groups()
    chief = get_user_model().objects.create_user("zhubian", password=PASSWORD, is_staff=True)
    chief.groups.add(Group.objects.get(name=CHIEF_EDITORS))
    page = build_page(number=3, name="社区")
    lead = build_article(
        page=page,
        position=0,
        headline="激活社区徽治理",
        body=["回民区工人南村社区积极探索社区治理新模式。"],
        bylines=[("祁晓燕", "reporter")],
    )
    rest = build_article(
        page=page,
        position=1,
        headline="",
        body=["社区网格员小金第一时间赶到小区并联系维修人员。"],
        status=Article.Status.NEEDS_REVIEW,
    )
    return lead, rest


def css(driver, selector):
    return driver.find_element("css selector", selector)


def test_a_chief_editor_fixes_a_headline_merges_and_the_public_page_shows_it(
    browser,
    live_server,
    desk,
):
    from selenium.webdriver.support.ui import Select

    lead, rest = desk
    base = live_server.url
    browser.set_window_size(1280, 1000)

    browser.get(base + "/admin/login/")
    css(browser, "#id_username").send_keys("zhubian")
    css(browser, "#id_password").send_keys(PASSWORD)
    with navigating(browser):
        css(browser, "form").submit()
    assert "编辑台" in browser.title

    browser.get(f"{base}/admin/articles/article/{lead.pk}/change/")
    headline = css(browser, "#id_headline")
    headline.clear()
    headline.send_keys("激活社区微治理")
    with navigating(browser):
        css(browser, "input[name=_save]").click()
    assert "激活社区微治理" in css(browser, "ul.messagelist").text

    browser.get(f"{base}/admin/articles/article/?page__id__exact={lead.page_id}")
    for article in (lead, rest):
        css(browser, f"input[name=_selected_action][value='{article.pk}']").click()
    Select(css(browser, "select[name=action]")).select_by_value("merge")
    with navigating(browser):
        css(browser, "button[name=index]").click()
    assert "确认合并" in browser.page_source
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "desk-merge-confirm.png"))
    with navigating(browser):
        css(browser, "input[type=submit][value='确认合并']").click()
    assert "已合并" in css(browser, "ul.messagelist").text

    browser.get(f"{base}/articles/{lead.pk}/")
    assert css(browser, "h1").text == "激活社区微治理"
    body = css(browser, "body").text
    assert "回民区工人南村社区积极探索社区治理新模式。" in body
    assert "社区网格员小金第一时间赶到小区并联系维修人员。" in body
    browser.save_screenshot(str(ARTIFACTS / "desk-public-article.png"))

    # Merged away, its address leads to the article it went into.
    browser.get(f"{base}/articles/{rest.pk}/")
    assert browser.current_url == f"{base}/articles/{lead.pk}/"
    assert css(browser, "h1").text == "激活社区微治理"
