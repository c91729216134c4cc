"""HTTP behaviour of the API: conditional GET, CORS, throttling, tokens, read-only, docs."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from .builders import build_seed_article

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"


@pytest.mark.parametrize("detail", [False, True])
def test_conditional_get_answers_304_on_a_matching_etag(api, detail):
    article = build_seed_article()
    path = f"/api/v1/articles/{article.pk}/" if detail else LIST
    first = api.get(path)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    again = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert api.get(path, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    article.headline = "改过的标题"
    article.save()
    changed = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_cors_exposes_etag_and_retry_after_on_the_api(api):
    build_seed_article()
    response = api.get(LIST, HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    exposed = {name.strip() for name in response["Access-Control-Expose-Headers"].split(",")}
    assert {"ETag", "Retry-After"} <= exposed
    preflight = api.options(
        LIST,
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"


@pytest.fixture
def low_rates(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "partner": "4/min"})


def test_anonymous_reads_are_throttled_with_retry_after(api, low_rates):
    assert [api.get("/api/v1/publications/").status_code for _ in range(2)] == [200, 200]
    throttled = api.get("/api/v1/publications/")
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert throttled.json()["detail"]


def reads(api, *forwarded_for, proxy="10.0.0.2"):
    """Status codes of anonymous reads from `proxy`, one for each X-Forwarded-For value."""
    return [
        api.get("/api/v1/publications/", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=value).status_code
        for value in forwarded_for
    ]


def test_served_directly_a_forwarded_for_header_does_not_escape_the_rate(api, low_rates, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    # A new address claimed on each request is still the same connection.
    assert reads(api, "203.0.113.1", "203.0.113.2", "203.0.113.3") == [200, 200, 429]


def test_behind_the_proxy_each_client_has_its_own_rate(api, low_rates, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    first, second = "198.51.100.4", "198.51.100.5"
    assert reads(api, first, second, first, second) == [200] * 4
    # What a client writes left of the proxy's entry changes nothing.
    assert reads(api, f"203.0.113.1, {first}", f"203.0.113.2, {second}") == [429, 429]
    assert reads(api, "198.51.100.6") == [200]


def test_a_partner_token_gets_the_higher_rate_until_revoked(api, low_rates):
    partner = get_user_model().objects.create_user("partner-app")
    token = Token.objects.create(user=partner)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    codes = [api.get("/api/v1/publications/").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]
    token.delete()  # revoked by 主编 in the admin
    assert api.get("/api/v1/publications/").status_code == 401


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nothing_can_be_written(api, method):
    article = build_seed_article()
    staff = get_user_model().objects.create_user("zhubian", is_staff=True, is_superuser=True)
    api.force_authenticate(staff)
    response = getattr(api, method)(f"/api/v1/articles/{article.pk}/", {"headline": "改"})
    assert response.status_code == 405
    assert getattr(api, method)(LIST, {"headline": "新"}).status_code == 405


def test_the_schema_in_a_format_it_does_not_have_is_a_json_404_naming_the_formats(api):
    response = api.get("/api/v1/schema/", {"format": "bogus"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "json, yaml" in response.json()["detail"]


def test_the_schema_refuses_an_unknown_accept_in_json_too(api):
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_the_schema_is_yaml_by_default_and_json_on_request(api):
    assert api.get("/api/v1/schema/").content.startswith(b"openapi: 3")
    assert api.get("/api/v1/schema/", {"format": "json"}).json()["openapi"].startswith("3")


def test_the_schema_documents_every_filter_and_the_error_responses(api):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/articles/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {
        "q",
        "publication",
        "issue",
        "date_from",
        "date_to",
        "updated_since",
        "page_id",
        "page_number",
        "kind",
        "column",
        "topic",
        "place",
        "reporter",
        "status",
        "ordering",
        "fields",
        "body",
        "facets",
        "page",
        "page_size",
    } <= names
    assert {"400", "404"} <= set(operation["responses"])
    detail = schema["paths"]["/api/v1/articles/{id}/"]["get"]["responses"]
    assert set(detail["200"]["content"]) == {"application/json", "application/ninjs+json"}
    assert "/api/v1/articles/{id}.ninjs" in schema["paths"]
    assert "cursor" in {
        p["name"] for p in schema["paths"]["/api/v1/articles/sync/"]["get"]["parameters"]
    }


def test_swagger_ui_is_served_from_our_own_static_files(api):
    response = api.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist" in page
    assert "cdn.jsdelivr" not in page and "unpkg.com" not in page
