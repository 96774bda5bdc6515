"""Source tables shaped for the panel's joins, read once per process (treat them as read-only).

Each function returns a frame keyed either by state (`ccode, year`) or by sorted pair
(`lo, hi, year`, lo < hi), and its coverage (first, last year the source speaks for).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from detente.datasets import tss_rivalries
from detente.datasets.peacesciencer import read
from detente.datasets.unga import unga_ideal_points, votes_by_year
from detente.panel.agreement import vote_agreement

Table = tuple[pd.DataFrame, tuple[int, int]]

# COW code → Gleditsch–Ward code where they differ (Archigos is coded in GW).
_COW_TO_GW = {255: 260, 679: 678, 946: 970, 947: 973, 955: 972, 970: 971}
GW_SERBIA_FROM = 2006  # GW codes Serbia 340 from June 2006; COW keeps 345
WAR_COVERAGE_END = 2007  # COW Inter-State War v4.0 covers 1816–2007 (no war began 2004–07)
VOTES_COVERAGE_END = 2019  # unvotes: 2020 holds a single roll call (SOURCE.md)


def _span(frame: pd.DataFrame, col: str = "year") -> tuple[int, int]:
    return int(frame[col].min()), int(frame[col].max())


def _pair(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["lo"] = np.minimum(frame["ccode1"], frame["ccode2"])
    out["hi"] = np.maximum(frame["ccode1"], frame["ccode2"])
    return out


@lru_cache(maxsize=1)
def tss_years() -> Table:
    """One row per TSS rivalry-year (at most one rivalry per pair and year)."""
    tss = tss_rivalries()
    rows = [(r.ccode1, r.ccode2, y, r.tssr_id) for r in tss.itertuples()
            for y in range(max(r.start, 1816), r.end + 1)]
    years = pd.DataFrame(rows, columns=["lo", "hi", "year", "tssr_id"])
    years = years.merge(tss.drop(columns=["ccode1", "ccode2"]), on="tssr_id", validate="many_to_one")
    return years, (int(tss["start"].min()), int(tss["end"].max()))


@lru_cache(maxsize=1)
def td_years() -> Table:
    td = read("td_rivalries")
    rows = [(min(r.ccode1, r.ccode2), max(r.ccode1, r.ccode2), y, r.rivalryno)
            for r in td.itertuples() for y in range(r.styear, r.endyear + 1)]
    years = pd.DataFrame(rows, columns=["lo", "hi", "year", "rivalryno"])
    return years.drop_duplicates(["lo", "hi", "year"]), (1816, int(td["endyear"].max()))


@lru_cache(maxsize=1)
def state_rivals() -> pd.DataFrame:
    """(ccode, rival, year) for every TSS rivalry-year, both directions."""
    years, _ = tss_years()
    a = years[["lo", "hi", "year"]].set_axis(["ccode", "rival", "year"], axis=1)
    b = years[["hi", "lo", "year"]].set_axis(["ccode", "rival", "year"], axis=1)
    return pd.concat([a, b], ignore_index=True)


@lru_cache(maxsize=1)
def nmc() -> Table:
    frame = read("cow_nmc")[["ccode", "year", "cinc"]]
    return frame, _span(frame)


@lru_cache(maxsize=2)
def disputes(source: str) -> Table:
    """MID dyad-years, non-directed: lo, hi, year, onset, ongoing, hostlev (max)."""
    name, prefix = {"cow": ("cow_mid_ddydisps", "cowmid"), "gml": ("gml_mid_ddydisps", "gmlmid")}[source]
    raw = _pair(read(name))
    frame = (raw.assign(onset=raw[f"{prefix}onset"].fillna(False),
                        ongoing=raw[f"{prefix}ongoing"].fillna(False))
             .groupby(["lo", "hi", "year"], as_index=False)
             .agg(onset=("onset", "max"), ongoing=("ongoing", "max"), hostlev=("hostlev", "max")))
    frame = frame.astype({"onset": bool, "ongoing": bool})
    return frame, (1816, _span(raw)[1])


@lru_cache(maxsize=1)
def wars() -> Table:
    raw = _pair(read("cow_war_inter"))
    frame = (raw.assign(onset=raw["cowinteronset"].fillna(False).astype(bool),
                        ongoing=raw["cowinterongoing"].fillna(False).astype(bool))
             .groupby(["lo", "hi", "year"], as_index=False).agg(onset=("onset", "max"),
                                                               ongoing=("ongoing", "max")))
    return frame, (1816, WAR_COVERAGE_END)


@lru_cache(maxsize=1)
def alliances() -> Table:
    raw = read("atop_alliance")
    kinds = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    frame = _pair(raw).groupby(["lo", "hi", "year"], as_index=False)[kinds].max()
    return frame.astype(dict.fromkeys(kinds, "bool")), (1816, _span(raw)[1])


@lru_cache(maxsize=1)
def igos() -> Table:
    raw = read("cow_igo_ndy")
    return _pair(raw)[["lo", "hi", "year", "dyadigos"]], _span(raw)


@lru_cache(maxsize=1)
def contiguity() -> Table:
    raw = _pair(read("cow_contdir"))
    frame = raw.assign(first=raw["stdate"].dt.year, last=raw["enddate"].dt.year)
    return frame[["lo", "hi", "first", "last", "conttype"]], (1816, int(frame["last"].max()))


@lru_cache(maxsize=1)
def mindist() -> Table:
    raw = read("cow_mindist")
    return _pair(raw)[["lo", "hi", "year", "mindist"]], _span(raw)


@lru_cache(maxsize=1)
def capitals() -> pd.DataFrame:
    raw = read("cow_capitals")
    return raw.assign(first=raw["stdate"].dt.year, last=raw["enddate"].dt.year)[
        ["ccode", "first", "last", "lat", "lng"]]


@lru_cache(maxsize=1)
def leader_changes() -> Table:
    """Archigos state-years keyed by COW code (GW codes mapped back)."""
    raw = read("archigossums")
    gw = raw.rename(columns={"gwcode": "gw"})
    reverse = {g: c for c, g in _COW_TO_GW.items() if c != 255}
    cow = gw["gw"].map(lambda g: reverse.get(g, g))
    # GW 260 is Germany throughout; COW splits it: 255 before 1945 and from 1990, 260 between.
    germany = (gw["gw"] == 260) & ((gw["year"] <= 1945) | (gw["year"] >= 1991))
    serbia = gw["gw"] == 340
    cow = cow.where(~germany, 255).where(~serbia, 345)
    frame = pd.DataFrame({"ccode": cow.astype("int64"), "year": gw["year"],
                          "leadertransition": gw["leadertransition"].astype(bool),
                          "irregular": gw["irregular"].astype(bool)})
    frame = frame.groupby(["ccode", "year"], as_index=False).max()
    return frame, _span(raw)


@lru_cache(maxsize=1)
def territorial_threat() -> Table:
    raw = read("terrthreat")
    return raw[["ccode", "year", "lterrthreat"]], _span(raw)


@lru_cache(maxsize=1)
def majors() -> Table:
    raw = read("cow_majors")
    frame = raw[["ccode", "styear", "endyear"]].rename(columns={"styear": "first", "endyear": "last"})
    return frame, (1816, int(raw["endyear"].max()))


@lru_cache(maxsize=1)
def un_agreement() -> Table:
    votes = votes_by_year()
    frame = vote_agreement(votes[votes["year"] <= VOTES_COVERAGE_END])
    return frame, (int(votes["year"].min()), VOTES_COVERAGE_END)


@lru_cache(maxsize=1)
def ideal_points() -> Table:
    raw = unga_ideal_points()
    frame = raw.groupby(["ccode", "year"], as_index=False)["idealpointfp"].mean()
    return frame, _span(raw)
