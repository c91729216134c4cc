"""What an article's extraction is, and how it stands against the article as edited.

An article made from a parser item keeps that item (`Article.extraction`, as the importer
last wrote it). The article is read part by part, each part the same way from the rows and
from the extraction: the scalar fields, the flags the parser set, the paragraphs, the
bylines, the captions. A part whose rows differ from the extraction was corrected by an
editor. The importer uses this to keep editors' corrections over a re-import, and the desk
to show a re-import conflict (`conflicts()`) and settle it (`resolve_conflict()`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from articles.models import (
    Article,
    Block,
    Byline,
    PhotoCaption,
    PhotoCredit,
    Reporter,
    SourceLineage,
)
from articles.search import joined_text
from newsroom.orm import create_with_history

# A flag the desk itself sets: the importer found an editor's value and a new parser value
# that disagree. Kept apart from the parser's own flags.
REIMPORT_CONFLICT = "reimport_conflict"

# Positions whose parser item the importer must not bring back.
GONE = (SourceLineage.Fate.MERGED, SourceLineage.Fate.DELETED)


def is_desk_made(article: Article) -> bool:
    """True for an article an editor made (split off, detached, added): no parser item of its own."""
    return not article.extraction


# Scalar article fields taken from the parser, with the model's length limits so that
# a runaway parser value is cut to fit instead of failing the whole page.
_SCALARS = ("kind", "column", "overline", "headline", "subtitle", "source")


def _scalar(extraction: dict, name: str) -> str:
    limit = Article._meta.get_field(name).max_length
    return (extraction.get(name) or "")[:limit]


def _flags(extraction: dict) -> list:
    return list(extraction.get("flags") or [])


def _parser_flags(article: Article) -> list:
    """The article's flags without the ones the desk sets itself."""
    return [f for f in article.flags if f != REIMPORT_CONFLICT]


def _write_flags(article, flags, reporters):
    desk = [REIMPORT_CONFLICT] if REIMPORT_CONFLICT in article.flags else []
    article.flags = [*flags, *desk]


def _credits(credits) -> list[dict]:
    """Names with roles, once each: the model allows one (reporter, role) per article."""
    seen, rows = set(), []
    limit = Reporter._meta.get_field("name").max_length
    for credit in credits or ():
        name = (credit.get("name") or "").strip()[:limit]
        key = (name, credit.get("role"))
        if name and key not in seen:
            seen.add(key)
            rows.append({"name": name, "role": credit.get("role")})
    return rows


def _bylines(extraction: dict) -> list[dict]:
    return _credits(extraction.get("bylines"))


def _body(extraction: dict) -> list[dict]:
    return [{"type": b["type"], "text": b["text"]} for b in extraction.get("body") or ()]


def _captions(extraction: dict) -> list[dict]:
    return [
        {"text": c.get("text") or "", "credits": _credits(c.get("credits"))}
        for c in extraction.get("captions") or ()
    ]


def credited_names(extraction: dict):
    """Every reporter name the extraction credits, in bylines and under photos."""
    yield from (c["name"] for c in _bylines(extraction))
    yield from (c["name"] for caption in _captions(extraction) for c in caption["credits"])


@dataclass(frozen=True)
class Part:
    """One editable part of an article: how to read it from the rows and from an extraction.

    `write` replaces the part of one article; a related part also has `add`, which writes the
    part of many new articles at once, [(article, value)], in one statement per table.
    """

    name: str
    from_extraction: Callable[[dict], object]
    from_article: Callable[[Article], object]
    write: Callable[[Article, object, ReporterCache], None]
    add: Callable[[list, ReporterCache], None] | None = None


def _set_scalar(name):
    def write(article, value, reporters):
        setattr(article, name, value)

    return write


def _current_body(article):
    return [{"type": b.type, "text": b.text} for b in article.blocks.all()]


def _write_body(article, body, reporters):
    article.blocks.all().delete()
    _add_bodies([(article, body)], reporters)


def _add_bodies(pairs, reporters):
    return create_with_history(
        Block,
        [
            Block(article=article, position=n, **block)
            for article, body in pairs
            for n, block in enumerate(body)
        ],
    )


def _current_bylines(article):
    return [{"name": b.reporter.name, "role": b.role} for b in article.bylines.all()]


def _write_bylines(article, bylines, reporters):
    article.bylines.all().delete()
    _add_bylines([(article, bylines)], reporters)


