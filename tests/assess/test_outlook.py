"""The outlook: the fitted rivalry model on the as-of date, its interval, drivers and the
dossier's news; real data from the mirror."""

import datetime as dt

import numpy as np
import pytest

import detente
from conftest import TODAY
from detente.assess.crack_years import models
from detente.assess.outlook import outlook
from detente.datasets import tss_rivalries
from detente.models import fitted
from detente.models.rivalry import FEATURES
from detente.panel.rivalries import DATASETS
from factories import ctx


@pytest.fixture(scope="module")
def usa_rus_today():
    return detente.assess("USA", "RUS", as_of="2026-11-24", history=False)


def test_usa_rus_today_has_probabilities_an_interval_and_drivers(usa_rus_today):
    o = usa_rus_today.outlook
    ps = [o.horizons[h].probability for h in ("1", "5", "10")]
    assert ps[0] < ps[1] < ps[2]
    for h in o.horizons.values():
        assert 0 <= h.low <= h.probability <= h.high <= 1 and h.low < h.high
    assert o.rivalry["name"] == "Russia-United States" and o.rivalry["covariate_year"] == 2020
    assert o.drivers and {d["direction"] for d in o.drivers} == {"up", "down"}
    # 2021–2026 come from the dossier: its news shifts every year's log-odds (a driver when the
    # push is large enough to list)
    assert o.shift["news_since"] == "2020-12-31" and set(o.shift["crack_changes"]) <= {
        "armed_conflict", "negotiation", "coercion", "arms_control", "societal_ties", "diplomacy"}
    news = [d for d in o.drivers if d["factor"] == "dossier_news"]
    assert news or abs(o.shift["logit_shift"]) < 0.05
    for d in news:  # its words say the way it pushes
        assert ("raises" in d["says"]) == (d["direction"] == "up") != ("lowers" in d["says"])
    assert "bootstrap" in o.method and "Pushing it up" in o.note
    dyn = usa_rus_today.dynamics
    dynamics_data = {d for f in (dyn.escalation, dyn.reciprocity, dyn.ripeness) for d in f.datasets}
    assert set(DATASETS) <= set(usa_rus_today.datasets)
    assert "cow_nmc" in dynamics_data  # the Richardson fit


def test_the_thaw_of_1971_raises_the_usa_china_outlook_over_the_year_before_it_began():
    # the models refitted at each date give 8.5 % in mid-1969 (the Ussuri clashes, before the
    # Warsaw talks resumed) and 12.3 % in mid-1971 (December 2026). Mid-1965 reads higher than
    # both: the model fitted at 1964 weighs the ten years of disputes before it (rivalries that
    # flare often end more often), not any thaw, so it is no baseline for one
    found = {day: detente.assess("USA", "CHN", as_of=day, history=False).outlook
             for day in ("1969-06-01", "1971-06-01")}
    p = {day: o.horizons["5"].probability for day, o in found.items()}
    assert p["1971-06-01"] > p["1969-06-01"]
    for o in found.values():  # every driver is a fitted effect, in words, with its log-odds
        assert o.drivers and all((d["factor"] in FEATURES or d["factor"] == "dossier_news")
                                 and d["says"] and (d["log_odds"] > 0) == (d["direction"] == "up")
                                 for d in o.drivers)


def test_news_moves_the_crack_covariates_through_the_fitted_coefficients():
    tss = tss_rivalries()
    c = ctx("2026-11-24", "USA", "RUS")
    source = models()
    plain = outlook(c, tss, 2, 365, source)
    news = {"armed_conflict": 0.2, "coercion": 0.2, "societal_ties": 0.2, "diplomacy": 0.2}
    better = outlook(c, tss, 2, 365, source, news=lambda day: news)
    assert plain.shift["mean_crack_change"] is None and "panel alone" in plain.note
    assert better.shift["news_since"] == "2020-12-31" and better.shift["mean_crack_change"] == 0.2
    model = source.fitted_at(2020).model
    row = source.row_for(better.rivalry["tssr_id"], 2026)
    crack_coefs = model.params[[f for f in model.features if f.startswith("crack_")]]
    assert len(crack_coefs) >= 4  # the outlook's model keeps the cracks
    for h in ("1", "5", "10"):
        assert better.horizons[h].base == plain.horizons[h].probability
    # the 1-year figure is the annual hazard with the moved covariates, and the shift is its
    # change in log-odds: nothing hand-set
    assert model.hazard(row)[0] == pytest.approx(plain.horizons["1"].probability, abs=1e-4)
    logit = lambda p: np.log(p / (1 - p))  # noqa: E731
    p1 = (better.horizons["1"].probability, plain.horizons["1"].probability)
    rounding = sum(5e-5 / (p * (1 - p)) for p in p1)  # probabilities are kept to 4 decimals
    assert logit(p1[0]) - logit(p1[1]) == pytest.approx(better.shift["logit_shift"], abs=max(2e-3, rounding))
    assert better.shift["logit_shift"] != 0


