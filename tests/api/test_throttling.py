"""Every throttle counts in the `throttle` cache, which the settings make shared by all workers."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from rest_framework.settings import api_settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "throttle_class", api_settings.DEFAULT_THROTTLE_CLASSES, ids=lambda t: t.scope
)
def test_every_throttle_counts_in_the_shared_cache(throttle_class):
    throttle_class().cache.set("counted-by-a-throttle", 7)
    assert caches["throttle"].get("counted-by-a-throttle") == 7
    assert settings.CACHES["throttle"]["BACKEND"] not in settings.PROCESS_LOCAL_CACHES


def test_the_database_cache_has_its_table():
    # Made by a migration, so that `migrate` (make run, make serve, the tests) is enough.
    assert settings.THROTTLE_CACHE_TABLE in connection.introspection.table_names()


def test_on_postgresql_the_counts_are_not_written_to_the_log():
    if connection.vendor != "postgresql":
        pytest.skip("UNLOGGED is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpersistence FROM pg_class WHERE relname = %s",
            [settings.THROTTLE_CACHE_TABLE],
        )
        assert cursor.fetchone() == ("u",)


def test_counts_in_the_database_cache_are_read_back(settings):
    settings.CACHES = {
        **settings.CACHES,
        "throttle-db": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": settings.THROTTLE_CACHE_TABLE,
        },
    }
    caches["throttle-db"].set("throttle_anon_192.0.2.1", [1.0, 2.0], 60)
    assert caches["throttle-db"].get("throttle_anon_192.0.2.1") == [1.0, 2.0]
