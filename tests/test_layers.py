"""The layers hold: every import under assess/ points down the picture, never back up.

Data flows one way (design.md section 3; README "Architecture"):

    base (errors, config, limits) -> content, auth -> scoring (+ embedding) -> store
    -> analytics -> charts -> reports -> services, demo -> ui, cli (+ __main__)

A module may import its own layer or any layer before it. Every import is parsed, the ones
inside functions and ``TYPE_CHECKING`` blocks too, and there is no exceptions list: an edge
that runs back up is fixed by moving the code, not by listing it here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from assess.ui import PAGES

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "assess"

# Layer of each top-level name under assess/ (a package or a loose module), lowest first.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("", "errors", "config", "limits"),  # "" is assess/__init__.py itself
    ("content", "auth"),
    ("scoring", "embedding"),
    ("store",),
    ("analytics",),
    ("charts",),
    ("reports",),  # reports embed charts; charts never import reports
    ("services", "demo"),
    ("ui", "cli", "__main__"),
)
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, module: str) -> list[tuple[str, int]]:
    """Every ``assess`` module that ``path`` imports, with the line, relative imports resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # ``from assess import config`` imports the module assess.config
            if target == "assess":
                found += [(f"assess.{alias.name}", node.lineno) for alias in node.names]
            else:
                found.append((target, node.lineno))
    return [(name, line) for name, line in found if name.split(".")[0] == "assess"]


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _modules() -> list[tuple[Path, str]]:
    return [(path, _module_name(path)) for path in sorted(PACKAGE.rglob("*.py"))]


def test_every_module_has_a_layer() -> None:
    unplaced = sorted({_layer(m) for _, m in _modules()} - set(RANK))
    assert not unplaced, f"place these under assess/ in LAYERS: {unplaced}"


def test_no_import_runs_back_up() -> None:
    modules = _modules()
    assert len(modules) > 50, "the scan found too few modules"
    upward = []
    for path, module in modules:
        for target, line in _imports(path, module):
            if RANK.get(_layer(target), -1) > RANK[_layer(module)]:
                where = f"{path.relative_to(ROOT)}:{line}"
                upward.append(f"{where}: {module} ({_layer(module)}) imports {target}")
    assert not upward, "imports that run back up the layers:\n" + "\n".join(upward)


def test_no_page_imports_another_page() -> None:
    pages = {spec.path.removesuffix(".py").replace("/", ".") for spec in PAGES}
    found = []
    for path, module in _modules():
        for target, line in _imports(path, module):
            if target in pages and target != module:
                found.append(f"{path.relative_to(ROOT)}:{line}: imports the page {target}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("from assess.store import people\n", "assess.analytics.x", ["assess.store"]),
        ("from assess import config\n", "assess.store.db", ["assess.config"]),
        ("import assess.ui.markdown as m\n", "assess.ui.x", ["assess.ui.markdown"]),
        ("from . import audit\n", "assess.store.people", ["assess.store"]),
        ("from ..analytics import team\n", "assess.store.records", ["assess.analytics"]),
        ("def f():\n    from assess.reports import html\n", "assess.store.x", ["assess.reports"]),
        ("import os\nfrom pathlib import Path\n", "assess.store.x", []),
    ],
)
def test_scanner_reads_every_kind_of_import(
    tmp_path: Path, source: str, module: str, expected: list[str]
) -> None:
    path = tmp_path / "m.py"
    path.write_text(source)
    assert [name for name, _ in _imports(path, module)] == expected


def test_an_upward_edge_is_reported() -> None:
    """The check itself: a store module importing analytics is named."""
    assert RANK[_layer("assess.analytics.records")] > RANK[_layer("assess.store.records")]
    assert RANK[_layer("assess.reports.html")] > RANK[_layer("assess.charts.panel")]


MAX_UI_LINES = 300  # a page longer than this holds logic that belongs in a service


def test_no_ui_file_is_over_300_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in sorted((PACKAGE / "ui").rglob("*.py"))
        if (n := len(path.read_text().splitlines())) > MAX_UI_LINES
    }
    assert not long, f"split these (move logic to assess/services/): {long}"
