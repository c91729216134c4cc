"""Read the development corpus: real articles with their printed structure, as stories.

The corpus (`../shared/corpus/peopledaily-2025h1/`, see its README) holds whole pages
of a real paper, one markdown file per article, with marks for the printed parts:
`###` overline, `#` headline (a column label may follow in full-width brackets),
`> 系列：` a series line, `##` subtitle, `> …《人民日报》（…）` the byline with the
crawler's stamp, then the paragraphs, captions followed by their credit line, and
tail lines (signatures, source notes).

This module turns each file into a `Story`: the parts a reader finds, each with its
gold value, which the layouts in `layout.py` then print as OCR page text. The text is
read from the corpus at run time and never stored in this repository.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "peopledaily-2025h1"

Pair = tuple[str, str]  # (name, role)

_HAN = r"\u3400-\u9fff"
_STAMP = re.compile(r"《人民日报》（[^）]*）\s*$")
# A column or series label set after the headline: （前沿观察）, （2025春运一线）,
# （金台潮声·作风建设系列谈⑬）. A bracket of one character (（上）) is the headline's.
_COLUMN_LABEL = re.compile(rf"（([{_HAN}·\d①-⑳]{{2,24}})）$")
# 邱洪斌摄（人民视觉） / 以上图片均为本报记者刘洪超摄 / 杨  迅  郭远程摄影报道 / 洪  琥绘 / …供图
_CREDIT = re.compile(
    rf"^(?:以上图片均为|图片为)?(?P<role>本报记者|新华社记者|记者)?\s*"
    rf"(?P<names>[{_HAN}·][{_HAN}· ]*?)\s*(?P<verb>摄影报道|摄|绘|供图)(?:（[^）]{{2,8}}）)?$"
)
# 本报北京1月7日电  （记者张天培） / 本报杭州2月17日电  （记者刘军国、窦皓）
_DATELINE = re.compile(
    rf"^本报[{_HAN}]{{1,8}}\d{{1,2}}月\d{{1,2}}日电\s*（记者\s*([^）]{{2,30}})）"
)
# （郭  帅） / （邱  月  张  庆）: names only, each of two to four characters.
_SIGNATURE = re.compile(rf"^（((?:[{_HAN}]\s*){{2,4}}(?:\s+(?:[{_HAN}]\s*){{2,4}})*)）$")
_SOURCE_NOTE = re.compile(
    r"^（(?:据|来源：|摘编自|摘自|转自|选自)《?([^》）]{2,30}?)》?(?:，[^）]*)?）$"
)
_SENTENCE_END = "。！？…”）"


@dataclass(frozen=True)
class Caption:
    text: str  # the caption paragraph(s), as printed
    credit_line: str  # 邱洪斌摄（人民视觉）
    credits: tuple[Pair, ...]


@dataclass(frozen=True)
class Block:
    """A paragraph, a subhead or a caption, in printed order."""

    kind: str  # "paragraph", "subhead", "caption"
    text: str
    caption: Caption | None = None


@dataclass(frozen=True)
class Story:
    """One article of the corpus with the gold value of each printed part."""

    key: str  # page folder / content id
    column: str | None
    overline: str | None
    headline: str | None
    subtitle: str | None
    byline_line: str | None  # 本报记者  张  驰, without the crawler's stamp
    bylines: tuple[Pair, ...]  # from the byline line, a dateline lead, or a signature
    blocks: tuple[Block, ...]
    signature: str | None = None  # （郭  帅） closing the text
    source: str | None = None  # （摘编自《浙江日报》） closing the text

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind != "caption")

    @property
    def captions(self) -> tuple[Caption, ...]:
        return tuple(b.caption for b in self.blocks if b.caption)

    @property
    def kind(self) -> str:
        if not self.paragraphs:
            return "photo"
        if self.bylines and all(role == "author" for _, role in self.bylines):
            return "commentary"
        return "article"


def squash_name(text: str) -> str:
    return re.sub(r"\s+", "", text)


def split_names(text: str) -> list[str]:
    """`张  洋  何昭宇` → 张洋, 何昭宇: a two-character name is set in three cells.

    Written apart from the parser's own reading (`credits._cells`) on purpose: the gold
    must not come from the code it judges.
    """
    words = [w for w in re.split(r"[\s、，,]+", text.strip()) if w]
    names: list[str] = []
    i = 0
    while i < len(words):
        if len(words[i]) == 1 and i + 1 < len(words) and len(words[i + 1]) == 1:
            names.append(words[i] + words[i + 1])
            i += 2
        else:
            names.append(words[i])
            i += 1
    return names


def byline_pairs(line: str) -> tuple[Pair, ...]:
    """The names of a printed byline line with their roles."""
    line = line.strip()
    if not line:
        return ()
    for word, role in (("本报记者", "reporter"), ("记者", "reporter")):
        if line.startswith(word):
            return tuple((n, role) for n in split_names(line[len(word) :]))
    return tuple((n, "author") for n in split_names(line))


def credit_pairs(line: str) -> tuple[Pair, ...] | None:
    """The names of a photo or illustration credit line, or None if it is not one."""
    match = _CREDIT.match(line.strip())
    if not match:
        return None
    role = "photographer" if match.group("verb").startswith("摄") else "contributor"
    names = split_names(match.group("names"))
    if not names or any(len(n) > 8 for n in names):
        return None
    return tuple((n, role) for n in names)


def _front_matter(text: str) -> tuple[dict, str]:
    _, head, body = text.split("---\n", 2)
    fields = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip().strip('"')
    return fields, body


def _is_subhead(text: str) -> bool:
    if text.startswith("**") and text.endswith("**"):
        return True
    # 版式设计：张芳曼, 【点评】, （一）…: notes, box labels and list items, not subheads.
    if "：" in text or text[0] in "（【(":
        return False
    return len(text) <= 24 and text[-1] not in _SENTENCE_END + "，；、" and "。" not in text


def read_story(path: Path, key: str) -> Story:
    """Read one corpus file into a `Story`."""
    _, body = _front_matter(path.read_text(encoding="utf-8"))
    column = overline = headline = subtitle = byline_line = series = None
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    texts: list[str] = []
    for line in lines:
        if line.startswith("### "):
            overline = line[4:].strip()
        elif line.startswith("## "):
            subtitle = line[3:].strip()
        elif line.startswith("# "):
            headline = line[2:].strip()
            label = _COLUMN_LABEL.search(headline)
            if label:
                column, headline = label.group(1), headline[: label.start()].strip()
        elif line.startswith("> 系列："):
            series = line[len("> 系列：") :].strip()
        elif line.startswith(">"):
            byline_line = _STAMP.sub("", line[1:]).strip() or None
        else:
            texts.append(line)
    column = column or series
    bylines = byline_pairs(byline_line) if byline_line else ()
    signature = source = None
    while texts and (_SIGNATURE.match(texts[-1]) or _SOURCE_NOTE.match(texts[-1])):
        note = _SOURCE_NOTE.match(texts[-1])
        if note and source is None:
            source = note.group(1)
        elif _SIGNATURE.match(texts[-1]) and signature is None and not note:
            signature = texts[-1]
        else:
            break
        texts.pop()
    if signature:
        bylines += tuple((n, "contributor") for n in split_names(signature[1:-1]))
    if texts:
        lead = _DATELINE.match(texts[0])
        if lead and not bylines:
            bylines = tuple((n, "reporter") for n in split_names(lead.group(1)))
    blocks: list[Block] = []
    for text in texts:
        credits = credit_pairs(text)
        if credits is not None and not (blocks and blocks[-1].kind == "paragraph"):
            # An illustration set without a caption (洪  琥绘): its credit alone.
            caption = Caption("", text, credits)
            blocks.append(Block("caption", "", caption))
            continue
        if credits is not None:
            # The credit closes the caption printed right above it; short caption
            # lines above that (樟子松育种现场。) belong to the same photo group.
            caption_text = blocks.pop().text.strip("*")
            while blocks and blocks[-1].kind == "paragraph" and len(blocks[-1].text) <= 40:
                if len(blocks) == 1 or _is_subhead(blocks[-1].text):
                    break
                caption_text = blocks.pop().text + caption_text
            caption = Caption(caption_text, text, credits)
            blocks.append(Block("caption", caption_text, caption))
            continue
        kind = "subhead" if _is_subhead(text) else "paragraph"
        blocks.append(Block(kind, text.strip("*") if kind == "subhead" else text))
    return Story(
        key=key,
        column=column,
        overline=overline,
        headline=headline,
        subtitle=subtitle,
        byline_line=byline_line,
        bylines=bylines,
        blocks=tuple(blocks),
        signature=signature,
        source=source,
    )


@dataclass(frozen=True)
class CorpusPage:
    key: str  # 2025-01-07_19-党建
    stories: tuple[Story, ...]


def available(root: Path = CORPUS_DIR) -> bool:
    return (root / "index.json").is_file()


def read_pages(root: Path = CORPUS_DIR) -> tuple[CorpusPage, ...]:
    """Every page of the corpus with its stories in content-id order."""
    index = json.loads((root / "index.json").read_text(encoding="utf-8"))
    pages = []
    for entry in index:
        stories = []
        for article in entry["articles"]:
            path = root / article["file"]
            stories.append(read_story(path, article["file"].removesuffix(".md")))
        folder = Path(entry["articles"][0]["file"]).parent.name if entry["articles"] else ""
        pages.append(CorpusPage(folder, tuple(stories)))
    return tuple(pages)
