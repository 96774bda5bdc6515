"""Build the full COW system panel (1816–2020, every step) with detente's DuckDB steps and with
a plain pandas merge chain doing the same joins; check that both give the same numbers and
print the times and their ratio.

    DETENTE_MIRROR=../shared/data python benchmarks/bench_panel.py [--first 1816] [--last 2020]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from detente import panel as P
from detente.panel import sources as S
from detente.panel.conflict import _first_years

KEY = ["lo", "hi", "year"]


def _load_sources() -> None:
    for fn in (S.tss_years, S.td_years, S.nmc, S.wars, S.alliances, S.igos, S.contiguity,
               S.mindist, S.capitals, S.leader_changes, S.territorial_threat, S.majors,
               S.un_agreement, S.ideal_points, S.state_rivals, _first_years):
        fn()
    S.disputes("cow")


def _mask(frame: pd.DataFrame, values: pd.Series, cov: tuple[int, int]) -> pd.Series:
    return values.where(frame["year"].between(*cov))


def _state(frame: pd.DataFrame, table: pd.DataFrame, cols: list[str], side: int, lag: int = 0,
           suffix: str = "") -> pd.DataFrame:
    right = table[["ccode", "year", *cols]].rename(columns={c: f"{c}{side}{suffix}" for c in cols})
    right = right.assign(year=right["year"] + lag)
    return frame.merge(right.rename(columns={"ccode": f"ccode{side}"}), how="left",
                       on=[f"ccode{side}", "year"])


def _spell_years(spells: pd.DataFrame, keys: list[str], first: str = "first",
                 last: str = "last") -> pd.DataFrame:
    out = spells.assign(year=[np.arange(a, b + 1) for a, b in zip(spells[first], spells[last],
                                                                  strict=True)])
    return out.explode("year").astype({"year": "int64"})


def pandas_chain(first: int, last: int) -> pd.DataFrame:
    """The same columns as detente's steps, by pandas merges."""
    f = P.dyad_years(years=(first, last))[["ccode1", "ccode2", "year"]].copy()
    f["lo"], f["hi"] = f["ccode1"], f["ccode2"]
    tss, cov = S.tss_years()
    t = tss.rename(columns={"start": "tss_start"})[[*KEY, "tssr_id", "tss_start"]]
    f = f.merge(t, how="left", on=KEY)
    f["tss_rival"] = _mask(f, f["tssr_id"].notna(), cov)
    f["tss_age"] = f["year"] - f["tss_start"]
    td, tdcov = S.td_years()
    f = f.merge(td, how="left", on=KEY)
    f["td_rival"] = _mask(f, f.pop("rivalryno").notna(), tdcov)
    sr = S.state_rivals()
    common = sr.merge(sr, on=["rival", "year"])
    common = common[common["ccode_x"] < common["ccode_y"]].groupby(["ccode_x", "ccode_y", "year"]).size()
    common = common.rename("common_rivals").reset_index().rename(columns={"ccode_x": "lo", "ccode_y": "hi"})
    f = f.merge(common, how="left", on=KEY)
    f["common_rivals"] = _mask(f, f["common_rivals"].fillna(0), cov)
    mids, mcov = S.disputes("cow")
    cr = sr.merge(sr, on=["rival", "year"])
    cr = cr[cr["ccode_x"] < cr["ccode_y"]].rename(columns={"ccode_x": "lo", "ccode_y": "hi"})
    sides = pd.concat([cr.assign(side=cr["lo"]), cr.assign(side=cr["hi"])])
    sides["a"] = np.minimum(sides["side"], sides["rival"])
    sides["b"] = np.maximum(sides["side"], sides["rival"])
    hot = mids.loc[mids["ongoing"], KEY].rename(columns={"lo": "a", "hi": "b", "year": "hot"})
    hot = pd.concat([hot.assign(year=hot["hot"] + k) for k in range(5)])  # counts for 5 years
    fights = sides.merge(hot, on=["a", "b", "year"]).groupby(KEY).size().rename("common_rival_disputes")
    f = f.merge(fights.reset_index(), how="left", on=KEY)
    fcov = (max(cov[0], mcov[0]), mcov[1])
    f["common_rival_disputes"] = _mask(f, f["common_rival_disputes"].fillna(0), fcov)
    nmc, _ = S.nmc()
    for lag, sfx in ((0, ""), (5, "_5"), (10, "_10")):
        f = _state(_state(f, nmc, ["cinc"], 1, lag, sfx), nmc, ["cinc"], 2, lag, sfx)
        f[f"share{sfx}"] = f[f"cinc1{sfx}"] / (f[f"cinc1{sfx}"] + f[f"cinc2{sfx}"])
    f["cap_share1"] = f["share"]
    f["cap_ratio"] = f[["cinc1", "cinc2"]].max(axis=1) / f[["cinc1", "cinc2"]].min(axis=1).replace(0, np.nan)
    f["cap_shift5"], f["cap_shift10"] = f["share"] - f["share_5"], f["share"] - f["share_10"]
    f = f.merge(mids, how="left", on=KEY)
    f["mid_onset"] = _mask(f, f.pop("onset").eq(True), mcov)
    f["mid_ongoing"] = _mask(f, f.pop("ongoing").eq(True), mcov)
    f["mid_hostlev"] = _mask(f, f.pop("hostlev"), mcov)
    firsts = _first_years()
    f = f.merge(firsts.rename(columns={"ccode": "lo", "first": "f1"}), on="lo")
    f = f.merge(firsts.rename(columns={"ccode": "hi", "first": "f2"}), on="hi")
    hot = mids.loc[mids["ongoing"], KEY].assign(last_hot=lambda d: d["year"]).sort_values("year")
    f = pd.merge_asof(f.sort_values("year"), hot, on="year", by=["lo", "hi"])
    f["mid_peaceyears"] = _mask(f, f["year"] - f["last_hot"].fillna(f[["f1", "f2"]].max(axis=1)), mcov)
    cum = mids.sort_values("year").assign(n=lambda d: d.groupby(["lo", "hi"])["onset"].cumsum())
    cum = cum[[*KEY, "n"]]
    f = pd.merge_asof(f, cum, on="year", by=["lo", "hi"])
    f = pd.merge_asof(f.assign(y10=f["year"] - 10).sort_values("y10"),
                      cum.rename(columns={"year": "y10", "n": "n10"}), on="y10", by=["lo", "hi"])
    f["mid_onsets_10y"] = _mask(f, f["n"].fillna(0) - f["n10"].fillna(0), mcov)
    wars, wcov = S.wars()
    f = f.merge(wars.rename(columns={"onset": "war_onset", "ongoing": "war_ongoing"}), how="left", on=KEY)
    for c in ("war_onset", "war_ongoing"):
        f[c] = _mask(f, f[c].eq(True), wcov)
    atop, acov = S.alliances()
    f = f.merge(atop.assign(atop_any=True), how="left", on=KEY)
    for c in ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul", "atop_any"):
        f[c] = _mask(f, f[c].eq(True), acov)
    igo, icov = S.igos()
    f = f.merge(igo, how="left", on=KEY)
    f["dyadigos"] = _mask(f, f["dyadigos"], icov)
    cont, ccov = S.contiguity()
    cy = _spell_years(cont, ["lo", "hi"]).groupby(KEY, as_index=False)["conttype"].min()
    f = f.merge(cy, how="left", on=KEY)
    f["conttype"] = _mask(f, f["conttype"].fillna(0), ccov)
    dist, dcov = S.mindist()
    f = f.merge(dist, how="left", on=KEY)
    f["mindist"] = _mask(f, f["mindist"], dcov)
    caps = _spell_years(S.capitals(), ["ccode"])
    f = _state(_state(f, caps, ["lat", "lng"], 1), caps, ["lat", "lng"], 2)
    p1, p2 = np.radians(f["lat1"].astype(float)), np.radians(f["lat2"].astype(float))
    dl = np.radians(f["lng2"].astype(float) - f["lng1"].astype(float))
    hav = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    f["capdist"] = 2 * 6371.0 * np.arcsin(np.sqrt(hav))
    f = f.sort_values("capdist").drop_duplicates(["ccode1", "ccode2", "year"])
    leaders, lcov = S.leader_changes()
    for side in (1, 2):
        f = _state(f, leaders.rename(columns={"leadertransition": "leader_change", "irregular": "irr"}),
                   ["leader_change", "irr"], side)
        f[f"irregular{side}"] = f.pop(f"irr{side}")
    votes, vcov = S.un_agreement()
    f = f.merge(votes, how="left", on=KEY)
    f = f.merge(votes.assign(year=votes["year"] + 5)[[*KEY, "un_agree"]].rename(
        columns={"un_agree": "un_agree_5"}), how="left", on=KEY)
    f["un_joint"] = _mask(f, f["un_joint"].fillna(0), vcov)
    f["un_agree_change5"] = f["un_agree"] - f["un_agree_5"]
    ideal, _ = S.ideal_points()
    for lag, sfx in ((0, ""), (5, "_5")):
        f = _state(_state(f, ideal, ["idealpointfp"], 1, lag, sfx), ideal, ["idealpointfp"], 2, lag, sfx)
        f[f"dist{sfx}"] = (f[f"idealpointfp1{sfx}"] - f[f"idealpointfp2{sfx}"]).abs()
    f["ideal1"], f["ideal2"], f["ideal_distance"] = f["idealpointfp1"], f["idealpointfp2"], f["dist"]
    f["ideal_distance_change5"] = f["dist"] - f["dist_5"]
    threat, _ = S.territorial_threat()
    for side in (1, 2):
        f = _state(f, threat.rename(columns={"lterrthreat": "terrthreat"}), ["terrthreat"], side)
    majors, mjcov = S.majors()
    my = _spell_years(majors, ["ccode"]).drop_duplicates(["ccode", "year"]).assign(major=True)
    for side in (1, 2):
        f = _state(f, my, ["major"], side)
        f[f"major{side}"] = _mask(f, f[f"major{side}"].eq(True), mjcov)
    return f.sort_values(["year", "ccode1", "ccode2"]).reset_index(drop=True)


