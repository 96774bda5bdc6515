"""The event store: one embedded DuckDB file (`$DETENTE_HOME/detente.duckdb`, or
`$DETENTE_EVENT_STORE`) holding the events in one schema, a ledger of ingested files, the
rejected lines and the duplicate ones. While a writer (an ingest, a pull) holds it, readers open
its snapshot instead (see `snapshot`)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import TracebackType

import duckdb
import pandas as pd

from detente.core.errors import DataError, DetenteError
from detente.datasets.registry import home
from detente.events import snapshot
from detente.events.schema import EVENT_COLUMNS

SCHEMA_VERSION = 1
DEFAULT_MEMORY_LIMIT = "512MB"  # bounds peak RSS whatever the input size (DuckDB spills)
READERS_WAIT = 60.0  # seconds a writer waits for readers of the store itself to finish


class StoreBusy(RuntimeError, DetenteError):
    """Another process holds the store open for writing."""

    exit_code = 2


class NoEventData(LookupError, DetenteError):
    """The event store is missing or holds nothing for what was asked."""

    exit_code = 2

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"{reason}; run `detente events ingest PATH...` or "
                         "`detente events pull gdelt --since DATE --until DATE`")


def store_path() -> Path:
    """Where the event store lives: `$DETENTE_EVENT_STORE` when set, else
    `$DETENTE_HOME/detente.duckdb`."""
    env = os.environ.get("DETENTE_EVENT_STORE")
    return Path(env) if env else home() / "detente.duckdb"


_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS files (
        file_id INTEGER PRIMARY KEY, path VARCHAR NOT NULL, sha256 VARCHAR NOT NULL UNIQUE,
        format VARCHAR NOT NULL, dataset VARCHAR NOT NULL, compression VARCHAR, bytes BIGINT,
        rows_read BIGINT, kept BIGINT, duplicates BIGINT, rejected BIGINT,
        id_min BIGINT, id_max BIGINT, ingested_at TIMESTAMP)""",
    "CREATE TABLE IF NOT EXISTS events ("
    + ", ".join(f"{name} {kind}" for name, kind in EVENT_COLUMNS.items())
    + ", file_id INTEGER NOT NULL, line BIGINT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS rejects (file_id INTEGER NOT NULL, line BIGINT NOT NULL,
        field VARCHAR, reason VARCHAR NOT NULL, detail VARCHAR, raw VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS duplicates (file_id INTEGER NOT NULL, line BIGINT NOT NULL,
        event_id VARCHAR NOT NULL)""",
    """CREATE OR REPLACE VIEW event_provenance AS
        SELECT e.*, f.path AS file FROM events e JOIN files f USING (file_id)""",
]


class _Locked(Exception):
    """Another process holds the DuckDB file (for writing)."""


def _connect(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    if read_only and not path.exists():
        raise FileNotFoundError(path)
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise _Locked(str(exc)) from None
        raise DataError(f"cannot open the event store: {exc}", file=path) from None


class EventStore:
    """An open event store. Use as a context manager; `read_only=True` never creates the file."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False,
                 memory_limit: str | None = None) -> None:
        self.path = Path(path) if path is not None else store_path()
        self.read_only = read_only
        self.from_snapshot = False  # a reader that found a writer at work reads the snapshot
        self._writer = False
        if read_only:
            self.con = self._open_for_reading()
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.con = self._open_for_writing()
        try:
            limit = memory_limit or os.environ.get("DETENTE_DUCKDB_MEMORY", DEFAULT_MEMORY_LIMIT)
            self.con.execute(f"SET memory_limit = '{limit}'")
            if threads := os.environ.get("DETENTE_DUCKDB_THREADS"):  # default: one per core
                self.con.execute(f"SET threads = {int(threads)}")
            self.con.execute("SET preserve_insertion_order = true")  # line numbers rely on it
            if not read_only:
                self._ensure_schema()
        except BaseException:
            self.close()
            raise

    def _open_for_reading(self) -> duckdb.DuckDBPyConnection:
        if not self.path.exists():
            raise FileNotFoundError(self.path)
        try:
            return _connect(self.path, read_only=True)
        except _Locked:
            pass
        snap = snapshot.snapshot_path(self.path)
        try:
            con = _connect(snap, read_only=True)
        except (_Locked, FileNotFoundError, DataError):
            raise NoEventData(f"the event store {self.path} is being created by an ingest "
                              "(process " + snapshot.writer_pid(self.path) + ") that has not "
                              "finished: no events were committed before it began") from None
        self.from_snapshot = True
        return con

    def _open_for_writing(self) -> duckdb.DuckDBPyConnection:
        first = snapshot.acquire_writer(self.path)
        if first is None:
            raise StoreBusy(f"the event store {self.path} is being written by another process "
                            f"(process {snapshot.writer_pid(self.path)}: an ingest or a pull); "
                            "wait for it to finish. Reading the store (events index, assess, the "
                            "dashboard) works meanwhile.")
        self._writer = True
        try:
            if first:  # readers' copy of the store as it is before any write
                snapshot.publish(self.path)
            deadline = time.monotonic() + float(os.environ.get("DETENTE_STORE_WAIT", READERS_WAIT))
            while True:
                try:
                    return _connect(self.path, read_only=False)
                except _Locked:  # a reader of the store itself: readers are quick
                    if time.monotonic() > deadline:
                        raise StoreBusy(f"the event store {self.path} is held open by readers "
                                        "for too long; try again") from None
                    time.sleep(0.05)
        except BaseException:
            self._writer = False
            snapshot.release_writer(self.path)
            raise

    def _ensure_schema(self) -> None:
        for statement in _SCHEMA:
            self.con.execute(statement)
        for name, kind in EVENT_COLUMNS.items():  # a store made before a column was added
            self.con.execute(f"ALTER TABLE events ADD COLUMN IF NOT EXISTS {name} {kind}")
        self.con.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                         [str(SCHEMA_VERSION)])

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if getattr(self, "con", None) is not None:
            self.con.close()
        if self._writer:
            self._writer = False
            snapshot.release_writer(self.path)

    # ── reading ──────────────────────────────────────────────────────────────────────────
    def ledger(self) -> pd.DataFrame:
        """One row per ingested file, in ingestion order."""
        return self.con.execute("SELECT * FROM files ORDER BY file_id").df()

    def file_by_sha256(self, sha256: str) -> str | None:
        rows = self.con.execute("SELECT path FROM files WHERE sha256 = ?", [sha256]).fetchall()
        return rows[0][0] if rows else None

    def rejects(self, path: str | None = None) -> pd.DataFrame:
        """Rejected lines: file, line, field, reason, detail, raw text."""
        sql = ("SELECT f.path AS file, r.line, r.field, r.reason, r.detail, r.raw FROM rejects r "
               "JOIN files f USING (file_id)")
        params: list = []
        if path is not None:
            sql += " WHERE f.path = ?"
            params.append(path)
        return self.con.execute(sql + " ORDER BY r.file_id, r.line", params).df()

    def status(self) -> list[dict]:
        """Per file: path, sha256, format, rows_read, kept, duplicates, rejected {reason: count}."""
        reasons: dict[int, dict[str, int]] = {}
        for file_id, reason, n in self.con.execute(
                "SELECT file_id, reason, count(*) FROM rejects GROUP BY ALL ORDER BY ALL").fetchall():
            reasons.setdefault(file_id, {})[reason] = n
        rows = self.con.execute(
            "SELECT file_id, path, sha256, format, rows_read, kept, duplicates FROM files "
            "ORDER BY file_id").fetchall()
        return [{"path": path, "sha256": sha, "format": fmt, "rows_read": read, "kept": kept,
                 "duplicates": dups, "rejected": reasons.get(file_id, {})}
                for file_id, path, sha, fmt, read, kept, dups in rows]

    def count_events(self) -> int:
        return self.con.execute("SELECT count(*) FROM events").fetchall()[0][0]

    def coverage(self) -> tuple[object, object, int]:
        """(first date, last date, events) over the whole store."""
        return self.con.execute("SELECT min(date), max(date), count(*) FROM events").fetchall()[0]
