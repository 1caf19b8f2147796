"""The layout keeps its promise: core below, shell on top, no import circles, imports at module level.

Run it alone to check a change: ``pytest tests/architecture``. It reads the source with ``ast`` (nothing is
imported), so it also catches circles that only show at run time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("graph_service", "importers", "visualisations")

#: what each layer may import (besides itself and the top-level ``graph_service`` for ``__version__``)
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "store": {"core"},
    "validation": {"core", "store"},
    "pipeline": {"core", "store", "validation"},
    "queries": {"core"},
    "network": {"core", "store", "queries"},
    "gaps": {"core", "store", "validation", "queries", "network"},
    "publish": {"core", "store", "validation", "pipeline", "queries", "network"},
    "importers": {"core", "store", "pipeline", "network"},
    "visualisations": {"core", "store", "pipeline", "network"},
    "county": {"core", "store", "pipeline", "importers"},
    "accounts": {"core"},  # SQLite account table, password hashes, sign-in throttle
    "workspace": {  # sources, uploads, drafts, forms, versions, round trip, cache warming
        "core",
        "store",
        "validation",
        "pipeline",
        "queries",
        "gaps",
        "publish",
        "importers",
        "accounts",
    },
    "web": {
        "core",
        "store",
        "validation",
        "pipeline",
        "queries",
        "network",
        "gaps",
        "publish",
        "importers",
        "visualisations",
        "accounts",
        "county",
        "workspace",
    },
    "cli": {
        "core",
        "store",
        "validation",
        "pipeline",
        "queries",
        "network",
        "gaps",
        "publish",
        "importers",
        "visualisations",
        "web",
        "accounts",
        "county",
        "workspace",
    },
}


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def layer(module: str) -> str:
    """``graph_service.store.embedded`` -> ``store``; ``importers.batch`` -> ``importers``."""
    parts = module.split(".")
    return parts[1] if parts[0] == "graph_service" and len(parts) > 1 else parts[0]


def project_imports(tree: ast.AST) -> list[tuple[ast.stmt, str]]:
    """Every import of a project module in ``tree`` with the imported module's name."""
    found: list[tuple[ast.stmt, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            submodules = [f"{node.module}.{alias.name}" for alias in node.names]
            names = [m for m in submodules if _is_module(m)] or [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found += [(node, n) for n in names if n.split(".")[0] in PACKAGES]
    return found


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def sources() -> dict[str, tuple[Path, ast.AST]]:
    return {
        module_name(p): (p, ast.parse(p.read_text(encoding="utf-8")))
        for package in PACKAGES
        for p in (ROOT / package).rglob("*.py")
    }


SOURCES = sources()


def test_layers_import_only_what_they_may() -> None:
    wrong = []
    for module, (_path, tree) in SOURCES.items():
        own = layer(module)
        if own not in ALLOWED or module == "graph_service":
            continue
        for node, target in project_imports(tree):
            other = layer(target)
            if target == "graph_service" or other == own:
                continue
            if other not in ALLOWED[own]:
                wrong.append(f"{module}:{node.lineno} imports {target} ({own} may not use {other})")
    assert not wrong, "\n".join(wrong)


def test_every_module_belongs_to_a_known_layer() -> None:
    unknown = {layer(m) for m in SOURCES if m != "graph_service"} - set(ALLOWED)
    assert not unknown, f"add these layers to ALLOWED (and to the README's architecture section): {unknown}"


def _module_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for module, (_path, tree) in SOURCES.items():
        graph.add_node(module)
        for node, target in project_imports(tree):
            if _is_type_only(tree, node):
                continue
            resolved = target if target in SOURCES else target.rsplit(".", 1)[0]
            if resolved in SOURCES and resolved != module:
                graph.add_edge(module, resolved)
    return graph


def _is_type_only(tree: ast.AST, stmt: ast.stmt) -> bool:
    """Imports under ``if TYPE_CHECKING:`` do not run."""
    for node in ast.walk(tree):
        guarded = isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        if guarded and any(child is stmt for child in ast.walk(node)):
            return True
    return False


def test_no_import_circles_between_files() -> None:
    circles = [sorted(c) for c in nx.strongly_connected_components(_module_graph()) if len(c) > 1]
    assert not circles, circles


def test_no_import_circles_between_layers() -> None:
    layers = nx.DiGraph()
    for a, b in _module_graph().edges:
        if layer(a) != layer(b) and "graph_service" not in (a, b):
            layers.add_edge(layer(a), layer(b))
    assert nx.is_directed_acyclic_graph(layers), list(nx.simple_cycles(layers))


@pytest.mark.parametrize("module", sorted(SOURCES))
def test_project_imports_sit_at_module_level(module: str) -> None:
    """A function-level import of our own code hides a circle; allowed only with a ``# lazy:`` reason."""
    path, tree = SOURCES[module]
    lines = path.read_text(encoding="utf-8").splitlines()
    hidden = []
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node, target in project_imports(function):
                if "# lazy:" not in lines[node.lineno - 1]:
                    hidden.append(f"{path.name}:{node.lineno} imports {target} inside {function.name}()")
    assert not hidden, hidden
