"""Ingest event files into the store: one transaction per file, every line accounted for.

The public face of the ingest. Each file is hashed and its lines counted (`inputs.prepare`),
its layout told from its first line (`layouts.detect`), and it is loaded by `load.load_file`:
lines that do not parse and rows that break the layout's checks go to the rejects with their
line, field and reason, duplicate event ids are counted (the first seen is kept), and the ledger
row is written. The books must balance — lines read = kept + duplicates + rejected — or the file
is refused and the store is left as it was. `schedule.in_order` overlaps the files' work.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from detente.core.errors import DataError
from detente.events import schedule
from detente.events.load import FileResult, Progress
from detente.events.store import EventStore

__all__ = ["FileResult", "Progress", "ingest", "ingest_each"]


def ingest(paths: Iterable[Path | str], *, store: EventStore | None = None,
           progress: Progress | None = None) -> list[FileResult]:
    """Ingest files (plain, gzip or zip) into the store; files already in the ledger (same
    sha256) are skipped. Returns one result per file, in order; a refused file raises its
    DataError (the files before it stay ingested)."""
    own = store is None
    store = store or EventStore()
    results = []
    try:
        with contextlib.closing(ingest_each(paths, store, progress=progress)) as each:
            for _, outcome in each:
                if isinstance(outcome, DataError):
                    raise outcome
                results.append(outcome)
    finally:
        if own:
            store.close()
    return results


def ingest_each(paths: Iterable[Path | str], store: EventStore, *,
                progress: Progress | None = None) -> Iterator[tuple[Path, FileResult | DataError]]:
    """Ingest files in order, yielding each path with its result or the DataError that refused
    it (see `schedule.in_order`)."""
    return schedule.in_order([Path(p) for p in paths], store, progress)
