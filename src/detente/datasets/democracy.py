"""Reader for V-Dem's electoral democracy index (v2x_polyarchy), country-years 1900–2024 (v15,
from V-Dem's ERT package)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from detente.datasets.names import cow_codes, unresolved
from detente.datasets.registry import ensure
from detente.datasets.tidy import Spec, read_csv_text, tidy

POLYARCHY: Spec = {
    "country_id": ("id", "V-Dem numeric country id"),
    "country_text_id": ("str", "V-Dem three-letter code (mostly ISO3; RUS also for the USSR)"),
    "country_name": ("str", "V-Dem country name"),
    "year": ("id", "calendar year, 1900–2024"),
    "v2x_polyarchy": ("float", "electoral democracy index, 0–1 (higher = more democratic)"),
    "v2x_polyarchy_codelow": ("float", "lower bound of its uncertainty interval"),
    "v2x_polyarchy_codehigh": ("float", "upper bound of its uncertainty interval"),
    "v2x_regime": ("int", "Regimes of the World: 0 closed autocracy, 1 electoral autocracy, "
                          "2 electoral democracy, 3 liberal democracy"),
}


def vdem_polyarchy(path: Path | None = None) -> pd.DataFrame:
    """One row per country-year (`POLYARCHY` columns, the ERT episode columns left out) plus
    `ccode`, the COW code in that year (West Germany 260 in 1949–1990, North Yemen 678 before
    1990; NA for units that are no COW state: Palestine, Somaliland, Hong Kong).
    `attrs['unresolved']` counts rows per unit left without a COW code."""
    source = path or ensure("vdem_polyarchy")
    out = tidy(read_csv_text(source, missing=("", "NA")), POLYARCHY, source, first_line=2)
    out.insert(0, "ccode", cow_codes(out["country_text_id"], out["year"]))
    out.attrs["unresolved"] = {"country": unresolved(out["country_name"], out["ccode"])}
    return out