def _add_bylines(pairs, reporters):
    rows = [
        Byline(article=article, reporter=reporters.get(c["name"]), role=c["role"], position=n)
        for article, bylines in pairs
        for n, c in enumerate(bylines)
    ]
    return create_with_history(Byline, rows)


def _current_captions(article):
    return [
        {
            "text": c.text,
            "credits": [{"name": pc.reporter.name, "role": pc.role} for pc in c.credits.all()],
        }
        for c in article.captions.all()
    ]


def _write_captions(article, captions, reporters):
    article.captions.all().delete()
    _add_captions([(article, captions)], reporters)


def _add_captions(pairs, reporters):
    captions = [caption for _article, captions in pairs for caption in captions]
    rows = create_with_history(
        PhotoCaption,
        [
            PhotoCaption(article=article, position=n, text=c["text"])
            for article, captions in pairs
            for n, c in enumerate(captions)
        ],
    )
    credits = [
        PhotoCredit(caption=row, reporter=reporters.get(c["name"]), role=c["role"], position=n)
        for row, caption in zip(rows, captions, strict=True)
        for n, c in enumerate(caption["credits"])
    ]
    create_with_history(PhotoCredit, credits)
    return rows, credits


FIELD_PARTS = tuple(
    Part(
        name,
        (lambda e, n=name: _scalar(e, n)),
        (lambda a, n=name: getattr(a, n)),
        _set_scalar(name),
    )
    for name in _SCALARS
) + (Part("flags", _flags, _parser_flags, _write_flags),)

RELATED_PARTS = (
    Part("body", _body, _current_body, _write_body, _add_bodies),
    Part("bylines", _bylines, _current_bylines, _write_bylines, _add_bylines),
    Part("captions", _captions, _current_captions, _write_captions, _add_captions),
)


PARTS = (*FIELD_PARTS, *RELATED_PARTS)


def item_text(item: dict) -> str:
    """An item's text as the article made from it will read (articles.search.article_text).

    The importer's worker cuts this text into words before the article exists, keyed by the
    text, so it is made from the extraction the way search makes it from the rows.
    """
    return joined_text(
        (_scalar(item, name) for name in ("overline", "headline", "subtitle")),
        (block["text"] for block in _body(item)),
        (caption["text"] for caption in _captions(item)),
    )


def retirable(article: Article) -> bool:
    """True for an article no editor has reviewed or corrected."""
    return article.status == Article.Status.NEEDS_REVIEW and all(
        part.from_article(article) == part.from_extraction(article.extraction) for part in PARTS
    )


class ReporterCache:
    """Reporter rows by name, fetched or created once per page."""

    def __init__(self):
        self._by_name: dict[str, Reporter] = {}

    def load(self, names) -> None:
        """Fetch the reporters of these names that exist, in one query."""
        wanted = set(names) - self._by_name.keys()
        if wanted:
            self._by_name.update(
                (reporter.name, reporter) for reporter in Reporter.objects.filter(name__in=wanted)
            )

    def get(self, name: str) -> Reporter:
        if name not in self._by_name:
            self._by_name[name], _ = Reporter.objects.get_or_create(name=name)
        return self._by_name[name]


@dataclass(frozen=True)
class Conflict:
    """A part where the editor's value and the parser's latest value differ."""

    part: str
    editor_value: object
    parser_value: object


def conflicts(article: Article) -> list[Conflict]:
    """Each part of the article whose value is not what the parser last produced.

    On an article flagged `reimport_conflict` these are the editor's corrections beside
    the new extraction, for the editor to keep or to take the parser's value.
    """
    if is_desk_made(article):
        return []
    found = []
    for part in PARTS:
        mine, parsers = part.from_article(article), part.from_extraction(article.extraction)
        if mine != parsers:
            found.append(Conflict(part.name, mine, parsers))
    return found


@transaction.atomic
def resolve_conflict(article: Article, *, take_parser: tuple[str, ...] = ()) -> None:
    """Settle a re-import conflict: the named parts take the parser's value, the rest stay.

    The `reimport_conflict` flag is cleared either way.
    """
    parts = {part.name: part for part in PARTS}
    reporters = ReporterCache()
    for name in take_parser:
        part = parts[name]
        part.write(article, part.from_extraction(article.extraction), reporters)
    article.flags = [f for f in article.flags if f != REIMPORT_CONFLICT]
    article.save()
