"""The crack rules as data: `rules.toml` beside this file, read once. The evaluators take every
weight from here, and docs/rules.md shows the same tables (`render_markdown`)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

RULES_FILE = Path(__file__).with_name("rules.toml")


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """Every rule table, by section (`armed_conflict`, …, `events`, `dynamics`)."""
    return tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))


def _value(v: Any) -> str:
    if isinstance(v, dict):
        return ", ".join(f"{k} {_value(x)}" for k, x in v.items())
    return f"{v:g}" if isinstance(v, float | int) else str(v)


def render_markdown() -> str:
    """The rule tables as Markdown: one table per section, one row per rule."""
    out = []
    for section, table in rules().items():
        rows = _rows(section, table)
        out += [f"**`{section}`**", "", "| rule | value |", "|---|---|"]
        out += [f"| `{name}` | {_value(value)} |" for name, value in rows]
        out.append("")
    return "\n".join(out)


def _rows(prefix: str, table: dict[str, Any]) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for key, value in table.items():
        if isinstance(value, dict) and any(isinstance(v, dict) for v in value.values()):
            rows += [(f"{key}.{k}", v) for k, v in value.items()]
        else:
            rows.append((key, value))
    return rows
