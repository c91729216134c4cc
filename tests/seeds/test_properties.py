"""Whatever the page, extraction never raises and loses no character.

Pages are made from the seed pages' own lines: shuffled, rewrapped, with blank
lines inserted or removed and with noise lines. The invariant: every
non-whitespace character lies in exactly one item span or unassigned fragment.
"""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seeds.parser.invariants import coverage_problems
from seeds.parser.pipeline import parse_text

PAGES = sorted((Path(__file__).resolve().parents[2] / "seeds" / "pages").glob("*.txt"))
LINES = [line for page in PAGES for line in page.read_text(encoding="utf-8").splitlines()]
NOISE = st.text(
    alphabet=st.sampled_from(list("□●■◎◆★#（）()“”，。：、摄本报记者讯 \t网格员社区ab12-—")),
    max_size=30,
)


def assert_covered(text, extraction):
    assert extraction.text == text
    assert coverage_problems(extraction) == []


def rewrap(line, width):
    return "\n".join(line[i : i + width] for i in range(0, len(line), width)) if width else line


@st.composite
def pages(draw):
    chosen = draw(st.lists(st.sampled_from(LINES), min_size=1, max_size=40))
    out = []
    for line in chosen:
        roll = draw(st.integers(0, 9))
        if roll == 0:
            out.append(draw(NOISE))
        elif roll == 1:
            out.append("")
        width = draw(st.sampled_from([0, 0, 0, 7, 13, 19]))
        out.append(rewrap(line, width))
        if draw(st.booleans()):
            out.append("")
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return ending.join(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_extraction_never_raises_and_covers_every_character(text):
    extraction = parse_text(text, source="generated.txt")
    assert_covered(text, extraction)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_text_at_all(text):
    assert_covered(text, parse_text(text, source="any.txt"))
