"""Loading one prepared file into the store, in one transaction: `load_file` is the one dispatch
both `ingest` and `events pull` go through — a file already in the ledger is skipped, its layout
is told from its first line, a layout that rewrites its input (a PLOVER JSON array) does so, and
the file takes the single-pass road (`direct.DirectLoad`: GDELT) or the staging one
(`staging.StagingLoad`: every other layout, and GDELT files the single pass cannot take)."""

from __future__ import annotations

from concurrent.futures import Future

import duckdb

from detente.events.inputs import Prepared
from detente.events.layouts import detect
from detente.events.load.direct import DirectLoad, aliases
from detente.events.load.result import FileResult
from detente.events.load.staging import Progress, StagingLoad
from detente.events.load.turns import settled
from detente.events.store import EventStore

__all__ = ["FileResult", "Progress", "StagingLoad", "load_file"]


def load_file(store: EventStore, prep: Prepared, progress: Progress | None = None, *,
              con: duckdb.DuckDBPyConnection | None = None, file_id: int | None = None,
              before: Future | None = None) -> StagingLoad | FileResult:
    """Load `prep` on `con` (default: the store's connection); the finished load, or the
    FileResult of a skipped file. `before` is the load of the file before this one when both
    run at once: this one commits after it."""
    con = con if con is not None else store.con
    if progress:
        progress(str(prep.path), 0.3)
    same = con.execute("SELECT path FROM files WHERE sha256 = ?", [prep.sha256]).fetchall()
    if same:
        return FileResult(str(prep.path), prep.sha256, "", skipped=True, same_as=same[0][0])
    layout = detect(prep.first_line, str(prep.path))
    if layout.convert is not None:  # a PLOVER JSON array → JSON Lines (same cleanup folder)
        prep = layout.convert(prep)
    if prep.line_map is None and aliases(layout) is not None:
        load: StagingLoad = DirectLoad(store, prep, layout, progress, con=con, file_id=file_id,
                                       before=before)
    else:
        settled(before)  # the staging path starts once the file before it is in
        load = StagingLoad(store, prep, layout, progress, con=con, file_id=file_id)
    load.run()
    return load
