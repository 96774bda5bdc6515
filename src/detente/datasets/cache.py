"""A disk cache for frames derived from datasets: `<cache>/<name>-<key>.parquet`, where <cache> is
`$DETENTE_CACHE` when set (one cache shared by several homes, as the test suite does), else
`$DETENTE_HOME/cache`.

The key hashes the sha256 of every dataset the frame comes from and a version string, so a
changed dataset or derivation never serves a stale frame. `frame.attrs` is kept.
"""

from __future__ import annotations

import functools
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

from detente.core.files import partial_path
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
    partial = partial_path(path)  # builders may race
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
    partial = partial_path(path)
    with partial.open("wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)
    return value


_MEMO_LIMIT = 256 * 2**20  # bytes; the least recently used results go first


@functools.lru_cache(maxsize=4)
def _memo_at(folder: str):
    import diskcache  # SQLite-backed, safe across processes and threads

    return diskcache.Cache(folder, size_limit=_MEMO_LIMIT, eviction_policy="least-recently-used")


def remembered(name: str, key: Sequence, build: Callable[[], T]) -> T:
    """`build()`'s result for `key` (anything JSON can write: the pair, the day, the stamps of the
    data and code it comes from), kept on disk in `<cache>/memo` so a new process does not
    compute it again. For small results of the package's own computation (a model's finding on
    one day); the caller puts everything the result depends on in `key`."""
    digest = hashlib.sha256(json.dumps([name, *key], default=str).encode()).hexdigest()
    memo = _memo_at(str(cache_root() / "memo"))
    try:
        return memo[digest]
    except KeyError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        memo.delete(digest)  # unreadable (another version of a class): computed again
    value = build()
    memo.set(digest, value)
    return value


@functools.lru_cache(maxsize=16)
def source_stamp(*parts: str, root: Path | None = None) -> str:
    """A hash of the files of the named parts of the package (paths under `detente/`: a folder
    or a file, e.g. "models", "assess/dynamics.py"): part of a `remembered` key, so a changed
    model never serves a result computed by its old code. `root`: another folder than the
    package's."""
    root = root or Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for part in parts:
        where = root / part
        if where.is_dir():
            files = sorted(f for f in where.rglob("*") if f.is_file() and "__pycache__" not in f.parts)
        elif where.is_file():
            files = [where]
        else:
            raise ValueError(f"no {part!r} in {root}")
        for file in files:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]
