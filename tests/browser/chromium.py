"""Headless Chromium for the browser tests: where it is, and how to wait for a page to load."""

from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@contextmanager
def navigating(driver, timeout=15):
    """Wait, after the block, until the page it left has been replaced by the next one.

    A click on a link or a form's submit returns before the browser has loaded the next page;
    looking for an element straight away may find the old page's, or nothing yet.
    """
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element("css selector", "html")
    yield
    WebDriverWait(driver, timeout).until(expected_conditions.staleness_of(old))
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )
