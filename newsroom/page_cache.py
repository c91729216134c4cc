"""Rendered public pages kept in the shared cache, dropped whenever content is written.

Each page is stored with the *generation* it was rendered in: a token kept in the cache
itself and replaced after every committed write to the database (any table but a few that no
public page shows, such as sessions and login attempts). A stored page is served only while
its generation is the current one, so one replacement makes every page stale at once: nothing
is purged key by key, and no edit can be missed for want of knowing which pages show it. The
generation and the page are read in one round trip.

The key is made of the *release*, a digest of the code, templates and translations (servers
running different code during a deploy never share pages), the active language (the site
answers ``Accept-Language: en`` in English), the scheme and host (the page prints its
canonical URL), and the path with its query string.

Writes are seen where every one of them passes, in an execute wrapper on each database
connection, rather than in model signals: ``QuerySet.update()``, ``bulk_create()`` and raw SQL
(the importer, the search index, taxonomy rebuilds) send none. The generation is replaced
after the transaction commits, so a reader can never store what it read before the commit
under the new generation; while the current thread's own transaction has uncommitted writes,
the cache is neither read nor filled.

``PageCacheMiddleware`` answers a request for a stored page before the session, language, CSRF
and authentication middleware and the URL dispatch run, and stores a page with the headers they
gave it; ``cached_page`` marks the views whose pages are stored. Only anonymous GET and HEAD
requests use it: none with a session or messages cookie (an
editor, or a reader with a flash message) nor an Authorization header. Only 200 responses
that set no cookie, used no CSRF token and are not marked private or no-store (the desk's
page text, which shows drafts) are stored. ETag and Last-Modified are stored with
the page, so a revalidation is answered from the cache too; they include the generation
(``validators()``), because a page also shows what its own version does not follow: the
headlines of its neighbours and related articles, the names of reporters, topics, places.
Pages that list the archive take the generation alone as their version
(``generation_validators()``): any write to content replaces it, so the archive's counts of
articles and links, which read whole indexes on PostgreSQL, are not needed.

The cache must be shared by every process that writes or serves (Redis in production): with a
process-local cache one worker would not hear of another's writes. The settings therefore
turn it on only for a shared cache (``PAGE_CACHE_SECONDS``).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import logging
import re
import time
import uuid
from pathlib import Path

import django
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core import checks
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from newsroom import routers

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"

# Tables no public page reads: writing them (a login, a session, a lockout count) leaves every
# stored page true. Anything not listed here counts as content.
IGNORED_TABLES = frozenset(
    {
        "django_session",
        "auth_user",
        "authtoken_token",
        "axes_accessattempt",
        "axes_accessfailurelog",
        "axes_accesslog",
        "django_admin_log",
        # The API's throttle counts, when the database keeps them (settings.throttle_cache).
        "articles_throttle_cache",
    }
)

# Statements that change nothing: reads (also in parentheses, as a UNION may start), transaction
# control, SQLite's pragmas and statistics.
_READ_ONLY = re.compile(
    r"[\s(]*(SELECT|VALUES|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|PRAGMA|SHOW|SET|ANALYZE)\b",
    re.IGNORECASE,
)
# A common table expression or an EXPLAIN reads unless a data-changing statement is inside
# (PostgreSQL's EXPLAIN ANALYZE runs it). The search form's column list is a recursive WITH.
_READ_UNLESS_WRITE_INSIDE = re.compile(r"[\s(]*(WITH|EXPLAIN)\b", re.IGNORECASE)
_WRITE_INSIDE = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE|TRUNCATE)\b", re.IGNORECASE)
# The table a DML statement writes, as Django quotes it ("t" on both databases).
_WRITTEN_TABLE = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?(\w+)",
    re.IGNORECASE,
)

# The parts of the tree whose files change what a page looks like.
_RELEASE_FOLDERS = ("articles", "taxonomy", "chinese", "newsroom", "locale")
_RELEASE_SUFFIXES = frozenset({".py", ".html", ".txt", ".xml", ".mo", ".css", ".js"})


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


# --- the generation --------------------------------------------------------------------------


def _new_token() -> str:
    # When it was made (for Last-Modified), then enough randomness never to meet an old one.
    return f"{int(time.time())}.{uuid.uuid4().hex}"


def invalidate() -> None:
    """Make every stored page stale: the next request for each renders it afresh."""
    try:
        cache.set(GENERATION_KEY, _new_token(), timeout=None)
    except Exception:
        # The edit is committed and cannot be undone here; say so loudly.
        logger.exception("page cache: could not replace the generation; pages may be stale")


def _first_generation() -> str:
    # First use, or the key was evicted: a fresh token can match no stored page.
    cache.add(GENERATION_KEY, _new_token(), timeout=None)
    return cache.get(GENERATION_KEY)


def generation(request) -> str:
    """The current generation, read once per request."""
    if not hasattr(request, "_page_cache_generation"):
        request._page_cache_generation = cache.get(GENERATION_KEY) or _first_generation()
    return request._page_cache_generation


def validators(request, etag, last_modified):
    """A page's (ETag, Last-Modified) from its version, made to follow the generation too."""
    if etag is None or not enabled():
        return etag, last_modified
    try:
        token = generation(request)
    except Exception:
        logger.warning("page cache: unavailable, validators from the version alone", exc_info=True)
        return etag, last_modified
    born = _born(token)
    if last_modified is None or last_modified < born:
        last_modified = born
    return f"{etag}.{_digest(token)}", last_modified


