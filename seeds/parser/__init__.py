"""The page parser: pure Python, no Django. See `parse_page`."""

from .decode import PageDecodeError
from .records import (
    Block,
    BlockType,
    Caption,
    Credit,
    Flag,
    Fragment,
    Item,
    ItemKind,
    PageExtraction,
    Role,
)

__all__ = [
    "Block",
    "BlockType",
    "Caption",
    "Credit",
    "Flag",
    "Fragment",
    "Item",
    "ItemKind",
    "PageDecodeError",
    "PageExtraction",
    "Role",
    "parse_page",
]


def parse_page(data: bytes, *, source: str) -> PageExtraction:
    """Parse one OCR'd page (bytes) into items; see seeds/parser/pipeline.py for the stages."""
    from .pipeline import run

    return run(data, source=source)
