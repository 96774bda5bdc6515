"""The rivalry-termination model: its rows, its fit (against scikit-learn), its forecasts, its
baselines and the backtest, on the real TSS rivalries and panel."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.linear_model import LogisticRegression

from detente.datasets import tss_rivalries
from detente.models import fitted
from detente.models.backtest import backtest
from detente.models.baselines import DurationWeibull
from detente.models.rivalry import DURATION, FEATURE_SETS, TYPE, RivalryHazard, design, ridge_logit
from detente.models.rivalry_data import rivalry_years


@pytest.fixture(scope="module")
def rows():
    return fitted.rivalry_rows(fitted.data_end())


@pytest.fixture(scope="module")
def result(rows):
    return backtest(rows, tss_rivalries(), (1970, 1990))


def test_rows_are_rivalry_years_with_censoring_at_the_data_end(rows):
    tss = tss_rivalries()
    running = tss[~tss["ongoing"] | (tss["end"] <= 2020)]
    expected = sum(max(0, r.end - max(r.start, 1817) + 1) for r in running.itertuples())
    assert len(rows) == expected
    assert rows.groupby("tssr_id")["ends"].sum().max() == 1
    assert rows["ends"].sum() == (~tss["ongoing"] & (tss["end"] >= 1817)).sum()
    ongoing = rows[rows["ongoing"]]
    assert not ongoing["ends"].any()                      # 2020 is the data's end, not an end
    assert ongoing.loc[ongoing["year"] > 2016, "ends_within_5"].isna().all()
    assert not ongoing.loc[ongoing["year"] <= 2016, "ends_within_5"].any()
    usa_ussr = rows[rows["rivalry"] == "United States-USSR 2"].set_index("year")
    assert usa_ussr.loc[1989, "ends"] and usa_ussr.loc[1985:1989, "ends_within_5"].all()
    assert not usa_ussr.loc[1984, "ends_within_5"]


def test_covariates_are_those_known_when_the_year_began(rows):
    usa_ussr = rows[rows["rivalry"] == "United States-USSR 2"].set_index("year")
    assert (usa_ussr["panel_year"] == usa_ussr.index - 1).all()
    beyond = fitted.rivalry_rows(2026)
    late = beyond[(beyond["rivalry"] == "Russia-United States") & (beyond["year"] == 2026)].iloc[0]
    assert late["panel_year"] == 2020 and late["age"] == 19


def test_ridge_logit_matches_scikit_learn(rows):
    # Reference: scikit-learn's LogisticRegression (lbfgs) on the same standardised design.
    x = design(rows)[list(DURATION + TYPE)].to_numpy()
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    y = rows["ends"].to_numpy(bool)
    w = 0.5 ** ((2020 - rows["year"].to_numpy()) / 25)
    coef, intercept = ridge_logit(x, y, w, C=0.1)
    ref = LogisticRegression(C=0.1, tol=1e-10, max_iter=10_000).fit(x, y, sample_weight=w)
    assert_allclose(coef, ref.coef_[0], atol=1e-5)
    assert_allclose(intercept, ref.intercept_[0], atol=1e-5)


def test_multi_year_forecasts_compose_the_annual_hazard(rows):
    model = RivalryHazard(DURATION + TYPE, C=0.1).fit(rows, 1990)
    sample = rows[rows["year"] == 1995]
    ageing = [model.hazard(sample.assign(age=sample["age"] + k)) for k in range(5)]
    assert_allclose(model.predict(sample, 5), 1 - np.prod([1 - h for h in ageing], axis=0))
    p1, p5, p10 = (model.predict(sample, h) for h in (1, 5, 10))
    assert (p1 < p5).all() and (p5 < p10).all()
    assert_allclose(p1, model.hazard(sample))


def test_the_fit_ignores_everything_after_the_cut(rows):
    changed = rows.copy()
    later = changed["year"] > 1970
    changed.loc[later, "ends"] = ~changed.loc[later, "ends"]      # rewrite the future
    a = RivalryHazard().fit(rows, 1970)
    b = RivalryHazard().fit(changed, 1970)
    assert_allclose(a.params, b.params) and a.intercept == b.intercept


def test_a_model_without_ends_is_refused(rows):
    from detente.core.errors import DataError

    with pytest.raises(DataError, match="no rivalry ended"):
        RivalryHazard().fit(rows[~rows["ends"]], 1990)


def test_weibull_baseline_matches_lifelines_survival():
    tss = tss_rivalries()
    w = DurationWeibull().fit(tss, 1990)
    t = np.array([1.0, 5.0, 20.0, 60.0])
    assert_allclose(w.survival(t), w.fitter_.survival_function_at_times(t).to_numpy(), rtol=1e-9)


@pytest.mark.slow  # the full backtest: two cuts, 500 bootstrap draws each
def test_backtest_beats_the_plain_logit_and_the_base_rate(result):
    table = result.table().set_index(["cut", "model"])
    for cut in (1970, 1990):
        ours, plain = table.loc[(cut, "rivalry_hazard")], table.loc[(cut, "plain_logit")]
        assert ours["brier"] < plain["brier"] < ours["brier_base"]
        assert ours["log_loss"] < plain["log_loss"] and ours["auc"] > plain["auc"]
    assert table.loc[(1990, "rivalry_hazard"), "brier_ratio"] <= 0.90


@pytest.mark.slow  # the full backtest: two cuts, 500 bootstrap draws each
def test_backtest_json_has_the_documented_shape(result):
    data = result.to_json_dict()
    assert list(data) == ["1970", "1990"]
    for cut, scores in zip((1970, 1990), data.values(), strict=True):
        assert set(scores) == {"brier", "brier_base", "log_loss", "auc", "n", "brier_ratio", "interval",
                               "choice", "calibration", "models", "ablation"}
        assert 0 < scores["brier"] < scores["brier_base"] and 0.5 < scores["auc"] <= 1
        assert scores["brier_ratio"] == pytest.approx(scores["brier"] / scores["brier_base"], abs=1e-4)
        ours = result.table().set_index(["cut", "model"]).loc[(cut, "rivalry_hazard")]
        assert scores["models"]["rivalry_hazard"]["auc"] == ours["auc"]
        assert set(scores["models"]) == {"rivalry_hazard", "duration_type", "duration_weibull",
                                         "plain_logit", "base_rate"}
        assert scores["choice"]["features"] in FEATURE_SETS
        assert sum(b["n"] for b in scores["calibration"]) == scores["n"]


@pytest.mark.slow  # the full backtest: two cuts, 500 bootstrap draws each
def test_calibration_tables_cover_every_forecast(result):
    for r in result.cuts:
        assert r.calibration["n"].sum() == r.five_year["rivalry_hazard"]["n"]
        assert (r.calibration["forecast"].between(0, 1)).all()


def test_rivalry_years_need_the_panel_columns():
    from detente.core.errors import DataError

    with pytest.raises(DataError, match="lacks a column"):
        rivalry_years(tss_rivalries(), pd.DataFrame({"ccode1": [2], "ccode2": [365], "year": [2000]}))
