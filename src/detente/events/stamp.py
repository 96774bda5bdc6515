"""`store_stamp()`: what the default event readers see — the user's store and the reference
events read with it — as a key for caches of results computed from them."""

from __future__ import annotations

import hashlib

from detente.events.reference import stamp as reference_stamp
from detente.events.store import store_path


def store_stamp() -> tuple[str, int | None]:
    """The store's path and a stamp of what the default readers see — its modification time and
    the reference events read with it (`events.reference`); None when there is neither: part of
    the key of any cache of results computed from them, so they are recomputed on a change."""
    path = store_path()
    mine, reference = (path.stat().st_mtime_ns if path.exists() else None), reference_stamp()
    if mine is None and reference is None:
        return str(path), None
    return str(path), int.from_bytes(hashlib.sha256(f"{mine}:{reference}".encode()).digest()[:7], "big")
