"""GRIT simulation (Osgood) on fitted reciprocity VARs, and the `grit:<country>:<n>` scenario."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys

import pytest
from numpy.testing import assert_allclose
from scipy import stats
from test_reciprocity import simulate

from conftest import TODAY
from detente.assess.scenarios import resolve_scenario
from detente.assess.scenarios.grit import GritScenario, parse_grit
from detente.core.countries import resolve
from detente.core.errors import UsageError
from detente.dossier.load import load_dossier
from detente.models.grit import simulate_grit
from detente.models.reciprocity import Reciprocity, ReciprocityResults
from detente.report.plots import grit_chart

pytestmark = pytest.mark.slow  # real processes and servers: run by scripts/test

LEVELS = (0.0, 0.15, 0.3, 0.45)


def _fit(b: float, seed: int = 3) -> ReciprocityResults:
    """B answers A with weight b (and A answers B alike); own persistence 0.3."""
    return Reciprocity(maxlags=1).fit(simulate(300, coefs=[[0.3, b], [b, 0.3]], seed=seed))


@pytest.fixture(scope="module")
def runs():
    return {b: simulate_grit(_fit(b), initiator=0, steps=3, period="month") for b in LEVELS}


def test_stronger_reciprocity_reaches_the_threshold_sooner_with_less_exploitation(runs):
    # GRIT's own effect: reaching with the steps minus reaching without them (each simulated
    # series ends elsewhere, so the baseline alone may already reach the threshold)
    lift = [runs[b].p_reach - runs[b].p_reach_baseline for b in LEVELS]
    risk = [runs[b].exploitation_risk for b in LEVELS]
    assert lift == sorted(lift) and lift[0] < 0.01 and lift[-1] > 0.9
    assert risk == sorted(risk, reverse=True)
    none, strong = runs[0.0], runs[0.45]
    assert 0.2 < none.exploitation_risk < 0.8  # nothing planted: a coin toss
    assert strong.exploitation_risk < 0.01
    medians = [runs[b].median_periods or math.inf for b in LEVELS]
    assert medians[0] == math.inf and medians[-1] <= 3
    assert medians[2:] == sorted(medians[2:], reverse=True)


def test_the_expected_first_response_is_the_cross_coefficient_times_the_step():
    """VAR(1): a step δ in A in period 1 moves B by b·δ in period 2 (and not in period 1), so
    the mean response over periods 1–2 is b·δ/2, averaged over the coefficient draws."""
    m = Reciprocity(maxlags=1).fit(simulate(300, coefs=[[0.3, 0.0], [0.3, 0.3]], seed=2))
    r = simulate_grit(m, initiator=0, steps=1, period="month", draws=4000)
    b = m.var.coefs[0][1, 0]
    assert_allclose(r.per_step[0]["expected_response"], b * r.step_size / 2, rtol=0.05)
    assert_allclose(r.step_size, m.data["A"].std(), rtol=1e-3)


def test_one_step_exploitation_risk_is_the_chance_the_cross_coefficient_is_not_positive():
    """With one step on a VAR(1) the response has the sign of the responder's cross
    coefficient, so the risk is Φ(−estimate / se) of that coefficient (B answers A: planted
    0.3; A answers B: planted 0)."""
    m = Reciprocity(maxlags=1).fit(simulate(300, coefs=[[0.3, 0.0], [0.3, 0.3]], seed=2))
    for initiator in (0, 1):
        c = m.reciprocity(1 - initiator)
        risk = simulate_grit(m, initiator=initiator, steps=1, draws=4000).exploitation_risk
        assert_allclose(risk, stats.norm.cdf(-c.estimate / c.se), atol=0.02)
    assert simulate_grit(m, initiator=1, steps=1).exploitation_risk > 0.5


def test_simulation_settings_are_checked_and_reproducible():
    m = _fit(0.3)
    with pytest.raises(ValueError, match="1–12"):
        simulate_grit(m, 0, 13)
    first = simulate_grit(m, 1, 2, draws=300, seed=5).as_dict()
    assert first == simulate_grit(m, 1, 2, draws=300, seed=5).as_dict()
    assert len(first["paths"]["period"]) == first["horizon"] == 10  # years by default
    assert {"A grit", "A baseline", "B grit", "B baseline"} <= set(first["paths"])


@pytest.mark.parametrize("spec, fragment", [
    ("grit:USA", "expected grit:<country>:<n>"),
    ("grit:USA:0", "1–12"),
    ("grit:USA:13", "1–12"),
    ("grit:USA:three", "1–12"),
    ("grit:Atlantis:3", "unknown country 'Atlantis'"),
    ("GRIT::3", "expected grit:<country>:<n>"),
])
def test_bad_grit_specs_name_the_expected_format(spec, fragment):
    with pytest.raises(UsageError, match=fragment) as exc:
        resolve_scenario(spec)
    assert "grit:<country>:<n>" in str(exc.value)


def test_grit_specs_resolve_to_a_scenario():
    sc = resolve_scenario("grit:russia:2")
    assert isinstance(sc, GritScenario) and sc.name == "grit:RUS:2" and sc.n == 2
    assert parse_grit("ceasefire") is None


@pytest.fixture(scope="module")
def usa_rus():
    return load_dossier(resolve("USA"), resolve("RUS"), today=TODAY).as_of(TODAY)


def test_the_initiator_must_be_one_of_the_pair():
    cut = load_dossier(resolve("USA"), resolve("CHN"), today=TODAY).as_of(dt.date(2020, 1, 1))
    with pytest.raises(UsageError, match="RUS is not one of the pair USA–CHN"):
        parse_grit("grit:RUS:3").apply(cut)


@pytest.mark.parametrize("who", ["USA", "RUS"])
def test_the_scenario_adds_the_steps_and_the_answers_the_simulation_supports(usa_rus, who):
    sc = parse_grit(f"grit:{who}:3")
    applied = sc.apply(usa_rus)
    after, sim = applied.dossier, applied.simulation
    other = "RUS" if who == "USA" else "USA"
    assert sim["initiator"] == who and sim["responder"] == other and sim["steps"] == 3
    assert sim["data"] == "annual-mid" and sim["period"] == "year"
    added = {f.id for f in after.facts} - {f.id for f in usa_rus.facts}
    stem = f"scenario-grit-{who.lower()}-3"
    assert {f"{stem}-step-{k}" for k in (1, 2, 3)} <= added
    answered = {f"{stem}-answer-{s['step']}" for s in sim["per_step"]
                if s["p_positive"] > 0.5 and s["expected_response"] >= 0.25 * sim["responder_sd"]}
    assert {a for a in added if "-answer-" in a} == answered
    assert (f"{stem}-bridge" in added) == (sim["p_reach"] > 0.5)
    assert set(sim["facts"]) == added
    assert 0 <= sim["exploitation_risk"] <= 1 and 0 <= sim["p_reach"] <= 1


def test_the_chart_shows_both_runs_for_both_sides(runs):
    fig = grit_chart(runs[0.3])
    names = {t.name for t in fig.data if t.showlegend is not False}
    assert names == {"A grit", "A baseline", "B grit", "B baseline"}
    assert grit_chart({"error": "no data"}) is None


def test_the_cli_carries_the_grit_steps_in_json():
    proc = subprocess.run([sys.executable, "-m", "detente", "assess", "USA", "RUS", "--scenario",
                           "grit:USA:3", "--format", "json"], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    (sc,) = out["scenarios"]
    assert sc["name"] == "grit:USA:3"
    sim = sc["simulation"]
    assert sim["steps"] == 3 and len(sim["per_step"]) == 3
    assert [f for f in sim["facts"] if "-step-" in f] == [
        f"scenario-grit-usa-3-step-{k}" for k in (1, 2, 3)]
    assert sim["reciprocity_verdict"] == out["dynamics"]["reciprocity"]["verdict"]
    assert sim["paths"]["period"] == list(range(1, sim["horizon"] + 1))


def test_the_cli_rejects_a_bad_grit_spec_in_one_line():
    proc = subprocess.run([sys.executable, "-m", "detente", "assess", "USA", "RUS", "--scenario",
                           "grit:USA:99"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    assert "grit:<country>:<n>" in proc.stderr and "Traceback" not in proc.stderr
