"""One headless Chromium per module, driven by Debian's chromedriver."""

import shutil
import tempfile

import pytest

from tests.browser.chromium import CHROMEDRIVER, CHROMIUM


@pytest.fixture(scope="session")
def live_server(collected_static):
    """The site served as `make serve` serves it: static files by whitenoise, from the collected
    files under their hashed names (Django's live server would look them up by finder, where
    only the plain names exist)."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost", start=False)
    server.thread.static_handler = _whitenoise_serves_static
    server.start()
    yield server
    server.stop()


def _whitenoise_serves_static(application):
    return application


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--lang=zh-CN",
    ):
        options.add_argument(flag)
    # Headless Chromium ignores --lang for Accept-Language and asks for en-US; the readers
    # and editors these tests play read Chinese, and the site now serves English on request.
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    driver = webdriver.Chrome(
        options=options, service=webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    )
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)
