"""The parser is pure Python: importing it and parsing a page loads nothing of Django, and
nothing of the project but itself and the text tools below it (``chinese``)."""

from __future__ import annotations

import ast
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
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {projects!r})))
"""
# The project's top-level packages. The parser may import the text tools and itself only.
PROJECT_PACKAGES = {
    path.name
    for path in ROOT.iterdir()
    if (path / "__init__.py").is_file() and path.name not in {"tests", "fuzz", "bench", "tools"}
}
PARSER_MAY_IMPORT = ("chinese", "seeds.parser")


def _modules_loaded(parse: str) -> tuple[list[str], list[str]]:
    """The Django modules, and the project's modules, that the probe loaded."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    probe = _PROBE.format(parse=parse, projects=sorted(PROJECT_PACKAGES))
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    django, project = result.stdout.strip().splitlines()[-2:]
    return json.loads(django), json.loads(project)


def _outside_the_parser(modules: list[str]) -> list[str]:
    # "seeds" itself is loaded as the parser's parent package (its __init__ is empty).
    return [
        m
        for m in modules
        if m != "seeds" and not any(m == p or m.startswith(p + ".") for p in PARSER_MAY_IMPORT)
    ]


def test_importing_the_parser_loads_no_django_and_no_project_app():
    django, project = _modules_loaded("")
    assert django == []
    assert _outside_the_parser(project) == []


def test_parsing_a_page_loads_no_django_and_no_project_app():
    parse = f"extraction = parse_page(open({str(PAGE)!r}, 'rb').read(), source='004.txt')\nassert extraction.items"
    django, project = _modules_loaded(parse)
    assert django == []
    assert _outside_the_parser(project) == []
    assert "seeds.parser.lexicon" in project and "chinese.tokenizers" in project


def test_the_parsers_source_imports_no_project_app():
    """Read from the source, so that an import inside a function not run on the seed page
    (a rare branch) counts too."""
    wrong = []
    for path in sorted((ROOT / "seeds" / "parser").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module]
            else:
                continue
            wrong += [
                f"{path.name}: {name}"
                for name in names
                if name.split(".")[0] in PROJECT_PACKAGES
                and not any(name == p or name.startswith(p + ".") for p in PARSER_MAY_IMPORT)
            ]
    assert wrong == []


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
