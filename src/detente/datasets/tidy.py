"""Turn a raw table (R data, Stata, CSV) into a tidy frame by a column spec, refusing bad input.

A spec maps each kept column to `(kind, description)`. Kinds:
`id` whole number, never missing (int64) · `int` whole number or NA (Int64) · `flag` 0/1 or NA
(boolean) · `float` · `str` · `date` (YYYY-MM-DD text → datetime64) · `cat` (category).
A missing column, a fractional `id`/`int`, a flag other than 0/1 or an unreadable date raises a
DataError naming the file, the record (row number, 1-based) and the field; for a CSV the line is
the record's line in the file (`first_line`: the line of record 1, after the header).
"""

from __future__ import annotations

import io
import re
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from detente.core.errors import DataError

Spec = Mapping[str, tuple[str, str]]
KINDS = ("id", "int", "flag", "float", "str", "date", "cat")
_COLUMNS = Path(__file__).with_name("columns.toml")
_SPLICE = "..."


@lru_cache(maxsize=1)
def _column_file() -> dict:
    with _COLUMNS.open("rb") as fh:
        return tomllib.load(fh)


def _spec(entries: dict, shared: dict, where: str) -> Spec:
    spec: dict[str, tuple[str, str]] = {}
    for name, value in entries.items():
        if name.startswith(_SPLICE):
            spec.update(_spec(shared[name[len(_SPLICE):]], shared, where))
            continue
        kind, text = value
        if kind not in KINDS:
            raise ValueError(f"{_COLUMNS.name} [{where}] {name}: unknown kind {kind!r}")
        spec[name] = (kind, text)
    return spec


def columns(table: str) -> Spec:
    """The column spec of a dataset reader, from `columns.toml` (`"peacesciencer.cow_nmc"` for a
    table in a group)."""
    entries = _column_file()
    for part in table.split("."):
        entries = entries[part]
    return _spec(entries, _column_file()["shared"], table)


def column_group(group: str) -> dict[str, Spec]:
    """Every table's spec in a group of `columns.toml` (e.g. "peacesciencer")."""
    return {name: columns(f"{group}.{name}") for name in _column_file()[group]}


@lru_cache(maxsize=16)
def _read_cached(path: str, mtime_ns: int, size: int) -> pd.DataFrame:
    suffix = Path(path).suffix.lower()
    try:
        if suffix == ".dta":
            return pd.read_stata(path, convert_categoricals=False)
        import pyreadr  # slow to import: only when a file is parsed

        frames = pyreadr.read_r(path)
    except Exception as exc:  # pyreadr / pandas raise many kinds for an unreadable file
        raise DataError(f"cannot read the file: {type(exc).__name__}: {exc}", file=path) from None
    if len(frames) != 1:
        raise DataError(f"expected one table in the file, found {len(frames)}", file=path)
    return next(iter(frames.values()))


def read_raw(path: Path) -> pd.DataFrame:
    """The single table in an .rda/.RData/.rds/.dta file (cached per file version; a copy)."""
    stat = path.stat()
    return _read_cached(str(path), stat.st_mtime_ns, stat.st_size).copy()


def read_csv_text(path: Path, *, encoding: str = "utf-8-sig", skiprows: int = 0,
                  text: str | None = None, missing: tuple[str, ...] = ("",)) -> pd.DataFrame:
    """Every cell of a CSV file as text (cells in `missing` are NA); `text`, when given, is the file's
    content already decoded (and repaired) by the caller. A malformed file raises a DataError
    naming the file and, where the parser says, the line."""
    try:
        source = io.StringIO(text) if text is not None else path
        return pd.read_csv(source, dtype=str, keep_default_na=False, na_values=list(missing),
                           encoding=None if text is not None else encoding, skiprows=skiprows)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) + skiprows if found else None
        raise DataError(f"cannot read the CSV file: {exc}", file=path, line=line) from None


def _bad_row(mask: np.ndarray | pd.Series, path: Path, col: str, message: str) -> DataError:
    row = int(np.flatnonzero(np.asarray(mask))[0])
    return DataError(f"record {row + 1}: {message}", file=path, line=row + 1, field=col)


def _whole(values: pd.Series, path: Path, col: str, nullable: bool) -> pd.Series:
    num = pd.to_numeric(values, errors="coerce")
    unparsed = num.isna() & values.notna()
    if unparsed.any():
        raise _bad_row(unparsed, path, col, f"not a number: {values[unparsed].iloc[0]!r}")
    filled = num.fillna(0)
    frac = filled != np.round(filled)
    if frac.any():
        raise _bad_row(frac, path, col, f"not a whole number: {num[frac].iloc[0]!r}")
    if not nullable:
        if num.isna().any():
            raise _bad_row(num.isna(), path, col, "missing value in a key column")
        return num.astype("int64")
    return num.astype("Int64")


def _column(values: pd.Series, kind: str, path: Path, col: str) -> pd.Series:
    if kind == "id":
        return _whole(values, path, col, nullable=False)
    if kind == "int":
        return _whole(values, path, col, nullable=True)
    if kind == "flag":
        num = pd.to_numeric(values, errors="coerce")
        bad = ~(num.isin([0, 1]) | num.isna()) | (num.isna() & values.notna())
        if bad.any():
            raise _bad_row(bad, path, col, f"flag is not 0/1: {values[bad].iloc[0]!r}")
        return num.astype("Int64").astype("boolean")
    if kind == "float":
        num = pd.to_numeric(values, errors="coerce")
        bad = num.isna() & values.notna()
        if bad.any():
            raise _bad_row(bad, path, col, f"not a number: {values[bad].iloc[0]!r}")
        return num.astype("float64")
    if kind == "date":
        parsed = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
        bad = parsed.isna() & values.notna()
        if bad.any():
            raise _bad_row(bad, path, col, f"not a YYYY-MM-DD date: {values[bad].iloc[0]!r}")
        return parsed
    if kind == "cat":
        return values.astype("category")
    if kind == "str":
        return values.astype("string")
    raise ValueError(f"unknown column kind {kind!r}; one of {KINDS}")


def tidy(raw: pd.DataFrame, spec: Spec, path: Path, first_line: int = 1) -> pd.DataFrame:
    """The spec's columns of `raw`, in spec order, each coerced to its kind. `first_line` is the
    line of the file that holds record 1 (2 for a CSV with a header), for error messages."""
    missing = [c for c in spec if c not in raw.columns]
    if missing:
        raise DataError(f"column missing (the file has: {', '.join(map(str, raw.columns))})",
                        file=path, field=missing[0])
    raw = raw.reset_index(drop=True)
    try:
        return pd.DataFrame({col: _column(raw[col], kind, path, col)
                             for col, (kind, _) in spec.items()})
    except DataError as exc:
        if exc.line is None or first_line == 1:
            raise
        raise DataError(exc.message, file=exc.file, line=exc.line - 1 + first_line,
                        field=exc.field) from None


def describe(spec: Spec) -> str:
    """One line per column: `name (kind): description`."""
    return "\n".join(f"{col} ({kind}): {text}" for col, (kind, text) in spec.items())
