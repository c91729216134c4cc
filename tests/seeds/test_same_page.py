"""Is a file the stored page again (corrected, read again) or another printed page?

Measured on the five seed pages: any two of them share 0.22-0.26 of their character
pairs; a page with OCR slips corrected or its columns read in another order shares over
0.9 with itself. The line is drawn at 0.5.
"""

import itertools
import random
import re

import pytest
from django.conf import settings

from seeds.same_page import SAME_PAGE_MIN_SIMILARITY, page_similarity

SEEDS = {
    path.name[:3]: path.read_text(encoding="utf-8")
    for path in sorted(settings.SEED_PAGES_DIR.glob("*.txt"))
}


@pytest.mark.parametrize("first,second", list(itertools.combinations(sorted(SEEDS), 2)))
def test_two_different_seed_pages_are_well_below_the_line(first, second):
    assert page_similarity(SEEDS[first], SEEDS[second]) < 0.3 < SAME_PAGE_MIN_SIMILARITY


def test_a_page_is_wholly_similar_to_itself_however_its_lines_are_wrapped():
    text = SEEDS["000"]
    rewrapped = re.sub(r"\s+", "", text)
    rewrapped = "\n".join(rewrapped[i : i + 17] for i in range(0, len(rewrapped), 17))
    assert page_similarity(text, text) == 1.0
    assert page_similarity(text, rewrapped) == 1.0


def test_a_page_with_a_few_characters_corrected_stays_far_above_the_line():
    text = SEEDS["001"]
    corrected = text.replace("网格员", "网格长", 3).replace("，", "。", 5)
    assert corrected != text
    assert page_similarity(text, corrected) > 0.98


def test_a_page_read_again_with_its_columns_in_another_order_stays_above_the_line():
    blocks = SEEDS["002"].split("\n\n")
    shuffled = blocks[:]
    random.Random(7).shuffle(shuffled)
    assert page_similarity("\n\n".join(blocks), "\n\n".join(shuffled)) > 0.99


def test_one_character_in_ten_misread_stays_above_the_line():
    text = SEEDS["003"]
    rng = random.Random(3)
    misread = "".join(
        "口" if ch.strip() and rng.random() < 0.1 else ch  # 口 for whatever OCR could not read
        for ch in text
    )
    assert SAME_PAGE_MIN_SIMILARITY < page_similarity(text, misread) < 0.9


def test_texts_of_one_character_compare_by_equality():
    assert page_similarity("版", "版") == 1.0
    assert page_similarity("版", "面") == 0.0
