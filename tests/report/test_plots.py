"""The Plotly figures shared by the HTML report and the dashboard."""

import datetime as dt

import pytest

import detente
from detente.report import plots
from detente.report.html import render_html


@pytest.fixture(scope="module")
def usa_rus():
    return detente.assess("USA", "RUS", as_of="2026-11-24", scenarios=["ceasefire"],
                          history=False)


def test_treaty_timeline_draws_every_phase_from_start_to_end(usa_rus):
    fig = plots.treaty_timeline(usa_rus)
    phase_bars = [t for t in fig.data if t.type == "bar" and t.legendgroup == "phase"]
    drawn = sum(len(t.y) for t in phase_bars)
    assert drawn == sum(len(t.phases) for t in usa_rus.treaties)
    in_force = next(t for t in phase_bars if t.name == "in force")
    i = next(i for i, text in enumerate(in_force.customdata) if "Intermediate-Range" in text)
    start = dt.date.fromisoformat(in_force.base[i])
    assert start == dt.date(1988, 6, 1)
    days = in_force.x[i] / 86_400_000
    assert start + dt.timedelta(days=days) == dt.date(2019, 2, 1)
    held = [t for t in fig.data if t.name and t.name.endswith(": held")]
    assert held and fig.layout.yaxis2.title.text == "inspections / yr"


def test_treaty_timeline_is_none_without_treaties():
    a = detente.assess("BRA", "ARG", as_of="2000-01-01", history=False)
    assert plots.treaty_timeline(a) is None


def test_outlook_fan_plots_each_horizon_with_its_interval(usa_rus):
    fig = plots.outlook_fan(usa_rus)
    lines = [t for t in fig.data if t.mode == "lines+markers"]
    assert [t.name for t in lines] == ["baseline", "ceasefire"]
    hs = usa_rus.outlook.horizons
    assert list(lines[0].x) == [0.0] + [float(h) for h in hs]
    assert list(lines[0].y) == [0.0] + [v.probability for v in hs.values()]
    band = fig.data[0]
    assert max(band.y) == pytest.approx(max(v.high for v in hs.values()))


def test_text_from_files_is_inert_in_chart_labels(usa_rus):
    treaty = usa_rus.treaties[0].model_copy(update={"name": "<script>alert(1)</script>"})
    fig = plots.treaty_timeline(usa_rus.model_copy(update={"treaties": [treaty]}))
    labels = [y for t in fig.data if t.type == "bar" for y in (t.y or ())]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in labels
    assert not any("<script>" in str(y) for y in labels)


def test_the_html_report_carries_the_treaty_timeline(usa_rus):
    html = render_html(usa_rus)
    assert "Arms-control treaties as known on 2026-11-24" in html
