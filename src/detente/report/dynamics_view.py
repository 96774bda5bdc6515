"""The dynamics findings as the reports show them: one line per finding and its figures as
label–value rows (nested figures flattened, long lists left to the JSON)."""

from __future__ import annotations

from typing import Any

from detente.assess.result import Assessment
from detente.core.finding import DynamicsFinding

KINDS = ("escalation", "reciprocity", "ripeness")
MAX_ROWS = 40
# figures the text around the table already says, or too long for a row (all in the JSON)
SKIP = {"transformation", "datasets", "series", "verdict", "weights", "evidence", "notes",
        "span"}


def findings(a: Assessment) -> list[tuple[str, DynamicsFinding]]:
    """(kind, finding) for each dynamics model, in report order; empty without dynamics."""
    if a.dynamics is None:
        return []
    return [(kind, getattr(a.dynamics, kind)) for kind in KINDS]


def headline(kind: str, f: DynamicsFinding) -> str:
    """`escalation: joint build-up (…, 2019–2022) — validated: AUC …`, or why there is no verdict."""
    span = f", {f.span[0]}–{f.span[1]}" if f.span else ""
    if f.verdict is None:
        return f"{kind}: no verdict ({f.method}) — {f.reason}"
    return f"{kind}: {f.verdict} ({f.method}{span}) — {validation_text(f)}"


def validation_text(f: DynamicsFinding) -> str:
    """`validated: AUC 0.80 [0.73–0.86] on 917 cases`, or `not validated` when it has none."""
    v = f.validation
    if v is None or v.auc is None or v.low is None or v.high is None:
        return "not validated (no validation cases)"
    return f"validated: AUC {v.auc:.2f} [{v.low:.2f}–{v.high:.2f}] on {v.n} cases"


def _interval(value: dict) -> str | None:
    """`{estimate, low, high[, p]}` as `0.23 [0.093, 0.367] (p = 0.002)`."""
    if not {"estimate", "low", "high"} <= set(value) or not all(
            isinstance(value[k], int | float) for k in ("estimate", "low", "high")):
        return None
    text = f"{value['estimate']:+.3g} [{value['low']:+.3g}, {value['high']:+.3g}]"
    return text + (f" (p = {value['p']:.2g})" if isinstance(value.get("p"), float) else "")


def _fmt(value: Any) -> str | None:
    if isinstance(value, dict):
        return _interval(value)
    if isinstance(value, bool) or value is None:
        return str(value).lower() if value is not None else "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, int | str):
        return str(value)
    if isinstance(value, list) and len(value) <= 6 and all(
            isinstance(v, int | float | str) for v in value):
        return "[" + ", ".join(_fmt(v) or "" for v in value) + "]"
    return None


def figure_rows(f: DynamicsFinding) -> list[tuple[str, str]]:
    """The finding's figures as (label, value) rows, nested mappings as `outer.inner`."""
    rows: list[tuple[str, str]] = []

    def walk(prefix: str, value: Any, depth: int) -> None:
        text = _fmt(value)
        if text is not None:
            rows.append((prefix, text))
        elif isinstance(value, dict) and depth < 4:
            for k, v in value.items():
                if str(k) not in SKIP:
                    walk(f"{prefix}.{k}" if prefix else str(k), v, depth + 1)

    walk("", f.figures, 0)
    return rows[:MAX_ROWS]


def grit_line(sim: dict) -> str:
    """One sentence on a GRIT scenario's simulation (docs/dynamics.md)."""
    if "error" in sim:
        return f"GRIT simulation not run: {sim['error']}."
    reach = (f"expected {sim['expected_periods']} {sim['period']}s when reached"
             if sim.get("expected_periods") is not None else "not reached in the simulations")
    return (f"GRIT: {sim['steps']} step(s) by {sim['initiator']}, {sim['responder']} answering as "
            f"it did over {sim['span'][0]}–{sim['span'][1]} ({sim['reciprocity_verdict']}): "
            f"P(cooperation threshold within {sim['horizon']} {sim['period']}s) = {sim['p_reach']:.0%} "
            f"(without the steps {sim['p_reach_baseline']:.0%}), {reach}; exploitation risk "
            f"{sim['exploitation_risk']:.0%}.")
