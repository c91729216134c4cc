"""The article form in headless Chromium: two editors at once, the source beside the form,
and a tablet's width."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.desk.groups import CHIEF_EDITORS, EDITORS, ensure_desk_groups
from articles.desk.locks import EditLock
from articles.models import Article
from tests.articles.builders import build_article, build_page
from tests.browser.chromium import ARTIFACTS, CHROMEDRIVER, CHROMIUM, navigating

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]

PASSWORD = "desk-form-pass"

OTHER = "别的稿件的文字占了这一行，和本稿件无关。\n"
HEAD = "激活社区微治理\n"
FIRST = "回民区工人南村社区积极探\n索社区治理新模式。\n"
SECOND = "网格员逐户走访，记下\n居民的难事。\n"


@pytest.fixture
def desk(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ensure_desk_groups()
    for name, group, first_name in (
        ("zhubian", CHIEF_EDITORS, "赵主编"),
        ("bianji", EDITORS, "王芳"),
    ):
        user = get_user_model().objects.create_user(
            name, password=PASSWORD, is_staff=True, first_name=first_name
        )
        user.groups.add(Group.objects.get(name=group))
    # The story's second paragraph was printed far below its first, after other stories:
    # the extraction stitched it on.
    text = OTHER * 30 + HEAD + FIRST + OTHER * 40 + SECOND + OTHER * 5
    head = text.index(HEAD)
    first = text.index(FIRST)
    second = text.index(SECOND)
    page = build_page(number=3, name="社区", text=text)
    return build_article(
        page=page,
        headline="激活社区微治理",
        body=["回民区工人南村社区积极探索社区治理新模式。", "网格员逐户走访，记下居民的难事。"],
        bylines=[("祁晓燕", "reporter")],
        status=Article.Status.NEEDS_REVIEW,
        spans=[
            (head, head + len(HEAD) - 1),
            (first, first + len(FIRST) - 1),
            (second, second + len(SECOND) - 1),
        ],
    )


def css(driver, selector):
    return driver.find_element("css selector", selector)


def log_in(driver, base, username):
    driver.get(base + "/admin/login/")
    css(driver, "#id_username").send_keys(username)
    css(driver, "#id_password").send_keys(PASSWORD)
    with navigating(driver):
        css(driver, "form").submit()


def second_browser():
    """Another editor's browser: its own profile, so its own session."""
    import shutil
    import tempfile

    from selenium import webdriver

    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    driver = webdriver.Chrome(
        options=options, service=webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    )
    return driver, lambda: (driver.quit(), shutil.rmtree(profile, ignore_errors=True))


def retype(element, text):
    element.clear()
    element.send_keys(text)


def test_two_editors_at_once_lose_nothing(browser, live_server, desk):
    article = desk
    base = live_server.url
    form_url = f"{base}/admin/articles/article/{article.pk}/change/"
    browser.set_window_size(1280, 1000)
    log_in(browser, base, "bianji")
    other, close = second_browser()
    try:
        other.set_window_size(1280, 1000)
        log_in(other, base, "zhubian")

        browser.get(form_url)  # 王芳 opens first and holds the lock
        other.get(form_url)
        assert "王芳 正在编辑" in css(other, "#desk-lock").text
        other.get(f"{base}/admin/articles/article/")
        assert "王芳 正在编辑" in css(other, "#result_list").text

        # Her tab idles past the lock's expiry; the chief editor edits and saves meanwhile.
        EditLock.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
        other.get(form_url)
        retype(css(other, "#id_subtitle"), "工人南村社区的新做法")
        with navigating(other):
            css(other, "input[name=_save]").click()

        retype(css(browser, "#id_headline"), "激活社区“微治理”")
        with navigating(browser):
            css(browser, "input[name=_save]").click()
        assert "赵主编" in css(browser, ".errornote, .errorlist").text or "赵主编" in (
            css(browser, "#article_form").text
        )
        assert css(browser, "#desk-conflict").is_displayed()
        assert css(browser, "#id_headline").get_attribute("value") == "激活社区“微治理”"
        assert css(browser, "#id_subtitle").get_attribute("value") == "工人南村社区的新做法"
        article.refresh_from_db()
        assert article.headline == "激活社区微治理"  # nothing saved over her colleague's work
        ARTIFACTS.mkdir(exist_ok=True)
        browser.save_screenshot(str(ARTIFACTS / "desk-save-conflict.png"))

        with navigating(browser):
            css(browser, "input[name=_save]").click()
        assert "ul.messagelist" and "成功" in css(browser, "ul.messagelist").text
        article.refresh_from_db()
        assert (article.headline, article.subtitle) == ("激活社区“微治理”", "工人南村社区的新做法")
    finally:
        close()


