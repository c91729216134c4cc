"""Character-level differences between two texts, as the desk shows them."""

from difflib import SequenceMatcher

from django.utils.html import format_html, format_html_join


def char_diff(before: str, after: str):
    """HTML of `after` against `before`: removed characters in <del>, added ones in <ins>.

    Character by character, since Chinese has no spaces to cut words at; difflib's
    automatic junk heuristic is off, as it would treat common characters (的, 。) as noise.
    """
    matcher = SequenceMatcher(None, before or "", after or "", autojunk=False)
    pieces = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("{}", before[a1:a2]))
            continue
        if a2 > a1:
            pieces.append(("<del>{}</del>", before[a1:a2]))
        if b2 > b1:
            pieces.append(("<ins>{}</ins>", after[b1:b2]))
    return format_html_join("", "{}", ((format_html(fmt, text),) for fmt, text in pieces))
