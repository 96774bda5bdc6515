"""Reader for PA-X Peace Agreements v6: the interstate agreements (type Inter or InterIntra)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from detente.datasets.names import cow_code, cow_from_gw
from detente.datasets.registry import ensure
from detente.datasets.tidy import Spec, columns, read_csv_text, tidy

INTERSTATE_TYPES = ("Inter", "InterIntra")

AGREEMENTS: Spec = columns("pax")
_RENAMED = {"AgtId": "agreement_id", "Agt": "name", "Dat": "date", "Status": "status",
            "Agtp": "agreement_type", "Stage": "stage", "StageSub": "stage_sub",
            "Con": "conflict", "Contp": "conflict_type", "PP": "peace_process_id",
            "PPName": "peace_process", "Reg": "region", "Part": "parties_text",
            "ThrdPart": "third_parties_text", "Loc1ISO": "loc1_iso3", "Loc2ISO": "loc2_iso3",
            "Loc1GWNO": "loc1_gwno", "Loc2GWNO": "loc2_gwno", "UcdpCon": "ucdp_conflict",
            "CowWar": "cow_war", "Interim": "interim", "Terr": "territory", "Ce": "ceasefire",
            "StBor": "borders"}


def _parties(row) -> list[int]:
    """COW codes of the agreement's Loc1/Loc2 states: from the ISO3 code, else the GW code."""
    codes = set()
    for iso, gw in ((row.loc1_iso3, row.loc1_gwno), (row.loc2_iso3, row.loc2_gwno)):
        year = None if pd.isna(row.year) else int(row.year)
        code = cow_code(iso, year) if isinstance(iso, str) else None
        if code is None and not pd.isna(gw):
            code = cow_from_gw(int(gw), year)
        if code is not None:
            codes.add(code)
    return sorted(codes)


def pax(path: Path | None = None) -> pd.DataFrame:
    """One row per interstate agreement (332 in v6), by date: the `AGREEMENTS` columns renamed to
    snake_case (`_RENAMED`), plus `parties`: the COW codes of the states PA-X locates the
    agreement's conflict in (Loc1/Loc2, in the agreement's year; a state named only in the free
    text `parties_text` is not among them; empty when PA-X gives no location) and `year`."""
    source = path or ensure("pax")
    raw = read_csv_text(source)
    if "Interim" in raw.columns:  # PA-X writes this flag as Yes/No
        raw["Interim"] = raw["Interim"].replace({"Yes": "1", "No": "0"})
    every = tidy(raw, AGREEMENTS, source, first_line=2)
    out = every[every["Agtp"].isin(INTERSTATE_TYPES)].rename(columns=_RENAMED)
    for col in ("agreement_type", "stage"):
        out[col] = out[col].cat.remove_unused_categories()
    out["year"] = out["date"].dt.year.astype("Int64")
    out["parties"] = [_parties(row) for row in out.itertuples(index=False)]
    return out.sort_values(["date", "agreement_id"], kind="stable").reset_index(drop=True)
