"""What a reader is shown as an item's title, headline or not.

The archive arrives as OCR delivered it: photo items whose only words are their caption,
briefs printed without a headline, headlines that are a rule (——) or a zero-width space.
A link must never be empty, so an item without a headline is named by its overline and
subtitle, or else by the start of its text: a photo by its caption, anything else by its
first paragraph (a caption when it has none).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Substr

# About a headline's length: the start of a text that stands in for a missing headline.
TITLE_CHARS = 30
# Read from the database for it, a little more than is shown, to find a sentence's end.
_READ_CHARS = TITLE_CHARS * 2
# The end of a sentence inside the start: the title stops there.
_SENTENCE_END = re.compile(r"[。！？!?；;]")


def has_words(text: str) -> bool:
    """True if `text` has a letter, digit or character to read: not only spaces, rules (——),
    punctuation or zero-width characters."""
    return any(char.isalnum() for char in text or "")


def text_as_title(text: str, length: int = TITLE_CHARS) -> str:
    """The start of a text as a title: its first sentence, or its first `length` characters
    and an ellipsis; empty when it has no words."""
    text = " ".join((text or "").split())
    if not has_words(text):
        return ""
    start = text[:length]
    end = _SENTENCE_END.search(start)
    if end is not None and has_words(start[: end.start()]):
        # A full stop is not part of a title; a question or exclamation is.
        cut = end.end() if end.group() in "！？!?" else end.start()
        return start[:cut]
    return start + "…" if len(text) > length else start


def printed_title(article) -> str:
    """The headline, or else the overline and subtitle, as the page printed them."""
    if has_words(article.headline):
        return article.headline
    return article.title if has_words(article.title) else ""


def first_texts(articles: Iterable) -> dict[int, str]:
    """For each article of `articles` without a printed title, the text whose start names it:
    a photo's first caption, or else the first paragraph (or caption).

    Read from the relations already prefetched when the articles carry them, otherwise in one
    query for all of them (none when every article has a title).
    """
    untitled = [article for article in articles if not printed_title(article)]
    found: dict[int, str] = {}
    to_read = []
    for article in untitled:
        cache = getattr(article, "_prefetched_objects_cache", {})
        if "blocks" in cache and "captions" in cache:
            paragraphs = [block.text for block in article.blocks.all()]
            captions = [caption.text for caption in article.captions.all()]
            found[article.pk] = _naming_text(article.kind, paragraphs[:1], captions)
        else:
            to_read.append(article)
    if to_read:
        from articles.models import Article, Block, PhotoCaption

        paragraph = Block.objects.filter(article=OuterRef("pk")).order_by("position")
        caption = (
            PhotoCaption.objects.filter(article=OuterRef("pk"))
            .exclude(text="")
            .order_by("position")
        )
        rows = (
            Article.objects.using(to_read[0]._state.db or "default")
            .filter(pk__in=[article.pk for article in to_read])
            .annotate(
                first_paragraph=Substr(Subquery(paragraph.values("text")[:1]), 1, _READ_CHARS),
                first_caption=Substr(Subquery(caption.values("text")[:1]), 1, _READ_CHARS),
            )
            .values_list("pk", "kind", "first_paragraph", "first_caption")
        )
        for pk, kind, first_paragraph, first_caption in rows:
            found[pk] = _naming_text(kind, [first_paragraph or ""], [first_caption or ""])
    return found


def _naming_text(kind: str, paragraphs: list[str], captions: list[str]) -> str:
    captions = [text for text in captions if has_words(text)]
    paragraphs = [text for text in paragraphs if has_words(text)]
    # A photo item is its picture: the caption says what it shows.
    order = (captions, paragraphs) if kind == "photo" else (paragraphs, captions)
    return next((texts[0] for texts in order if texts), "")


def name_untitled(articles: Iterable) -> list:
    """The articles as a list, each given `link_text`: its printed title, or else the start
    of its caption or text (see first_texts()); empty only when it has no words at all."""
    articles = _name_items(articles)
    # Each item's list entry says where it was printed, by its page's title.
    name_pages_of(articles)
    return articles


def _name_items(articles: Iterable) -> list:
    articles = list(articles)
    texts = first_texts(articles)
    for article in articles:
        article.link_text = printed_title(article) or text_as_title(texts.get(article.pk, ""))
    return articles


def name_pages(pages: Iterable) -> list:
    """The pages as a list, each page without a number or a name given `title_from_items`: the
    title of its first published item in reading order (see name_untitled()).

    Pages arrive without the manifest's page number and name; their file name
    (004_347f4c1167022cb4.txt) tells a reader nothing, what the page printed first does. Read
    from the page's prefetched `items` when it has them, otherwise in one query (and one more
    when a first item is untitled) for all of them; none when every page has a number or name.
    """
    from articles.models import Article

    pages = list(pages)
    nameless = {page.pk: page for page in pages if not page.number and not page.name}
    first: dict[int, Article] = {}
    to_read = []
    for pk, page in nameless.items():
        items = getattr(page, "items", None)
        if items is None:
            to_read.append(pk)
        elif items:
            first[pk] = items[0]
    if to_read:
        rows = (
            Article.objects.published()
            .filter(page_id__in=to_read)
            .order_by("page_id", "position", "pk")
            .only("pk", "page_id", "kind", "overline", "headline", "subtitle")
        )
        for article in rows:
            first.setdefault(article.page_id, article)
    unnamed = [article for article in first.values() if getattr(article, "link_text", None) is None]
    _name_items(unnamed)
    for pk, page in nameless.items():
        page.title_from_items = first[pk].link_text if pk in first else ""
    return pages


def name_pages_of(articles: Iterable) -> None:
    """name_pages() for the pages the articles were read with (select_related), if any."""
    pages = {}
    for article in articles:
        page = article._state.fields_cache.get("page")
        if page is not None and not hasattr(page, "title_from_items"):
            pages.setdefault(page.pk, []).append(page)
    named = name_pages(copies[0] for copies in pages.values())
    for page in named:
        for copy in pages[page.pk][1:]:
            copy.title_from_items = getattr(page, "title_from_items", "")
