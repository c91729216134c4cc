"""The read-replica router: which reads go to the replica, and that writes never do."""

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from articles.models import Article
from newsroom import routers
from newsroom.routers import PublicReadsMiddleware, ReplicaRouter, public_reads

REPLICA_SETTINGS = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}


@pytest.fixture
def replica(monkeypatch):
    """A configured replica, as DATABASE_REPLICA_URL would add it (never connected to)."""
    monkeypatch.setitem(settings.DATABASES, routers.REPLICA, REPLICA_SETTINGS)


router = ReplicaRouter()


def read_alias_during(request):
    """The database the router picks for a read while the middleware handles `request`."""
    seen = {}

    def view(request):
        seen["alias"] = router.db_for_read(Article)
        return HttpResponse()

    PublicReadsMiddleware(view)(request)
    return seen["alias"]


def test_reads_outside_a_public_request_use_the_primary(replica):
    assert router.db_for_read(Article) == "default"


def test_public_reads_use_the_replica(replica):
    with public_reads():
        assert router.db_for_read(Article) == "replica"
    assert router.db_for_read(Article) == "default"


def test_the_database_cache_is_read_from_the_primary_it_is_written_to(replica):
    # A throttle count read from a lagging copy, then written back, would forget requests.
    from django.core.cache.backends.db import DatabaseCache

    cache_model = DatabaseCache("articles_throttle_cache", {}).cache_model_class
    with public_reads():
        assert router.db_for_read(cache_model) == "default"
        assert router.db_for_write(cache_model) == "default"


def test_without_a_replica_everything_uses_the_primary():
    assert routers.REPLICA not in settings.DATABASES
    with public_reads():
        assert router.db_for_read(Article) == "default"


def test_writes_always_go_to_the_primary(replica):
    with public_reads():
        assert router.db_for_write(Article) == "default"


@pytest.mark.django_db
def test_reads_inside_a_transaction_on_the_primary_stay_there(replica):
    with public_reads(), transaction.atomic():
        assert router.db_for_read(Article) == "default"


def test_the_replica_is_never_migrated():
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica", "articles") is False


def test_objects_from_either_database_may_be_related():
    one, other = Article(), Article()
    one._state.db, other._state.db = "default", "replica"
    assert router.allow_relation(one, other) is True
    other._state.db = "elsewhere"
    assert router.allow_relation(one, other) is None


@pytest.mark.parametrize(
    "path", ["/", "/articles/1/", "/issues/3/", "/search/?q=乌海", "/api/v1/articles/"]
)
def test_anonymous_gets_of_the_site_and_api_read_the_replica(replica, path):
    assert read_alias_during(RequestFactory().get(path)) == "replica"
    assert read_alias_during(RequestFactory().head(path)) == "replica"


def test_posts_read_the_primary(replica):
    assert read_alias_during(RequestFactory().post("/search/")) == "default"


def test_the_admin_reads_the_primary(replica):
    assert read_alias_during(RequestFactory().get("/admin/articles/article/")) == "default"


def test_a_logged_in_editor_reads_the_primary(replica):
    request = RequestFactory().get("/articles/1/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "some-session"
    assert read_alias_during(request) == "default"


def test_the_flag_does_not_outlive_the_request(replica):
    read_alias_during(RequestFactory().get("/articles/1/"))
    assert router.db_for_read(Article) == "default"
