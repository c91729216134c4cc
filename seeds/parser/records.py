"""What the parser hands on: frozen records that point back at the page text.

Every record keeps half-open code-point spans into the decoded page text, so an
editor (or a test) can always see where a headline, a byline or a paragraph came
from. `PageExtraction.as_dict()` is the dry-run JSON contract of `import_seeds`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

Span = tuple[int, int]


class ItemKind(StrEnum):
    ARTICLE = "article"
    BRIEF = "brief"
    COMMENTARY = "commentary"
    PHOTO = "photo"
    QUOTE_BOX = "quote_box"


class Role(StrEnum):
    """A name's role in a byline or a photo credit."""

    REPORTER = "reporter"  # 记者
    CORRESPONDENT = "correspondent"  # 通讯员
    TRAINEE = "trainee"  # 实习生、见习记者、实习记者
    PHOTOGRAPHER = "photographer"  # …摄
    AUTHOR = "author"  # a signed commentary: ●孟祥夫
    CONTRIBUTOR = "contributor"  # a bare name in brackets after a brief: （青哈斯）


class BlockType(StrEnum):
    PARAGRAPH = "paragraph"
    SUBHEAD = "subhead"


class Flag(StrEnum):
    """Why an item needs an editor's eye. Each says what the parser could not settle."""

    MISSING_HEADLINE = "missing_headline"
    STARTS_MID_SENTENCE = "starts_mid_sentence"
    CONTINUES_ELSEWHERE = "continues_elsewhere"
    UNCERTAIN_COLUMN = "uncertain_column"
    UNASSIGNED_TEXT = "unassigned_text"
    STITCHED = "stitched"
    UNCERTAIN_HEADLINE = "uncertain_headline"
    LOW_CONFIDENCE = "low_confidence"  # items like it were often cut wrongly


@dataclass(frozen=True)
class Credit:
    name: str
    role: Role

    def as_dict(self) -> dict:
        return {"name": self.name, "role": str(self.role)}


@dataclass(frozen=True)
class Block:
    type: BlockType
    text: str
    spans: tuple[Span, ...] = ()

    def as_dict(self) -> dict:
        return {"type": str(self.type), "text": self.text}


@dataclass(frozen=True)
class Caption:
    text: str
    credits: tuple[Credit, ...] = ()
    spans: tuple[Span, ...] = ()

    def as_dict(self) -> dict:
        return {"text": self.text, "credits": [c.as_dict() for c in self.credits]}


@dataclass(frozen=True)
class Item:
    """One thing printed on the page: an article, brief, commentary, photo or quote box."""

    kind: ItemKind
    column: str | None = None
    overline: str | None = None
    headline: str | None = None
    subtitle: str | None = None
    bylines: tuple[Credit, ...] = ()
    source: str | None = None
    body: tuple[Block, ...] = ()
    captions: tuple[Caption, ...] = ()
    spans: tuple[Span, ...] = ()
    flags: tuple[str, ...] = ()
    confidence: float = 1.0  # how often items like this one came out whole and correct
    continues_on: int | None = None  # （下转第3版）: the page the text goes on to
    continued_from: int | None = None  # （上接第1版）: the page the text comes from

    @property
    def title(self) -> str:
        """Overline, headline and subtitle as one line, for lists and logs."""
        return " ".join(p for p in (self.overline, self.headline, self.subtitle) if p)

    def as_dict(self) -> dict:
        return {
            "kind": str(self.kind),
            "column": self.column,
            "overline": self.overline,
            "headline": self.headline,
            "subtitle": self.subtitle,
            "bylines": [b.as_dict() for b in self.bylines],
            "source": self.source,
            "body": [b.as_dict() for b in self.body],
            "captions": [c.as_dict() for c in self.captions],
            "spans": [list(s) for s in self.spans],
            "flags": list(self.flags),
            "confidence": self.confidence,
            "continues_on": self.continues_on,
            "continued_from": self.continued_from,
        }


@dataclass(frozen=True)
class Fragment:
    """Page text that no item claimed; kept so that nothing is lost."""

    text: str
    span: Span

    def as_dict(self) -> dict:
        return {"text": self.text, "span": list(self.span)}


@dataclass(frozen=True)
class PageExtraction:
    source: str
    encoding: str
    text: str
    items: tuple[Item, ...] = ()
    unassigned: tuple[Fragment, ...] = ()
    flags: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "encoding": self.encoding,
            "items": [i.as_dict() for i in self.items],
            "unassigned": [f.as_dict() for f in self.unassigned],
        }
