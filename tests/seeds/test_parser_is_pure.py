"""The parser is pure Python: importing it and parsing a page loads nothing of Django."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "seeds" / "pages" / "004_347f4c1167022cb4.txt"

_PROBE = """
import json, sys
import seeds.parser
from seeds.parser import parse_page
{parse}
print(json.dumps(sorted(m for m in sys.modules if m == "django" or m.startswith("django"))))
"""


def _django_modules_loaded(parse: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", _PROBE.format(parse=parse)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_importing_the_parser_loads_no_django():
    assert _django_modules_loaded("") == []


def test_parsing_a_page_loads_no_django():
    parse = f"extraction = parse_page(open({str(PAGE)!r}, 'rb').read(), source='004.txt')\nassert extraction.items"
    assert _django_modules_loaded(parse) == []


def test_parsing_a_page_leaves_jiebas_tagger_unloaded():
    """jieba.analyse would load posseg's models: seconds of start-up for nothing we use."""
    probe = (
        "import sys\n"
        "from seeds.parser import parse_page\n"
        f"assert parse_page(open({str(PAGE)!r}, 'rb').read(), source='004.txt').items\n"
        "print(sorted(m for m in sys.modules if m.startswith(('jieba.analyse', 'jieba.posseg'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
