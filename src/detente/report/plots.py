"""Plotly figures shared by the HTML report and the dashboard."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from detente.assess.result import Assessment, TreatyLifecycle, TreatyPhase
from detente.core.evidence import CRACK_IDS
from detente.core.finding import DynamicsFinding


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
        fig.add_trace(go.Bar(x=xs, y=ps, name=_txt(name), error_y={
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
                                                   for c in CRACK_IDS], name=_txt(s.name)))
    fig.update_layout(title="Scenario deltas per crack", barmode="group", height=360,
                      margin={"l": 50, "r": 20, "t": 50, "b": 40})
    return fig


def _txt(text: str) -> str:
    """Text from a dossier or a user's file, made inert for Plotly's pseudo-HTML labels."""
    return html.escape(text, quote=False)


PHASE_COLOR = {"signed": "#9ecae1", "observed": "#a1d99b", "in_force": "#238b45",
               "suspended": "#fd8d3c", "ended": "#cb181d", "abandoned": "#7f2704",
               "superseded": "#969696"}
INSPECTION_COLOR = {"active": "#238b45", "paused": "#fd8d3c", "halted": "#cb181d"}
_DAY_MS = 86_400_000


def _label(t: TreatyLifecycle, width: int = 42) -> str:
    return _txt(t.name if len(t.name) <= width else t.name[:width - 1] + "…")


def _span(start: dt.date, end: dt.date | None, as_of: dt.date) -> tuple[str, int]:
    return start.isoformat(), max(1, ((end or as_of) - start).days) * _DAY_MS


def _insp_label(t: TreatyLifecycle) -> str:
    return f"{_label(t, 30)} · inspections"


def _phase_bars(fig: go.Figure, rows: list[tuple[TreatyLifecycle, TreatyPhase]],
                label: Callable[[TreatyLifecycle], str], name: str, color: str, group: str,
                as_of: dt.date) -> None:
    """One horizontal bar per (treaty, phase), all in one legend entry."""
    spans = [_span(p.start, p.end, as_of) for _, p in rows]
    fig.add_trace(go.Bar(
        orientation="h", y=[label(t) for t, _ in rows], base=[s for s, _ in spans],
        x=[ms for _, ms in spans], marker_color=color, name=name, legendgroup=group,
        hovertemplate="%{customdata}<extra></extra>",
        customdata=[f"{_txt(t.name)}<br>{name}: {p.start} – {p.end or 'as of ' + as_of.isoformat()}"
                    for t, p in rows]), row=1, col=1)


def treaty_timeline(a: Assessment) -> go.Figure | None:
    """Arms-control treaties as known on the as-of date: each treaty's phases (signed → in force
    → suspended → ended) as bars, its inspection regime (running, paused, halted) on a row
    beneath it, and inspections per year (allowed and held as reported) in a panel below."""
    if not a.treaties:
        return None
    inspections = any(t.inspections_by_year for t in a.treaties)
    fig = make_subplots(rows=2 if inspections else 1, cols=1, shared_xaxes=True,
                        row_heights=[0.8, 0.2] if inspections else None, vertical_spacing=0.06)
    rows: list[str] = []
    for t in a.treaties:
        rows.append(_label(t))
        if t.inspection_phases:
            rows.append(_insp_label(t))
    for status, color in PHASE_COLOR.items():
        found = [(t, p) for t in a.treaties for p in t.phases if p.status == status]
        if found:
            _phase_bars(fig, found, _label, status.replace("_", " "), color, "phase", a.as_of)
    for state, color in INSPECTION_COLOR.items():
        found = [(t, p) for t in a.treaties for p in t.inspection_phases if p.status == state]
        if found:
            _phase_bars(fig, found, _insp_label, f"inspections {state}", color, "inspections",
                        a.as_of)
    fig.update_layout(
        title=f"Arms-control treaties as known on {a.as_of}", barmode="overlay", bargap=0.25,
        height=(150 if inspections else 90) + 28 * max(len(rows), 5),
        margin={"l": 20, "r": 20, "t": 50, "b": 40}, legend={"tracegroupgap": 12})
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(rows)), row=1, col=1)
    fig.update_xaxes(type="date", row=1, col=1)
    if inspections:
        _inspection_rows(fig, a)
        fig.update_xaxes(type="date", row=2, col=1)
        fig.update_yaxes(title_text="inspections / yr", rangemode="tozero", row=2, col=1)
    return fig


def _inspection_rows(fig: go.Figure, a: Assessment) -> None:
    """Bottom panel, per year: inspections allowed (dotted line), held as reported (bars), and
    inspection events with no count (markers)."""
    for t in a.treaties:
        years = t.inspections_by_year
        allowed = [y for y in years if y.allowed]
        if allowed:
            fig.add_trace(go.Scatter(
                x=[f"{y.year}-07-01" for y in allowed], y=[y.allowed for y in allowed],
                mode="lines+markers", line={"shape": "hv", "dash": "dot", "color": "#238b45"},
                name=f"{_label(t, 24)}: allowed", legendgroup="inspections"), row=2, col=1)
        counted = [y for y in years if y.held is not None]
        if counted:
            fig.add_trace(go.Bar(
                x=[f"{y.year}-07-01" for y in counted], y=[y.held for y in counted],
                width=[300 * _DAY_MS] * len(counted), marker_color="#08519c",
                name=f"{_label(t, 24)}: held", legendgroup="inspections",
                hovertemplate="%{customdata}<extra></extra>",
                customdata=[f"{_txt(t.name)} {y.year}: {y.held} held (as reported)"
                            for y in counted]), row=2, col=1)
        uncounted = [y for y in years if y.held is None and y.events]
        if uncounted:
            fig.add_trace(go.Scatter(
                x=[f"{y.year}-07-01" for y in uncounted], y=[0] * len(uncounted),
                mode="markers", marker={"symbol": "diamond", "size": 9, "color": "#08519c"},
                name=f"{_label(t, 24)}: events", legendgroup="inspections",
                hovertemplate="%{customdata}<extra></extra>",
                customdata=[f"{_txt(t.name)} {y.year}: {', '.join(y.events)} (no count)"
                            for y in uncounted]), row=2, col=1)


def outlook_fan(a: Assessment) -> go.Figure | None:
    """P(the rivalry ends within h years) against h, with its interval as a band: the baseline
    and each scenario."""
    if not a.outlook.horizons:
        return None
    fig = go.Figure()
    palette = ["#08519c", "#e6550d", "#31a354", "#756bb1", "#636363", "#de2d26"]
    runs = [("baseline", a)] + [(s.name, s.assessment) for s in a.scenarios]
    for i, (name, run) in enumerate(runs):
        hs = sorted((run.outlook.horizons or {}).items(), key=lambda kv: float(kv[0]))
        if not hs:
            continue
        color = palette[i % len(palette)]
        xs = [0.0] + [float(h) for h, _ in hs]
        lows = [0.0] + [v.low for _, v in hs]
        highs = [0.0] + [v.high for _, v in hs]
        fig.add_trace(go.Scatter(x=xs + xs[::-1], y=highs + lows[::-1], fill="toself", mode="lines",
                                 fillcolor=color, opacity=0.15, line={"width": 0},
                                 hoverinfo="skip", showlegend=False, legendgroup=str(i)))
        fig.add_trace(go.Scatter(
            x=xs, y=[0.0] + [v.probability for _, v in hs], mode="lines+markers",
            line={"color": color}, name=_txt(name), legendgroup=str(i),
            customdata=[[lo, hi] for lo, hi in zip(lows, highs, strict=True)],
            hovertemplate="within %{x} yr: %{y:.1%} [%{customdata[0]:.1%}–%{customdata[1]:.1%}]"))
    fig.update_layout(title="Outlook: P(the rivalry ends within h years), with interval",
                      xaxis_title="horizon (years)", yaxis_tickformat=".0%",
                      yaxis_rangemode="tozero", height=360,
                      margin={"l": 50, "r": 20, "t": 50, "b": 40})
    return fig


def event_index_chart(frame: pd.DataFrame) -> go.Figure | None:
    """Monthly net cooperation A → B and B → A from the event store, change points marked.
    `frame` is `detente.event_index(...)`; None when it is empty."""
    if frame.empty:
        return None
    fig = go.Figure()
    for (source, target), rows in frame.groupby(["source", "target"], sort=True):
        fig.add_trace(go.Scatter(x=rows["period"], y=rows["net_cooperation"], mode="lines",
                                 name=f"{source} → {target}",
                                 customdata=rows["events"],
                                 hovertemplate="%{x}: %{y:.2f} (%{customdata} events)"))
        if "change_point" in rows:
            cps = rows[rows["change_point"]]
            fig.add_trace(go.Scatter(x=cps["period"], y=cps["net_cooperation"], mode="markers",
                                     marker={"symbol": "diamond", "size": 10},
                                     name=f"change point {source} → {target}"))
    fig.update_layout(title="Event data: net cooperation by month, (q1 + q2 − q3 − q4) / events",
                      yaxis_range=[-1.05, 1.05], height=360,
                      margin={"l": 50, "r": 20, "t": 50, "b": 40})
    return fig


def event_index_for(a: Assessment) -> go.Figure | None:
    """The pair's monthly event index from the event store up to the as-of date; None when the
    store has no events for it."""
    from detente.events.query import event_index
    from detente.events.store import NoEventData

    try:
        frame = event_index(a.dyad[0], a.dyad[1], freq="month", until=a.as_of)
    except NoEventData:
        return None
    return event_index_chart(frame)


def escalation_chart(finding: DynamicsFinding) -> go.Figure | None:
    """The Richardson fit: each side's series (solid), the one-step fitted values (dotted) and
    the model's own path from the first year (dashed). None without a fit."""
    s = finding.series
    if not s.get("periods"):
        return None
    fig = go.Figure()
    for side, color in (("x", "#08519c"), ("y", "#e6550d")):
        name = _txt(str(s.get(f"{side}_label", side)))
        fig.add_trace(go.Scatter(x=s["periods"], y=s[side], mode="lines+markers", name=name,
                                 line={"color": color}, legendgroup=side, marker={"size": 4}))
        fig.add_trace(go.Scatter(x=s["periods"], y=s[f"fitted_{side}"], mode="lines",
                                 name=f"{name}: fitted (one step)", legendgroup=side,
                                 line={"color": color, "dash": "dot", "width": 1}))
        fig.add_trace(go.Scatter(x=s["periods"], y=s[f"path_{side}"], mode="lines",
                                 name=f"{name}: model path", legendgroup=side,
                                 line={"color": color, "dash": "dash"}))
    reading = finding.figures.get("richardson_verdict") or finding.verdict or "no verdict"
    fig.update_layout(title=f"Richardson model: actual vs fitted ({_txt(reading)}, descriptive)",
                      yaxis_title=_txt(str(s.get("transformation", ""))[:60]), height=380,
                      margin={"l": 50, "r": 20, "t": 50, "b": 40})
    return fig


