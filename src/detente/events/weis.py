"""WEIS in one call: `ingest_weis()` finds the `weis_lai` dataset — through the dataset registry
when it is registered there (the cache or the mirror, the CSV conversion `weis_events.csv` or the
Stata original, converted to that CSV), else at `$DETENTE_MIRROR/weis_lai/weis_events.csv` — and
ingests it like any event file (layout `weis`, see `layouts/weis.py`)."""

from __future__ import annotations

from pathlib import Path

from detente.core.errors import DatasetUnavailable, UsageError
from detente.core.files import partial_path
from detente.datasets.registry import cache_dir, get, mirror_dir, original_or_conversion
from detente.events.ingest import FileResult, Progress, ingest
from detente.events.layouts.weis import WEIS_COLUMNS
from detente.events.store import EventStore

WEIS_DATASET = "weis_lai"
WEIS_CSV = "weis_events.csv"  # the mirror's CSV conversion of weis.fromlai.1966-93.dta


def weis_path() -> Path:
    """The WEIS events as CSV (see the module docstring); raises DatasetUnavailable when
    neither the registry nor the mirror has them."""
    try:
        get(WEIS_DATASET)
    except UsageError:  # not (yet) in the registry: the mirror's file by name
        mirror = mirror_dir()
        path = mirror / WEIS_DATASET / WEIS_CSV if mirror else None
        if path is None or not path.is_file():
            raise DatasetUnavailable(WEIS_DATASET, f"no {WEIS_CSV} in the mirror "
                                     "($DETENTE_MIRROR/weis_lai/)") from None
        return path
    found = original_or_conversion(WEIS_DATASET)
    return found if found.suffix.lower() == ".csv" else _stata_to_csv(found)


def _stata_to_csv(path: Path) -> Path:
    """The Stata original as the CSV the `weis` layout reads (once; kept beside the cache)."""
    import pandas as pd

    target = cache_dir() / WEIS_CSV
    if not target.is_file():
        frame = pd.read_stata(path, convert_categoricals=False)[list(WEIS_COLUMNS)]
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = partial_path(target)
        frame.to_csv(partial, index=False)
        partial.replace(target)
    return target


def ingest_weis(*, store: EventStore | None = None,
                progress: Progress | None = None) -> FileResult:
    """Ingest the WEIS events into the event store (skipped if already there)."""
    (result,) = ingest([weis_path()], store=store, progress=progress)
    return result
