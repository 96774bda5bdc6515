"""Write a panel to Parquet with its provenance, so `detente cite --from` can read it back."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from detente.datasets.cite import PARQUET_KEY
from detente.panel import datasets_of, steps_of


def write_panel(frame: pd.DataFrame, path: Path) -> Path:
    """The frame as Parquet; metadata `detente.datasets` (names) and `detente.steps`."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = {**(table.schema.metadata or {}), PARQUET_KEY: json.dumps(datasets_of(frame)).encode(),
            b"detente.steps": json.dumps(steps_of(frame)).encode()}
    pq.write_table(table.replace_schema_metadata(meta), path)
    return path
