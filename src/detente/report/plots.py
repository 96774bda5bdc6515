"""Plotly figures shared by the HTML report (and, later, the dashboard)."""

from __future__ import annotations

import plotly.graph_objects as go

from detente.assess.model import CRACK_IDS, Assessment


def crack_history(a: Assessment) -> go.Figure:
    """Each crack's score year by year, each year assessed as of that date."""
    fig = go.Figure()
    dates = [row["date"] for row in a.history]
    for crack in CRACK_IDS:
        fig.add_trace(go.Scatter(x=dates, y=[row[crack] for row in a.history], mode="lines",
                                 name=crack))
    fig.add_hrect(y0=0.33, y1=1, fillcolor="green", opacity=0.06, line_width=0)
    fig.add_hrect(y0=-1, y1=-0.33, fillcolor="red", opacity=0.06, line_width=0)
    fig.update_layout(title="Crack scores, each year as of that date", yaxis_range=[-1.05, 1.05],
                      yaxis_title="score (−1 closed … +1 open)", height=420,
                      margin={"l": 50, "r": 20, "t": 50, "b": 40})
    return fig


def outlook_bars(a: Assessment) -> go.Figure | None:
    """P(rivalry ends within h years) with its interval, baseline and each scenario."""
    if not a.outlook.horizons:
        return None
    fig = go.Figure()
    runs = [("baseline", a)] + [(s.name, s.assessment) for s in a.scenarios]
    for name, run in runs:
        hs = run.outlook.horizons or {}
        xs = [f"{h} yr" for h in hs]
        ps = [v.probability for v in hs.values()]
        fig.add_trace(go.Bar(x=xs, y=ps, name=name, error_y={
            "type": "data", "symmetric": False,
            "array": [v.high - v.probability for v in hs.values()],
            "arrayminus": [v.probability - v.low for v in hs.values()]}))
    fig.update_layout(title="P(rapprochement: the rivalry ends within …)", yaxis_tickformat=".0%",
                      barmode="group", height=360, margin={"l": 50, "r": 20, "t": 50, "b": 40})
    return fig


def scenario_deltas(a: Assessment) -> go.Figure | None:
    """Change in each crack's score under each scenario."""
    if not a.scenarios:
        return None
    fig = go.Figure()
    for s in a.scenarios:
        fig.add_trace(go.Bar(x=list(CRACK_IDS), y=[s.delta["cracks"][c]["score"]
                                                   for c in CRACK_IDS], name=s.name))
    fig.update_layout(title="Scenario deltas per crack", barmode="group", height=360,
                      margin={"l": 50, "r": 20, "t": 50, "b": 40})
    return fig
