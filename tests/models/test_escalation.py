"""The Richardson model: planted coefficients recovered from simulated series, the real
USA–USSR fit, the GRH arms-race validation and the CLI, run as a user runs it."""

import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from detente.core.countries import resolve
from detente.core.errors import DataError
from detente.models import escalation_validate
from detente.models.buildup import VERDICTS as BUILD_UP_VERDICTS
from detente.models.buildup import out_of_sample, youden_threshold
from detente.models.escalation import NAMES, VERDICTS, Richardson
from detente.models.escalation_data import fit_nmc
from detente.models.escalation_finding import escalation_finding
from detente.models.escalation_validate import (
    ASSESSMENT_SCORES,
    VALIDATION_FILE,
    assessment_periods,
    score_period,
)
from detente.report.plots import escalation_chart
from runner import detente

# (k, a, g, l, b, h), the verdict the rule must give, and the series length

@pytest.fixture(autouse=True)
def _own_events(own_events_only):
    """These tests read a store of their own: without the reference WEIS events."""


PLANTED = {
    "damping": ((0.0, 0.3, 0.5, 0.0, 0.25, 0.2), "damping", 200),
    "stable rivalry": ((0.15, 0.4, 0.3, 0.2, 0.35, 0.1), "stable rivalry", 200),
    "spiral": ((0.25, 0.1, 0.05, 0.3, 0.15, 0.02), "spiral", 60),
}
SEEDS = range(100)


def simulate(params: tuple[float, ...], n: int, seed: int, noise: float = 0.1) -> pd.DataFrame:
    """Δx_t = k·y_{t−1} − a·x_{t−1} + g + e_t, Δy_t = l·x_{t−1} − b·y_{t−1} + h + u_t."""
    k, a, g, l_, b, h = params
    rng = np.random.default_rng(seed)
    z = np.zeros((n, 2))
    z[0] = rng.normal(1.0, 0.2, 2)
    for t in range(1, n):
        x, y = z[t - 1]
        z[t] = (x + k * y - a * x + g, y + l_ * x - b * y + h) + rng.normal(0, noise, 2)
    return pd.DataFrame(z, columns=["x", "y"], index=range(1900, 1900 + n))


@pytest.mark.parametrize("case", PLANTED)
def test_planted_coefficients_fall_in_their_intervals_and_the_verdict_is_right(case):
    params, verdict, n = PLANTED[case]
    covered = {name: 0 for name in NAMES}
    verdicts = []
    for seed in SEEDS:
        fit = Richardson().fit(simulate(params, n, seed))
        for name, true in zip(NAMES, params, strict=True):
            c = fit.coefficients[name]
            covered[name] += c.low <= true <= c.high
        verdicts.append(fit.verdict)
    # 95% HAC intervals cover 91–95% here (HAC is a little narrow in short series): allow that,
    # not a biased estimate or a badly narrow interval
    assert all(hits >= 85 for hits in covered.values()), covered
    assert verdicts.count(verdict) >= 90, verdicts


def test_the_fit_matches_least_squares_by_hand_and_the_stability_algebra():
    frame = simulate(PLANTED["stable rivalry"][0], 120, seed=7)
    fit = Richardson().fit(frame)
    prev = frame.shift(1).iloc[1:]
    design = np.column_stack([prev["y"], prev["x"], np.ones(len(prev))])
    kx, ax, gx = np.linalg.lstsq(design, frame["x"].diff().iloc[1:], rcond=None)[0]
    design = np.column_stack([prev["x"], prev["y"], np.ones(len(prev))])
    ly, by, hy = np.linalg.lstsq(design, frame["y"].diff().iloc[1:], rcond=None)[0]
    assert_allclose([fit.value(n) for n in NAMES], [kx, -ax, gx, ly, -by, hy], rtol=1e-8)
    k, a, g, l_, b, h = (fit.value(n) for n in NAMES)
    x_star, y_star = fit.equilibrium
    assert_allclose([k * y_star - a * x_star + g, l_ * x_star - b * y_star + h], [0, 0], atol=1e-10)
    assert_allclose(sorted(abs(fit.eigenvalues)),
                    sorted(abs(np.linalg.eigvals([[1 - a, k], [l_, 1 - b]]))))
    # the model path from the first year obeys z_t = M z_{t-1} + c
    path = fit.path.to_numpy()
    assert_allclose(path[1], fit.matrix @ path[0] + [g, h])
    # the statsmodels-style views agree with the coefficients
    assert list(fit.params.index) == list(NAMES)
    assert_allclose(fit.params.to_numpy(), [fit.value(n) for n in NAMES])
    assert (fit.conf_int()["low"] < fit.params).all() and (fit.params < fit.conf_int()["high"]).all()
    assert fit.summary_frame().loc["k", "p"] == fit.coefficients["k"].p_value
    # one-step predictions are the fitted values
    assert_allclose(fit.predict(frame).iloc[1:].to_numpy(), fit.one_step.to_numpy(), rtol=1e-10)


