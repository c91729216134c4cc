"""Shared test configuration."""

import pytest
from django.core.management import call_command
from django.test import override_settings


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Static files collected once, as `make serve` collects them before serving.

    Pages then render as in production: `{% static %}` gives the hashed names from the
    manifest, and whitenoise serves the collected files to the browser tests.
    """
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=str(root)):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


@pytest.fixture
def search_indexings(monkeypatch):
    """Each call of articles.search.index_articles during the test, as its list of article ids.

    The calls go through to the real indexer, so what a test searches for afterwards is found.
    """
    from articles import search

    calls = []
    real = search.index_articles

    def spy(articles, **kwargs):
        articles = list(articles)
        calls.append([getattr(article, "pk", article) for article in articles])
        return real(articles, **kwargs)

    monkeypatch.setattr(search, "index_articles", spy)
    return calls


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """The cache notes that nothing is scheduled, as on a running site between schedules.

    Without the note the first request of a test asks the database for the earliest
    scheduled publication (articles/desk/schedule.py), one query more than its view's own.
    Noted once the fixtures ran (some empty the cache); scheduling something clears it, so
    the tests of scheduled publishing see what they schedule.
    """
    from django.core.cache import cache

    from articles.desk.schedule import NEXT_DUE_KEY, NOTHING_SCHEDULED

    try:
        cache.set(NEXT_DUE_KEY, NOTHING_SCHEDULED, None)
    except Exception:  # a test without a usable cache has no request to spare it for
        pass
    try:
        return (yield)
    finally:
        try:
            cache.delete(NEXT_DUE_KEY)
        except Exception:
            pass
