"""The fuzz target's own checks, and every committed corpus input passes them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.factories import make_extraction, make_item

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "fuzz" / "corpus").iterdir())


def _load_target():
    spec = importlib.util.spec_from_file_location("fuzz_parser", ROOT / "fuzz" / "fuzz_parser.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


target = _load_target()


def test_the_corpus_covers_the_encodings_and_shapes_the_decoder_knows():
    names = {p.name for p in CORPUS}
    assert {"gb18030.txt", "utf16le_bom.txt", "utf16be_bom.txt", "truncated_utf8.txt"} <= names
    assert len(CORPUS) >= 15


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_corpus_input_parses_or_is_refused_cleanly(path):
    target.test_one_input(path.read_bytes())


def test_the_invariant_check_catches_a_character_held_twice():
    text = "标题\n正文"
    twice = make_extraction(text=text, items=[make_item(headline="标题", spans=[(0, 2), (0, 5)])])
    with pytest.raises(target.InvariantBroken, match="held 2 times"):
        target.check_extraction(twice)


def test_the_invariant_check_catches_a_lost_character():
    text = "标题\n正文"
    lost = make_extraction(text=text, items=[make_item(headline="标题", spans=[(0, 2)])])
    with pytest.raises(target.InvariantBroken, match="in no span"):
        target.check_extraction(lost)


def test_mutations_stay_within_the_length_limit_and_are_repeatable():
    import random

    seed = CORPUS[0].read_bytes()
    first = [target.mutate(seed, random.Random(7), max_len=512) for _ in range(3)]
    again = [target.mutate(seed, random.Random(7), max_len=512) for _ in range(3)]
    assert first == again
    assert all(len(m) <= 512 for m in first)


def test_a_short_plain_run_finds_no_crash():
    assert target.plain_loop([ROOT / "fuzz" / "corpus"], runs=60, seed=1, max_len=2048) == 60
