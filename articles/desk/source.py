"""How an article's source looks to the editor: the page text with the article's spans marked."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

FLAG_LABELS = {
    "missing_headline": _("缺标题"),
    "starts_mid_sentence": _("开头不完整"),
    "continues_elsewhere": _("转至他版"),
    "uncertain_column": _("栏目存疑"),
    "unassigned_text": _("版面有未归属文字"),
    "stitched": _("由多段拼接"),
    "uncertain_headline": _("标题存疑"),
    "reimport_conflict": _("重新导入有冲突"),
    "low_confidence": _("抽取把握低"),
}


def flag_label(flag: str) -> str:
    """The Chinese name of a flag, or the flag itself when it is new to the desk."""
    return str(FLAG_LABELS.get(flag, flag))


def _merged(spans) -> list[tuple[int, int]]:
    clean = sorted((int(s[0]), int(s[1])) for s in spans if len(s) == 2 and s[0] < s[1])
    merged: list[tuple[int, int]] = []
    for start, end in clean:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlighted_source(text: str, spans) -> str:
    """The page text, escaped, with each of the spans inside <mark>; spans outside are ignored."""
    pieces, cursor = [], 0
    for start, end in _merged(spans):
        start, end = max(start, cursor), min(end, len(text))
        if start >= end:
            continue
        pieces.append(("{}", text[cursor:start]))
        pieces.append(("<mark>{}</mark>", text[start:end]))
        cursor = end
    pieces.append(("{}", text[cursor:]))
    body = format_html_join("", "{}", ((format_html(fmt, value),) for fmt, value in pieces))
    return format_html('<pre class="desk-source">{}</pre>', body)
