"""Readers for the peacesciencer tables: the original `.rda` file in, a tidy frame out.

Every table's columns are documented in `SPECS` (kind and meaning); `read(name)` returns exactly
those columns, typed (`detente.datasets.tidy`). COW codes are `ccode*`, Gleditsch–Ward codes
`gwcode*`. Directed tables hold both orders of a dyad; non-directed ones have ccode1 < ccode2.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from detente.core.errors import UsageError
from detente.datasets.registry import ensure
from detente.datasets.tidy import Spec, column_group, read_raw, tidy

SPECS: dict[str, Spec] = column_group("peacesciencer")


def read(name: str, path: Path | None = None) -> pd.DataFrame:
    """The peacesciencer table `name` as a tidy frame (columns: `SPECS[name]`)."""
    if name not in SPECS:
        raise UsageError(f"no peacesciencer reader for {name!r}; known: {', '.join(sorted(SPECS))}")
    source = path or ensure(name)
    return tidy(read_raw(source), SPECS[name], source)
