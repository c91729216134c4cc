"""Public reads from a read replica, everything else from the primary database.

Enabled only when DATABASE_REPLICA_URL is set (see settings): the replica is added as the
`replica` database, `PublicReadsMiddleware` marks the requests that may read from it, and
`ReplicaRouter` sends their reads there. Which requests are public reads:

- GET and HEAD only: a form post reads what it is about to write, from the primary;
- not under /admin/: the editors' desk always sees its own writes;
- without a session cookie: a logged-in editor previewing the public site reads the
  primary too, so a page just published is never missing for the person who published it.

Everything else -- the importer, management commands, the admin, logins -- reads and writes
the primary, and so does any read inside a transaction on the primary. Anonymous readers may
see a change a moment late, by the replica's lag; ETags follow what they were shown.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
SAFE_METHODS = ("GET", "HEAD")
PRIMARY_ONLY_PREFIXES = ("/admin/",)
# The app label of the model Django's DatabaseCache routes its queries by.
DATABASE_CACHE_APP_LABEL = "django_cache"

_public_read = contextvars.ContextVar("newsroom_public_read", default=False)


@contextmanager
def public_reads():
    """Within the block, reads may go to the replica."""
    token = _public_read.set(True)
    try:
        yield
    finally:
        _public_read.reset(token)


@contextmanager
def primary_reads():
    """Within the block, reads go to the primary even in a public request (what is read
    there is about to be stored: the page cache)."""
    token = _public_read.set(False)
    try:
        yield
    finally:
        _public_read.reset(token)


def reads_from_replica() -> bool:
    return (
        _public_read.get()
        and REPLICA in settings.DATABASES
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    )


class ReplicaRouter:
    """Reads of public requests go to the replica; writes and migrations to the primary."""

    def db_for_read(self, model, **hints):
        # The database cache (the API's throttle counts) is read where it is written: counts
        # read from a lagging copy and written back would forget the requests in between.
        if model._meta.app_label == DATABASE_CACHE_APP_LABEL:
            return DEFAULT_DB_ALIAS
        return REPLICA if reads_from_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both databases hold the same rows: an object read from one may point at the other.
        aliases = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica is a copy of the primary made by the database server, never migrated.
        return db != REPLICA


class PublicReadsMiddleware:
    """Mark anonymous GET and HEAD requests outside the admin as public reads."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_public_read(request):
            with public_reads():
                return self.get_response(request)
        return self.get_response(request)


def is_public_read(request) -> bool:
    return (
        request.method in SAFE_METHODS
        and not request.path.startswith(PRIMARY_ONLY_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )
