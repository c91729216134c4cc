"""The API's anonymous rate holds across worker processes, not once per process.

gunicorn runs several workers (`make serve`: two); each is a process with its own memory.
A count kept there would let a client through at the full rate in every worker. These tests
count one client's requests in two processes in turn, as two workers would, against a
database both can open (and Redis, where the suite has it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest

from .conftest import ROOT, child_env

RATE = 60

# One worker's share of the client's requests: how many its anonymous throttle lets through.
COUNT_ALLOWED = """
import django
django.setup()
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from rest_framework.settings import api_settings

[throttle_class] = [t for t in api_settings.DEFAULT_THROTTLE_CLASSES if t.scope == "anon"]
request = RequestFactory().get("/api/v1/publications/", REMOTE_ADDR=ADDRESS)
request.user = AnonymousUser()
print(sum(bool(throttle_class().allow_request(request, None)) for _ in range(REQUESTS)))
"""


def allowed_in_a_worker(env: dict[str, str], address: str, requests: int) -> int:
    code = f"ADDRESS = {address!r}\nREQUESTS = {requests}\n{COUNT_ALLOWED}"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip())


def shared_cache_env(scratch_db: str, cache: str) -> dict[str, str]:
    env = child_env(scratch_db)
    env["API_ANON_RATE"] = f"{RATE}/minute"
    env.pop("CACHE_URL", None)
    if cache == "redis":
        url = os.environ.get("CACHE_URL", "")
        if not url.startswith("redis://"):
            pytest.skip("the suite runs without Redis (CACHE_URL)")
        env["CACHE_URL"] = url
    return env


@pytest.mark.parametrize("cache", ["database", "redis"])
def test_two_workers_share_one_anonymous_rate(scratch_db, cache):
    env = shared_cache_env(scratch_db, cache)
    # An address of its own each run: Redis keeps counts between runs for a minute.
    address = f"2001:db8::{uuid.uuid4().hex[:4]}"
    first = allowed_in_a_worker(env, address, 40)
    second = allowed_in_a_worker(env, address, 40)
    assert first == 40
    # A count per process would let the second worker grant 40 more, 80 in all.
    assert first + second == RATE
