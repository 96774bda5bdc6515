"""Readers are never locked out by an ingest.

DuckDB lets one process write a database file, and while it does no other process may even
read it. So the store keeps, beside `detente.duckdb`, a read-only copy for readers:

- **Writers** (an ingest, a pull: any `EventStore` opened for writing) first take the writer lock,
  `detente.duckdb.writer` (an advisory `flock`, released by the kernel if the process dies).
  A second writer is refused at once (`StoreBusy`, naming the process that writes). The writer
  then publishes the snapshot — a copy of `detente.duckdb` as it stands, before the writer has
  changed anything, checkpointed and renamed into place as `detente.snapshot.duckdb` in one
  atomic step (skipped when the copy already matches the file) — and only then opens the store
  itself, where it commits file by file as before.
- **Readers** (`EventStore(read_only=True)`: the index, assess, the dashboard, status) open
  `detente.duckdb` read-only as before; if a writer holds it they open the snapshot instead,
  which holds exactly the events committed before that writer began. A store that an ingest is
  creating has no snapshot: the reader is told there are no events yet (`NoEventData`).

A killed writer leaves the store as DuckDB's own recovery leaves it (its last file's
transaction rolled back) and a snapshot of the store before its run; the next writer refreshes
the snapshot. The cost is one copy of the store per writing session whose store changed since
the last copy (the copy runs at disk speed; a 5-million-event store is a few hundred MB).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
from pathlib import Path

import duckdb

from detente.core.files import partial_path

_HELD: dict[Path, tuple[int, int]] = {}  # writer locks this process holds: fd, users
_GUARD = threading.Lock()


def snapshot_path(store: Path) -> Path:
    """Where readers find the store's snapshot: `detente.duckdb` → `detente.snapshot.duckdb`."""
    return store.with_name(f"{store.stem}.snapshot{store.suffix}")


def _lock_path(store: Path) -> Path:
    return store.with_name(store.name + ".writer")


def _stamp_path(store: Path) -> Path:
    return store.with_name(f"{store.stem}.snapshot.json")


def acquire_writer(store: Path) -> bool | None:
    """Take the store's writer lock (shared by the writers of this process). Returns None when
    another process holds it, else whether this is the process's first writer (the one that
    publishes the snapshot); give it back with `release_writer`."""
    key = store.resolve()
    with _GUARD:
        if key in _HELD:
            fd, users = _HELD[key]
            _HELD[key] = (fd, users + 1)
            return False
        fd = os.open(_lock_path(store), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        _HELD[key] = (fd, 1)
        return True


def release_writer(store: Path) -> None:
    key = store.resolve()
    with _GUARD:
        fd, users = _HELD.pop(key)
        if users > 1:
            _HELD[key] = (fd, users - 1)
            return
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def writer_pid(store: Path) -> str:
    """The process id the writer lock names ('?' if unreadable)."""
    try:
        return _lock_path(store).read_text().strip() or "?"
    except OSError:
        return "?"


def _stamp(store: Path) -> list[int]:
    stat = store.stat()
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def publish(store: Path) -> None:
    """Copy the store (not open for writing: the caller holds the writer lock and has not yet
    opened it) to its snapshot, atomically; remove a snapshot of a store that no longer exists."""
    snap, stamp_file = snapshot_path(store), _stamp_path(store)
    wal = store.with_name(store.name + ".wal")
    if not store.exists():
        snap.unlink(missing_ok=True)
        stamp_file.unlink(missing_ok=True)
        return
    stamp = _stamp(store)
    if not wal.exists() and snap.exists() and stamp_file.exists():
        try:
            if json.loads(stamp_file.read_text()) == stamp:
                return
        except ValueError:
            pass
    partial = partial_path(snap)
    shutil.copyfile(store, partial)
    if wal.exists():  # commits a killed writer left in the log: fold them into the copy
        shutil.copyfile(wal, partial.with_name(partial.name + ".wal"))
        con = duckdb.connect(str(partial))
        con.execute("CHECKPOINT")
        con.close()
    partial.replace(snap)
    stamp_file.write_text(json.dumps(stamp))
