"""The dynamics as the reports show them: figures as rows, and a plain reason where a model has
no verdict."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import detente
from detente.assess.dynamics import dynamics
from detente.core.countries import State, resolve
from detente.core.errors import UsageError
from detente.core.finding import DynamicsFinding
from detente.datasets import cow_states
from detente.dossier.load import load_dossier
from detente.report.dynamics_view import figure_rows, headline
from detente.report.html import render_html
from detente.report.text import render_markdown

pytestmark = pytest.mark.slow  # real processes and servers: run by scripts/test


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
    assert ripeness.verdict is None and ripeness.reason  # no conflict to ripen between them
    assert headline("ripeness", ripeness).startswith("ripeness: no verdict")
    assert ripeness.reason in render_markdown(a)
    html = render_html(a)
    assert 'id="dynamics-ripeness"' in html and "Why there is no verdict" in html
    frame = a.dynamics_frame()
    assert list(frame["model"]) == ["escalation", "reciprocity", "ripeness"]
    assert frame.set_index("model").loc["ripeness", "reason"] == ripeness.reason


def _random_pairs_and_days(n: int, seed: int) -> list[tuple[State, State, dt.date]]:
    """`n` (state, state, day) drawn at random: a day in 1920–2026, then two different states
    that were members of the COW state system on it (a state still a member when the COW data
    end, 2016, is taken to be one still) and that detente resolves."""
    states = cow_states()
    last = states["enddate"].max()
    end = states["enddate"].where(states["enddate"] < last, dt.date(2026, 11, 30))
    rng = np.random.default_rng(seed)
    first, span = dt.date(1920, 1, 1).toordinal(), dt.date(2026, 11, 30).toordinal()
    out: list[tuple[State, State, dt.date]] = []
    while len(out) < n:
        day = dt.date.fromordinal(int(rng.integers(first, span)))
        alive = sorted(set(states.loc[(states["stdate"] <= day) & (end >= day), "ccode"]))
        ca, cb = rng.choice(alive, size=2, replace=False)
        try:
            sa, sb = resolve(int(ca)), resolve(int(cb))
        except UsageError:
            continue  # a COW state detente does not know (e.g. a 19th-century German state)
        if sa.iso3 != sb.iso3:
            out.append((sa, sb, day))
    return out


def test_every_dynamics_model_gives_a_verdict_or_a_reason_on_random_real_pairs():
    """No model ends in a traceback: on 100 random pairs of states and days each finding has a
    verdict or says why it has none (issue 11: ARM–AZE on 2020-10-15 died in the VAR fit)."""
    cases = [(resolve("ARM"), resolve("AZE"), dt.date(2020, 10, 15)),
             *_random_pairs_and_days(100, seed=20_261_206)]
    unexplained, verdicts = [], dict.fromkeys(("escalation", "reciprocity", "ripeness"), 0)
    for sa, sb, day in cases:
        found = dynamics(sa, sb, day, load_dossier(sa, sb).as_of(day), charts=False)
        for kind in verdicts:
            f = getattr(found, kind)
            verdicts[kind] += f.verdict is not None
            if f.verdict is None and not f.reason:
                unexplained.append(f"{sa.iso3}-{sb.iso3} {day} {kind}")
    assert not unexplained
    # the draw reaches real fits too, not only pairs without data
    assert verdicts["escalation"] > 0 and verdicts["reciprocity"] > 0, verdicts


def test_each_verdict_carries_its_validation_or_says_it_has_none():
    a = detente.assess("USA", "RUS", as_of="1988-06-01", history=False)
    esc, rec, rip = a.dynamics.escalation, a.dynamics.reciprocity, a.dynamics.ripeness
    assert esc.verdict is not None and esc.validation is not None and esc.validation.low > 0.5
    assert "validated: AUC" in headline("escalation", esc)
    # the Richardson reaction is reported, and why it gives no verdict
    assert esc.figures["validation"]["reaction"]["low"] <= 0.5
    for kind, f in (("reciprocity", rec), ("ripeness", rip)):
        if f.verdict is not None:
            assert f.validation is None and f.validation_note.startswith("no validation cases")
            assert "not validated" in headline(kind, f)
    assert "validated: AUC" in render_markdown(a)
