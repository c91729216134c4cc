"""Settings for the newsroom CMS, read from the environment.

SQLite is the embedded default; set DATABASE_URL (for example
postgres://postgres@127.0.0.1:5432/newsroom) and CACHE_URL (redis://127.0.0.1:6379/1)
for a production-like deployment.
"""

import sys
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["localhost", "127.0.0.1", "[::1]", "testserver"]),
)
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env("DEBUG")
# The fallback key only serves local development and tests; production sets SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", default="insecure-local-development-key-change-me")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "articles.desk.site.DeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "reversion",
    "articles",
    "taxonomy",
    "seeds",
    "syndication",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Before the session's: a stored page is answered without the middleware below it, and is
    # stored with the headers they gave it (newsroom/page_cache.py).
    # Publishes what a chief editor scheduled once its time has come, before any page is
    # answered, a stored one included (articles/desk/schedule.py).
    "articles.desk.schedule.ScheduledPublishingMiddleware",
    "newsroom.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Whole-article revisions recorded during a request are the signed-in editor's.
    "articles.desk.revisions.EditorMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "newsroom" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Writers wait for each other instead of failing with "database is locked". Write-ahead log:
# readers never wait for a writer, and a commit appends to the log instead of syncing the
# database file (synchronous=NORMAL survives a crash of the process; a power cut may lose
# the last commits, never corrupt the file).
SQLITE_OPTIONS = {
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)

# A read replica (docs/scaling.md): anonymous GET and HEAD requests of the public site and
# the API read from it, everything else uses the primary. Unset, there is one database.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    # Tests run against the primary's test database instead of creating a second one.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["newsroom.routers.ReplicaRouter"]
    MIDDLEWARE.insert(0, "newsroom.routers.PublicReadsMiddleware")

# A new PostgreSQL connection costs the server a process, several milliseconds a request: keep
# each for CONN_MAX_AGE seconds, checked before reuse. SQLite opens its file in-process.
PERSISTENT_CONNECTIONS = {
    "CONN_MAX_AGE": env.int("CONN_MAX_AGE", default=60),
    "CONN_HEALTH_CHECKS": True,
}
# The planner's cost of reading a page out of order: PostgreSQL's default (4) is for spinning
# disks, 1.1 the usual figure for SSDs. It also steers full-text queries to the GIN index:
# the planner does not count reading each row's tsvector back from TOAST, and with the default
# it would scan every document for a common word (docs/performance.md). A value given in
# DATABASE_URL's `options` is kept.
POSTGRES_RANDOM_PAGE_COST = env.float("POSTGRES_RANDOM_PAGE_COST", default=1.1)
for _database in DATABASES.values():
    if _database["ENGINE"] != "django.db.backends.sqlite3":
        _database.update(PERSISTENT_CONNECTIONS)
        _database.setdefault("OPTIONS", {}).setdefault(
            "options", f"-c random_page_cost={POSTGRES_RANDOM_PAGE_COST}"
        )
    else:
        # SQLite keeps its connection too. Closing the last connection to a database in WAL
        # mode copies the log into the database file and syncs it, and a request that wrote
        # paid for that at its end. Each anonymous API read writes its throttle count: it went
        # from 3 ms to 6 here, past 20 ms while the disk was busy (docs/reliability.md).
        _database["CONN_MAX_AGE"] = PERSISTENT_CONNECTIONS["CONN_MAX_AGE"]

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://newsroom")}

# Rendered public pages are kept this many seconds in the default cache, and dropped at once
# by any write to content (newsroom/page_cache.py); 0 turns the page cache off. Off by default
# with a cache private to one process (local memory, dummy), which the other workers' and the
# management commands' writes could not invalidate.
PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
PAGE_CACHE_SECONDS = env.int(
    "PAGE_CACHE_SECONDS",
    default=0 if CACHES["default"]["BACKEND"] in PROCESS_LOCAL_CACHES else 60 * 60,
)

# The API's throttles count each client's requests in the `throttle` cache
# (articles/api/throttling.py). A count kept in one worker's memory lets a client through at the
# full rate once per worker (with two gunicorn workers, 120 a minute instead of 60), so the
# count lives where every worker and server sees it: the default cache when it is shared
# (Redis), otherwise a table of the database, created by migration articles 0013.
THROTTLE_CACHE_TABLE = "articles_throttle_cache"


