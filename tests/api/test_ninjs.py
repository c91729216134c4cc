"""ninjs 2.1 documents of articles and tombstones, validated against the vendored schema."""

import datetime
import json
import re
from pathlib import Path

import jsonschema
import pytest

from articles.api.ninjs import PEOPLE_RELS
from articles.models import Article, Role
from syndication.models import Tombstone

from .builders import build_article, build_seed_article

SCHEMA = json.loads((Path(__file__).parent / "data" / "ninjs-schema_2.1.json").read_text())

# jsonschema checks these formats only with optional packages; state them here instead.
FORMATS = jsonschema.FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def is_datetime(value):
    return datetime.datetime.fromisoformat(value).tzinfo is not None


@FORMATS.checks("uri", raises=ValueError)
def is_uri(value):
    return re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", value) is not None


def validate(document):
    jsonschema.Draft7Validator(SCHEMA, format_checker=FORMATS).validate(document)


def test_the_vendored_schema_rejects_what_ninjs_does_not_define():
    with pytest.raises(jsonschema.ValidationError):
        validate({"uri": "urn:newsroom:article:1", "headline": "不是 ninjs 的字段"})
    with pytest.raises(jsonschema.ValidationError):
        validate({"uri": "urn:newsroom:article:1", "pubstatus": "deleted"})
    with pytest.raises(jsonschema.ValidationError):
        validate({"uri": "urn:newsroom:article:1", "versioncreated": "2025年6月12日"})


@pytest.mark.django_db
def test_a_seed_article_in_ninjs_is_valid_and_says_what_the_page_says(api):
    article = build_seed_article()
    response = api.get(f"/api/v1/articles/{article.pk}.ninjs")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ninjs+json"
    document = json.loads(response.content)
    validate(document)
    assert document["uri"] == f"urn:newsroom:article:{article.pk}"
    assert document["language"] == "zh-Hans"
    assert document["pubstatus"] == "usable"
    assert document["standard"]["version"] == "2.1"
    assert document["headlines"] == [
        {"role": "main", "value": "激活社区“微治理”工人南村社区居民幸福指数再升级"}
    ]
    assert document["by"] == "记者 祁晓燕 通讯员 赵东霞"
    assert [person["name"] for person in document["people"]] == ["祁晓燕", "赵东霞"]
    html = next(body for body in document["bodies"] if body["contenttype"] == "text/html")
    assert "<h2>有事共商难题同解</h2>" in html["value"]
    (picture,) = document["associations"]
    assert picture["type"] == "picture"
    assert picture["by"] == "阿柔娜 摄"
    assert picture["descriptions"][0]["value"].startswith("近日，新城区海拉尔路街道")
    assert {"name": "网格员", "rel": "keyword"} in document["subjects"]


@pytest.mark.django_db
def test_the_accept_header_asks_for_ninjs_on_the_detail_url(api):
    article = build_seed_article()
    response = api.get(f"/api/v1/articles/{article.pk}/", HTTP_ACCEPT="application/ninjs+json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ninjs+json"
    validate(json.loads(response.content))
    plain = api.get(f"/api/v1/articles/{article.pk}/")
    assert plain["Content-Type"] == "application/json"
    assert plain.json()["headline"] == article.headline


@pytest.mark.django_db
def test_an_unpublished_or_unknown_article_has_no_ninjs_and_the_error_is_json(api):
    draft = build_seed_article(status=Article.Status.NEEDS_REVIEW)
    for path in (f"/api/v1/articles/{draft.pk}.ninjs", "/api/v1/articles/999999.ninjs"):
        response = api.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert "detail" in response.json()
    assert api.get("/api/v1/articles/abc.ninjs").status_code == 404


@pytest.mark.django_db
def test_a_tombstone_is_a_valid_canceled_ninjs_document(api):
    article = build_seed_article()
    article.status = Article.Status.REVIEWED
    article.save()
    since = (article.updated_at - datetime.timedelta(minutes=1)).isoformat()
    response = api.get("/api/v1/articles/", {"updated_since": since})
    (tombstone,) = response.json()["tombstones"]
    validate(tombstone)
    assert tombstone["pubstatus"] == "canceled"
    assert tombstone["uri"] == f"urn:newsroom:article:{article.pk}"
    assert Tombstone.objects.get().reason == Tombstone.Reason.UNPUBLISHED


@pytest.mark.django_db
def test_every_byline_role_keeps_its_own_rel_and_the_document_stays_valid(api):
    article = build_article(
        body=["社区网格员逐户走访。"],
        bylines=[
            ("祁晓燕", "reporter"),
            ("赵东霞", "correspondent"),
            ("王实习", "trainee"),
            ("阿柔娜", "photographer"),
            ("李作者", "author"),
            ("供稿单位", "contributor"),
        ],
        captions=[("居民参加趣味互动。", [("阿柔娜", "photographer"), ("团委", "contributor")])],
    )
    document = json.loads(api.get(f"/api/v1/articles/{article.pk}.ninjs").content)
    validate(document)
    assert [(p["name"], p["rel"]) for p in document["people"]] == [
        ("祁晓燕", "nrrole:reporter"),
        ("赵东霞", "cpprole:correspondent"),
        ("王实习", "nrrole:traineeReporter"),
        ("阿柔娜", "nrrole:photographer"),
        ("李作者", "cpprole:author"),
        ("供稿单位", "nrrole:contributor"),
    ]
    (picture,) = document["associations"]
    assert [(p["name"], p["rel"]) for p in picture["people"]] == [
        ("阿柔娜", "nrrole:photographer"),
        ("团委", "nrrole:contributor"),
    ]
    assert picture["by"] == "阿柔娜 摄 供稿 团委"


def test_the_rels_are_distinct_qcodes_one_for_each_role():
    assert set(PEOPLE_RELS) == set(Role.values)
    assert len(set(PEOPLE_RELS.values())) == len(Role.values)
    assert all(
        re.fullmatch(r"(cpprole|nrrole):[a-z][A-Za-z]+", rel) for rel in PEOPLE_RELS.values()
    )


@pytest.mark.django_db
def test_the_api_description_documents_each_roles_rel(api):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    description = schema["info"]["description"]
    for role in Role:
        assert f"| `{role.value}` | {role.label} | `{PEOPLE_RELS[role.value]}` |" in description
    assert "http://cv.iptc.org/newscodes/contentprodpartyrole/" in description
