"""The page manifest: what we know about each page file that its text does not say.

OCR delivers bare text; which paper, which day and which page it was printed on
come from whoever scanned it. That knowledge lives in an optional `manifest.json`
beside the pages, keyed by file name::

    {"000_fa48b9cf94c83c8b.txt": {"publication": "呼和浩特日报", "date": "2024-09-18",
                                  "issue_number": 7321, "page": 3, "page_name": "社区"}}

Every value may be null: what is unknown stays empty and is never guessed. A bad
entry raises `ManifestError` naming the manifest file, the page and the key, and
only the page it describes fails to import.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = "manifest.json"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ManifestError(ValueError):
    """The manifest, or one of its entries, is not what the importer can trust."""

    def __init__(self, path: Path | str, reason: str, *, entry: str | None = None, key=None):
        self.path = str(path)
        self.entry = entry
        self.key = key
        self.reason = reason
        where = self.path
        if entry is not None:
            where += f" 「{entry}」"
        if key is not None:
            where += f" 的 “{key}”"
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class PageMetadata:
    """Where a page was printed; None means unknown."""

    publication: str | None = None
    date: datetime.date | None = None
    issue_number: int | None = None
    page: int | None = None
    page_name: str | None = None


UNKNOWN = PageMetadata()


@dataclass(frozen=True)
class Manifest:
    """A loaded manifest: good entries by file name, and the error of each bad one."""

    path: Path | None = None
    entries: dict[str, PageMetadata] = field(default_factory=dict)
    errors: dict[str, ManifestError] = field(default_factory=dict)

    def metadata_for(self, file_name: str) -> PageMetadata:
        """Return the metadata of one page file; raise its ManifestError if its entry is bad."""
        if file_name in self.errors:
            raise self.errors[file_name]
        return self.entries.get(file_name, UNKNOWN)


def load_manifest(path: Path | str) -> Manifest:
    """Read and check a manifest file.

    A file that cannot be read or is not a JSON object raises ManifestError at once;
    a bad entry is kept in `Manifest.errors` so that only its own page fails.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ManifestError(path, "找不到清单文件 (file not found)") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(path, f"无法读取清单文件: {exc}") from exc
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ManifestError(path, f"不是有效的 JSON: 第 {exc.lineno} 行 {exc.msg}") from exc
    if not isinstance(document, dict):
        raise ManifestError(path, "清单应是以文件名为键的 JSON 对象")
    entries, errors = {}, {}
    for file_name, value in document.items():
        try:
            entries[file_name] = parse_entry(value, path=path, entry=file_name)
        except ManifestError as exc:
            errors[file_name] = exc
    return Manifest(path=path, entries=entries, errors=errors)


def manifest_beside(directory: Path | str) -> Manifest:
    """Load `manifest.json` from a folder of pages, or an empty manifest if there is none."""
    path = Path(directory) / MANIFEST_NAME
    if not path.exists():
        return Manifest()
    return load_manifest(path)


def parse_entry(value, *, path: Path | str, entry: str) -> PageMetadata:
    """Check one page's entry and turn it into PageMetadata; missing keys count as unknown."""
    if not isinstance(value, dict):
        raise ManifestError(path, "每个文件的条目应是 JSON 对象", entry=entry)
    unknown = sorted(set(value) - set(_CHECKS))
    if unknown:
        allowed = "、".join(_CHECKS)
        raise ManifestError(path, f"未知的键（可用的键: {allowed}）", entry=entry, key=unknown[0])
    fields = {}
    for key, check in _CHECKS.items():
        raw = value.get(key)
        if raw is None:
            continue
        try:
            fields[key] = check(raw)
        except ValueError as exc:
            raise ManifestError(path, str(exc), entry=entry, key=key) from None
    return PageMetadata(**fields)


def _text(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"应是非空字符串或 null，而不是 {value!r}")
    return value.strip()


def _date(value) -> datetime.date:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError(f"应是 YYYY-MM-DD 格式的日期或 null，而不是 {value!r}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"不是存在的日期: {value!r}") from None


def _positive_int(value) -> int:
    # bool is an int in Python; `true` in a manifest is a mistake, not page 1.
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"应是正整数或 null，而不是 {value!r}")
    return value


_CHECKS = {
    "publication": _text,
    "date": _date,
    "issue_number": _positive_int,
    "page": _positive_int,
    "page_name": _text,
}
