"""A disk cache for frames derived from datasets: `$DETENTE_HOME/cache/<name>-<key>.parquet`.

The key hashes the sha256 of every dataset the frame comes from and a version string, so a
changed dataset or derivation never serves a stale frame. `frame.attrs` is kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from detente.datasets.registry import get, home

_ATTRS = b"detente.attrs"


def cached_frame(name: str, datasets: Sequence[str], version: str,
                 build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """The cached frame if its key matches, else `build()` (then stored)."""
    digest = hashlib.sha256(json.dumps([version, *(get(d).sha256 for d in datasets)]).encode())
    path = home() / "cache" / f"{name}-{digest.hexdigest()[:16]}.parquet"
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
    partial = path.with_suffix(".part")
    pq.write_table(table.replace_schema_metadata(meta), partial)
    partial.replace(path)
    return frame