def test_the_model_sees_only_what_was_known_on_the_date():
    o = outlook(ctx("1975-06-01", "USA", "RUS"), tss_rivalries(), 2, 365, models())
    assert "up to 1974" in o.method and o.rivalry["covariate_year"] == 1974
    assert models().fitted_at(1974).model.cut == 1974


def test_usa_chn_between_rivalries_has_no_outlook():
    a = detente.assess("USA", "CHN", as_of="1985-01-01", history=False)
    assert a.outlook.horizons is None and "No strategic rivalry" in a.outlook.note


def test_a_pair_without_a_dossier_gets_the_panel_alone():
    a = detente.assess("GRC", "TUR", as_of="2010-06-01", history=False)
    assert a.outlook.horizons["5"].probability == a.outlook.horizons["5"].base
    assert "panel alone" in a.outlook.note and a.outlook.rivalry["name"] == "Greece-Turkey 2"
    assert any("No dossier" in w for w in a.warnings)


def test_missing_dataset_still_assesses_and_names_the_command(empty_home):
    a = detente.assess("USA", "RUS", as_of="2024-01-01", history=False)
    assert len(a.cracks) == 6 and a.outlook.horizons is None
    assert a.outlook.method == "unavailable"
    assert a.outlook.missing == [{"dataset": "tss_rivalries",
                                  "command": "detente data pull tss_rivalries"}]
    assert any("detente data pull tss_rivalries" in w for w in a.warnings)


@pytest.mark.parametrize("day", ["1950-01-01", "1975-06-01", "2026-11-24"])
def test_probabilities_are_probabilities(day):
    a = detente.assess("USA", "RUS", as_of=dt.date.fromisoformat(day), history=False)
    if a.outlook.horizons:
        for h in a.outlook.horizons.values():
            assert 0 <= h.low <= h.probability <= h.high <= 1


def test_the_news_rule_points_the_right_way_on_the_dossier_pairs():
    from detente.assess.news_check import check_news
    from detente.core.countries import resolve
    from detente.dossier.load import load_dossier

    pairs = [(resolve(a), resolve(b), load_dossier(resolve(a), resolve(b), today=TODAY))
             for a, b in (("USA", "RUS"), ("USA", "CHN"), ("EGY", "ISR"))]
    check = check_news(pairs, tss_rivalries(), fitted.Models())
    assert len(check.rows) > 100 and check.rows["ends_within_5"].sum() >= 5
    assert check.auc > 0.5 and check.best_shift > 0   # better news, likelier end


def test_a_closed_crack_never_pushes_toward_the_end():
    # USA–USSR in mid-1987: the datasets' coercion crack was closed (arms to each other's foes);
    # fitted freely, that pushed the end up by +0.75 log-odds. The cracks' coefficients are held
    # ≥ 0, so a crack can only push up when it is open.
    o = outlook(ctx("1987-06-01", "USA", "RUS"), tss_rivalries(), 2, 365, models())
    model = models().fitted_at(1986).model
    assert (model.params[[f for f in model.features if f.startswith("crack_")]] >= 0).all()
    cracks = [d for d in o.drivers if d["factor"].startswith("crack_")]
    for d in cracks:  # up only with the words of a higher (more open) score
        assert (d["direction"] == "up") == (d["says"] == FEATURES[d["factor"]][0]), d
    assert not any(d["factor"] == "crack_coercion" and d["direction"] == "up" for d in o.drivers)