def generation_validators(request):
    """(ETag, Last-Modified) from the generation alone, or None when the cache cannot give them.

    For a page that shows the whole archive (the lists) the generation is a version by itself:
    every committed write to content replaces it. The archive's own version, its counts of
    articles and links, adds nothing then, and on PostgreSQL each count reads a whole index.
    """
    if not enabled() or any(_writes_pending(c) for c in connections.all(initialized_only=True)):
        return None  # this thread's uncommitted writes have not replaced the generation yet
    try:
        token = generation(request)
    except Exception:
        logger.warning("page cache: unavailable, validators from the archive", exc_info=True)
        return None
    return f"archive.{_digest(token)}", _born(token)


def _born(token: str) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(int(token.split(".", 1)[0]), datetime.UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:12]


def _is_content_write(sql: str) -> bool:
    if _READ_ONLY.match(sql):
        return False
    if _READ_UNLESS_WRITE_INSIDE.match(sql):
        return _WRITE_INSIDE.search(sql) is not None
    match = _WRITTEN_TABLE.match(sql)
    return not (match and match.group(1).lower() in IGNORED_TABLES)


def _invalidate_after_commit() -> None:
    invalidate()


def _writes_pending(connection) -> bool:
    """Whether the connection's open transaction has written content not yet committed."""
    return connection.in_atomic_block and any(
        entry[1] is _invalidate_after_commit for entry in connection.run_on_commit
    )


def _watch(execute, sql, params, many, context):
    try:
        return execute(sql, params, many, context)
    finally:
        # In `finally`: a failed statement may still have written (an executemany half done).
        if isinstance(sql, str) and _is_content_write(sql):
            connection = context["connection"]
            if not connection.in_atomic_block:
                invalidate()
            elif not _writes_pending(connection):
                # Once per transaction (again after a rolled-back savepoint dropped it).
                transaction.on_commit(_invalidate_after_commit, using=connection.alias)


def watch_connection(connection, **kwargs) -> None:
    """Install the write watcher on a connection (once; first, so that it wraps the others)."""
    if _watch not in connection.execute_wrappers:
        # At the front: `execute_wrapper()` blocks pop their own wrapper from the end.
        connection.execute_wrappers.insert(0, _watch)


def _settings_changed(**kwargs) -> None:
    # A test that overrides a setting may change how pages render.
    invalidate()


MIDDLEWARE_PATH = "newsroom.page_cache.PageCacheMiddleware"


