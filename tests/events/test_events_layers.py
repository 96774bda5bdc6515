"""The events package imports only detente.core, detente.datasets and itself (never the coder,
the models or the assessment), and its modules import one another without a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

EVENTS = REPO / "src" / "detente" / "events"
ALLOWED = {"core", "datasets", "events"}


def _module(path: Path) -> str:
    parts = path.relative_to(EVENTS.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    """The detente modules `path` imports (all of them, or those run when it is imported)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("detente"):
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("detente")}
    return found


MODULES = {_module(p): p for p in sorted(EVENTS.rglob("*.py"))}


def test_events_imports_nothing_above_it():
    upward = {(name, imported) for name, path in MODULES.items()
              for imported in _imports(path, top_level_only=False)
              if imported.split(".")[1] not in ALLOWED}
    assert upward == set()


def test_events_modules_import_one_another_without_a_cycle():
    graph = {name: {m for m in _imports(path, top_level_only=True) if m in MODULES and m != name}
             for name, path in MODULES.items()}
    # A package's own modules may import its __init__'s siblings; a package importing a module
    # that imports the package back is a cycle like any other.
    state: dict[str, str] = {}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append([*trail[trail.index(nxt):], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []
    assert len(MODULES) > 20  # the walk did find the package
