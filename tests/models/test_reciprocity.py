"""Reciprocity VAR (Goldstein & Freeman): planted coefficients come back within their intervals,
Granger tests find the planted direction only, and the pair's finding uses only data known on
the as-of day (annual MIDs without an event store, monthly net cooperation with one)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from detente.core.countries import resolve
from detente.core.errors import DataError
from detente.core.finding import DynamicsFinding
from detente.events.ingest import ingest
from detente.models.reciprocity import VERDICTS, Reciprocity
from detente.models.reciprocity_finding import named, reciprocity_finding
from detente.report.plots import reciprocity_chart
from events_data import generate

USA, RUS = resolve("USA"), resolve("RUS")
# A answers B (0.3 on B's last value); B acts from routine alone (0 on A's).

@pytest.fixture(autouse=True)
def _own_events(own_events_only):
    """These tests read a store of their own: without the reference WEIS events."""


PLANTED = np.array([[0.4, 0.3], [0.0, 0.5]])
INTERCEPT = np.array([0.2, -0.1])


def simulate(n: int, coefs=PLANTED, intercept=INTERCEPT, lag2=None, seed: int = 0) -> pd.DataFrame:
    """A two-variable VAR with unit-variance independent shocks, burn-in dropped."""
    rng = np.random.default_rng(seed)
    coefs, burn = np.asarray(coefs), 200
    x = np.zeros((n + burn, 2))
    for t in range(2, n + burn):
        x[t] = intercept + coefs @ x[t - 1] + rng.normal(size=2)
        if lag2 is not None:
            x[t] += np.asarray(lag2) @ x[t - 2]
    return pd.DataFrame(x[burn:], columns=["A", "B"])


def test_planted_coefficients_are_recovered_within_their_intervals():
    m = Reciprocity().fit(simulate(500))
    assert m.lags == 1
    for side, want in ((0, 0.3), (1, 0.0)):
        c = m.reciprocity(side)
        assert c.low < want < c.high, (side, c)
    for side, want in ((0, 0.4), (1, 0.5)):
        own = m.routine(side)["own_lags"]
        assert own["low"] < want < own["high"]
        const = m.routine(side)["intercept"]
        assert const["low"] < INTERCEPT[side] < const["high"]


def test_estimates_match_equation_by_equation_least_squares():
    """Reference: a VAR(1) is OLS of each series on a constant and both lagged series
    (numpy.linalg.lstsq, computed here independently of statsmodels)."""
    data = simulate(300, seed=4)
    m = Reciprocity(maxlags=1).fit(data)
    y, x = data.to_numpy()[1:], np.column_stack([np.ones(299), data.to_numpy()[:-1]])
    beta = np.linalg.lstsq(x, y, rcond=None)[0]  # rows: const, A(t-1), B(t-1); cols: A, B
    assert_allclose(m.reciprocity(0).estimate, beta[2, 0], rtol=1e-8)
    assert_allclose(m.reciprocity(1).estimate, beta[1, 1], rtol=1e-8)
    assert_allclose(m.routine(0)["intercept"]["estimate"], beta[0, 0], atol=1e-4)
    # the statsmodels-style views carry the same sums
    assert_allclose(m.params[["reciprocity A", "reciprocity B", "routine A", "routine B"]],
                    [beta[2, 0], beta[1, 1], beta[1, 0], beta[2, 1]], rtol=1e-8)
    frame = m.summary_frame()
    assert (frame["low"] < frame["estimate"]).all() and (frame["estimate"] < frame["high"]).all()
    assert_allclose(m.conf_int().loc["reciprocity A", "low"], m.reciprocity(0).low)


def test_the_intervals_cover_the_planted_coefficient_about_95_percent_of_the_time():
    hits = 0
    for seed in range(100):
        c = Reciprocity(maxlags=1).fit(simulate(200, seed=seed)).reciprocity(0)
        hits += c.low < 0.3 < c.high
    assert 88 <= hits <= 99


def test_granger_finds_the_planted_direction_and_not_the_absent_one():
    m = Reciprocity().fit(simulate(500))
    assert m.granger_p(1) < 0.001  # B → A planted
    assert m.granger_p(0) > 0.05  # A → B absent
    assert m.verdict == "A answers B only"
    swapped = Reciprocity().fit(simulate(500)[["B", "A"]])
    assert swapped.verdict == "B answers A only"
    mutual = Reciprocity().fit(simulate(500, coefs=[[0.4, 0.3], [0.3, 0.4]]))
    assert mutual.verdict == "mutual reciprocity"
    routine = Reciprocity().fit(simulate(500, coefs=[[0.5, 0.0], [0.0, 0.5]]))
    assert routine.verdict == "routine (no reciprocity)"


def test_a_negative_answer_is_not_reciprocity():
    m = Reciprocity().fit(simulate(500, coefs=[[0.4, -0.3], [0.0, 0.5]]))
    assert m.granger_p(1) < 0.001 and m.reciprocity(0).high < 0
    assert m.verdict == "routine (no reciprocity)"


def test_lag_selection_finds_a_planted_second_lag():
    data = simulate(800, coefs=[[0.3, 0.0], [0.0, 0.3]], lag2=[[0.0, 0.4], [0.0, 0.2]], seed=2)
    m = Reciprocity(maxlags=6).fit(data)
    assert m.lags == 2
    c = m.reciprocity(0)
    assert c.low < 0.4 < c.high


def test_impulse_response_of_a_var1_is_coefficient_times_shock():
    m = Reciprocity(maxlags=1).fit(simulate(500))
    irf = m.impulse(impulse=1, response=0)
    sd_b = np.sqrt(m.var.sigma_u.iloc[1, 1])
    b = m.var.coefs[0]
    assert irf["estimate"].iloc[0] == 0.0  # not orthogonalised: no same-period answer
    assert_allclose(irf["estimate"].iloc[1], b[0, 1] * sd_b, rtol=1e-10)
    row = irf.iloc[1]
    assert row["low"] < 0.3 * sd_b < row["high"]


def test_short_or_constant_series_are_refused():
    with pytest.raises(DataError, match="too short"):
        Reciprocity().fit(simulate(8))
    flat = simulate(100).assign(B=1.0)
    with pytest.raises(DataError, match="constant"):
        Reciprocity().fit(flat)


@pytest.fixture
def no_store(monkeypatch, tmp_path):
    monkeypatch.setenv("DETENTE_HOME", str(tmp_path / "home"))


def test_usa_russia_without_event_data_runs_on_annual_mid_hostility(no_store):
    f = reciprocity_finding(USA, RUS, dt.date(2026, 11, 24))
    assert isinstance(f, DynamicsFinding)
    assert f.method == "VAR reciprocity (annual MID hostility)"
    assert f.span == ["1946", "2014"]  # COW MIDs end in 2014
    named_verdicts = {named(v, ("USA", "RUS")) for v in VERDICTS}
    assert f.verdict in named_verdicts and "A answers" not in f.verdict
    assert {"USA answers RUS", "RUS answers USA"} == set(f.figures["reciprocity"])
    assert set(f.figures["granger_p"]) == {"RUS → USA", "USA → RUS"}
    assert f.figures["un_voting"]["verdict"] in named_verdicts
    assert {"cow_mid_dirdisps", "unga_ideal_points"} <= set(f.datasets)
    assert len(f.series["periods"]) == len(f.series["USA"]) == 69
    assert max(f.series["USA"]) <= 0  # negated hostility: 0 is a year without a MID


def test_the_finding_uses_only_years_known_on_the_as_of_day(no_store):
    f = reciprocity_finding(USA, RUS, dt.date(1980, 6, 1))
    assert f.span == ["1946", "1979"]
    assert f.series["periods"][-1] == "1979"


def test_too_little_data_gives_every_reason(no_store):
    with pytest.raises(DataError) as exc:
        reciprocity_finding(USA, RUS, dt.date(1960, 1, 1))
    message = exc.value.message
    assert "MIDs: only 14 years" in message and "UN ideal points" in message


def test_a_pair_with_few_mids_falls_back_to_un_ideal_points(no_store):
    f = reciprocity_finding(USA, resolve("CAN"), dt.date(2020, 1, 1))
    assert f.method == "VAR reciprocity (annual UNGA ideal points)"
    assert f.span == ["1947", "2019"]


@pytest.fixture(scope="module")
def event_home(tmp_path_factory):
    """An event store of 40,000 generated GDELT 2.0 events, 2014–2023 (no planted reciprocity)."""
    root = tmp_path_factory.mktemp("recip-events")
    generate(root / "gen", rows=40000, files=2, seed=9)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DETENTE_HOME", str(root / "home"))
        ingest(sorted((root / "gen").glob("*.export.CSV")))
        yield


def test_monthly_event_data_are_preferred_when_the_store_has_enough_months(event_home):
    f = reciprocity_finding(USA, RUS, dt.date(2023, 6, 1))
    assert f.method == "VAR reciprocity (monthly event data)"
    assert f.span[1] == "2023-05"  # the last complete month before the as-of day
    assert f.span[0].startswith("2014-")
    assert f.series["kind"] == "monthly"
    assert all(-1 <= v <= 1 for v in f.series["USA"])
    assert "un_voting" not in f.figures
    # generated events are drawn independently: no side answers the other
    assert f.verdict == "routine (no reciprocity)"


def test_the_chart_draws_both_impulse_responses_with_bands(no_store):
    fig = reciprocity_chart(reciprocity_finding(USA, RUS, dt.date(2026, 11, 24)))
    names = {t.name for t in fig.data if t.showlegend is not False}
    assert names == {"RUS after a USA shock", "USA after a RUS shock"}
    assert sum(t.fill == "toself" for t in fig.data) == 2
    assert reciprocity_chart(DynamicsFinding(method="x", reason="none")) is None


def test_findings_follow_the_event_store_within_one_process(monkeypatch, tmp_path):
    """A finding computed before events were ingested is not reused after (the caches are keyed
    on the store)."""
    from detente.assess.dynamics import dynamics
    from detente.dossier.load import load_dossier

    monkeypatch.setenv("DETENTE_HOME", str(tmp_path / "home"))
    day = dt.date(2023, 6, 1)
    cut = load_dossier(USA, RUS).as_of(day)
    before = dynamics(USA, RUS, day, cut, charts=False).reciprocity
    assert before.figures["data"] == "annual-mid"
    generate(tmp_path / "gen", rows=40000, files=2, seed=9)
    ingest(sorted((tmp_path / "gen").glob("*.export.CSV")))
    after = dynamics(USA, RUS, day, cut, charts=False).reciprocity
    assert after.figures["data"] == "monthly"
