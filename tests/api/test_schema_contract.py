"""The API against its own OpenAPI schema: generated requests, no 500, responses conform."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
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
