"""Reader for WEIS events 1966–1992 with Goldstein weights (the copy 'from Lai')."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from detente.datasets.names import iso3_codes
from detente.datasets.registry import ensure
from detente.datasets.tidy import Spec, read_raw, tidy

WEIS: Spec = {
    "srccc": ("id", "COW code of the actor (the state that acted)"),
    "targcc": ("id", "COW code of the target"),
    "year": ("id", "year, 1966–1992"), "mo": ("id", "month"), "day": ("id", "day"),
    "weiscd": ("id", "WEIS event code (11–223)"),
    "gscale": ("float", "Goldstein conflict–cooperation weight (−10 … +8.3)"),
    "state1": ("id", "lower COW code of the non-directed dyad"),
    "state2": ("id", "higher COW code of the non-directed dyad"),
}
DESCRIPTION = ("One row per directed event: date, actor and target (COW codes, ISO3 beside them), "
               "weis_code, goldstein, state1 < state2 (the non-directed dyad).")


def weis_lai(path: Path | None = None) -> pd.DataFrame:
    """One row per event, in file order. Columns: date (datetime), actor, target (COW codes),
    actor_iso3, target_iso3 (NA for a code with no present-day ISO3), weis_code, goldstein,
    year, state1, state2."""
    source = path or ensure("weis_lai")
    raw = tidy(read_raw(source), WEIS, source)
    out = pd.DataFrame({
        "date": pd.to_datetime({"year": raw["year"], "month": raw["mo"], "day": raw["day"]}),
        "actor": raw["srccc"], "target": raw["targcc"],
        "actor_iso3": iso3_codes(raw["srccc"]), "target_iso3": iso3_codes(raw["targcc"]),
        "weis_code": raw["weiscd"], "goldstein": raw["gscale"].round(2),
        "year": raw["year"], "state1": raw["state1"], "state2": raw["state2"],
    })
    return out
