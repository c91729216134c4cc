"""Stage 1, decode: the encodings OCR tools write, and clear errors for everything else."""

from __future__ import annotations

import codecs

import pytest

from seeds.parser import PageDecodeError
from seeds.parser.decode import decode

PAGE = "本报讯（记者 祁晓燕）“一老一幼”牵动万千家庭。\n小事小节见党性\n●孟祥夫\n"
SOURCE = "seeds/pages/009_example.txt"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PAGE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + PAGE.encode("utf-8"), "utf-8"),
        (PAGE.encode("gb18030"), "gb18030"),
        (PAGE.encode("gbk"), "gb18030"),
        (codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"), "utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gbk", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_decodes_the_encodings_pages_come_in(data, encoding):
    decoded = decode(data, source=SOURCE)
    assert decoded.text == PAGE  # BOM removed, nothing else changed
    assert decoded.encoding == encoding


def test_keeps_line_endings_and_punctuation_as_they_are():
    text = "到来,通辽市（来源：共产党员网）\r\n工 作 人 员\r第二行\n"
    assert decode(text.encode("gb18030"), source=SOURCE).text == text
    assert decode(text.encode("utf-8"), source=SOURCE).text == text


def test_a_bom_inside_the_text_is_not_removed():
    # Only a leading BOM is an encoding mark; anything later is page text (and spans index it).
    text = "标题\n\ufeff正文"
    assert decode(text.encode("utf-8"), source=SOURCE).text == text


def _refused(data: bytes, source: str = SOURCE) -> PageDecodeError:
    with pytest.raises(PageDecodeError) as info:
        decode(data, source=source)
    error = info.value
    assert error.source == source
    assert source in str(error), "the error must name the file"
    assert error.reason and error.reason in str(error)
    return error


PNG_HEADER = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n\r\n\t  ",
        "\u3000\n".encode(),
        codecs.BOM_UTF8,
        codecs.BOM_UTF8 + b" \n",
        codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
    ],
    ids=["empty", "whitespace", "ideographic-space", "bom-only", "bom-and-blank", "utf-16-blank"],
)
def test_empty_pages_are_refused(data):
    reason = _refused(data).reason
    assert "空" in reason or "empty" in reason


@pytest.mark.parametrize(
    "data",
    [
        PNG_HEADER,
        PNG_HEADER + "图片".encode() * 50,
        "正文".encode() + b"\x00" + "正文".encode(),
        bytes(range(1, 9)) * 40 + "正文".encode(),
    ],
    ids=["png-header", "png-with-text", "nul-byte", "control-characters"],
)
def test_binary_files_are_refused(data):
    _refused(data)


def test_truncated_utf8_that_is_not_gb18030_either_is_refused():
    data = "中文页面".encode() + "中".encode()[:2] + b"\xff"
    for codec in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(codec)
    error = _refused(data, source="seeds/pages/broken.txt")
    assert "seeds/pages/broken.txt" in str(error)


def test_undecodable_utf16_is_refused():
    # A UTF-16 BOM followed by a lone surrogate.
    _refused(codecs.BOM_UTF16_LE + b"\x00\xd8")


def test_error_is_a_value_error_for_callers_that_catch_those():
    with pytest.raises(ValueError):
        decode(b"", source=SOURCE)


def test_parse_page_refuses_the_same_files():
    from seeds.parser import parse_page

    with pytest.raises(PageDecodeError) as info:
        parse_page(PNG_HEADER, source="scan.png")
    assert "scan.png" in str(info.value)
