"""Nothing on a page is lost, and the dry-run JSON keeps its shape.

Every non-whitespace character of the decoded page lies in exactly one item span or
unassigned fragment; spans are half-open ``[start, end)`` code-point offsets inside
the text, sorted and non-overlapping across the page. Checked on every seed page and
on every generated variant of it.
"""

from __future__ import annotations

import json

import pytest

from seeds.parser import invariants
from seeds.parser.decode import decode
from seeds.parser.records import (
    Block,
    BlockType,
    Caption,
    Credit,
    Fragment,
    Item,
    ItemKind,
    PageExtraction,
    Role,
)

from . import variants as V
from .scoring import expected_pages, squash

PAGE_IDS = [p.page_id for p in expected_pages()]
KINDS = {str(k) for k in ItemKind}
ROLES = {str(r) for r in Role}
BLOCK_TYPES = {str(t) for t in BlockType}


def coverage_problems(extraction: PageExtraction) -> list[str]:
    """Why the spans of an extraction do not cover its text exactly once, or are not in the
    shape the JSON promises (sorted, non-empty, fragments holding the page's text); empty if
    all is well. The invariant itself is seeds.parser.invariants', which the fuzzer checks."""
    text = extraction.text
    problems: list[str] = []
    spans: list[tuple[int, int, str]] = []
    for n, item in enumerate(extraction.items):
        owner = f"item {n} ({item.kind} {item.title or ''})"
        if list(item.spans) != sorted(item.spans):
            problems.append(f"{owner}: spans not sorted")
        spans.extend((start, end, owner) for start, end in item.spans)
    for fragment in extraction.unassigned:
        start, end = fragment.span
        spans.append((start, end, f"unassigned {fragment.text[:12]!r}"))
        if 0 <= start <= end <= len(text) and squash(fragment.text) != squash(text[start:end]):
            problems.append(f"unassigned fragment text is not the page text at {fragment.span}")
    if [f.span for f in extraction.unassigned] != sorted(f.span for f in extraction.unassigned):
        problems.append("unassigned fragments not sorted")
    for start, end, owner in spans:
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(f"{owner}: span {(start, end)} is not a non-empty span inside the text")
    spans.sort()
    for (s1, e1, o1), (s2, e2, o2) in zip(spans, spans[1:], strict=False):
        if s2 < e1:
            problems.append(f"{o1} {(s1, e1)} overlaps {o2} {(s2, e2)}: {text[s2 : min(e1, e2)]!r}")
    return problems + invariants.coverage_problems(extraction)


# --- the invariant on the seeds and their variants ----------------------------------------


@pytest.mark.parametrize("name", V.VARIANTS)
@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_every_character_is_accounted_for_once(page_id, name):
    extraction = V.extract(page_id, name)
    assert extraction.text == V.variant_text(page_id, name)
    assert coverage_problems(extraction) == []


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_page_text_is_the_decoded_file(page_id):
    data = V.variant_bytes(page_id, "original")
    extraction = V.extract(page_id)
    assert extraction.text == decode(data).text
    assert extraction.encoding == "utf-8"
    assert V.extract(page_id, "gb18030_crlf").encoding == "gb18030"


def test_the_invariant_check_finds_gaps_overlaps_and_bad_spans():
    text = "标题\n正文一句。\n"
    good = PageExtraction(
        source="x",
        encoding="utf-8",
        text=text,
        items=(Item(kind=ItemKind.ARTICLE, headline="标题", spans=((0, 2), (3, 8))),),
    )
    assert coverage_problems(good) == []
    gap = PageExtraction(
        source="x",
        encoding="utf-8",
        text=text,
        items=(Item(kind=ItemKind.ARTICLE, spans=((0, 2),)),),
    )
    assert "5 characters in no span" in coverage_problems(gap)[0]
    overlap = PageExtraction(
        source="x",
        encoding="utf-8",
        text=text,
        items=(Item(kind=ItemKind.ARTICLE, spans=((0, 5),)),),
        unassigned=(Fragment("正文一句。", (3, 8)),),
    )
    assert any("overlaps" in p for p in coverage_problems(overlap))
    outside = PageExtraction(
        source="x",
        encoding="utf-8",
        text=text,
        items=(Item(kind=ItemKind.ARTICLE, spans=((0, 2), (3, 99))),),
    )
    assert any("not a non-empty span inside the text" in p for p in coverage_problems(outside))


# --- the JSON contract --------------------------------------------------------------------


def _is(value, *types):
    return isinstance(value, types) and not (isinstance(value, bool) and bool not in types)


