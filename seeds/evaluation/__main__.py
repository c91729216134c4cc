"""`make eval`: the extraction measured on synthesized pages of real articles.

    python -m seeds.evaluation [--habit H] [--seeds N] [--failures] [--json]

Every page of the development corpus is laid out in each habit (`layout.HABITS`),
`--seeds` times with different random choices, parsed, and scored (`score.py`).
"""

from __future__ import annotations

import argparse
import json
import sys

from . import corpus
from .run import evaluate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seeds.evaluation", description=__doc__)
    parser.add_argument("--habit", action="append", help="only these habits")
    parser.add_argument("--seeds", type=int, default=2, help="layouts per page and habit")
    parser.add_argument("--failures", action="store_true", help="print every item that failed")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not corpus.available():
        print(f"no corpus at {corpus.CORPUS_DIR}", file=sys.stderr)
        return 2
    result = evaluate(habits=args.habit, seeds=args.seeds)
    if args.json:
        print(json.dumps(result.figures(), ensure_ascii=False, indent=2))
        return 0
    print(result.table())
    print()
    print(result.bands())
    if args.failures:
        for line in result.failures():
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
