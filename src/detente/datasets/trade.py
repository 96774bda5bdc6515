"""Reader for COW Dyadic Trade v4.0 as re-packaged by peacesciencer (directed dyad-years)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from detente.datasets.registry import ensure
from detente.datasets.tidy import Spec, columns, read_raw, tidy

TRADE_DYADIC: Spec = columns("cow_trade_dyadic")


def cow_trade_dyadic(path: Path | None = None) -> pd.DataFrame:
    """One row per directed dyad-year (`TRADE_DYADIC` columns): each pair appears in both orders,
    with flow1/flow2 swapped; dyad-years whose four flows were all missing are not there. Not the
    COW original: peacesciencer's copy, flows rounded to whole million US$."""
    source = path or ensure("cow_trade_dyadic")
    return tidy(read_raw(source), TRADE_DYADIC, source)