def contract_problems(page: dict) -> list[str]:
    """How a page's as_dict() departs from the dry-run JSON contract of issue 2."""
    p: list[str] = []
    if set(page) != {"source", "encoding", "items", "unassigned"}:
        p.append(f"page keys {sorted(page)}")
    if not (_is(page.get("source"), str) and _is(page.get("encoding"), str)):
        p.append("source and encoding must be strings")
    item_keys = {
        "kind",
        "column",
        "overline",
        "headline",
        "subtitle",
        "bylines",
        "source",
        "body",
        "captions",
        "spans",
        "flags",
        "confidence",
        "continues_on",
        "continued_from",
    }
    for n, item in enumerate(page.get("items", [])):
        if set(item) != item_keys:
            p.append(f"item {n} keys {sorted(item)}")
            continue
        if item["kind"] not in KINDS:
            p.append(f"item {n} kind {item['kind']!r}")
        for key in ("column", "overline", "headline", "subtitle", "source"):
            if not (item[key] is None or _is(item[key], str)):
                p.append(f"item {n} {key} must be a string or null")
        for credit in item["bylines"] + [c for cap in item["captions"] for c in cap["credits"]]:
            if (
                set(credit) != {"name", "role"}
                or not _is(credit["name"], str)
                or credit["role"] not in ROLES
            ):
                p.append(f"item {n} credit {credit!r}")
        for block in item["body"]:
            if (
                set(block) != {"type", "text"}
                or block["type"] not in BLOCK_TYPES
                or not _is(block["text"], str)
            ):
                p.append(f"item {n} block {block!r}")
        for caption in item["captions"]:
            if set(caption) != {"text", "credits"} or not _is(caption["text"], str):
                p.append(f"item {n} caption {caption!r}")
        for span in item["spans"]:
            if not (_is(span, list) and len(span) == 2 and all(_is(x, int) for x in span)):
                p.append(f"item {n} span {span!r}")
        if not all(_is(f, str) for f in item["flags"]):
            p.append(f"item {n} flags {item['flags']!r}")
        if not (_is(item["confidence"], float, int) and 0 <= item["confidence"] <= 1):
            p.append(f"item {n} confidence {item['confidence']!r}")
        for key in ("continues_on", "continued_from"):
            if not (item[key] is None or (_is(item[key], int) and item[key] > 0)):
                p.append(f"item {n} {key} {item[key]!r}")
    for fragment in page.get("unassigned", []):
        span = fragment.get("span")
        if set(fragment) != {"text", "span"} or not _is(fragment["text"], str):
            p.append(f"fragment {fragment!r}")
        elif not (_is(span, list) and len(span) == 2 and all(_is(x, int) for x in span)):
            p.append(f"fragment span {span!r}")
    return p


def test_contract_of_a_hand_built_page():
    page = PageExtraction(
        source="seeds/pages/x.txt",
        encoding="gb18030",
        text="……",
        items=(
            Item(
                kind=ItemKind.PHOTO,
                headline="社区大集送健康",
                captions=(Caption("图为义诊。", (Credit("白雪", Role.PHOTOGRAPHER),), ((0, 5),)),),
                spans=((0, 5),),
            ),
            Item(
                kind=ItemKind.BRIEF,
                column="信息集装箱",
                bylines=(Credit("青哈斯", Role.CONTRIBUTOR),),
                body=(Block(BlockType.PARAGRAPH, "锡林郭勒盟……", ((6, 12),)),),
                spans=((6, 12),),
                flags=("stitched",),
            ),
        ),
        unassigned=(Fragment("◎", (13, 14)),),
    ).as_dict()
    assert contract_problems(page) == []
    assert json.loads(json.dumps(page, ensure_ascii=False)) == page
    assert page["items"][0]["captions"] == [
        {"text": "图为义诊。", "credits": [{"name": "白雪", "role": "photographer"}]}
    ]
    assert page["items"][1]["bylines"] == [{"name": "青哈斯", "role": "contributor"}]
    assert page["unassigned"] == [{"text": "◎", "span": [13, 14]}]


def test_contract_check_notices_a_missing_key_and_a_bad_role():
    page = {"source": "x", "encoding": "utf-8", "unassigned": [], "items": []}
    good_item = {
        "kind": "article",
        "column": None,
        "overline": None,
        "headline": "标题",
        "subtitle": None,
        "bylines": [{"name": "宋爽", "role": "reporter"}],
        "source": None,
        "body": [],
        "captions": [],
        "spans": [[0, 2]],
        "flags": [],
        "confidence": 0.9,
        "continues_on": None,
        "continued_from": None,
    }
    assert contract_problems(dict(page, items=[good_item])) == []
    assert contract_problems(dict(page, items=[dict(good_item, confidence=1.5)]))
    assert contract_problems(
        dict(page, items=[dict(good_item, bylines=[{"name": "宋爽", "role": "记者"}])])
    )
    no_flags = {k: v for k, v in good_item.items() if k != "flags"}
    assert contract_problems(dict(page, items=[no_flags]))
    assert contract_problems({k: v for k, v in page.items() if k != "unassigned"})


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_contract_of_every_seed_page(page_id):
    page = V.extract(page_id).as_dict()
    assert contract_problems(page) == []
    assert json.loads(json.dumps(page, ensure_ascii=False)) == page
