"""The CAMEO codebook for event data: codes and names, GDELT's Goldstein table (and ICEWS's
weights and quad grouping where they differ), quad classes from root codes, and CAMEO → PLOVER.
The tables come from the dataset registry (`cameo_eventcodes`, `cameo_goldstein`, `cameo_icews`
and its CSV conversion for ICEWS's weights, `cameo_plover`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from detente.datasets import cameo as readers

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}

# Roots of the event families the assessment reads (CAMEO manual v1.1b3).
CONSULT_ROOT = "04"          # consult: meetings, visits, negotiation
THREATEN_ROOT = "13"
SANCTION_CODES = ("163",)    # impose embargo, boycott or sanctions
COERCE_ROOT = "17"


def quad_class(root: str | int) -> int:
    """GDELT's quad class of a CAMEO root, as GDELT assigns it in its files: roots 01–05 → 1,
    06–09 → 2, 10–14 → 3, 15–20 → 4."""
    r = int(root)
    if not 1 <= r <= 20:
        raise ValueError(f"not a CAMEO root code: {root!r}")
    return 1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4


@lru_cache(maxsize=1)
def codebook() -> pd.DataFrame:
    """One row per CAMEO code: code, root, level, description (GDELT), goldstein (GDELT's
    weight), quad_class (GDELT's), quad_class_icews (ICEWS's grouping), name_icews."""
    codes = readers.cameo_eventcodes()
    weights = readers.cameo_goldstein()
    icews = readers.cameo_icews()[["code", "name", "quad_class"]].rename(
        columns={"name": "name_icews", "quad_class": "quad_class_icews"})
    out = codes.merge(weights, on="code", how="outer").merge(icews, on="code", how="left")
    out["root"] = out["code"].str[:2]
    out["quad_class"] = out["root"].map(quad_class)
    return out.sort_values("code", ignore_index=True)


def goldstein(code: str, scale: str = "gdelt") -> float:
    """The Goldstein weight of a CAMEO code (text, with its leading zero): GDELT's (the values in
    GDELT's GoldsteinScale field), or with scale="icews" ICEWS's codebook weight."""
    if scale == "icews":
        table = icews_goldstein().set_index("code")["goldstein_icews"]
    elif scale == "gdelt":
        table = codebook().set_index("code")["goldstein"].dropna()
    else:
        raise ValueError(f"unknown Goldstein scale {scale!r}; use gdelt or icews")
    if code not in table.index:
        raise KeyError(f"no CAMEO code {code!r} in {scale.upper()}'s Goldstein table")
    return float(table[code])


@lru_cache(maxsize=1)
def icews_goldstein() -> pd.DataFrame:
    """ICEWS's Goldstein weight per code: `code`, `goldstein_icews` (see
    `detente.datasets.cameo.icews_goldstein`: only the CSV conversion of ICEWS's codebook has
    them). ICEWS event files carry their own `Intensity`, which the ingest keeps as is."""
    return readers.icews_goldstein()


def goldstein_differences() -> pd.DataFrame:
    """The codes whose weight differs between GDELT's and ICEWS's tables (or that only one of them
    weighs): `code`, `goldstein` (GDELT), `goldstein_icews`."""
    gdelt = codebook()[["code", "goldstein"]].dropna()
    both = gdelt.merge(icews_goldstein(), on="code", how="outer")
    differ = both["goldstein"].ne(both["goldstein_icews"])  # NaN on either side differs too
    return both[differ].sort_values("code", ignore_index=True)


def to_plover(codes: pd.Series, mapping: pd.DataFrame | None = None) -> pd.Series:
    """The PLOVER event type of each CAMEO code (`mapping`: a frame from `plover_mapping`, by
    default the registry's): the code's own line, else its base code's, else None (root 01 and
    most of 02 have no PLOVER type)."""
    mapping = plover_mapping() if mapping is None else mapping
    table = mapping.set_index("cameo_code")["plover_event"]
    direct = codes.map(table)
    return direct.fillna(codes.str[:3].map(table)).where(lambda s: s.notna(), None)


def plover_mapping(path: Path | None = None) -> pd.DataFrame:
    """PLOVER's CAMEO2PLOVER table: from `path`, else through the registry (`cameo_plover`: the
    original, or the mirror's CSV conversion of it; see `detente.datasets.cameo.cameo_plover`)."""
    return readers.cameo_plover(path)
