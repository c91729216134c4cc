"""The parser's promise, checked in one place for the tests, the evaluation and the fuzzer.

Every non-whitespace character of the decoded page lies in exactly one item's spans or in
one unassigned fragment; every span lies inside the text.
"""

from __future__ import annotations

from .records import PageExtraction


def coverage_problems(extraction: PageExtraction) -> list[str]:
    """Why the extraction does not hold each non-whitespace character of its text exactly
    once; empty when it does."""
    text = extraction.text
    problems = []
    held = [0] * len(text)
    spans = [span for item in extraction.items for span in item.spans]
    spans += [fragment.span for fragment in extraction.unassigned]
    for start, end in spans:
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
            problems.append(f"span {(start, end)} outside a text of {len(text)} characters")
            continue
        for i in range(start, end):
            held[i] += 1
    lost = [i for i, ch in enumerate(text) if not ch.isspace() and held[i] == 0]
    if lost:
        first = lost[0]
        problems.append(
            f"{len(lost)} characters in no span, first {text[first]!r} at {first} is held 0 times:"
            f" {text[first : first + 20]!r}"
        )
    twice = [i for i, ch in enumerate(text) if not ch.isspace() and held[i] > 1]
    if twice:
        first = twice[0]
        problems.append(
            f"{len(twice)} characters in more than one span, first {text[first]!r} at {first}"
            f" is held {held[first]} times"
        )
    return problems
