#!/usr/bin/env bash
# A short fuzzing run of the page parser for CI: RUNS inputs (default 2000), under atheris
# when it is installed, else the plain loop. New interesting inputs go to a scratch
# directory, so the committed corpus is only read.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
RUNS=${RUNS:-2000}
if "$PY" -c "import atheris" 2>/dev/null; then
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    "$PY" fuzz/fuzz_parser.py -atheris_runs="$RUNS" -max_len=4096 -timeout=20 \
        -rss_limit_mb=2048 "$scratch" fuzz/corpus
else
    "$PY" fuzz/fuzz_parser.py --plain --runs "$RUNS" fuzz/corpus
fi
