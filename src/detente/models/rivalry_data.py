"""Rivalry-years and their covariates: the rows the rivalry-termination model learns from.

One row per TSS rivalry and year t it was running (start ≤ t ≤ end, t ≥ 1817). Covariates are
what was known when year t began: the panel's values for year t − 1, each carried forward
from its last observed year when its source stops earlier (MIDs 2014, IGOs 2014, territorial
threat 2010, leaders 2015 …). Outcomes: `ends` (the rivalry ends in year t) and `ends_within_5`
(it ends in t … t+4). A rivalry whose TSS `end` is the data's last year (2020) is still running:
it never ends in these rows (right-censored), and its 5-year outcome is unknown (NA) once
t + 4 passes that year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detente.core.errors import DataError

FIRST_YEAR = 1817  # the panel starts in 1816; covariates are lagged one year
TYPE_FLAGS = ("positional", "spatial", "ideological", "interventionary", "principal", "aprin")


def active_rivalry(tss: pd.DataFrame, cow_a: int, cow_b: int, year: int) -> pd.Series | None:
    """The rivalry between the two states running in `year`, if any (ongoing ones run on)."""
    lo, hi = sorted((cow_a, cow_b))
    rows = tss[(tss["ccode1"] == lo) & (tss["ccode2"] == hi) & (tss["start"] <= year)
               & ((tss["end"] >= year) | tss["ongoing"])]
    return None if rows.empty else rows.sort_values("start").iloc[-1]


_CARRIED = ("mid_onsets_10y", "mid_peaceyears", "cap_ratio", "cap_shift10", "common_rivals",
            "common_rival_disputes", "atop_any", "dyadigos", "conttype", "terrthreat1",
            "terrthreat2", "ideal_distance", "ideal_distance_change5", "un_agree")
_PANEL_COLUMNS = ("ccode1", "ccode2", "year", *_CARRIED, "leader_change1", "leader_change2",
                  "irregular1", "irregular2")


def _spells(tss: pd.DataFrame, last_year: int) -> pd.DataFrame:
    rows = [(r.tssr_id, y) for r in tss.itertuples()
            for y in range(max(r.start, FIRST_YEAR), min(r.end, last_year) + 1)]
    years = pd.DataFrame(rows, columns=["tssr_id", "year"])
    return years.merge(tss, on="tssr_id", validate="many_to_one")


def _carried(panel: pd.DataFrame) -> pd.DataFrame:
    """Panel values by (lo, hi, year), each carried forward within the pair, plus leader
    changes of either state over the last three panel years and irregular ones over five."""
    missing = [c for c in _PANEL_COLUMNS if c not in panel.columns]
    if missing:
        raise DataError("the panel lacks a column the rivalry model needs", field=missing[0])
    p = panel[list(_PANEL_COLUMNS)].rename(columns={"ccode1": "lo", "ccode2": "hi"})
    p = p.sort_values(["lo", "hi", "year"]).reset_index(drop=True)
    keys = [p["lo"], p["hi"]]
    out = p[["lo", "hi", "year"]].copy()
    out[list(_CARRIED)] = p[list(_CARRIED)].astype("float64").groupby(keys).ffill()
    for col, window in (("leader_change", 3), ("irregular", 5)):
        both = p[f"{col}1"].astype("float64").fillna(0) + p[f"{col}2"].astype("float64").fillna(0)
        total = both.groupby(keys).cumsum()
        out[f"{col}s_{window}y"] = total - total.groupby(keys).shift(window).fillna(0)
    return out


def _rivalry_context(tss: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """ends_5y: other rivalries of either state that ended in t−5 … t−1 (known by t);
    other_rivalries: other rivalries either state had running in t−1."""
    cols = ["tssr_id", "start", "end", "ongoing"]
    sides = pd.concat([tss[[*cols, "ccode1"]].rename(columns={"ccode1": "state"}),
                       tss[[*cols, "ccode2"]].rename(columns={"ccode2": "state"})])
    key = pd.concat([rows[["ccode1"]].rename(columns={"ccode1": "state"}),
                     rows[["ccode2"]].rename(columns={"ccode2": "state"})]).assign(
        row=np.tile(np.arange(len(rows)), 2), year=np.tile(rows["year"].to_numpy(), 2),
        own=np.tile(rows["tssr_id"].to_numpy(), 2))
    pairs = key.merge(sides, on="state")
    pairs = pairs[pairs["tssr_id"] != pairs["own"]]
    ended = pairs[~pairs["ongoing"] & pairs["end"].between(pairs["year"] - 5, pairs["year"] - 1)]
    running = pairs[(pairs["start"] <= pairs["year"] - 1) & (pairs["end"] >= pairs["year"] - 1)]
    count = lambda f: f.groupby("row")["tssr_id"].nunique().reindex(range(len(rows)), fill_value=0)  # noqa: E731
    return pd.DataFrame({"ends_5y": count(ended).to_numpy(), "other_rivalries": count(running).to_numpy()},
                        index=rows.index)


def add_pair_years(rows: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """`rows` with the columns of a (ccode1, ccode2, year) frame as of each row's covariate year:
    the frame's last year up to it (values carried forward past the frame's end)."""
    extra = [c for c in frame.columns if c not in ("ccode1", "ccode2", "year")]
    right = frame.rename(columns={"year": "_frame_year"}).sort_values("_frame_year")
    left = rows.drop(columns=[c for c in extra if c in rows.columns]).reset_index(names="_row")
    out = pd.merge_asof(left.sort_values("covariate_year"), right, left_on="covariate_year",
                        right_on="_frame_year", by=["ccode1", "ccode2"])
    out = out.sort_values("_row").drop(columns=["_row", "_frame_year"])
    out.index = rows.index
    assert len(out) == len(rows)
    return out


def rivalry_years(tss: pd.DataFrame, panel: pd.DataFrame, last_year: int | None = None,
                  covariates: tuple[pd.DataFrame, ...] = ()) -> pd.DataFrame:
    """Rivalry-years with covariates and outcomes (see the module docstring).

    `tss` is `datasets.tss_rivalries()`; `panel` a dyad-year panel of the rivalry pairs with
    the steps rivalries, common_rival, capabilities, disputes, alliances, igos, contiguity,
    leader_changes, un_agreement, territorial_threat. `last_year` (default: the data's end)
    cuts the rows, or adds rows past the data's end for the rivalries still running then
    (their covariates are the last observed ones). `covariates`: more (ccode1, ccode2, year)
    frames, merged as of the covariate year (`add_pair_years`).
    """
    data_end = int(tss["end"].max())
    last = data_end if last_year is None else last_year
    extended = tss.assign(end=np.where(tss["ongoing"], max(data_end, last), tss["end"]))
    rows = _spells(extended, last).sort_values("year", kind="stable")
    rows["covariate_year"] = rows["year"] - 1
    carried = _carried(panel).rename(columns={"lo": "ccode1", "hi": "ccode2", "year": "panel_year"})
    carried = carried.sort_values("panel_year")
    out = pd.merge_asof(rows, carried, left_on="covariate_year", right_on="panel_year",
                        by=["ccode1", "ccode2"])  # the last panel year up to t − 1
    out = out.sort_values(["tssr_id", "year"]).reset_index(drop=True)
    out["end"] = out["tssr_id"].map(tss.set_index("tssr_id")["end"])
    out["age"] = out["year"] - out["start"]
    out["ends"] = (out["year"] == out["end"]) & ~out["ongoing"]
    known5 = ~out["ongoing"] | (out["year"] + 4 <= data_end)
    e5 = (out["end"] <= out["year"] + 4) & ~out["ongoing"]
    out["ends_within_5"] = pd.array(np.where(known5, e5, None), dtype="boolean")
    out = pd.concat([out, _rivalry_context(tss, out)], axis=1)
    for frame in covariates:
        out = add_pair_years(out, frame)
    return out
