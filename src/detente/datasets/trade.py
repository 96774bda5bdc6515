"""Reader for COW Dyadic Trade v4.0 as re-packaged by peacesciencer (directed dyad-years)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from detente.datasets.registry import ensure
from detente.datasets.tidy import Spec, read_raw, tidy

TRADE_DYADIC: Spec = {
    "ccode1": ("id", "COW code of the first state"),
    "ccode2": ("id", "COW code of the second state"),
    "year": ("id", "year, 1870–2014"),
    "flow1": ("float", "imports of ccode1 from ccode2, current million US$ (whole millions; "
                       "under 0.5 shows as 0; NA = not reported)"),
    "flow2": ("float", "imports of ccode2 from ccode1, current million US$ (whole millions)"),
    "smoothflow1": ("float", "COW's smoothed flow1 (whole millions)"),
    "smoothflow2": ("float", "COW's smoothed flow2 (whole millions)"),
}


def cow_trade_dyadic(path: Path | None = None) -> pd.DataFrame:
    """One row per directed dyad-year (`TRADE_DYADIC` columns): each pair appears in both orders,
    with flow1/flow2 swapped; dyad-years whose four flows were all missing are not there. Not the
    COW original: peacesciencer's copy, flows rounded to whole million US$."""
    source = path or ensure("cow_trade_dyadic")
    return tidy(read_raw(source), TRADE_DYADIC, source)
