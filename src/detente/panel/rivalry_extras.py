"""More of what the literature says ends rivalries, for every TSS rivalry pair and year (read
from the warehouse tables, vectorised; cached on disk): regime and regime change (V-Dem's
electoral democracy index), trade growth (COW dyadic trade) and a decisive war between them
(COW inter-state wars won by one side). Each value for year t uses records of years ≤ t only;
trade (COW to 2014) is carried forward within the pair from its last known year."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from detente.datasets import tss_rivalries
from detente.datasets.cache import cached_frame

DATASETS = ("tss_rivalries", "vdem_polyarchy", "cow_trade_dyadic", "cow_war_inter")
VERSION = "rivalry-extras-2"
YEARS = (1816, 2020)
COLUMNS = ("dem_min", "dem_both", "dem_change5", "trade_growth5", "log_trade", "decisive_war_10y",
           "years_since_war")
DECISIVE = (1, 2)  # COW war outcome: 1 win, 2 loss (3 compromise, 4 transformed, 6 stalemate …)


def _pairs() -> pd.DataFrame:
    tss = tss_rivalries()
    pairs = tss[["ccode1", "ccode2"]].drop_duplicates()
    years = pd.DataFrame({"year": np.arange(YEARS[0], YEARS[1] + 1)})
    return pairs.merge(years, how="cross").sort_values(["ccode1", "ccode2", "year"]).reset_index(drop=True)


def _democracy(frame: pd.DataFrame) -> pd.DataFrame:
    from detente.datasets import warehouse

    vdem = warehouse.table("vdem_polyarchy", ["ccode", "year", "v2x_polyarchy"]).dropna()
    vdem = vdem.groupby(["ccode", "year"], as_index=False)["v2x_polyarchy"].mean()
    vdem = vdem.sort_values(["ccode", "year"])
    vdem["change5"] = vdem.groupby("ccode")["v2x_polyarchy"].diff(5).abs()
    side = lambda n: vdem.rename(columns={"ccode": f"ccode{n}", "v2x_polyarchy": f"dem{n}",  # noqa: E731
                                          "change5": f"dch{n}"})
    out = frame.merge(side(1), on=["ccode1", "year"], how="left").merge(side(2), on=["ccode2", "year"],
                                                                        how="left")
    out["dem_min"] = out[["dem1", "dem2"]].min(axis=1, skipna=False)
    out["dem_both"] = ((out["dem1"] >= 0.5) & (out["dem2"] >= 0.5)).astype("float64").where(
        out["dem_min"].notna())
    out["dem_change5"] = out[["dch1", "dch2"]].max(axis=1, skipna=False)
    return out.drop(columns=["dem1", "dem2", "dch1", "dch2"])


def _trade(frame: pd.DataFrame) -> pd.DataFrame:
    from detente.datasets import warehouse

    trade = warehouse.table("cow_trade_dyadic", ["ccode1", "ccode2", "year", "flow1", "flow2"])
    trade = trade[trade["ccode1"] < trade["ccode2"]]
    trade = trade.assign(log_trade=np.log1p(trade[["flow1", "flow2"]].sum(axis=1, min_count=1)))
    out = frame.merge(trade[["ccode1", "ccode2", "year", "log_trade"]], on=["ccode1", "ccode2", "year"],
                      how="left")
    pair = out.groupby(["ccode1", "ccode2"])
    out["trade_growth5"] = out["log_trade"] - pair["log_trade"].shift(5)
    # carried forward within the pair past gaps and past the data's end (2014), as the panel's
    # sources are: a rivalry-year after 2014 reads the last known trade, not the median
    carried = out.groupby(["ccode1", "ccode2"])[["log_trade", "trade_growth5"]].ffill()
    out[["log_trade", "trade_growth5"]] = carried
    return out


def _wars(frame: pd.DataFrame) -> pd.DataFrame:
    """years_since_war: years since the last year of a war between them (NaN: none yet);
    decisive_war_10y: a war between them that one side won ended within the last ten years
    (its outcome counts from its last year on)."""
    from detente.datasets import warehouse

    wars = warehouse.table("cow_war_inter", ["warnum", "ccode1", "ccode2", "year", "sidea1", "sidea2",
                                             "outcome1"])
    wars = wars[wars["sidea1"] != wars["sidea2"]]
    wars = wars.assign(lo=wars[["ccode1", "ccode2"]].min(axis=1), hi=wars[["ccode1", "ccode2"]].max(axis=1))
    ends = wars.groupby(["lo", "hi", "warnum"]).agg(last=("year", "max"), outcome=("outcome1", "last"))
    ends = ends.reset_index().rename(columns={"lo": "ccode1", "hi": "ccode2"})
    ends["decisive"] = ends["outcome"].isin(DECISIVE)
    out = frame.copy()
    since = np.full(len(out), np.nan)
    decisive = np.zeros(len(out))
    index = out.reset_index().groupby(["ccode1", "ccode2"])["index"].apply(np.asarray)
    for e in ends.itertuples():
        rows = index.get((e.ccode1, e.ccode2))
        if rows is None:
            continue
        years = out["year"].to_numpy()[rows]
        after = rows[years >= e.last]
        gap = out["year"].to_numpy()[after] - e.last
        since[after] = np.fmin(since[after], gap) if not np.isnan(since[after]).all() else gap
        if e.decisive:
            decisive[after[gap < 10]] = 1.0
    out["years_since_war"] = since
    out["decisive_war_10y"] = decisive
    return out


def _build() -> pd.DataFrame:
    frame = _wars(_trade(_democracy(_pairs())))
    return frame[["ccode1", "ccode2", "year", *COLUMNS]]


@lru_cache(maxsize=1)
def rivalry_extras() -> pd.DataFrame:
    """(ccode1, ccode2, year) of every TSS pair 1816–2020 with `COLUMNS` (treat as read-only)."""
    return cached_frame("rivalry_extras", DATASETS, VERSION, _build)