def _band_traces(fig: go.Figure, x: list, band: dict, name: str, color: str, fill: str,
                 dash: str | None = None, row: int | None = None, col: int | None = None) -> None:
    """A mean line with its shaded low–high band (one legend entry)."""
    where = {"row": row, "col": col} if row is not None else {}
    fig.add_trace(go.Scatter(x=x + x[::-1], y=band["high"] + band["low"][::-1], fill="toself",
                             fillcolor=fill, line={"width": 0}, hoverinfo="skip",
                             showlegend=False, legendgroup=name), **where)
    fig.add_trace(go.Scatter(x=x, y=band["mean"] if "mean" in band else band["estimate"],
                             mode="lines+markers", name=_txt(name), legendgroup=name,
                             line={"color": color, "dash": dash}, marker={"size": 4}), **where)


def reciprocity_chart(finding: DynamicsFinding) -> go.Figure | None:
    """Impulse responses of the reciprocity VAR: each side's response to a one-SD shock in the
    other's series, with 95% bands. None without a fit."""
    irf = finding.series.get("irf")
    if not irf:
        return None
    fig = make_subplots(rows=1, cols=len(irf), subplot_titles=[_txt(k) for k in irf])
    for i, ((name, r), color) in enumerate(zip(irf.items(), ("#08519c", "#e6550d"), strict=False)):
        fill = "rgba(8,81,156,0.15)" if i == 0 else "rgba(230,85,13,0.15)"
        _band_traces(fig, list(r["horizon"]), r, name, color, fill, row=1, col=i + 1)
        fig.add_hline(y=0, line={"color": "grey", "width": 1}, row=1, col=i + 1)
    unit = "months" if finding.series.get("kind") == "monthly" else "years"
    fig.update_xaxes(title_text=f"{unit} after the shock")
    verdict = finding.verdict or "no verdict"
    fig.update_layout(title=f"Reciprocity: impulse responses ({_txt(verdict)})", height=360,
                      yaxis_title=_txt(str(finding.series.get("unit", ""))[:60]),
                      margin={"l": 50, "r": 20, "t": 60, "b": 40})
    return fig


