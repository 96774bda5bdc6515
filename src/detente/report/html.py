"""A self-contained HTML report: works offline (plotly.js inlined), numbered references."""

from __future__ import annotations

import plotly.offline
from jinja2 import Environment, PackageLoader, select_autoescape

from detente.assess.result import Assessment
from detente.core.scoring import signed
from detente.report import plots
from detente.report.dynamics_view import figure_rows, findings, grit_line
from detente.report.references import References, cite_line

_ENV = Environment(loader=PackageLoader("detente.report", "templates"),
                   autoescape=select_autoescape(["html", "j2"]))
_ENV.filters["signed"] = signed


def _div(fig) -> str | None:
    return None if fig is None else fig.to_html(full_html=False, include_plotlyjs=False)


def render_html(a: Assessment) -> str:
    """The whole report as one HTML string."""
    refs = References(a)
    charts = [c for c in (_div(plots.crack_history(a)) if a.history else None,
                          _div(plots.treaty_timeline(a)), _div(plots.event_index_for(a)),
                          _div(plots.outlook_bars(a)), _div(plots.scenario_deltas(a)),
                          *[_div(plots.grit_chart(s.simulation)) for s in a.scenarios
                            if s.simulation]) if c]
    dynamics = [(kind, f, _div(plots.DYNAMICS_CHARTS[kind](f))) for kind, f in findings(a)]
    return _ENV.get_template("report.html.j2").render(
        a=a, refs=refs, cite_line=cite_line, charts=charts, dynamics=dynamics,
        figure_rows=figure_rows, grit_line=grit_line,
        plotlyjs=plotly.offline.get_plotlyjs())
