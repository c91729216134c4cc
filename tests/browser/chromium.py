"""Headless Chromium for the browser tests: where it is, and how to wait for a page to load."""

from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


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
