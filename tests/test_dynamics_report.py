"""The dynamics as the reports show them: figures as rows, and a plain reason where a model has
no verdict."""

from __future__ import annotations

import detente
from detente.core.finding import DynamicsFinding
from detente.report.dynamics_view import figure_rows, headline
from detente.report.html import render_html
from detente.report.text import render_markdown


def test_figures_become_rows_with_intervals_on_one_line():
    f = DynamicsFinding(method="m", figures={
        "milex": {"coefficients": {"k": {"estimate": 0.2301, "low": 0.0932, "high": 0.3671,
                                         "p": 0.0016}},
                  "stable": True, "n": 39, "datasets": ["cow_nmc"]},
        "long": list(range(20))})
    rows = dict(figure_rows(f))
    assert rows["milex.coefficients.k"] == "+0.23 [+0.0932, +0.367] (p = 0.0016)"
    assert rows["milex.stable"] == "true" and rows["milex.n"] == "39"
    assert "milex.datasets" not in rows and "long" not in rows  # left to the JSON


def test_a_missing_verdict_says_why_in_every_report():
    a = detente.assess("BRA", "ARG", as_of="2000-01-01", history=False)
    ripeness = a.dynamics.ripeness
    assert ripeness.verdict is None and "no dossier" in ripeness.reason
    assert headline("ripeness", ripeness).startswith("ripeness: no verdict")
    assert ripeness.reason in render_markdown(a)
    html = render_html(a)
    assert 'id="dynamics-ripeness"' in html and "Why there is no verdict" in html
    frame = a.dynamics_frame()
    assert list(frame["model"]) == ["escalation", "reciprocity", "ripeness"]
    assert frame.set_index("model").loc["ripeness", "reason"] == ripeness.reason
