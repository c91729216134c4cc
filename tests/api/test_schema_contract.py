"""The API against its own OpenAPI schema: generated requests, no 500, responses conform.

And the sync walk's cursor, which the schema can only call a string: any string at all.
"""

import base64
from urllib.parse import urlencode

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.views import APIView
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from newsroom.wsgi import application

from .builders import build_article, build_seed_article

# The coverage phase would try every boundary of every parameter: minutes, not seconds.
# Fuzzing a handful of examples per operation keeps the run to a few seconds.
CONFIG = SchemathesisConfig.from_str(
    """
[phases.coverage]
enabled = false
[generation]
max-examples = 5
"""
)


def _load_schema():
    """The schema, loaded through the WSGI app at collection, before any test database exists.

    Generating it reads no table; its throttle would count the request in the database cache.
    """
    throttles = APIView.get_throttles
    APIView.get_throttles = lambda view: []
    try:
        return schemathesis.openapi.from_wsgi("/api/v1/schema/", application, config=CONFIG)
    finally:
        APIView.get_throttles = throttles


schema = _load_schema()


@pytest.fixture(autouse=True)
def archive(db, monkeypatch):
    """A few articles to find, and throttling out of the way."""
    # Hundreds of generated requests in a few seconds would trip the anonymous rate.
    monkeypatch.setattr(APIView, "get_throttles", lambda view: [])
    build_seed_article()
    build_article(headline="玉泉区打造干部素质提升“强引擎”", column="基层党建")
    build_article(headline="未发布的稿件", status="needs_review")
    # Requests go straight to the WSGI app, whose request signals close the database
    # connection: on PostgreSQL that is the test's own, inside its transaction. Django's
    # test client holds these signals off in the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_conforms_to_the_schema(case):
    # Schema-valid values may still name no row (?issue=0) or need staff (?status=): the API
    # answers those with a 400 by design, so "every valid request succeeds" cannot hold. An
    # empty parameter (?date_to=) means "no filter", django-filter's convention, which the
    # negative-data check would count as accepting invalid input.
    case.call_and_validate(excluded_checks=[positive_data_acceptance, negative_data_rejection])


# Cursors of three depths: any text (most fail at base64), any bytes in base64 (most fail at
# ASCII or the query string), and query strings of the cursor's own keys and a few others
# with any values (these reach the checks of offset, direction and position).
KEYS = st.sampled_from(["o", "r", "p", "x", "", "P", "o[]"])
VALUES = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", "0", "1", "2", "²", "１", "٧", " 1", "+1", "1.0", "1e3", "0x1"]),
)
QUERY_STRINGS = st.lists(st.tuples(KEYS, VALUES), max_size=4).map(urlencode)
CURSORS = st.one_of(
    st.text(max_size=60),
    st.binary(max_size=60).map(lambda raw: base64.b64encode(raw).decode()),
    QUERY_STRINGS.map(lambda query: base64.b64encode(query.encode()).decode()),
)
CURSOR_EXAMPLES = 300


@settings(
    max_examples=CURSOR_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cursor=CURSORS)
def test_any_cursor_is_a_page_or_the_apis_json_400(api, cursor):
    response = api.get("/api/v1/articles/sync/", {"cursor": cursor, "page_size": 2})
    assert response.status_code in (200, 400), (cursor, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    if response.status_code == 400:
        assert list(response.json()["errors"]) == ["cursor"]
