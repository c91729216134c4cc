"""Stage 1, decode: page bytes → text, and the name of the encoding that worked.

OCR pages reach us as UTF-8 (with or without a BOM), as GB18030/GBK from older
Windows tools, or as UTF-16 with a BOM. Anything else is refused with a
`PageDecodeError` naming the file, never guessed at.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from .rules import MAX_CONTROL_CHAR_RATIO, MAX_PAGE_BYTES


class PageDecodeError(ValueError):
    """The bytes of a page are not text we can read."""

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)


def decode(data: bytes, *, source: str = "<bytes>") -> DecodedPage:
    """Decode a page's bytes; raise PageDecodeError if empty, too large, binary or undecodable."""
    check_size(len(data), source=source)
    if not data.strip():
        raise PageDecodeError(source, "文件为空 (empty file)")
    text, encoding = _decode_any(data, source)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise PageDecodeError(source, "文件为空 (empty file)")
    _refuse_binary(text, source)
    return DecodedPage(text=text, encoding=encoding)


def check_size(size: int, *, source: str = "<bytes>") -> None:
    """Raise PageDecodeError for a page of more than MAX_PAGE_BYTES bytes.

    The importer asks before reading a file, so that a huge one is never read whole.
    """
    if size > MAX_PAGE_BYTES:
        raise PageDecodeError(
            source,
            f"文件过大：{size:,} 字节，一个版面最多 {MAX_PAGE_BYTES // 1024} KB，"
            f"整期报纸请按版面拆成多个文件 (file too large: {size:,} bytes, "
            f"at most {MAX_PAGE_BYTES // 1024} KB per page)",
        )


def _decode_any(data: bytes, source: str) -> tuple[str, str]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), name
            except UnicodeDecodeError as exc:
                raise PageDecodeError(
                    source, f"{name} 文件中有无法解码的字节 ({exc.reason})"
                ) from exc
    if b"\x00" in data:
        # UTF-16 without a BOM is not something OCR tools write; NULs mean binary.
        raise PageDecodeError(source, "不是文本文件：含有 NUL 字节 (binary data)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise PageDecodeError(
            source, "无法识别的编码：既不是 UTF-8，也不是 GB18030/GBK，也没有 UTF-16 BOM"
        ) from exc


def _refuse_binary(text: str, source: str) -> None:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if controls / len(text) > MAX_CONTROL_CHAR_RATIO:
        raise PageDecodeError(source, "不是文本文件：控制字符过多 (binary data)")
