"""Settings for benchmark runs only: the product's settings on a throwaway database.

BENCH_DATABASE_URL names the database (bench/run.py makes a temporary SQLite file); the
developer's db.sqlite3 is never opened. The URLconf adds one trivial view for the serving
comparison; nothing here is part of the product.
"""

import os
import warnings

import environ

from newsroom.settings import *  # noqa: F403
from newsroom.settings import REST_FRAMEWORK, env

if "BENCH_DATABASE_URL" not in os.environ:
    raise RuntimeError("bench.settings needs BENCH_DATABASE_URL (bench/run.py sets it)")
DATABASES = {"default": environ.Env.db_url_config(os.environ["BENCH_DATABASE_URL"])}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = PERSISTENT_CONNECTIONS["CONN_MAX_AGE"]  # noqa: F405
else:
    DATABASES["default"].update(PERSISTENT_CONNECTIONS)  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options",
        f"-c random_page_cost={POSTGRES_RANDOM_PAGE_COST}",  # noqa: F405
    )
CACHES = {"default": env.cache("BENCH_CACHE_URL", default="locmemcache://bench")}
CACHES["throttle"] = throttle_cache(CACHES["default"])  # noqa: F405
# The page cache is off unless a benchmark turns it on (bench/serving.py's cached server):
# bench/reads.py measures pages rendered, and no benchmark process writes while one serves.
PAGE_CACHE_SECONDS = env.int("BENCH_PAGE_CACHE_SECONDS", default=0)

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# Plain HTTP on loopback: no redirect to HTTPS.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# The throttle classes stay (their cache lookups are part of a request's cost); the rates are
# raised so that a benchmark's thousand requests from one address are not refused.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "partner": "1000000/minute"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "ERROR"},
}

# Benchmarks serve no static files; silence whitenoise's warning about the missing folder.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
