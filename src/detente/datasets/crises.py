"""Readers for International Crisis Behavior v14: crises (icb1) and crisis actors (icb2).

ICB codes days it does not know as 66/77/88 (and some dates are blank): a date here is built from
year, month and day, with an unknown day read as the 1st and an unknown month as January; the
`*_approx` flag marks every date so built. The raw year/month/day columns stay beside it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from detente.datasets.registry import ensure
from detente.datasets.tidy import Spec, columns, read_csv_text, tidy

_DATE_PARTS = {"trigger": ("yrtrig", "motrig", "datrig"),
               "termination": ("yrterm", "moterm", "daterm")}

CRISES: Spec = columns("icb_crises")
ACTORS: Spec = columns("icb_actors")


def _dates(frame: pd.DataFrame, year: str, month: str, day: str) -> tuple[pd.Series, pd.Series]:
    """A date per row (NaT without a year) and whether it was approximated."""
    y, m, d = frame[year], frame[month], frame[day]
    day_known = d.notna() & (d >= 1) & (d <= 31)
    month_known = m.notna() & (m >= 1) & (m <= 12)
    parts = pd.DataFrame({"year": y.fillna(1).astype("int64"),
                          "month": m.where(month_known, 1).fillna(1).astype("int64"),
                          "day": d.where(day_known & month_known, 1).fillna(1).astype("int64")})
    exact = pd.to_datetime(parts, errors="coerce")
    first = pd.to_datetime(parts.assign(day=1), errors="coerce")
    valid = exact.notna()
    date = exact.where(valid, first).where(y.notna())
    approx = (~(day_known & month_known) | ~valid) & y.notna()
    return date, approx.astype("boolean").where(y.notna(), pd.NA)


def _with_dates(frame: pd.DataFrame, parts: dict[str, tuple[str, str, str]]) -> pd.DataFrame:
    for name, (y, m, d) in parts.items():
        frame[f"{name}_date"], frame[f"{name}_approx"] = _dates(frame, y, m, d)
    return frame


def icb_actors(path: Path | None = None) -> pd.DataFrame:
    """One row per crisis actor (`ACTORS` columns) plus `ccode` (= cracid), `trigger_date`,
    `response_date`, `termination_date` and their `*_approx` flags."""
    source = path or ensure("icb_actors")
    out = tidy(read_csv_text(source), ACTORS, source, first_line=2)
    out.insert(3, "ccode", out["cracid"])
    return _with_dates(out, {**_DATE_PARTS, "response": ("yerres", "monres", "dayres")})


def icb_crises(path: Path | None = None, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per crisis (`CRISES` columns) plus `trigger_date`, `termination_date` and their
    `*_approx` flags, and `actors`: the COW codes of the crisis actors (from icb2, sorted)."""
    source = path or ensure("icb_crises")
    out = tidy(read_csv_text(source), CRISES, source, first_line=2)
    out = _with_dates(out, _DATE_PARTS)
    actors = icb_actors() if actors is None else actors
    members = actors.groupby("crisno")["ccode"].agg(lambda s: sorted(set(map(int, s))))
    out["actors"] = out["crisno"].map(members).map(lambda v: v if isinstance(v, list) else [])
    out["actors"] = out["actors"].map(lambda v: np.asarray(v, dtype="int64").tolist())
    return out
