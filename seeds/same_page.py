"""Which stored page is an incoming file, and is it that page again or another one?

A page is one printed page: where the manifest gives a file's paper, date and page
number, the stored page printed there is the file's page, whatever file name it was
stored under; where it does not, the file name is all there is to go by. Either way the
identity can be wrong (`otherdir/000_….txt` holding page 001's text was taken for page
000 and written over, its articles position by position, with exit status 0). A page
corrected by hand or read again by OCR keeps nearly all of its text; another page shares
only what any two pages of Chinese news share. Below SAME_PAGE_MIN_SIMILARITY the import
refuses the file unless it is told to replace the stored page.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from django.db import DatabaseError

from articles.models import Page
from seeds.manifest import UNKNOWN, PageMetadata

# Any two of the seed pages share 0.22-0.26 of their character pairs; a page with OCR
# slips corrected, or its columns read in another order, over 0.9; with one character
# in ten misread, about 0.8 (tests/seeds/test_same_page.py).
SAME_PAGE_MIN_SIMILARITY = 0.5

_WHITESPACE = re.compile(r"\s+")


def page_similarity(stored: str, incoming: str) -> float:
    """The share of character pairs two page texts have in common, from 0 to 1.

    The Dice coefficient of the texts' character bigrams, counted with repeats, after
    whitespace is dropped: OCR's line breaks and spaces between Chinese characters come
    and go between readings. Single characters would not do: two pages of Chinese news
    are mostly made of the same few thousand (difflib's quick_ratio gives the seed pages
    0.64-0.70 against each other), while a pair of characters carries the words. Order
    beyond a pair does not count, so columns read in another order stay the same page,
    and the cost is linear (under a tenth of a second for a page at the 256 KB limit).
    """
    stored, incoming = _WHITESPACE.sub("", stored), _WHITESPACE.sub("", incoming)
    if len(stored) < 2 or len(incoming) < 2:
        return 1.0 if stored == incoming else 0.0
    ours, theirs = _bigrams(stored), _bigrams(incoming)
    shared = sum((ours & theirs).values())
    return 2 * shared / (len(stored) - 1 + len(incoming) - 1)


def _bigrams(text: str) -> Counter:
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


@dataclass(frozen=True)
class TextChange:
    """An incoming file whose text differs from the stored page it is taken for."""

    stored_page: str  # the file name, and where the manifest said so the issue and page
    similarity: float

    @property
    def another_page(self) -> bool:
        return self.similarity < SAME_PAGE_MIN_SIMILARITY


class AnotherPageError(Exception):
    """A file that would be written over a stored page it is mostly different from."""

    def __init__(self, source: str, change: TextChange):
        self.source = source
        self.change = change
        super().__init__(
            f"{source}: mostly different from the stored page {change.stored_page} "
            f"(similarity {change.similarity:.2f}); not imported without replace"
        )


def text_change(page: Page, text: str) -> TextChange | None:
    """How an incoming text compares with a stored page's, or None if it is the same."""
    if page.text == text:
        return None
    return TextChange(_name(page), page_similarity(page.text, text))


def stored_page(source_name: str, metadata: PageMetadata = UNKNOWN) -> Page | None:
    """The stored page a file is: the one printed where the manifest says, else by file name.

    The same printed page may come back under another file name (scanned again, renamed
    by whoever delivered it); with its paper, date and page number it is still that page,
    not a second one. Without all three the file name is the only identity there is. A
    file whose printed page is not stored yet is still found by its own name, so that a
    manifest correcting where a stored file was printed moves that page rather than
    colliding with its unique file name. Of several pages printed at the same place
    (imported before pages were found this way), the one of the file's own name wins.
    """
    if metadata.publication and metadata.date is not None and metadata.page is not None:
        printed = Page.objects.filter(
            issue__publication__name=metadata.publication,
            issue__date=metadata.date,
            number=metadata.page,
        )
        page = printed.filter(source_name=source_name).first() or printed.order_by("pk").first()
        if page is not None:
            return page
    return Page.objects.filter(source_name=source_name).first()


def stored_page_if_any(source_name: str, metadata: PageMetadata = UNKNOWN) -> Page | None:
    """stored_page() for a dry run, which writes nothing and needs no database.

    Where there is none yet (no tables before the first migrate), nothing is stored.
    """
    try:
        return stored_page(source_name, metadata)
    except DatabaseError:
        return None


def stored_under_another_name(page: Page | None, source_name: str) -> str | None:
    """The stored page's file name when the file was found by where it was printed instead.

    The stored page keeps the name it was first imported under: the name is what the
    desk and earlier reports know it by, and a later file of the old name stays the
    same page whether or not the manifest lists it.
    """
    if page is None or page.pk is None or page.source_name == source_name:
        return None
    return page.source_name


def _name(page: Page) -> str:
    # 000_fa48b9cf94c83c8b.txt（呼和浩特日报 2024-09-18 第3版）: the issue and page number
    # say which printed page that is, where the manifest knew them.
    if page.number is not None:
        printed = str(page)
    elif page.issue_id is not None:
        printed = str(page.issue)  # str(page) would name the file again
    else:
        return page.source_name
    return f"{page.source_name}（{printed}）"
