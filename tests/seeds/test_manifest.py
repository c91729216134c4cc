"""The page manifest: known metadata is checked, unknown stays None, bad entries name themselves."""

import datetime
import json

import pytest
from django.conf import settings

from seeds.manifest import (
    UNKNOWN,
    ManifestError,
    PageMetadata,
    load_manifest,
    manifest_beside,
)


def write(tmp_path, document):
    path = tmp_path / "manifest.json"
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_full_entry_is_read(tmp_path):
    entry = {
        "publication": "内蒙古日报",
        "date": "2024-09-18",
        "issue_number": 23012,
        "page": 6,
        "page_name": "北疆党旗红",
    }
    manifest = load_manifest(write(tmp_path, {"p.txt": entry}))

    assert manifest.metadata_for("p.txt") == PageMetadata(
        publication="内蒙古日报",
        date=datetime.date(2024, 9, 18),
        issue_number=23012,
        page=6,
        page_name="北疆党旗红",
    )


def test_nulls_and_missing_keys_are_unknown(tmp_path):
    manifest = load_manifest(
        write(tmp_path, {"a.txt": {"publication": None, "date": None}, "b.txt": {}})
    )

    assert manifest.metadata_for("a.txt") == UNKNOWN
    assert manifest.metadata_for("b.txt") == UNKNOWN
    assert manifest.metadata_for("not-listed.txt") == UNKNOWN


@pytest.mark.parametrize(
    ("entry", "key"),
    [
        ({"date": "2024-9-18"}, "date"),
        ({"date": "2024-02-30"}, "date"),
        ({"date": 20240918}, "date"),
        ({"page": "3"}, "page"),
        ({"page": 0}, "page"),
        ({"page": True}, "page"),
        ({"issue_number": 1.5}, "issue_number"),
        ({"publication": ""}, "publication"),
        ({"publication": 7}, "publication"),
        ({"page_name": ["要闻"]}, "page_name"),
        ({"pages": 3}, "pages"),
    ],
)
def test_a_bad_entry_fails_only_its_own_page_and_names_file_and_key(tmp_path, entry, key):
    path = write(tmp_path, {"bad.txt": entry, "good.txt": {"page": 2}})
    manifest = load_manifest(path)

    with pytest.raises(ManifestError) as caught:
        manifest.metadata_for("bad.txt")

    assert caught.value.key == key
    assert caught.value.entry == "bad.txt"
    message = str(caught.value)
    assert str(path) in message and "bad.txt" in message and key in message
    assert manifest.metadata_for("good.txt").page == 2


def test_an_entry_that_is_not_an_object_is_refused(tmp_path):
    manifest = load_manifest(write(tmp_path, {"a.txt": "呼和浩特日报"}))

    with pytest.raises(ManifestError, match="a.txt"):
        manifest.metadata_for("a.txt")


@pytest.mark.parametrize("text", ["{", "[]", '"pages"', ""])
def test_a_manifest_that_is_not_a_json_object_is_refused_whole(tmp_path, text):
    path = write(tmp_path, text)

    with pytest.raises(ManifestError) as caught:
        load_manifest(path)

    assert str(path) in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_a_missing_manifest_file_is_an_error_when_named(tmp_path):
    with pytest.raises(ManifestError, match="manifest.json"):
        load_manifest(tmp_path / "manifest.json")


def test_no_manifest_beside_the_pages_means_nothing_is_known(tmp_path):
    assert manifest_beside(tmp_path).metadata_for("a.txt") == UNKNOWN


def test_the_seed_manifest_lists_every_page_and_invents_nothing():
    manifest = manifest_beside(settings.SEED_PAGES_DIR)
    pages = sorted(p.name for p in settings.SEED_PAGES_DIR.glob("*.txt"))

    assert sorted(manifest.entries) == pages
    assert manifest.errors == {}
    assert all(metadata == UNKNOWN for metadata in manifest.entries.values())
