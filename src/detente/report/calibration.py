"""The rivalry backtest's calibration plot: a self-contained HTML page (plotly.js inlined)."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import plotly.offline

from detente.models.backtest import Backtest


def calibration_figure(result: Backtest) -> go.Figure:
    """Mean forecast against observed share per forecast bin, one line per cut; the diagonal
    is perfect calibration. Marker size ∝ the forecasts in the bin."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="perfect",
                             line={"dash": "dot", "color": "grey"}))
    for r in result.cuts:
        c = r.calibration
        s = r.five_year["rivalry_hazard"]
        fig.add_trace(go.Scatter(
            x=c["forecast"], y=c["observed"], mode="lines+markers",
            name=f"after {r.cut}: AUC {s['auc']:.2f}, Brier {s['brier']:.3f} (base {s['brier_base']:.3f})",
            marker={"size": 6 + 30 * (c["n"] / c["n"].max()) ** 0.5},
            text=[f"{n} forecasts" for n in c["n"]]))
    top = max(0.6, *(float(r.calibration[["forecast", "observed"]].max().max()) for r in result.cuts))
    fig.update_layout(title="Rivalry model: P(ends within 5 years), forecast vs observed",
                      xaxis={"title": "mean forecast", "range": [0, top], "tickformat": ".0%"},
                      yaxis={"title": "observed share", "range": [0, top], "tickformat": ".0%"},
                      height=520, width=720)
    return fig


def write_calibration(result: Backtest, path: Path) -> Path:
    """Write the plot as one HTML file that works offline."""
    html = calibration_figure(result).to_html(full_html=True, include_plotlyjs=False)
    script = f"<script>{plotly.offline.get_plotlyjs()}</script>"
    path.write_text(html.replace("<head>", f"<head><meta charset='utf-8'>{script}", 1), encoding="utf-8")
    return path
