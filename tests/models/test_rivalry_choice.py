"""How the rivalry model is chosen: on pre-cut data only, among feature sets whose added blocks
follow the data (trade carried past its source's end), on the real TSS rivalries and panel."""

import numpy as np
import pandas as pd
import pytest

from detente.models import fitted
from detente.models.rivalry import CRACK_SETS, CRACKS, DURATION, TRADE, TYPE, RivalryHazard, choose, design


@pytest.fixture(scope="module")
def rows():
    return fitted.rivalry_rows(fitted.data_end())


def test_the_choice_never_sees_outcomes_unknown_at_the_cut(rows):
    # Rewrite every outcome not yet known at the end of 1975 (ends after it, 5-year outcomes of
    # the years after 1971) and every later covariate: the choice must not move.
    cut = 1975
    changed = rows.copy()
    changed.loc[changed["year"] > cut, "ends"] = ~changed.loc[changed["year"] > cut, "ends"]
    unknown = changed["year"] > cut - 4
    changed.loc[unknown, "ends_within_5"] = ~changed.loc[unknown, "ends_within_5"].fillna(False)
    changed.loc[changed["year"] > cut, "log_trade"] = 0.0
    sets = ("duration+type", "duration+type+cracks+trade")
    assert choose(rows, cut, sets=sets) == choose(changed, cut, sets=sets)


def test_every_set_the_outlook_chooses_among_keeps_the_cracks():
    from detente.models.rivalry import FEATURE_SETS

    assert "duration+type+cracks+trade+power+regime" in CRACK_SETS
    assert all(set(CRACKS) <= set(FEATURE_SETS[name]) for name in CRACK_SETS)


def test_trade_is_carried_past_the_end_of_its_source(rows):
    # COW trade stops in 2014: a later rivalry-year reads the pair's last known trade, not a gap
    # the training median would fill.
    usa_chn = rows[(rows["ccode1"] == 2) & (rows["ccode2"] == 710)].set_index("year")
    last = usa_chn.loc[2015, "log_trade"]  # covariates of 2014
    assert not np.isnan(last)
    assert (usa_chn.loc[2016:2020, "log_trade"] == last).all()


def test_the_trade_coefficient_has_the_sign_of_the_pre_cut_data(rows):
    # Before 1990 rivalries trading less than the median pair ended more often; the fitted
    # coefficient on trade (beside duration and type) must say the same, not the reverse.
    train = rows[(rows["year"] <= 1990) & rows["log_trade"].notna()]
    low = train["log_trade"] < train["log_trade"].median()
    rate_low, rate_high = train.loc[low, "ends"].mean(), train.loc[~low, "ends"].mean()
    model = RivalryHazard(DURATION + TYPE + TRADE, C=0.1).fit(rows, 1990)
    assert np.sign(model.params["log_trade"]) == np.sign(rate_high - rate_low) != 0


def test_missing_trade_takes_the_training_median(rows):
    model = RivalryHazard(DURATION + TYPE + TRADE, C=0.1).fit(rows, 1990)
    x = design(rows[rows["year"] <= 1990])["log_trade"]
    assert model.standardise.medians["log_trade"] == pytest.approx(float(pd.Series(x).median()))


def test_the_reference_episodes_are_every_tss_end_with_a_year_two_before_it(rows):
    from detente.datasets import tss_rivalries
    from detente.models.episodes import LEAD, tss_ends

    tss = tss_rivalries()
    ended = tss[~tss["ongoing"] & (tss["end"] >= 1950) & (tss["end"] - LEAD >= tss["start"])]
    episodes = tss_ends(rows)
    assert sorted((e.tssr_id, e.year + LEAD) for e in episodes) == sorted(zip(ended["tssr_id"], ended["end"],
                                                                              strict=True))
    assert all(e.kind == "end" for e in episodes)


def test_the_thaw_signals_are_held_nonnegative_where_the_free_fit_turns_them_negative(rows):
    # New leaders, regime change, peace years, UN convergence and trade growth may make an end
    # likelier or do nothing. Fitted freely before 1990 peace years and trade growth come out
    # negative (rivalries ended right after their disputes); held, none is below zero.
    from detente.models.rivalry import NONNEGATIVE, THAW, ridge_logit

    features = DURATION + TYPE + THAW
    held = RivalryHazard(features, C=0.1).fit(rows, 1989)
    assert set(THAW) <= set(NONNEGATIVE)
    assert (held.params[list(THAW)] >= 0).all()
    train = rows[rows["year"] <= 1989]
    x = held.standardise(design(train)[list(features)])
    free, _ = ridge_logit(x, train["ends"].to_numpy(bool), np.ones(len(train)), 0.1)
    assert (free[-len(THAW):] < 0).any()


def test_a_log_duration_set_ages_the_rivalry_in_its_forecasts(rows):
    # Without the linear age term the forecast still ages the rivalry year by year.
    from detente.models.rivalry import LOG_DURATION

    model = RivalryHazard(LOG_DURATION + TYPE, C=0.1).fit(rows, 1990)
    row = rows[rows["year"] == 1991].head(3)
    older = row.assign(age=row["age"] + 1)
    annual = model.hazard(row), model.hazard(older)
    expected = 1 - (1 - annual[0]) * (1 - annual[1])
    assert model.predict(row, 2) == pytest.approx(expected)
