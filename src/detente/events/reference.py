"""Reference events that come with detente: the WEIS events 1966–1992 (`weis_lai`, 108,263
events between states), so every event-based reading works for any pair in those years without
an ingest.

They live in a store of their own, built once from the dataset (cache or mirror) by the same
ingest as any file (layout `weis`) and kept beside the derived cache
(`<cache>/events-weis-<key>.duckdb`, replaced atomically; the key hashes the dataset's sha256
and the ingest's code). Readers of the default store (`dyad_counts`, `event_index`) read it
together with the user's store, unless the user's store already holds the same file.
`DETENTE_REFERENCE_EVENTS=off` leaves them out; a missing dataset leaves them out quietly (the
assessment then says the event store has nothing for those years).
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from filelock import FileLock

from detente.core.errors import DataError, DatasetUnavailable
from detente.datasets.cache import cache_root, source_stamp
from detente.datasets.registry import data_locations

_OFF = {"0", "off", "no", "false"}
# the code a built reference store depends on: the ingest, the layouts and the store's schema
_CODE = ("events/layouts", "events/load", "events/ingest.py", "events/store.py", "events/weis.py")


def enabled() -> bool:
    """False when `DETENTE_REFERENCE_EVENTS` is off, 0, no or false."""
    return os.environ.get("DETENTE_REFERENCE_EVENTS", "").strip().lower() not in _OFF


def reference_store() -> Path | None:
    """The built reference store (built now if needed), or None when they are off or the WEIS
    dataset cannot be had."""
    if not enabled():
        return None
    return _built(str(cache_root()), data_locations())


@functools.lru_cache(maxsize=4)
def _built(cache: str, _locations: tuple) -> Path | None:
    from detente.events.weis import weis_path

    try:
        source = weis_path()
    except (DatasetUnavailable, DataError):
        return None
    key = hashlib.sha256(f"{_source_sha256(source)}:{source_stamp(*_CODE)}".encode()).hexdigest()[:16]
    path = Path(cache) / f"events-weis-{key}.duckdb"
    if not path.is_file():
        _build(source, path)
    return path


@functools.lru_cache(maxsize=8)
def _source_sha256(path: Path) -> str:
    """The sha256 of the WEIS file (the registry's pinned hash when it is the registered one)."""
    from detente.datasets.registry import sha256_of

    return sha256_of(path)


def _build(source: Path, path: Path) -> None:
    """Ingest `source` into a new store at `path`, atomically; one builder at a time."""
    from detente.events.ingest import ingest
    from detente.events.store import EventStore

    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock"):
        if path.is_file():
            return  # another process built it meanwhile
        work = path.parent / f".{path.stem}.{os.getpid()}"
        work.mkdir(exist_ok=True)
        partial = work / "events.duckdb"
        try:
            with EventStore(partial) as store:
                ingest([source], store=store)
            os.replace(partial, path)
        finally:
            for leftover in work.iterdir():
                leftover.unlink()
            work.rmdir()


def stamp() -> str | None:
    """Which reference store is read (its file name), or None: part of a store stamp."""
    found = reference_store()
    return found.name if found is not None else None


def stores_to_read(path: Path | None = None) -> list[Path]:
    """The stores a reader reads: `path` alone when given; else the user's store (if it exists)
    and the reference store beside it (`alongside`)."""
    from detente.events.store import store_path

    own = path or store_path()
    stores = [own] if own.exists() else []
    if path is None and (reference := alongside(own)) is not None:
        stores.append(reference)
    return stores


def alongside(user_store: Path) -> Path | None:
    """The reference store to read with `user_store`, unless that store already holds the
    same WEIS file (then it would be counted twice). The user's ledger is read once per
    version of the store."""
    found = reference_store()
    if found is None or not user_store.exists():
        return found
    return _alongside(found, str(user_store), user_store.stat().st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _alongside(found: Path, user_store: str, _stamp: int) -> Path | None:
    from detente.events.store import EventStore, NoEventData, StoreBusy

    try:
        with EventStore(Path(user_store), read_only=True) as store:
            ledger = store.ledger()
    except (NoEventData, StoreBusy):
        return found
    return None if _sha_of(found) in set(ledger["sha256"]) else found


@functools.lru_cache(maxsize=4)
def _sha_of(reference: Path) -> str:
    """The sha256 of the file the reference store was built from (its ledger's one row)."""
    import duckdb

    with duckdb.connect(str(reference), read_only=True) as con:
        return con.execute("SELECT sha256 FROM files").fetchone()[0]
