"""CI fuzzes the page decoder and parser for real: fuzz/run.sh under atheris, briefly.

tests/reliability/test_fuzz_target.py checks the target's own logic in-process; this
runs the script CI would run, as a child process, for FUZZ_RUNS inputs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.reliability.conftest import ROOT

FUZZ_RUNS = 1000


def _corpus():
    return sorted((p.name, p.stat().st_size) for p in (ROOT / "fuzz" / "corpus").iterdir())


def test_fuzz_script_runs_the_atheris_target_without_a_crash():
    before = _corpus()
    env = {**os.environ, "PY": sys.executable, "RUNS": str(FUZZ_RUNS)}
    result = subprocess.run(
        ["bash", "fuzz/run.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    # libFuzzer's closing line: the inputs really ran, under atheris, not the plain loop.
    assert re.search(rf"^Done {FUZZ_RUNS} (runs )?in \d+ second", output, re.M), output[-3000:]
    assert "INFO: Instrumenting" in output or "cov:" in output
    # New inputs went to a scratch folder: the committed corpus is as it was.
    assert _corpus() == before