def check_middleware(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """With the page cache on, its middleware must be installed, and before the session's."""
    if not enabled():
        return []
    middleware = list(settings.MIDDLEWARE)
    if MIDDLEWARE_PATH not in middleware:
        return [
            checks.Error(
                f"页面缓存已开启（PAGE_CACHE_SECONDS），但 MIDDLEWARE 中没有 {MIDDLEWARE_PATH}。",
                hint="把它加在 SessionMiddleware 之前，或把 PAGE_CACHE_SECONDS 设为 0。",
                id="newsroom.E001",
            )
        ]
    session = "django.contrib.sessions.middleware.SessionMiddleware"
    if session in middleware and middleware.index(session) < middleware.index(MIDDLEWARE_PATH):
        return [
            checks.Error(
                f"{MIDDLEWARE_PATH} 必须排在 SessionMiddleware 之前，"
                "否则缓存的页面会缺少会话中间件加上的响应头。",
                id="newsroom.E002",
            )
        ]
    return []


def connect() -> None:
    """Watch every database connection for writes; called from ArticlesConfig.ready()."""
    checks.register(check_middleware)
    connection_created.connect(watch_connection, dispatch_uid="newsroom.page_cache.watch")
    setting_changed.connect(_settings_changed, dispatch_uid="newsroom.page_cache.settings")
    for connection in connections.all(initialized_only=True):
        watch_connection(connection)


# --- the key ---------------------------------------------------------------------------------


@functools.cache
def release() -> str:
    """A digest of the files that shape a page, so that two versions of the code never share."""
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256(django.get_version().encode())
    for folder in _RELEASE_FOLDERS:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in _RELEASE_SUFFIXES and path.is_file():
                digest.update(path.relative_to(base).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _key(request, language: str) -> str:
    where = f"{language}\0{request.scheme}\0{request.get_host()}\0{request.get_full_path()}"
    return f"page-cache:{release()}:{hashlib.sha256(where.encode()).hexdigest()}"


# --- which requests and responses ------------------------------------------------------------


def _cacheable_request(request) -> bool:
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
        and not any(_writes_pending(c) for c in connections.all(initialized_only=True))
    )


def _storable(request, response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        # A page marked for one user alone (the desk's page text, drafts and all) is never
        # kept for the next reader, whatever let its request this far.
        and not _private(response)
        # Vary on anything but the language (in the key) means a variant the key misses.
        and all(
            v.strip().lower() in ("accept-language", "cookie")
            for v in response.get("Vary", "").split(",")
            if v.strip()
        )
    )


def _private(response) -> bool:
    directives = {
        d.strip().split("=", 1)[0].lower() for d in response.get("Cache-Control", "").split(",")
    }
    return bool(directives & {"private", "no-store"})


_CONDITIONS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def _from_cache(request, content, headers) -> HttpResponse:
    response = HttpResponse(content, headers=headers)
    if not any(name in request.META for name in _CONDITIONS):
        return response
    # What condition() would have answered, from the validators stored with the page.
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response.get("ETag"), last_modified=last_modified, response=response
    )


@contextlib.contextmanager
def _reads_from_primary():
    """A page about to be stored is read from the primary, never from a lagging replica.

    Otherwise a page rendered from a replica that has not yet replayed an edit could be stored
    under the generation that edit created, and served until the next one.
    """
    with routers.primary_reads():
        yield


def _language(request) -> str:
    """The language LocaleMiddleware will choose for the request, before it runs."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, _ = is_language_prefix_patterns_used(urlconf)
    return translation.get_language_from_request(request, check_path=i18n_patterns_used)


def _is_cached_page(request) -> bool:
    """Whether the request's URL leads to a view marked with ``cached_page``."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return getattr(match.func, "page_cached", False)


class PageCacheMiddleware:
    """Answer anonymous reads of stored pages before the rest of the stack runs; store the rest.

    It stands after the security, static-file and CORS middleware and before the session's, so
    that a page is stored with every header the inner middleware gave it (Vary,
    Content-Language, X-Frame-Options) and a stored page is served with one round trip to the
    cache: no session, language, CSRF, authentication or URL dispatch for it. The outer
    middleware treats a stored page as it treats a rendered one.

    Only the views marked with ``cached_page`` are looked up or stored. The key's language is
    the one LocaleMiddleware will choose; a response in another language (its
    Content-Language) is not stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not _cacheable_request(request) or not _is_cached_page(request):
            return self.get_response(request)
        language = _language(request)
        # Outside the try: a Host not allowed is the client's error (400), not the cache's.
        key = _key(request, language)
        try:
            found = cache.get_many([GENERATION_KEY, key])
            current = found.get(GENERATION_KEY) or _first_generation()
        except Exception:
            logger.warning("page cache: unavailable, rendering uncached", exc_info=True)
            return self.get_response(request)
        stored = found.get(key)
        if stored is not None and stored[0] == current:
            return _from_cache(request, stored[1], stored[2])
        request._page_cache_generation = current
        request._page_cache_storing = True
        response = self.get_response(request)
        if _storable(request, response) and response.get("Content-Language") == language:
            # Tagged with the generation read before rendering: if a write committed meanwhile,
            # the entry is already stale, and a newer render may overwrite it.
            entry = (current, response.content, dict(response.items()))
            try:
                cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("page cache: could not store %s", request.path, exc_info=True)
        return response


def cached_page(view):
    """Mark a public view whose anonymous GET responses PageCacheMiddleware serves and stores.

    A response about to be stored is rendered from the primary database (``_reads_from_primary``).
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not getattr(request, "_page_cache_storing", False):
            return view(request, *args, **kwargs)
        with _reads_from_primary():
            return view(request, *args, **kwargs)

    wrapper.page_cached = True
    return wrapper
