"""detente.models sits below the assessment: it imports only core, datasets, panel, dossier and
events (every import, also those inside functions), and its modules import one another without
a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

from detente.models import results

ALLOWED = ("detente.core", "detente.datasets", "detente.panel", "detente.dossier", "detente.events",
           "detente.models")
MODELS = Path(results.__file__).parent


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            out |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
    return out


def test_models_import_only_the_layers_below_them():
    bad = {(p.stem, m) for p in MODELS.glob("*.py") for m in _imports(p)
           if m.startswith("detente") and not m.startswith(ALLOWED)}
    assert not bad


def test_models_modules_form_no_cycle():
    names = {f"detente.models.{p.stem}" for p in MODELS.glob("*.py")}
    graph = {f"detente.models.{p.stem}": {m for m in _imports(p) if m in names}
             - {f"detente.models.{p.stem}"} for p in MODELS.glob("*.py")}

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        return any(n == target or (n not in seen and reaches(n, target, seen | {n}))
                   for n in graph[start])

    assert not [m for m in graph if reaches(m, m, set())]
