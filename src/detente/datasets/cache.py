"""A disk cache for frames derived from datasets: `<cache>/<name>-<key>.parquet`, where <cache> is
`$DETENTE_CACHE` when set (one cache shared by several homes, as the test suite does), else
`$DETENTE_HOME/cache`.

The key hashes the sha256 of every dataset the frame comes from and a version string, so a
changed dataset or derivation never serves a stale frame. `frame.attrs` is kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from detente.datasets.registry import get, home

_ATTRS = b"detente.attrs"
T = TypeVar("T")


def cache_root() -> Path:
    """Where derived frames and fitted models are kept."""
    env = os.environ.get("DETENTE_CACHE")
    return Path(env) if env else home() / "cache"


def cached_frame(name: str, datasets: Sequence[str], version: str,
                 build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """The cached frame if its key matches, else `build()` (then stored)."""
    digest = hashlib.sha256(json.dumps([version, *(get(d).sha256 for d in datasets)]).encode())
    path = cache_root() / f"{name}-{digest.hexdigest()[:16]}.parquet"
    if path.is_file():
        try:
            table = pq.read_table(path)
            frame = table.to_pandas()
            frame.attrs = json.loads((table.schema.metadata or {}).get(_ATTRS, b"{}"))
            return frame
        except (OSError, ValueError, pa.ArrowException):
            path.unlink(missing_ok=True)  # a damaged cache file is rebuilt
    frame = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = {**(table.schema.metadata or {}), _ATTRS: json.dumps(frame.attrs).encode()}
    partial = path.with_suffix(f".{os.getpid()}.part")  # one per process: builders may race
    pq.write_table(table.replace_schema_metadata(meta), partial)
    partial.replace(path)
    return frame


def cached_object(name: str, datasets: Sequence[str], version: str, build: Callable[[], T]) -> T:
    """Like `cached_frame` for any picklable result of the package's own computation (a fitted
    model): `$DETENTE_HOME/cache/<name>-<key>.pickle`, written atomically; a damaged or
    unreadable file is rebuilt. Only files detente wrote itself are read back."""
    digest = hashlib.sha256(json.dumps([version, *(get(d).sha256 for d in datasets)]).encode())
    path = cache_root() / f"{name}-{digest.hexdigest()[:16]}.pickle"
    if path.is_file():
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)  # noqa: S301 - our own cache file
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            path.unlink(missing_ok=True)
    value = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    with partial.open("wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)
    return value
