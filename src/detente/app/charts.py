"""Which charts a dashboard view shows, built from report/plots.py, as HTML-safe JSON."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go
from markupsafe import Markup

from detente.assess.result import Assessment
from detente.report import plots

Builder = Callable[[Assessment], go.Figure | None]


def _history(a: Assessment) -> go.Figure | None:
    return plots.crack_history(a) if a.history else None


def _dynamics(kind: str) -> Builder:
    """A builder for one dynamics model's chart (None without dynamics)."""
    chart = plots.DYNAMICS_CHARTS[kind]
    return lambda a: chart(getattr(a.dynamics, kind)) if a.dynamics is not None else None


def _grit(a: Assessment) -> go.Figure | None:
    """The first GRIT scenario's simulated paths."""
    sim = next((s.simulation for s in a.scenarios if s.simulation), None)
    return plots.grit_chart(sim) if sim else None


# id, builder. Each builder returns None when it has nothing to show for this assessment.
DASHBOARD: list[tuple[str, Builder]] = [
    ("history", _history),
    ("treaties", plots.treaty_timeline),
    ("events", plots.event_index_for),
    ("outlook", plots.outlook_fan),
    ("scenarios", plots.scenario_deltas),
    *[(kind, _dynamics(kind)) for kind in plots.DYNAMICS_CHARTS],
    ("grit", _grit),
]
COMPARE: list[tuple[str, Builder]] = [("history", _history), ("outlook", plots.outlook_fan)]


@dataclass(frozen=True)
class Chart:
    id: str
    json: Markup


def safe_json(fig: go.Figure) -> Markup:
    """The figure as JSON that cannot end a <script> element or open markup."""
    text = fig.to_json()
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(raw, esc)
    return Markup(text)


def build(a: Assessment, which: list[tuple[str, Builder]] = DASHBOARD) -> list[Chart]:
    charts = []
    for chart_id, builder in which:
        fig = builder(a)
        if fig is not None:
            charts.append(Chart(chart_id, safe_json(fig)))
    return charts