def test_too_short_a_series_is_a_data_error():
    with pytest.raises(DataError, match="usable"):
        Richardson().fit(simulate(PLANTED["damping"][0], 8, seed=1))


def test_a_side_whose_spending_never_changes_is_a_data_error_not_a_warning():
    # A state that reports the same spending every year leaves the design rank-deficient:
    # statsmodels would warn and return arbitrary coefficients; the fit says why it cannot be made
    frame = simulate(PLANTED["damping"][0], 30, seed=1)
    frame["y"] = 5.0
    with pytest.raises(DataError, match="y never changes"):
        Richardson().fit(frame)


@pytest.fixture(scope="module")
def usa_ussr():
    return fit_nmc(resolve("USA"), resolve("RUS"), 1946, 1991, "milex")


def test_the_real_usa_ussr_milex_fit_is_finite_and_complete(usa_ussr):
    fit = usa_ussr.results
    assert fit.periods[0] == 1946 and fit.periods[-1] == 1991 and fit.n == 45
    for c in fit.coefficients.values():
        assert all(math.isfinite(v) for v in (c.estimate, c.low, c.high)) and c.low < c.high
    assert fit.verdict in VERDICTS
    figures = usa_ussr.figures()
    assert figures["datasets"] == ["cow_nmc"] and "rest of the state system" in figures["transformation"]
    json.dumps(figures)


def test_the_finding_uses_only_what_was_known_and_charts_it():
    usa, rus = resolve("USA"), resolve("RUS")
    f = escalation_finding(usa, rus, dt.date(1988, 6, 1))
    assert f.figures["richardson_verdict"] in VERDICTS and int(f.span[1]) == 1987
    s = f.series
    assert len(s["periods"]) == len(s["x"]) == len(s["path_y"]) and s["periods"][-1] == "1987"
    assert f.figures["events"]["available"] is False     # the test store is empty: said, not failed
    fig = escalation_chart(f)
    assert len(fig.data) == 6 and list(fig.data[0].x) == s["periods"]
    recent = escalation_finding(usa, rus, dt.date(2026, 11, 24))
    assert int(recent.span[0]) >= 1992 and int(recent.span[1]) == 2022  # Russia, not the USSR
    early = escalation_finding(usa, rus, dt.date(1993, 6, 1))
    assert early.verdict is None and "1992" in early.reason
    assert escalation_chart(early) is None


@pytest.fixture(scope="module")
def validation():
    return json.loads(detente("models", "escalation", "validate", "--format", "json").stdout)


def test_validation_reports_auc_with_counts(validation):
    assert {"auc", "n_races", "n_controls", "scores"} <= set(validation)
    assert 0 <= validation["auc"] <= 1 and validation["n_races"] > 30 and validation["n_controls"] > 100
    for row in validation["scores"]:
        assert row["n_races"] <= 71
        assert row["auc"] is None or (0 <= row["low"] <= row["auc"] <= row["high"] <= 1)


@pytest.mark.slow  # runs the CLI as a process
def test_fit_cli_prints_one_fit():
    data = json.loads(detente("models", "escalation", "fit", "USA", "RUS", "--start", "1946",
                              "--end", "1991", "--format", "json").stdout)
    assert data["span"] == ["1946", "1991"] and set(data["coefficients"]) == set(NAMES)
    text = detente("models", "escalation", "fit", "USA", "RUS", "--start", "1992", "--end", "2022",
                   "--series", "milper").stdout
    assert "verdict:" in text and "1992–2022" in text


