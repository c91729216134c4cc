"""Imports run one way: down the layers of docs/architecture.md, never up.

Every module of the project is read with ``ast`` (imports inside functions too, where a
cycle used to hide) and placed in a layer by the longest prefix listed in ``LAYERS``; a module
may import from its own layer and the layers below it. The back-arrows that are still there
are listed by name in ``KNOWN_BACK_ARROWS``: the test fails on any other, and on a listed one
that is gone, so that the list only shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PACKAGES = ("chinese", "seeds", "articles", "taxonomy", "syndication", "newsroom")

# Bottom first. A module's layer is that of the longest prefix naming it; "*.apps" and
# "*.management" match those parts in any app.
LAYERS = [
    # Chinese text: the Han class, jieba's tokenizers, stopwords, IDF. No Django.
    ("text", ["chinese"]),
    # The parser: page bytes in, PageExtraction out. No Django, no project app.
    ("parser", ["seeds.parser"]),
    # The parser measured on synthesized pages (make eval, make calibrate).
    ("evaluation", ["seeds.evaluation"]),
    # The project's plumbing under every app: database routing, the page cache, clients'
    # addresses, login limits, the deliberate ORM bypasses.
    (
        "infrastructure",
        [
            "newsroom.routers",
            "newsroom.page_cache",
            "newsroom.client_address",
            "newsroom.login_limits",
            "newsroom.orm",
        ],
    ),
    # The content model and what works on it without knowing who asks: models and their
    # QuerySets, titles, visible text, the search index, photos.
    (
        "content",
        [
            "articles.models",
            "articles.extraction",
            "articles.import_steps",
            "articles.desk.lineage",
            # The desk's own records, registered with the content model: edit locks,
            # revisions' notes, merged addresses, scheduled publications, the queues.
            "articles.desk.locks",
            "articles.desk.revisions",
            "articles.desk.redirects",
            "articles.desk.queues",
            "articles.search_index",
            "articles.search",
            "articles.signals",
            "articles.titles",
            "articles.visible_text",
            "articles.paging",
            "articles.photos",
            "articles.renditions",
            "taxonomy.models",
            "syndication",
        ],
    ),
    # Topics, places, keywords and related articles, computed from the content.
    ("taxonomy", ["taxonomy"]),
    # The import: page files through the parser into the content model.
    ("import", ["seeds"]),
    # Who asks: the public site, the editors' desk, the API, feeds, commands.
    ("surfaces", ["articles", "taxonomy.admin", "*.management"]),
    # The wiring: settings, URLs, WSGI, and each app's ready() connecting the layers.
    ("project", ["newsroom", "*.apps"]),
]
RANK = {name: rank for rank, (name, _) in enumerate(LAYERS)}
PURE = ("text", "parser", "evaluation")

# The arrows against the flow still in the code, each to be removed, not added to.
KNOWN_BACK_ARROWS = {
    # articles.models imports the ScheduledPublication model so that Django registers it;
    # its module also holds the middleware that publishes through the desk's editing
    # services. Moving the model into a content module of its own removes this.
    ("articles.models", "articles.desk.schedule"),
}


def _modules():
    for package in PROJECT_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                yield ".".join(parts[:-1]), path, True
            else:
                yield ".".join(parts), path, False


MODULES = {name: (path, is_package) for name, path, is_package in _modules()}


def layer_of(module: str) -> str:
    parts = module.split(".")
    best, best_length = None, -1
    for name, prefixes in LAYERS:
        for prefix in prefixes:
            if prefix.startswith("*."):
                matches = prefix[2:] in parts[1:]
                length = 2 if matches else -1
            else:
                matches = module == prefix or module.startswith(prefix + ".")
                length = len(prefix.split(".")) if matches else -1
            if length > best_length:
                best, best_length = name, length
    assert best is not None, f"{module} is in no layer: place it in LAYERS"
    return best


def _base(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The module a ``from … import`` reads from, relative imports resolved."""
    if not node.level:
        return node.module
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    """The project modules a ``from … import …`` names: a submodule where one is named."""
    target = _base(module, is_package, node)
    found = [
        f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in MODULES
    ]
    return found or [target]


def imports(module: str) -> set[str]:
    """Every project module ``module`` imports, at its top or inside a function."""
    path, is_package = MODULES[module]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.update(_resolve(module, is_package, node))
    return {name for name in found if name.split(".")[0] in PROJECT_PACKAGES}


def all_imports():
    return {module: imports(module) for module in MODULES}


def back_arrows(graph) -> set[tuple[str, str]]:
    return {
        (module, target)
        for module, targets in graph.items()
        for target in targets
        if RANK[layer_of(target)] > RANK[layer_of(module)]
    }


def test_every_module_has_a_layer():
    assert {module: layer_of(module) for module in MODULES}


def test_imports_run_down_the_layers():
    found = back_arrows(all_imports())
    assert sorted(found - KNOWN_BACK_ARROWS) == []


def test_the_known_back_arrows_are_still_there():
    """A back-arrow removed from the code is removed from the list too."""
    assert sorted(KNOWN_BACK_ARROWS - back_arrows(all_imports())) == []


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) in PURE))
def test_the_pure_layers_import_no_django(module):
    path, _ = MODULES[module]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names.add(node.module)
    assert not {n for n in names if n == "django" or n.startswith(("django.", "rest_framework"))}


def test_the_rules_see_an_arrow_against_the_flow():
    """The checker itself: an import from the parser up into the taxonomy is a back-arrow,
    one from the site down to the text tools is not."""
    graph = {"seeds.parser.lexicon": {"taxonomy.segmenter"}, "articles.search": {"chinese.han"}}
    assert back_arrows(graph) == {("seeds.parser.lexicon", "taxonomy.segmenter")}


def private_reaches(module: str) -> set[str]:
    """``other._name`` where ``other`` is another project module ``module`` imported: a
    private name used from outside its module, which its module may change at will."""
    path, is_package = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = _base(module, is_package, node)
            for alias in node.names:
                if f"{base}.{alias.name}" in MODULES:
                    bound[alias.asname or alias.name] = f"{base}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname and alias.name in MODULES:
                    bound[alias.asname] = alias.name
    return {
        f"{bound[node.value.id]}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in bound
        and bound[node.value.id] != module
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    }


def test_no_module_reaches_into_anothers_private_names():
    found = {module: sorted(private_reaches(module)) for module in MODULES}
    assert {module: names for module, names in found.items() if names} == {}