def throttle_cache(default: dict) -> dict:
    """The `throttle` cache's settings, given the default cache's."""
    if default["BACKEND"] not in PROCESS_LOCAL_CACHES:
        return dict(default)
    return {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": THROTTLE_CACHE_TABLE,
        # Each write counts the table's rows; past MAX_ENTRIES the expired ones are deleted, and
        # only if that is not enough a third of the live counts. Django's default (300) would
        # forget clients in a busy minute; a larger table makes every count slower to take.
        "OPTIONS": {"MAX_ENTRIES": 2_000},
    }


CACHES["throttle"] = throttle_cache(CACHES["default"])

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # collectstatic names each file after its content (site.3e1f5c0a9b2d.css) and writes a
    # compressed copy beside it; whitenoise lets browsers keep such files for good, and a new
    # release brings new names. With DEBUG off, {% static %} needs the manifest collectstatic
    # writes (`make serve` runs it); with DEBUG on the plain names are served.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Where import_seeds looks for pages when given no files.
SEED_PAGES_DIR = BASE_DIR / "seeds" / "pages"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": env("LOG_LEVEL", default="WARNING")},
}

# The syndication API (articles/api/): see its README section for partners.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Token first: a revoked partner token is then a 401 with WWW-Authenticate, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [
        "articles.api.throttling.AnonRateThrottle",
        "articles.api.throttling.PartnerRateThrottle",
    ],
    # Anonymous readers share a modest rate; partners with a token (issued by 主编 in the
    # admin) get a higher one.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_ANON_RATE", default="60/minute"),
        "partner": env("API_PARTNER_RATE", default="1200/minute"),
    },
    "EXCEPTION_HANDLER": "articles.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom syndication API",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "DESCRIPTION": "只读的内容分发接口：JSON 与 IPTC ninjs 2.x。仅提供已发布稿件。",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "articles.api.schema.selectable_fields_are_optional",
        "articles.api.schema.people_roles_are_documented",
        "articles.api.schema.merges_are_documented",
    ],
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After", "Last-Modified"]

# Two choice sets share the field name "kind"; name their schema enums after their models.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    "ArticleKindEnum": "articles.models.Article.Kind",
    "PlaceKindEnum": "taxonomy.models.Place.Kind",
}

# --- production security (docs/reliability.md) ----------------------------------------
# Tests and local development speak plain HTTP; a deployment (DEBUG off, outside a test
# run) gets HTTPS-only cookies, a redirect to HTTPS and HSTS. Each can be turned off from
# the environment, for example behind a proxy that already redirects.
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]
SECURE_DEPLOYMENT = env.bool("SECURE_DEPLOYMENT", default=not DEBUG and not TESTING)
if SECURE_DEPLOYMENT:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# Only behind a proxy that sets X-Forwarded-Proto itself: otherwise a client could claim HTTPS.
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The client's address for the API throttle and the login limits (newsroom/client_address.py):
# behind the proxy, from the X-Forwarded-For entry the proxies added, counted from the right;
# served directly, the connection's, whatever X-Forwarded-For a client sends.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1) if BEHIND_TLS_PROXY else 0
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A form posted without its token (kept open too long, cookies refused) gets a Chinese page
# in the site's layout, or the API's JSON, rather than Django's English one.
CSRF_FAILURE_VIEW = "articles.errors.csrf_failure"
SESSION_COOKIE_HTTPONLY = True

# --- login rate limiting (django-axes) -------------------------------------------------
# After AXES_FAILURE_LIMIT failed logins for one user name from one address, that pair is
# locked out for AXES_COOLOFF_TIME hours; a success resets the pair's count. An address is
# locked as well after LOGIN_ADDRESS_FAILURE_LIMIT failures over all the names tried from it
# (newsroom/login_limits.py): an office behind one address mistypes now and then, a sprayer
# tries a few passwords on each of many names. Attempts are kept in the database (the axes
# app's tables), so every worker process sees them.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = [
    "newsroom.login_limits.LoginRateLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("LOGIN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "newsroom.login_limits.LoginAttemptsHandler"
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.login_limits.locked_out"
AXES_CLIENT_IP_CALLABLE = "newsroom.client_address.client_address"
