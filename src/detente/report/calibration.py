"""The rivalry backtest's calibration page: a reliability diagram per cut (the rivalry model
beside the duration+type baseline, forecast against observed share per bin, with the number of
forecasts in each bin), the bins' figures as a table and the scores with their intervals. One
self-contained HTML file (plotly.js inlined)."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.offline
from plotly.subplots import make_subplots

from detente.models.backtest import Backtest, CutResult

SHOWN = {"rivalry_hazard": ("rivalry model", "#1f77b4"), "duration_type": ("duration + type", "#ff7f0e")}


def _label(r: CutResult, model: str) -> str:
    s = r.five_year[model]
    band = r.intervals.get(model, {})
    auc = f"AUC {s['auc']:.3f}" + (f" [{band['auc'][0]:.2f}–{band['auc'][1]:.2f}]" if band else "")
    ratio = s["brier"] / s["brier_base"]
    brier = f"Brier/base {ratio:.3f}" + (
        f" [{band['brier_ratio'][0]:.2f}–{band['brier_ratio'][1]:.2f}]" if band else "")
    return f"{SHOWN[model][0]}: {auc}, {brier}"


def calibration_figure(result: Backtest) -> go.Figure:
    """One panel per cut: mean forecast against observed share per forecast bin for the rivalry
    model and the duration+type baseline; the diagonal is perfect calibration. Each marker is
    labelled with its bin's number of forecasts (marker size ∝ √n)."""
    cuts = result.cuts
    fig = make_subplots(rows=1, cols=len(cuts), subplot_titles=[f"after {r.cut}" for r in cuts],
                        horizontal_spacing=0.08)
    top = 1.08 * max(0.6, *(float(r.calibration_of(m)[["forecast", "observed"]].max().max())
                            for r in cuts for m in SHOWN))  # room for the outermost marker
    biggest = max(int(r.calibration_of(m)["n"].max()) for r in cuts for m in SHOWN)
    for col, r in enumerate(cuts, start=1):
        fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="perfect calibration",
                                 line={"dash": "dot", "color": "grey"}, showlegend=col == 1,
                                 legendgroup="perfect"), row=1, col=col)
        for model, (_, colour) in SHOWN.items():
            c = r.calibration_of(model)
            fig.add_trace(go.Scatter(
                x=c["forecast"], y=c["observed"], mode="lines+markers+text",
                name=f"{r.cut} {_label(r, model)}",
                line={"color": colour}, marker={"size": 6 + 24 * (c["n"] / biggest) ** 0.5, "color": colour},
                text=[f"n={n}" for n in c["n"]], textposition="top center",
                customdata=c["bin"],
                hovertemplate="bin %{customdata}<br>mean forecast %{x:.1%}<br>observed %{y:.1%}"
                              "<br>%{text}<extra></extra>"), row=1, col=col)
        fig.update_xaxes(title_text="mean forecast", range=[0, top], tickformat=".0%", row=1, col=col)
        fig.update_yaxes(title_text="observed share" if col == 1 else None, range=[0, top],
                         tickformat=".0%", row=1, col=col)
    fig.update_layout(title="Rivalry model vs duration+type: P(ends within 5 years), forecast vs observed",
                      height=560, width=max(720, 480 * len(cuts)),
                      legend={"orientation": "h", "y": -0.2})
    return fig


def bins_table(result: Backtest) -> pd.DataFrame:
    """The reliability bins of each cut and shown model: cut, model, bin, n, forecast, observed."""
    return pd.concat([r.calibration_of(m).assign(cut=r.cut, model=SHOWN[m][0])
                      for r in result.cuts for m in SHOWN], ignore_index=True)[
        ["cut", "model", "bin", "n", "forecast", "observed"]]


def _table_html(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in ("cut", "model", "forecast bin", "n",
                                                          "mean forecast", "observed"))
    body = "".join(
        f"<tr><td>{r.cut}</td><td>{html.escape(r.model)}</td><td>{html.escape(r.bin)}</td>"
        f"<td>{r.n}</td><td>{r.forecast:.3f}</td><td>{r.observed:.3f}</td></tr>"
        for r in frame.itertuples())
    return f"<table class='bins'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def calibration_html(result: Backtest) -> str:
    """The whole page: the diagram, each cut's scores with their 5–95 % intervals, the bins."""
    scores = "".join(f"<li>after {r.cut}: {html.escape(_label(r, m))} (n = {r.five_year[m]['n']})</li>"
                     for r in result.cuts for m in SHOWN)
    figure = calibration_figure(result).to_html(full_html=False, include_plotlyjs=False,
                                                div_id="rivalry-calibration")
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'>"
            "<title>Rivalry model calibration</title>"
            f"<script>{plotly.offline.get_plotlyjs()}</script>"
            "<style>body{font-family:sans-serif;margin:1.5em}table.bins{border-collapse:collapse}"
            "table.bins td,table.bins th{border:1px solid #ccc;padding:2px 8px;text-align:right}</style>"
            "</head><body><h1>Rivalry-termination backtest: calibration</h1>"
            "<p>Each cut's models were chosen and fitted on what was known at the end of the cut year "
            "and forecast every later rivalry-year whose 5-year outcome is known. Intervals: 5–95 % "
            "bootstrap over whole rivalries.</p>"
            f"<ul class='scores'>{scores}</ul>{figure}"
            f"<h2>Reliability bins</h2>{_table_html(bins_table(result))}"
            f"<p>datasets: {html.escape(', '.join(result.datasets))}</p></body></html>")


def write_calibration(result: Backtest, path: Path) -> Path:
    """Write the page as one HTML file that works offline."""
    path.write_text(calibration_html(result), encoding="utf-8")
    return path
