"""Reader for V-Dem's electoral democracy index (v2x_polyarchy), country-years 1900–2024 (v15,
from V-Dem's ERT package)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from detente.datasets.names import cow_codes, unresolved
from detente.datasets.registry import ensure
from detente.datasets.tidy import Spec, columns, read_csv_text, tidy

POLYARCHY: Spec = columns("vdem_polyarchy")


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
