"""The package's shape: imports point down the layers of ../shared/DESIGN.md, and no module
imports itself back through others (no cycles). Reads the source with `ast`: every import,
at module level or inside a function, counts."""

from __future__ import annotations

import ast
from pathlib import Path

import detente

PACKAGE = Path(detente.__file__).parent

# Top to bottom; a module may import its own layer's packages and any layer below it.
LAYERS = [
    {"cli", "__main__"},
    {"app", "report"},
    {"assess"},
    {"models", "coder"},
    {"events", "panel"},
    {"dossier"},
    {"datasets"},
    {"core"},
]
# Packages of one layer that must not import each other.
APART = {("models", "coder"), ("coder", "models"), ("report", "app")}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("detente"):
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in modules else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("detente")}
    return found


def _layer(module: str) -> int | None:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else None
    return next((i for i, layer in enumerate(LAYERS) if top in layer), None)


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {m: {t for t in _imports(p, modules) if t in modules} for m, p in modules.items()}


def test_every_package_has_a_layer():
    tops = {m.split(".")[1] for m in _modules() if m.count(".") >= 1}
    assert {t for t in tops if _layer(f"detente.{t}") is None} == set()


def test_imports_point_down():
    upward = []
    for module, targets in _graph().items():
        mine = _layer(module)
        if mine is None:  # detente/__init__.py: the public API sits above everything
            continue
        for target in targets:
            theirs = _layer(target)
            top_m, top_t = module.split(".")[1], target.split(".")[1] if "." in target else None
            if theirs is not None and (theirs < mine or (top_m, top_t) in APART):
                upward.append(f"{module} → {target}")
    assert upward == []


def test_no_import_cycles():
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    assert cycles == []


def test_the_cli_lives_in_its_package():
    assert sorted(p.name for p in PACKAGE.glob("cli_*.py")) == []
    root = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert root == ["__init__.py", "__main__.py"]