def grit_chart(result: dict | object | None) -> go.Figure | None:
    """Simulated GRIT paths: each side's mean path and 5–95% band with the initiator's steps
    and without them (baseline), and the cooperation threshold. `result` is a GritResult or the
    `simulation` dict of a GRIT scenario; None when it has no paths."""
    sim = result.as_dict() if hasattr(result, "as_dict") else result
    if not isinstance(sim, dict) or not sim.get("paths"):
        return None
    paths, x = sim["paths"], list(sim["paths"]["period"])
    styles = {"grit": ("#31a354", "rgba(49,163,84,0.15)", None),
              "baseline": ("#636363", "rgba(99,99,99,0.12)", "dash")}
    fig = make_subplots(rows=1, cols=2, subplot_titles=[
        _txt(f"{sim['responder']} (responds)"), _txt(f"{sim['initiator']} (takes the steps)")])
    for col, side in ((1, sim["responder"]), (2, sim["initiator"])):
        for run, (color, fill, dash) in styles.items():
            _band_traces(fig, x, paths[f"{side} {run}"], f"{side} {run}", color, fill, dash,
                         row=1, col=col)
    fig.add_hline(y=paths["threshold"], line={"color": "green", "dash": "dot"}, row=1, col=1,
                  annotation_text="cooperation threshold")
    fig.add_vrect(x0=0.5, x1=sim["steps"] + 0.5, fillcolor="green", opacity=0.05, line_width=0)
    fig.update_xaxes(title_text=f"{sim.get('period', 'period')}s ahead")
    fig.update_layout(title=_txt(f"GRIT: {sim['steps']} step(s) by {sim['initiator']} — "
                                 f"P(threshold within {sim['horizon']}) = {sim['p_reach']:.0%}, "
                                 f"exploitation risk {sim['exploitation_risk']:.0%}"),
                      height=380, margin={"l": 50, "r": 20, "t": 60, "b": 40})
    return fig


