"""`make audit` fails, saying why, when it could not check: a failure to check is never a pass."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tools import audit

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def feed():
    """A local server answering every GET with the (status, body) set in `answer`."""
    answer = {"status": 404, "body": b"Not Found"}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(answer["status"])
            self.end_headers()
            self.wfile.write(answer["body"])

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield answer, f"http://127.0.0.1:{server.server_port}/pypi/django/3.2/json"
    server.shutdown()
    server.server_close()


def run_audit(canary: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tools.audit", "--canary", canary],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_feed_that_answers_404_is_a_failure_to_check(feed):
    # What a machine that reaches only the package index gets from PyPI's JSON API.
    _, url = feed
    result = run_audit(url)
    assert result.returncode == audit.UNCHECKED
    assert "未能检查依赖的已知漏洞" in result.stderr and "HTTP 404" in result.stderr


def test_no_server_at_all_is_a_failure_to_check():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    result = run_audit(f"http://127.0.0.1:{port}/pypi/django/3.2/json")
    assert result.returncode == audit.UNCHECKED
    assert "未能检查依赖的已知漏洞" in result.stderr


def test_an_answer_without_the_known_advisories_is_not_the_feed(feed):
    answer, url = feed
    answer.update(status=200, body=json.dumps({"info": {}, "vulnerabilities": []}).encode())
    assert audit.feed_problem(url) is not None


def test_the_feed_answering_with_its_advisories_lets_pip_audit_run(feed):
    answer, url = feed
    release = {"info": {"version": "3.2"}, "vulnerabilities": [{"id": "PYSEC-2021-98"}]}
    answer.update(status=200, body=json.dumps(release).encode())
    assert audit.feed_problem(url) is None


def test_make_audit_asks_the_feed_first():
    # Run from `make test` too, where the outer make's variables would make this one chatty.
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS"}}
    planned = subprocess.run(
        ["make", "--dry-run", "--always-make", "--no-print-directory", "audit"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert planned.stdout.splitlines()[-1].endswith("-m tools.audit")
