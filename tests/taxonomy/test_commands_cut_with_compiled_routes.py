"""The commands that cut whole archives do it with the compiled routes.

Each test records, where the command does its work, whether the compiled routes were on
(chinese.segmenter's switch), and checks they are off again when the command ends.
"""

import io

import pytest
from django.core.management import call_command

from chinese import segmenter
from seeds.importer import files as importer_files
from taxonomy.management.commands import compute_idf, reindex_articles
from tests.factories import fake_parse_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def seen():
    return []


def _recording(seen, function):
    def recorded(*args, **kwargs):
        seen.append(segmenter._compiled_routes)
        return function(*args, **kwargs)

    return recorded


def test_import_seeds_parses_and_indexes_with_compiled_routes(tmp_path, monkeypatch, seen):
    page = tmp_path / "a.txt"
    page.write_text("社区党建引领微治理\n网格员逐户核算维修成本。\n", encoding="utf-8")
    monkeypatch.setattr(importer_files, "parse_page", _recording(seen, fake_parse_page))

    call_command("import_seeds", str(page), stdout=io.StringIO(), stderr=io.StringIO())

    assert seen == [True]
    assert segmenter._compiled_routes is False


def test_reindex_articles_runs_with_compiled_routes(monkeypatch, seen):
    monkeypatch.setattr(
        reindex_articles, "index_articles", _recording(seen, reindex_articles.index_articles)
    )

    call_command("reindex_articles", stdout=io.StringIO())

    assert seen == [True]
    assert segmenter._compiled_routes is False


def test_compute_idf_runs_with_compiled_routes(monkeypatch, seen):
    monkeypatch.setattr(compute_idf, "compute_idf", _recording(seen, compute_idf.compute_idf))

    call_command("compute_idf", stdout=io.StringIO())

    assert seen == [True]
    assert segmenter._compiled_routes is False