def test_the_source_sits_beside_the_form_and_follows_the_paragraph(browser, live_server, desk):
    article = desk
    base = live_server.url
    browser.set_window_size(1440, 900)
    log_in(browser, base, "bianji")
    browser.get(f"{base}/admin/articles/article/{article.pk}/change/")

    form = css(browser, ".desk-form-column").rect
    source = css(browser, "#desk-source-beside").rect
    assert source["x"] >= form["x"] + form["width"] - 1  # beside, not below
    assert source["y"] < form["y"] + 200
    column = css(browser, ".desk-form-column")
    overflow = "return arguments[0].scrollWidth - arguments[0].clientWidth"
    assert browser.execute_script(overflow, column) <= 0  # nothing runs under the source

    box = css(browser, "#desk-source-text")
    assert browser.execute_script("return arguments[0].scrollTop", box) > 0
    first_mark = css(browser, "#desk-source-text .desk-ours")
    assert _visible_in(browser, first_mark, box)
    assert len(browser.find_elements("css selector", "#desk-source-text .desk-stitch")) == 1

    second = css(browser, "textarea[name='blocks-1-text']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", second)
    second.click()
    current = browser.find_elements("css selector", "#desk-source-text .desk-current")
    assert "".join(c.text for c in current).replace("\n", "") == "网格员逐户走访，记下居民的难事。"
    assert _visible_in(browser, current[0], box)
    # 30 lines of another story, the headline, two lines, 40 lines more: lines 74 and 75.
    assert css(browser, "#desk-source-where").text == "这一段在原文第 74–75 行。"
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "desk-source-beside.png"))


def _visible_in(browser, element, box) -> bool:
    return browser.execute_script(
        "var e = arguments[0].getBoundingClientRect(), b = arguments[1].getBoundingClientRect();"
        "return e.top >= b.top && e.bottom <= b.bottom;",
        element,
        box,
    )


LONG = "回民区工人南村社区" * 12 + "https://www.example.org/" + "a" * 120


@pytest.mark.parametrize("width", [768, 1024])
def test_the_form_fits_a_tablet_without_scrolling_sideways(browser, live_server, desk, width):
    """At tablet widths, also with a save conflict over long texts shown above the form."""
    article = desk
    base = live_server.url
    browser.set_window_size(width, 1000)
    log_in(browser, base, "zhubian")

    def fits(where):
        inner = browser.execute_script("return document.documentElement.clientWidth")
        scroll = browser.execute_script("return document.documentElement.scrollWidth")
        wide = browser.execute_script(
            "var w = document.documentElement.clientWidth;"
            "return Array.from(document.querySelectorAll('body *')).filter(function (e) {"
            "  return e.scrollWidth > w + 1;"
            "}).slice(-4).map(function (e) { var r = e.getBoundingClientRect();"
            "  return e.tagName + '#' + e.id + '.' + e.className + ' ' + e.scrollWidth; });"
        )
        assert scroll <= inner, f"{where} is {scroll}px wide in a {inner}px window: {wide}"

    browser.get(f"{base}/admin/articles/article/{article.pk}/change/")
    fits("the form")
    Article.objects.filter(pk=article.pk).update(headline=LONG[:200])
    retype(css(browser, "#id_headline"), LONG[-150:])
    with navigating(browser):
        css(browser, "input[name=_save]").click()
    assert css(browser, "#desk-conflict").is_displayed()
    fits("the form with its conflict")
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"desk-form-{width}.png"))
    browser.get(f"{base}/admin/articles/article/{article.pk}/history/")
    fits("the history")
