"""BibTeX for exactly the datasets a result used."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from detente.core.errors import DataError
from detente.datasets.registry import get

PARQUET_KEY = b"detente.datasets"


def bibtex(names: Iterable[str]) -> str:
    """The BibTeX entries of the named datasets, each entry once (by key), in order."""
    seen: set[str] = set()
    out = []
    for name in names:
        for entry in get(name).bibtex.split("\n@"):
            entry = entry if entry.startswith("@") else "@" + entry
            key = entry.split("{", 1)[1].split(",", 1)[0]
            if key not in seen:
                seen.add(key)
                out.append(entry.strip())
    return "".join(e + "\n\n" for e in out)


def datasets_used(path: Path) -> list[str]:
    """The datasets a saved result names: an assessment or backtest JSON (its `datasets`
    list) or a panel written by detente as Parquet (its `detente.datasets` metadata)."""
    if not path.is_file():
        raise DataError("no such file", file=path)
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        meta = pq.read_schema(path).metadata or {}
        if PARQUET_KEY not in meta:
            raise DataError("this Parquet file was not written by detente (no "
                            "detente.datasets metadata)", file=path)
        return list(json.loads(meta[PARQUET_KEY]))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"not JSON: {exc.msg}", file=path, line=exc.lineno) from None
    names = data.get("datasets") if isinstance(data, dict) else None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise DataError("expected a top-level 'datasets' list of names", file=path,
                        field="datasets")
    return names