def ripeness_chart(finding: DynamicsFinding) -> go.Figure | None:
    """Zartman's ripeness year by year (each year as of the same day): the mutually hurting
    stalemate index, the way-out index and ripeness (their geometric mean); None without a
    series."""
    s = finding.series
    if not s or not s.get("dates"):
        return None
    fig = go.Figure()
    lines = (("mhs_index", "hurting stalemate", "#cb181d", "dot"),
             ("way_out_index", "way out", "#2171b5", "dot"), ("ripeness", "ripeness", "#238b45", None))
    verdicts = [_txt(v or "no verdict") for v in s.get("verdict", [])]
    for key, name, color, dash in lines:
        fig.add_trace(go.Scatter(x=s["dates"], y=s.get(key, []), mode="lines+markers", name=name,
                                 line={"color": color, "dash": dash,
                                       "width": 3 if key == "ripeness" else 1.5},
                                 text=verdicts, hovertemplate="%{x}: %{y:.2f} (%{text})"))
    fig.add_hline(y=0.5, line={"color": "grey", "width": 1, "dash": "dash"})
    fig.update_layout(title=_txt(f"Ripeness (Zartman): {finding.verdict or 'no verdict'}"),
                      yaxis_range=[-0.02, 1.02], yaxis_title="index (0 … 1)", height=340,
                      margin={"l": 50, "r": 20, "t": 50, "b": 40})
    return fig


# each dynamics model's chart, by the finding's name in `Assessment.dynamics`
DYNAMICS_CHARTS = {"escalation": escalation_chart, "reciprocity": reciprocity_chart,
                   "ripeness": ripeness_chart}
