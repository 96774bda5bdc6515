"""Small builders for facts in tests: real schema objects, a fixed citation."""

from __future__ import annotations

import datetime as dt

from pydantic import TypeAdapter

from detente.core.context import Context
from detente.dossier.load import Dossier
from detente.dossier.schema import AnyFact

SOURCE = {"title": "Test source page", "publisher": "Test publisher", "date": "2020-01-01",
          "url": "https://example.org/page"}
_ADAPTER = TypeAdapter(AnyFact)
_counter = iter(range(10**6))


def fact(kind: str, valid_from: str, valid_to: str | None = None, **fields):
    data = {"id": f"{kind.replace('_', '-')}-{next(_counter)}", "kind": kind,
            "summary": fields.pop("summary", f"A {kind} fact for testing."),
            "valid_from": valid_from, "valid_to": valid_to, "source": SOURCE, **fields}
    return _ADAPTER.validate_python(data)


def dossier(*facts, a: str = "AAA", b: str = "BBB") -> Dossier:
    return Dossier(a, b, list(facts))


def ctx(day: str, a: str = "AAA", b: str = "BBB") -> Context:
    return Context(a, b, dt.date.fromisoformat(day), a, b)


def run(evaluator, d: Dossier, day: str):
    """Evaluate on the dossier cut to `day`, as the engine does."""
    c = ctx(day, d.a, d.b)
    return evaluator(d.as_of(c.as_of), c)


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """Issue 16's 700-byte scenario: nine levels of nine aliases to one treaty entry."""
    lines = ["name: bomb", "description: aliases all the way down", "steps:",
             "  - add:", "      - &a0 {id: t, kind: treaty, name: T, category: other,"
             " parties: [USA, RUS], summary: A treaty that is only a test case.}"]
    for i in range(1, levels):
        lines.append(f"      - &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"
