"""Fuzz target for the page decoder and parser (seeds.parser.parse_page).

Any bytes must either be refused with PageDecodeError or parse into an extraction
that loses no character: every non-whitespace character of the decoded text lies in
exactly one item span or unassigned fragment. Anything else (another exception, a
broken invariant) is a crash and is reported with the input that caused it.

With atheris installed (the dev extras pin it), this is a libFuzzer target::

    python fuzz/fuzz_parser.py -atheris_runs=2000 -max_len=4096 NEW_DIR fuzz/corpus

libFuzzer writes inputs it finds interesting to the first directory, so give it a
scratch one before the committed corpus (fuzz/run.sh does). Without atheris, or with
`--plain`, the same checks run as a plain loop: every corpus file, then random
mutations of them::

    python fuzz/fuzz_parser.py --plain --runs 2000 fuzz/corpus
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

try:
    import atheris
except ImportError:  # the plain loop below needs nothing but the standard library
    atheris = None

if atheris is not None and "--plain" not in sys.argv:
    # parse_page imports its pipeline lazily: import it here so that it is instrumented.
    with atheris.instrument_imports(include=["seeds"]):
        import seeds.parser.pipeline  # noqa: F401
        from seeds.parser import PageDecodeError, parse_page
else:
    from seeds.parser import PageDecodeError, parse_page
from seeds.parser.invariants import coverage_problems  # noqa: E402 after the instrumented import


class InvariantBroken(AssertionError):
    """The parser returned, but its extraction does not hold the page's text once."""


def check_extraction(extraction) -> None:
    """Raise InvariantBroken unless every non-whitespace character is held exactly once
    (seeds.parser.invariants, the check the tests make)."""
    problems = coverage_problems(extraction)
    if problems:
        raise InvariantBroken("; ".join(problems))


def test_one_input(data: bytes) -> None:
    """The fuzz entry point: parse `data`; a decode refusal is fine, anything else is not."""
    try:
        extraction = parse_page(data, source="fuzz.txt")
    except PageDecodeError:
        return
    check_extraction(extraction)


# --- the plain loop ------------------------------------------------------------------

# Bytes that matter to the decoder and the line classifier: BOMs, NUL, CR, partial
# multi-byte sequences, and the markers of bylines, captions and columns.
_INTERESTING = [
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x00",
    b"\r",
    b"\n\n",
    b"\xe6",
    b"\x81\x30",
    "本报记者".encode(),
    "摄".encode(),
    "（".encode(),
    "□".encode(),
    b"<script>",
]


def mutate(data: bytes, rng: random.Random, *, max_len: int) -> bytes:
    """A few random edits of `data`: flip, insert, delete, duplicate or splice in bytes."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(5)
        at = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            buf[min(at, len(buf) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[at:at] = rng.choice(_INTERESTING)
        elif op == 2 and buf:
            del buf[at : at + rng.randint(1, 64)]
        elif op == 3 and buf:
            start = rng.randrange(len(buf))
            buf[at:at] = buf[start : start + rng.randint(1, 200)]
        else:
            buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    return bytes(buf[:max_len])


def plain_loop(corpus_dirs: list[Path], *, runs: int, seed: int, max_len: int) -> int:
    """Run every corpus file, then mutations of them until `runs` inputs; return the count."""
    seeds = [p.read_bytes() for d in corpus_dirs for p in sorted(d.iterdir()) if p.is_file()]
    if not seeds:
        seeds = [b""]
    rng = random.Random(seed)
    done = 0
    for data in seeds:
        _run_one(data[:max_len])
        done += 1
    while done < runs:
        _run_one(mutate(rng.choice(seeds), rng, max_len=max_len))
        done += 1
    return done


def _run_one(data: bytes) -> None:
    try:
        test_one_input(data)
    except Exception:
        crash = Path("crash-plain.bin")
        crash.write_bytes(data)
        print(f"crash: input written to {crash.resolve()}", file=sys.stderr)
        raise


def main(argv: list[str]) -> int:
    """Run under atheris if it is installed and --plain is not given, else the plain loop."""
    if atheris is not None and "--plain" not in argv:
        atheris.Setup(argv, test_one_input)
        atheris.Fuzz()
        return 0
    parser = argparse.ArgumentParser(description="Fuzz the page parser without atheris.")
    parser.add_argument("--plain", action="store_true")
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-len", type=int, default=4096)
    parser.add_argument("corpus", nargs="*", type=Path, default=[ROOT / "fuzz" / "corpus"])
    args, _unknown = parser.parse_known_args(argv[1:])
    done = plain_loop(args.corpus, runs=args.runs, seed=args.seed, max_len=args.max_len)
    print(f"plain fuzz: {done} inputs, no crash")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
