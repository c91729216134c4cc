"""The importer sits above the content model and below nothing: no arrow points back.

The importer may import articles and taxonomy (it writes their rows and runs their import
steps) but not the desk; articles and taxonomy never import the importer, even inside a
function.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def under(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def offenders(folder: str, *forbidden: str) -> dict[str, list[str]]:
    bad = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        hits = sorted(m for m in imported_modules(path) if under(m, *forbidden))
        if hits:
            bad[str(path.relative_to(ROOT))] = hits
    return bad


def test_the_importer_does_not_import_the_desk():
    assert offenders("seeds/importer", "articles.desk", "articles.editing", "articles.admin") == {}


def test_the_content_model_and_taxonomy_do_not_import_the_importer():
    assert offenders("articles", "seeds") == {}
    # The taxonomy measures its topic precision on the evaluation's corpus reader, a pure
    # tool below every app; the import itself it never imports.
    importing = ("seeds.importer", "seeds.management", "seeds.files", "seeds.manifest")
    assert offenders("taxonomy", *importing, "seeds.same_page", "seeds.apps") == {}


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    path = tmp_path / "views.py"
    path.write_text("def view():\n    from seeds.importer import conflicts\n", encoding="utf-8")
    assert "seeds.importer" in imported_modules(path)
