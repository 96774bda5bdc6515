"""The dyad-year panel: same rows as peacesciencer, steps that keep them, values from the sources."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from conftest import MIRROR
from detente import panel as P
from detente.core.errors import DataError, UsageError
from detente.datasets.peacesciencer import read
from detente.panel.frame import attach

YEARS = (1940, 2024)


@pytest.fixture(scope="session")
def built():
    """The panel for YEARS after each step, with the row count seen after each."""
    frame = P.dyad_years(years=YEARS)
    counts = [("dyad_years", len(frame))]
    for step in P.ALL_STEPS:
        frame = step(frame)
        counts.append((step.__name__, len(frame)))
    return frame, counts


def row(frame, a, b, year):
    lo, hi = sorted((a, b))
    hit = frame[(frame.ccode1 == lo) & (frame.ccode2 == hi) & (frame.year == year)]
    assert len(hit) == 1
    return hit.iloc[0]


def test_dyad_years_are_peacesciencers_cow_ddy():
    ddy = read("cow_ddy")
    ours = P.dyad_years(years=(1816, 2024))
    theirs = ddy[ddy.ccode1 < ddy.ccode2]
    assert len(ours) == len(theirs) == 1_107_465
    merged = ours.merge(theirs, how="outer", indicator=True)
    assert (merged["_merge"] == "both").all()
    assert len(P.dyad_years(years=(1990, 1990), directed=True)) == len(ddy[ddy.year == 1990])


def test_every_step_keeps_the_row_count(built):
    frame, counts = built
    assert {n for _, n in counts} == {len(P.dyad_years(years=YEARS))}
    assert frame[["ccode1", "ccode2", "year"]].equals(P.dyad_years(years=YEARS)[["ccode1", "ccode2", "year"]])


def test_every_column_is_na_outside_its_coverage(built):
    frame, _ = built
    checked = 0
    for step in P.steps_of(frame)[1:]:
        for col in step["columns"]:
            first, last = step["coverage"][col]
            outside = frame[(frame.year < first) | (frame.year > last)]
            assert outside[col].isna().all(), (step["step"], col)
            checked += len(outside) > 0
            assert frame.loc[frame.year.between(first, last), col].notna().any(), col
    assert checked >= 25  # most sources end before 2024


def test_steps_name_their_datasets(built):
    frame, _ = built
    used = P.datasets_of(frame)
    assert used[0] == "cow_states"
    assert {"tss_rivalries", "cow_nmc", "cow_mid_ddydisps", "atop_alliance", "un_votes",
            "unga_ideal_points", "terrthreat", "cow_majors", "archigossums"} <= set(used)


def test_known_facts_come_through(built):
    frame, _ = built
    assert row(frame, 2, 365, 1962)["mid_ongoing"] and row(frame, 2, 365, 1962)["tss_rival"]
    assert not row(frame, 2, 365, 1995)["tss_rival"] and row(frame, 2, 365, 2015)["tss_rival"]
    assert row(frame, 2, 710, 1951)["war_ongoing"]            # Korea
    assert row(frame, 2, 200, 1960)["atop_defense"]           # NATO
    assert row(frame, 2, 20, 1990)["conttype"] == 1           # USA–Canada land border
    usa_1963 = row(frame, 2, 20, 1963)
    assert usa_1963["leader_change1"] and usa_1963["irregular1"]  # Kennedy assassinated
    assert row(frame, 2, 710, 1980)["major2"] and not row(frame, 2, 710, 1949)["major2"]
    assert row(frame, 2, 710, 1965)["common_rivals"] >= 1     # the Soviet Union after the split


def test_capabilities_match_the_nmc_table(built):
    frame, _ = built
    nmc = pd.read_csv(MIRROR / "peacesciencer" / "cow_nmc.csv").set_index(["ccode", "year"])["cinc"]
    r = row(frame, 2, 365, 1970)
    assert_allclose([r.cinc1, r.cinc2], [nmc[(2, 1970)], nmc[(365, 1970)]], rtol=1e-9)
    share = lambda y: nmc[(2, y)] / (nmc[(2, y)] + nmc[(365, y)])  # noqa: E731
    assert_allclose(r.cap_share1, share(1970))
    assert_allclose(r.cap_shift10, share(1970) - share(1960))


def test_un_agreement_matches_the_mirrors_derived_usa_russia_series(built):
    # Reference: derived_usa_rus_agreement_by_year.csv, computed by the mirror's helper from the
    # same votes by a pairwise comparison (see unvotes/SOURCE.md), rounded to 4 decimals.
    frame, _ = built
    ref = pd.read_csv(MIRROR / "unvotes" / "derived_usa_rus_agreement_by_year.csv")
    ref = ref[ref.year.between(YEARS[0], 2019)].set_index("year")
    ours = frame[(frame.ccode1 == 2) & (frame.ccode2 == 365)].set_index("year").loc[ref.index]
    assert (ours["un_joint"].to_numpy() == ref["n_joint_votes"].to_numpy()).all()
    assert_allclose(ours["un_agree"].astype(float), ref["agree_share"], atol=1e-4)
    assert_allclose(ours["un_agree3"].astype(float), ref["agree3_share"], atol=1e-4)


def test_peace_years_match_a_count_by_hand(built):
    frame, _ = built
    mids = pd.read_csv(MIRROR / "peacesciencer" / "cow_mid_ddydisps.csv")
    hot = sorted(set(mids[(mids.ccode1 == 2) & (mids.ccode2 == 365) & (mids.cowmidongoing == 1)].year))
    usa_rus = frame[(frame.ccode1 == 2) & (frame.ccode2 == 365) & (frame.year <= 2014)]
    for r in usa_rus.itertuples():
        last = max((y for y in hot if y <= r.year), default=1816)
        assert r.mid_peaceyears == r.year - last, r.year
        onsets = mids[(mids.ccode1 == 2) & (mids.ccode2 == 365) & (mids.cowmidonset == 1)
                      & mids.year.between(r.year - 9, r.year)].year.nunique()
        assert r.mid_onsets_10y == onsets, r.year


def test_a_step_that_would_duplicate_rows_is_refused():
    frame = P.dyad_years(years=(2000, 2000))
    dup = pd.DataFrame({"lo": [2, 2], "hi": [20, 20], "year": [2000, 2000], "x": [1, 2]})
    with pytest.raises(DataError, match="row count"):
        attach(frame, step="bad", sql="SELECT p.row, d.x FROM p LEFT JOIN d ON d.lo = p.lo "
               "AND d.hi = p.hi AND d.year = p.year", sources={"d": dup}, datasets=[],
               coverage=(2000, 2000))


def test_misuse_is_a_usage_error():
    with pytest.raises(UsageError, match="system"):
        P.dyad_years(system="gw")
    frame = P.add_major_powers(P.dyad_years(years=(2000, 2001)))
    with pytest.raises(UsageError, match="already has column"):
        P.add_major_powers(frame)
    with pytest.raises(UsageError, match="not a detente panel"):
        P.add_wars(pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [1990]}))


def test_directed_panels_carry_state_columns_by_side():
    frame = P.add_capabilities(P.dyad_years(years=(1970, 1970), directed=True))
    ab, ba = row_directed(frame, 2, 365), row_directed(frame, 365, 2)
    assert ab.cinc1 == ba.cinc2 and np.isclose(ab.cap_share1, 1 - ba.cap_share1)


def row_directed(frame, a, b):
    hit = frame[(frame.ccode1 == a) & (frame.ccode2 == b)]
    assert len(hit) == 1
    return hit.iloc[0]


def test_whittle_and_filter_remove_rows_and_say_so():
    frame = P.dyad_years(years=(1990, 2000))
    cut = P.filter_dyads(P.whittle_years(frame, 1995, 1996), [(365, 2)])
    assert cut[["ccode1", "ccode2"]].drop_duplicates().values.tolist() == [[2, 365]]
    assert cut.year.tolist() == [1995, 1996]
    assert [s["step"] for s in P.steps_of(cut)] == ["dyad_years", "whittle_years", "filter_dyads"]
