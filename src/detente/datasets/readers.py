"""One reader per dataset: the original file in, a tidy documented DataFrame out."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from detente.datasets.registry import ensure

_TSS_ELEMENTS = ["positional", "spatial", "ideological", "interventionary"]


def _read_rda(path: Path) -> pd.DataFrame:
    import pyreadr  # slow to import: only when a file is parsed

    frames = pyreadr.read_r(str(path))
    return next(iter(frames.values()))


def tss_rivalries(path: Path | None = None) -> pd.DataFrame:
    """Thompson–Sakuwa–Suhas strategic rivalries, one row per rivalry.

    Columns: tssr_id, rivalry (name), ccode1, ccode2 (COW codes, lower first), start, end
    (years), the four element flags positional/spatial/ideological/interventionary and
    principal/aprin (bool), and `ongoing` (True where `end` is the data's last year, 2020:
    the rivalry had not ended when coding stopped — a right-censored spell, not an end).
    """
    raw = _read_rda(path or ensure("tss_rivalries"))
    out = pd.DataFrame({
        "tssr_id": raw["tssr_id"].astype("int64"),
        "rivalry": raw["rivalry"].astype(str),
        "ccode1": raw["ccode1"].astype("int64"),
        "ccode2": raw["ccode2"].astype("int64"),
        "start": raw["start"].astype("int64"),
        "end": raw["end"].astype("int64"),
    })
    for col in [*_TSS_ELEMENTS, "principal", "aprin"]:
        out[col] = raw[col].fillna(0).astype(int).astype(bool)
    out["ongoing"] = out["end"] >= out["end"].max()
    return out


def cow_states(path: Path | None = None) -> pd.DataFrame:
    """COW state system membership: stateabb, ccode, statenme, start and end dates of each
    spell of membership (a state can have several spells)."""
    raw = _read_rda(path or ensure("cow_states"))
    out = pd.DataFrame({
        "stateabb": raw["stateabb"].astype(str),
        "ccode": raw["ccode"].astype("int64"),
        "statenme": raw["statenme"].astype(str),
    })
    for end in ("st", "end"):
        out[f"{end}date"] = pd.to_datetime({
            "year": raw[f"{end}year"].astype(int), "month": raw[f"{end}month"].astype(int),
            "day": raw[f"{end}day"].astype(int)}).dt.date
    return out