@pytest.mark.slow  # runs the CLI as a process
@pytest.mark.parametrize(("args", "message"), [
    (("XYZ", "RUS"), "unknown country"),
    (("USA", "RUS", "--start", "2015", "--end", "2022"), "at least 15"),
    (("USA", "RUS", "--series", "events"), "no event data"),
    (("USA", "RUS", "--series", "gdp"), "--series"),
    (("USA", "RUS", "--as-of", "June 1980"), "--as-of"),
])
def test_bad_input_is_one_line_and_exit_2(args, message):
    proc = detente("models", "escalation", "fit", *args, check_ok=False)
    assert proc.returncode == 2 and message in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_youden_threshold_by_hand():
    # races 0.3, 0.5, 0.6; controls 0.1, 0.2, 0.55: J = TPR − FPR is 2/3 at 0.3, 1/3 at 0.5 and 0.6
    y = np.array([True, True, True, False, False, False])
    s = np.array([0.3, 0.5, 0.6, 0.1, 0.2, 0.55])
    assert youden_threshold(y, s) == 0.3


def test_the_packaged_validation_matches_the_data_and_fresh_scores():
    periods = assessment_periods()
    text = (Path(escalation_validate.__file__).parent / VALIDATION_FILE).read_text()
    header = json.loads(text.partition("\n")[0].removeprefix("# "))
    assert header == {"version": escalation_validate.VERSION, "data": escalation_validate.data_key()}
    assert len(periods) > 800 and periods["race"].sum() == 71
    sample = periods.sample(25, random_state=3)
    for r in sample.itertuples():
        fresh = score_period(r.lo, r.hi, r.start, r.end)
        for name in ASSESSMENT_SCORES:
            assert (np.isnan(fresh[name]) and np.isnan(getattr(r, name))) or \
                fresh[name] == pytest.approx(getattr(r, name), rel=1e-12), (r, name)


def test_out_of_sample_leaves_out_the_dyad_and_the_later_cases():
    usa, rus = resolve("USA"), resolve("RUS")
    periods = assessment_periods()
    oos = out_of_sample(usa, rus, dt.date(1975, 7, 17))
    known = periods[(periods["end"] < 1975) & periods["joint_growth"].notna()]
    own = (known["lo"] == 2) & (known["hi"] == 365)
    assert oos.without == (2, 365) and own.any()
    assert oos.n_races == int(known.loc[~own, "race"].sum())
    assert oos.n_controls == int((~known.loc[~own, "race"]).sum())
    later = out_of_sample(usa, rus, dt.date(2026, 11, 24))
    assert later.before == 1994 and later.n_races > oos.n_races


def test_a_verdict_only_from_a_score_that_separates_its_cases():
    usa, rus = resolve("USA"), resolve("RUS")
    reaction = escalation_finding(usa, rus, dt.date(1988, 6, 1)).figures["validation"]["reaction"]
    assert reaction["low"] <= 0.5 <= reaction["high"]  # the Richardson reaction: descriptive only
    for day in (dt.date(1962, 10, 25), dt.date(1988, 6, 1), dt.date(2026, 11, 24)):
        f = escalation_finding(usa, rus, day)
        assert f.figures["richardson_verdict"] in VERDICTS and f.verdict not in VERDICTS
        if f.verdict is None:
            assert f.reason.startswith("descriptive only: reaction score vs GRH arms races AUC")
        else:
            assert f.verdict in BUILD_UP_VERDICTS and f.validation.low > 0.5
            assert f.validation.n > 100 and "GRH arms races" in f.validation.cases
            assert f.span == f.figures["build_up"]["span"]


def test_no_verdict_outside_the_rivalries_it_was_validated_on():
    """The joint build-up was validated on GRH arms races against other rivalry windows: allies
    arming together in the 1980s (the United States and Israel) get a description, not a
    verdict; the superpowers, rivals then, get one."""
    allies = escalation_finding(resolve("USA"), resolve("ISR"), dt.date(1983, 12, 31))
    assert allies.verdict is None and "not strategic rivals (TSS)" in allies.reason
    assert allies.validation is not None and "build_up" in allies.figures  # still described
    rivals = escalation_finding(resolve("USA"), resolve("RUS"), dt.date(1983, 12, 31))
    assert rivals.verdict in BUILD_UP_VERDICTS
