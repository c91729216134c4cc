"""Production settings: `check --deploy` clean, secure cookies and HSTS; admin login limits."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def _production_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "example.org",
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            **extra,
        }
    )
    # None unsets a variable the suite itself runs with (CACHE_URL in the PostgreSQL run).
    return {k: v for k, v in env.items() if v is not None}


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_turn_on_https_only_cookies_and_hsts():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SESSION_COOKIE_HTTPONLY, 'django.middleware.csrf.CsrfViewMiddleware' in s.MIDDLEWARE)"
    )
    assert _python(code).split() == ["True"] * 7


def test_a_weak_secret_key_fails_the_deploy_check():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(SECRET_KEY="short"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


# --- login rate limiting -----------------------------------------------------------------


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "desk-editor", password="correct-horse-9", is_staff=True
    )


def _attempt(client, username, password):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
    )


def test_admin_login_is_locked_after_repeated_failures(client, editor, settings):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = _attempt(client, "desk-editor", "wrong")
        assert response.status_code == 200  # the form again, with its error
    locked = _attempt(client, "desk-editor", "wrong")
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    # Even the right password is refused while locked out.
    again = _attempt(client, "desk-editor", "correct-horse-9")
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_is_per_user_name_and_a_success_resets_the_count(client, editor, settings):
    get_user_model().objects.create_user("other-editor", password="another-pass-7", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "desk-editor", "wrong")
    ok = _attempt(client, "other-editor", "another-pass-7")
    assert ok.status_code == 302
    client.logout()

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _attempt(client, "other-editor", "wrong")
    assert _attempt(client, "other-editor", "another-pass-7").status_code == 302
    client.logout()
    # The success cleared the failures: the next wrong password is a form again, not 429.
    assert _attempt(client, "other-editor", "wrong").status_code == 200


def test_the_test_clients_login_is_not_counted(client, editor):
    # authenticate() without a request has no client to limit: login() still works.
    assert client.login(username="desk-editor", password="correct-horse-9")


def test_postgresql_connections_are_kept_between_requests_and_checked():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    printed = _python(code, DATABASE_URL="postgres://newsroom@db.example.org:5432/newsroom")
    assert printed.split() == ["60", "True"]


def test_a_web_worker_has_the_segmenter_loaded_before_its_first_request():
    code = (
        "from chinese import tokenizers; assert tokenizers._paper_tokenizer is None; "
        "import newsroom.wsgi; from articles import search; "
        "print(tokenizers._paper_tokenizer is not None and tokenizers._paper_tokenizer.initialized, "
        "'网格员' in tokenizers._paper_tokenizer.FREQ, "
        "search._converter.cache_info().currsize == 1)"
    )
    # Nothing of it asks the database: a worker starts while the database is still down.
    assert _python(code, DATABASE_URL=UNREACHABLE_DATABASE).split() == ["True"] * 3


# A PostgreSQL server that cannot answer (the discard port): any connection fails.
UNREACHABLE_DATABASE = "postgres://newsroom@127.0.0.1:9/newsroom"


def _python(code: str, **env) -> str:
    """What `code` prints, run by Python under production settings and `env`."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _setting(expression: str, **env) -> str:
    """What `expression` (of `settings as s`) prints under production settings and `env`."""
    return _python(
        f"import django; django.setup(); from django.conf import settings as s; print({expression})",
        **env,
    )


def test_sqlite_connections_are_kept_between_requests():
    """Closing SQLite's last connection syncs its log into the database: once, not per request."""
    age = "s.DATABASES['default']['CONN_MAX_AGE']"
    assert _setting(age, DATABASE_URL="sqlite:////tmp/newsroom.db") == "60"


@pytest.mark.parametrize(("replica", "expected"), [("", "0"), ("sqlite:////tmp/replica.db", "1")])
def test_public_reads_are_marked_once_and_only_with_a_replica(replica, expected):
    middleware = "s.MIDDLEWARE.count('newsroom.routers.PublicReadsMiddleware')"
    assert _setting(middleware, DATABASE_REPLICA_URL=replica) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@db.example/newsroom", "-c random_page_cost=1.1"),
        # An operator's own options stay as given.
        ("postgres://u@db.example/newsroom?options=-c%20work_mem%3D64MB", "-c work_mem=64MB"),
        ("sqlite:////tmp/newsroom.db", "None"),
    ],
)
def test_postgresql_connections_tell_the_planner_the_disks_are_ssds(url, expected):
    options = "s.DATABASES['default'].get('OPTIONS', {}).get('options')"
    assert _setting(options, DATABASE_URL=url) == expected


def test_a_server_worker_loads_the_site_and_freezes_it_before_its_first_request():
    """The collector's full passes skip what a worker loaded at start (newsroom/wsgi.py)."""
    printed = _python(
        "import gc, sys; before = gc.get_freeze_count(); import newsroom.wsgi; "
        "print(before, gc.get_freeze_count() > 50_000, 'articles.views' in sys.modules, "
        "'articles.api.views' in sys.modules)"
    )
    assert printed.split() == ["0", "True", "True", "True"]


@pytest.mark.parametrize(
    ("cache_url", "expected"),
    [
        (None, "django.core.cache.backends.db.DatabaseCache articles_throttle_cache"),
        ("dummycache://", "django.core.cache.backends.db.DatabaseCache articles_throttle_cache"),
        ("redis://127.0.0.1:6379/1", "django_redis.cache.RedisCache redis://127.0.0.1:6379/1"),
    ],
)
def test_api_throttles_count_in_a_cache_every_worker_shares(cache_url, expected):
    """A per-process cache would grant the anonymous rate once per gunicorn worker."""
    throttle = "s.CACHES['throttle']['BACKEND'], s.CACHES['throttle']['LOCATION']"
    assert _setting(throttle, CACHE_URL=cache_url) == expected


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "0"),
        # Served directly, a client's X-Forwarded-For is never believed.
        ({"TRUSTED_PROXY_COUNT": "2"}, "0"),
        ({"BEHIND_TLS_PROXY": "1"}, "1"),
        ({"BEHIND_TLS_PROXY": "1", "TRUSTED_PROXY_COUNT": "2"}, "2"),
    ],
)
def test_the_client_address_comes_from_the_proxy_only_behind_one(env, expected):
    env = {"BEHIND_TLS_PROXY": None, "TRUSTED_PROXY_COUNT": None, **env}
    assert _setting("s.TRUSTED_PROXY_COUNT", **env) == expected
