"""Headless Chromium for the browser tests: where it is, and how to wait for a page to load."""

import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlparse

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# (width, height, mobile) of the screens the reading tests use.
WIDTHS = {"phone": (390, 844, True), "desktop": (1280, 900, False)}


@contextmanager
def navigating(driver, timeout=15):
    """Wait, after the block, until the browser has left this page and loaded the next one.

    A click on a link or a form's submit returns before the browser has loaded the next page;
    looking for an element straight away may find the old page's, or nothing yet. The old
    page's window carries a mark that a newly loaded page does not have.
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("window.__leaving = true;")
    yield
    # While the old page unloads, a script may find no document to run in: ask again.
    wait = WebDriverWait(driver, timeout, ignored_exceptions=(WebDriverException,))
    wait.until(
        lambda d: d.execute_script(
            "return window.__leaving === undefined && document.readyState === 'complete'"
        )
    )


def use_width(driver, name):
    width, height, mobile = WIDTHS[name]
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def check_page(driver, base_url, shot):
    """No horizontal scrolling, the page is Chinese, every link on it answers; keep a screenshot."""
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{shot}.png"))
    assert driver.find_element("css selector", "html").get_attribute("lang") == "zh-Hans"
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{shot}: scrolls {overflow}px sideways"
    for link in driver.find_elements("css selector", "a[href]"):
        href = urljoin(driver.current_url, link.get_attribute("href"))
        if urlparse(href).netloc != urlparse(base_url).netloc:
            continue
        try:
            status = urllib.request.urlopen(href, timeout=10).status
        except urllib.error.HTTPError as error:
            status = error.code
        assert status == 200, f"{shot}: {href} answered {status}"
