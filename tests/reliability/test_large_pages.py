"""Huge page files are refused by size before they are read, and never read past the limit;
one enormous line imports whole, as one untitled article.

Other bad files (empty, binary, truncated UTF-8, GB18030, UTF-16, bad manifests) are
tested in tests/seeds/test_decode.py, test_import_command.py and test_manifest.py.
"""

from __future__ import annotations

import io
import os
import re
import stat
import tracemalloc

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from articles.models import Article, Page
from seeds.parser import PageDecodeError, parse_page
from seeds.parser.rules import MAX_PAGE_BYTES

pytestmark = pytest.mark.django_db

SMALL_PAGE = (
    "社区党建引领微治理\n\n□本报记者 宋爽\n\n网格员逐户核算维修成本，居民议事会当场通过。\n"
)


def _import(*paths):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_seeds", *map(str, paths), stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def test_a_50_mb_page_is_refused_by_its_size_without_being_read(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # sparse: takes no disk space or time to write
        handle.truncate(50 * 1024 * 1024)
    good = tmp_path / "good.txt"
    good.write_text(SMALL_PAGE, encoding="utf-8")

    tracemalloc.start()
    try:
        _out, alone, _error = _import(huge)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "文件过大" in alone
    assert peak < 5 * 1024 * 1024  # the 50 MB were never read into memory

    _out, err, error = _import(huge, good)
    assert error is not None and "huge.txt" in str(error)
    assert f"{huge}: 文件过大：52,428,800 字节" in err
    assert f"最多 {MAX_PAGE_BYTES // 1024} KB" in err and "file too large" in err
    # Nothing of the huge file was written; the good page beside it imported.
    assert list(Page.objects.values_list("source_name", flat=True)) == ["good.txt"]


def test_parse_page_refuses_bytes_over_the_limit_before_decoding():
    too_big = ("版" * (MAX_PAGE_BYTES // 3 + 1)).encode()
    assert len(too_big) > MAX_PAGE_BYTES
    with pytest.raises(PageDecodeError, match="文件过大"):
        parse_page(too_big, source="big.txt")


def test_a_page_of_one_enormous_line_at_the_limit_imports_whole(tmp_path):
    sentence = "网格员逐户核算维修成本，居民议事会当场通过。"
    line = (sentence * (MAX_PAGE_BYTES // len(sentence)))[: MAX_PAGE_BYTES // 3]
    path = tmp_path / "one_line.txt"
    path.write_text(line, encoding="utf-8")
    assert MAX_PAGE_BYTES - 3 <= path.stat().st_size <= MAX_PAGE_BYTES

    _out, err, error = _import(path)

    assert error is None, err
    page = Page.objects.get(source_name="one_line.txt")
    assert page.text == line
    # Not a character is lost: what no article holds is kept as unassigned text.
    held = sum(end - start for a in Article.objects.filter(page=page) for start, end in a.spans)
    held += sum(end - start for start, end in (f["span"] for f in page.unassigned))
    assert held == len(line)


def test_a_file_that_grew_past_the_limit_after_its_size_was_checked_is_read_no_further(
    tmp_path, monkeypatch
):
    # A page still being copied in may be small when its size is asked and 50 MB when it
    # is read: the read stops one byte past the limit.
    growing = tmp_path / "growing.txt"
    with growing.open("wb") as handle:
        handle.write(SMALL_PAGE.encode())
        handle.truncate(50 * 1024 * 1024)
    real_stat, real_fstat = os.stat, os.fstat
    inode = real_stat(growing).st_ino
    asked = []

    def small(result):
        if result.st_ino != inode:
            return result
        fields = list(result)
        fields[stat.ST_SIZE] = len(SMALL_PAGE.encode())
        asked.append(True)
        return os.stat_result(fields)

    monkeypatch.setattr(os, "stat", lambda *a, **k: small(real_stat(*a, **k)))
    monkeypatch.setattr(os, "fstat", lambda *a, **k: small(real_fstat(*a, **k)))

    tracemalloc.start()
    try:
        _out, err, error = _import(growing)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert asked  # the size was asked, and answered small
    assert error is not None
    assert f"{growing}: 文件过大" in err
    assert peak < 5 * 1024 * 1024  # at most the limit and a byte were read
    assert Page.objects.count() == 0


def test_a_file_one_byte_over_the_limit_is_refused_with_its_size(tmp_path):
    path = tmp_path / "over.txt"
    path.write_bytes(b"a" * (MAX_PAGE_BYTES + 1))

    _out, err, error = _import(path)

    assert error is not None
    assert f"{path}: 文件过大：{MAX_PAGE_BYTES + 1:,} 字节" in err
    assert Page.objects.count() == 0


def test_a_250_kb_page_without_line_breaks_becomes_one_untitled_article(tmp_path):
    # What docs/reliability.md says of it: one article, not unassigned text.
    sentence = "网格员逐户核算维修成本，居民议事会当场通过。"
    line = (sentence * 250 * 1024)[: 250 * 1024 // 3]
    path = tmp_path / "no_breaks.txt"
    path.write_text(line, encoding="utf-8")

    _out, err, error = _import(path)

    assert error is None, err
    page = Page.objects.get(source_name="no_breaks.txt")
    assert page.unassigned == []
    article = page.articles.get()
    assert (article.kind, article.headline, article.status) == ("article", "", "needs_review")
    assert sorted(article.flags) == ["continues_elsewhere", "low_confidence", "missing_headline"]
    assert [block.text for block in article.blocks.all()] == [line]
    assert len(line) == 85_333


@pytest.mark.parametrize(
    "seed,kind",
    [("000", "article"), ("001", None), ("003", "photo")],
    ids=["body text", "column kicker", "photo credit"],
)
def test_a_seed_page_with_its_line_breaks_removed_is_read_as_its_one_line_reads(seed, kind):
    # 001 opens with its column kicker (◎初心如磐) and stays unassigned; 003 ends with a
    # photo credit (■本报记者 祁晓燕 摄) and becomes a photo captioned with the whole page.
    [path] = settings.SEED_PAGES_DIR.glob(f"{seed}_*.txt")
    text = re.sub(r"\s*\n\s*", "", path.read_text(encoding="utf-8"))

    extraction = parse_page(text.encode(), source=path.name)

    assert [item.kind for item in extraction.items] == ([kind] if kind else [])
    if kind is None:
        assert [fragment.span for fragment in extraction.unassigned] == [(0, len(text))]
    else:
        assert extraction.unassigned == () and extraction.items[0].spans == ((0, len(text)),)
        assert extraction.items[0].headline is None