def _same(ours: pd.DataFrame, theirs: pd.DataFrame) -> list[str]:
    differ = []
    for col in ("tss_rival", "tss_age", "td_rival", "common_rivals", "common_rival_disputes",
                "cap_share1", "cap_ratio",
                "cap_shift5", "cap_shift10", "mid_onset", "mid_ongoing", "mid_hostlev",
                "mid_peaceyears", "mid_onsets_10y", "war_onset", "war_ongoing", "atop_defense",
                "atop_any", "dyadigos", "conttype", "mindist", "capdist", "leader_change1",
                "irregular2", "un_joint", "un_agree", "un_agree_change5", "ideal_distance",
                "ideal_distance_change5", "terrthreat1", "major2"):
        a = pd.to_numeric(ours[col].astype("Float64"), errors="coerce").to_numpy(float, na_value=np.nan)
        b = pd.to_numeric(pd.Series(theirs[col]).astype("Float64"), errors="coerce").to_numpy(
            float, na_value=np.nan)
        if not np.allclose(a, b, rtol=1e-9, atol=1e-9, equal_nan=True):
            differ.append(col)
    return differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--first", type=int, default=1816)
    parser.add_argument("--last", type=int, default=2020)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    t0 = time.perf_counter()
    _load_sources()
    load = time.perf_counter() - t0
    duck, pand = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        ours = P.full_panel(years=(args.first, args.last))
        duck.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        theirs = pandas_chain(args.first, args.last)
        pand.append(time.perf_counter() - t0)
    differ = _same(ours, theirs)
    print(f"rows: {len(ours):,} non-directed dyad-years {args.first}–{args.last}, "
          f"{ours.shape[1]} columns; reading the sources once: {load:.1f} s")
    print(f"detente (DuckDB steps): {min(duck):.2f} s  (best of {args.repeat})")
    print(f"pandas merge chain:     {min(pand):.2f} s  (best of {args.repeat})")
    print(f"ratio pandas / detente: {min(pand) / min(duck):.2f}×")
    print("same values: " + ("yes, every compared column" if not differ else f"NO: {differ}"))
    if differ:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
