"""Fixtures of the API tests: a client, and throttling counts that start afresh."""

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from rest_framework.test import APIClient


def forget_throttle_counts():
    """Empty the caches that count requests; counts in the database go with the test's rollback."""
    cache.clear()
    if not isinstance(caches["throttle"], DatabaseCache):
        caches["throttle"].clear()


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    forget_throttle_counts()
    yield
    forget_throttle_counts()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def throttle_in_memory(settings):
    """Throttle counts in local memory, for tests that count a view's own queries.

    In the database cache the anonymous throttle adds the same six queries to every request
    (a read, then a counted, savepointed write); with Redis it adds none.
    """
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
