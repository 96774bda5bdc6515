import datetime as dt

import pandas as pd
import pytest
from numpy.testing import assert_allclose

import detente
from detente.assess.outlook import outlook, rivalry_spells
from factories import ctx


def _tss(rows):
    frame = pd.DataFrame(rows, columns=["tssr_id", "rivalry", "ccode1", "ccode2", "start", "end"])
    for col in ("positional", "spatial", "ideological", "interventionary", "principal", "aprin"):
        frame[col] = False
    frame["ongoing"] = frame["end"] >= frame["end"].max()
    return frame


TSS = _tss([(1, "r1", 10, 20, 1900, 1905), (2, "r2", 30, 40, 1900, 1910),
            (3, "r3", 50, 60, 1900, 1920), (4, "dyad", 1, 2, 1915, 1920)])


def test_conditional_probabilities_match_a_hand_computed_kaplan_meier():
    # As of 1920: r1 and r2 ended (durations 5.5 and 10.5); r3 and the dyad run on (censored
    # at 20.5 and 5.5). KM: S(5.5) = 3/4, S(10.5) = 3/4 · 1/2 = 3/8. The dyad is 5.5 years old:
    # P(end ≤ 1) = 1 − S(6.5)/S(5.5) = 0; P(end ≤ 5) = P(end ≤ 10) = 1 − (3/8)/(3/4) = 1/2.
    out = outlook(ctx("1920-06-01", "AAA", "BBB"), TSS, 1, 2, mean_score=0.0)
    base = [out.horizons[h].base for h in ("1", "5", "10")]
    assert_allclose(base, [0.0, 0.5, 0.5], atol=1e-6)
    assert out.rivalry["name"] == "dyad" and out.rivalry["age"] == 5
    assert_allclose(out.base_rate, 2 / (5.5 + 10.5 + 20.5 + 5.5), rtol=1e-4)


def test_ends_after_the_as_of_date_are_not_known_yet():
    spells = rivalry_spells(TSS, 1907).set_index("rivalry")
    assert list(spells.index) == ["r1", "r2", "r3"]
    assert spells["ended"].tolist() == [True, False, False]   # r2 ends in 1910: unknown in 1907
    assert spells.loc["r2", "duration"] == 7.5


def test_the_data_end_is_censoring_not_an_end():
    spells = rivalry_spells(TSS, 2030)
    assert not spells.set_index("rivalry").loc[["r3", "dyad"], "ended"].any()


def test_better_cracks_shift_the_probability_up_monotonically():
    c = ctx("1920-06-01", "AAA", "BBB")
    ps = [outlook(c, TSS, 1, 2, mean_score=s).horizons["5"].probability
          for s in (-1.0, -0.5, 0.0, 0.5, 1.0)]
    assert ps == sorted(ps) and ps[0] < ps[-1]
    mid = outlook(c, TSS, 1, 2, mean_score=0.0).horizons["5"]
    assert mid.low <= mid.probability <= mid.high


def test_no_rivalry_says_so():
    out = outlook(ctx("1920-06-01", "AAA", "BBB"), TSS, 1, 99, mean_score=0.0)
    assert out.horizons is None and "No strategic rivalry" in out.note


def test_real_usa_rus_outlook_rises_with_the_horizon():
    a = detente.assess("USA", "RUS", as_of="2026-11-24", history=False)
    ps = [a.outlook.horizons[h].probability for h in ("1", "5", "10")]
    assert ps[0] < ps[1] < ps[2]
    assert a.outlook.rivalry["name"] == "Russia-United States"
    assert a.datasets == ["tss_rivalries"]


def test_usa_chn_between_rivalries_has_no_outlook():
    a = detente.assess("USA", "CHN", as_of="1985-01-01", history=False)
    assert a.outlook.horizons is None and "No strategic rivalry" in a.outlook.note


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
