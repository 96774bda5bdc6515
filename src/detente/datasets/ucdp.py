"""UCDP/PRIO armed conflicts as conflict-years with each side as a list of states.

peacesciencer's `ucdp_acd` splits UCDP's comma-separated sides into one row per combination of
states; this puts them back together: one row per conflict-year, `side_a`, `side_b` (primary
parties) and `side_a_2nd`, `side_b_2nd` (states backing a side with troops) as sorted lists of
COW codes (converted from UCDP's Gleditsch–Ward codes for the year), the GW lists beside them.
Opposite primary sides mean the two states fought each other; a state backing the side opposite
another's primary side fought it by proxy or as a secondary party.
"""

from __future__ import annotations

import pandas as pd

from detente.datasets import peacesciencer
from detente.datasets.names import cow_from_gw

SIDES = {"side_a": "gwno_a", "side_b": "gwno_b", "side_a_2nd": "gwno_a_2nd",
         "side_b_2nd": "gwno_b_2nd"}
_FIRST = ["incompatibility", "intensity_level", "type_of_conflict", "start_date", "ep_end",
          "ep_end_date"]


def ucdp_conflict_years() -> pd.DataFrame:
    """One row per UCDP conflict-year: conflict_id, year, side_a, side_b, side_a_2nd, side_b_2nd
    (lists of COW codes; empty for a non-state side), side_*_gw (the same as GW codes),
    incompatibility, intensity_level (1 minor, 2 war), type_of_conflict, start_date, ep_end,
    ep_end_date."""
    raw = peacesciencer.read("ucdp_acd")
    groups = raw.groupby(["conflict_id", "year"], sort=True)
    out = groups[_FIRST].first().reset_index()
    keys = out[["conflict_id", "year"]]
    for side, col in SIDES.items():
        states = (raw[["conflict_id", "year", col]].dropna().drop_duplicates()
                  .sort_values(["conflict_id", "year", col]))
        lists = states.groupby(["conflict_id", "year"])[col].agg(lambda s: s.astype(int).tolist())
        gw = keys.merge(lists.rename("codes").reset_index(), how="left", on=["conflict_id", "year"])
        gw = gw["codes"].map(lambda v: v if isinstance(v, list) else [])
        out[f"{side}_gw"] = gw
        out[side] = [sorted({cow_from_gw(v, int(y)) for v in codes})
                     for codes, y in zip(gw, out["year"], strict=True)]
    lead = ["conflict_id", "year", *SIDES]
    return out[lead + [c for c in out.columns if c not in lead]]
