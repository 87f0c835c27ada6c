"""The package's structure: its modules import one another without a circle.

A circle makes the import order matter (a module sees a half-initialised one) and makes the modules in
it one unit that can only be understood, tested and changed together. Every import counts, those
inside functions and under ``if TYPE_CHECKING:`` included: deferring an import hides a circle, it does
not remove it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import communique

PACKAGE = Path(communique.__file__).parent


def module_name(path: Path) -> str:
    """``.../communique/events/coder.py`` -> ``communique.events.coder``; a package is its ``__init__``."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(node: ast.Import | ast.ImportFrom, name: str, is_package: bool, modules: set[str]) -> set[str]:
    """The package's modules that one import statement in module ``name`` imports."""
    if isinstance(node, ast.Import):
        named = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            # Level 1 is the module's own package: the module itself for an __init__, else its parent.
            package = name.split(".") if is_package else name.split(".")[:-1]
            base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
        # `from X import y` imports the module X.y where there is one, else the name y of module X.
        named = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
    return {module for module in named if module in modules and module != name}


def import_graph() -> dict[str, set[str]]:
    """Every module of the package -> the package's modules it imports anywhere in its source."""
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        graph[name] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                graph[name] |= imports(node, name, path.name == "__init__.py", set(paths))
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as the modules along it (the first again at the end), or ``None``."""
    done: set[str] = set()
    path: list[str] = []  # the depth-first path from the current root: an edge back into it is a cycle

    def visit(node: str) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        path.append(node)
        for target in sorted(graph[node]):
            cycle = visit(target)
            if cycle:
                return cycle
        path.pop()
        done.add(node)
        return None

    for node in sorted(graph):
        cycle = visit(node)
        if cycle:
            return cycle
    return None


def test_the_graph_sees_the_imports() -> None:
    # A guard on the test itself: a graph that missed imports would find no cycle too.
    graph = import_graph()
    assert "communique.web.pages" in graph["communique.api"]  # function-local
    assert "communique.nlp.base" in graph["communique.coding"]  # under TYPE_CHECKING
    assert "communique.records" in graph["communique.events.coder"]  # relative, two levels
    assert "communique.countries" in graph["communique.nlp.chinese"]  # `from .. import countries`


def test_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


#: What the store may import from the package: the records it keeps and returns, the error hierarchy, the
#: ontology tables its queries filter by and the backend interface's records (which LocalEntity holds).
#: Storage never drives processing: the stages that decide what a batch changes
#: (:mod:`communique.crossdoc`) call the store, never the other way round.
STORE_MAY_IMPORT = {
    "communique.records",
    "communique.shapes",
    "communique.errors",
    "communique.events.ontology",
    "communique.nlp.base",
}


def test_the_store_imports_no_stage() -> None:
    graph = import_graph()
    store = {name for name in graph if name == "communique.store" or name.startswith("communique.store.")}
    assert "communique.store.ledger" in store
    outside = {
        f"{name} -> {target}"
        for name in store
        for target in graph[name]
        if target not in store and target not in STORE_MAY_IMPORT
    }
    assert not outside, f"the store imports stages: {sorted(outside)}"


def test_the_cross_article_stages_sit_above_the_store() -> None:
    graph = import_graph()
    stages = {name for name in graph if name.startswith("communique.crossdoc")}
    assert {
        "communique.crossdoc.resolve",
        "communique.crossdoc.events",
        "communique.crossdoc.links",
    } <= stages
    # Through the ledger only: no stage reaches the schema, the SQL helpers or the connection.
    reached = {target for name in stages for target in graph[name] if target.startswith("communique.store")}
    assert reached == {"communique.store", "communique.store.ledger"} or reached == {
        "communique.store.ledger"
    }
