"""The dyad-year frame, its provenance, and the one way a step adds columns.

A panel is a pandas DataFrame with `ccode1, ccode2, year` (COW codes; non-directed panels have
ccode1 < ccode2) and provenance in `frame.attrs["detente"]`: every step's name, datasets,
columns and coverage. `attach` runs a step's SQL on DuckDB against the frame's keys and adds
the new columns, asserting that the row count and order are unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from detente.core.errors import DataError, UsageError
from detente.datasets import cow_states

KEYS = ("ccode1", "ccode2", "year")
_NULLABLE = {pa.int64(): pd.Int64Dtype(), pa.int32(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(),
             pa.float64(): pd.Float64Dtype()}


def _provenance(frame: pd.DataFrame) -> dict[str, Any]:
    info = frame.attrs.get("detente")
    if not isinstance(info, dict) or not all(k in frame.columns for k in KEYS):
        raise UsageError("not a detente panel: start with detente.panel.dyad_years(...)")
    return info


def steps_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Each step that built the panel: name, datasets, columns, and each column's coverage
    ({column: [first, last year]}: NA outside it)."""
    return list(_provenance(frame)["steps"])


def datasets_of(frame: pd.DataFrame) -> list[str]:
    """The registry names of every dataset the panel was built from, in first-use order."""
    return list(dict.fromkeys(d for s in steps_of(frame) for d in s["datasets"]))


def _state_years(first: int, last: int) -> pd.DataFrame:
    """(ccode, year, start, stop): the days of each year a state was in the COW system. Spells
    ending on the list's last day (2016-12-31) are the data's end, not the state's: they run to
    the end of `last`."""
    states = cow_states()
    data_end = max(states["enddate"])
    rows = []
    for s in states.itertuples():
        stop = dt.date(max(last, s.enddate.year), 12, 31) if s.enddate == data_end else s.enddate
        for y in range(max(s.stdate.year, first), min(stop.year, last) + 1):
            rows.append((s.ccode, y, max(s.stdate, dt.date(y, 1, 1)), min(stop, dt.date(y, 12, 31))))
    return pd.DataFrame(rows, columns=["ccode", "year", "start", "stop"])


def dyad_years(system: str = "cow", directed: bool = False,
               years: tuple[int, int] = (1816, 2020)) -> pd.DataFrame:
    """Every pair of states in the system on a same day of each year: ccode1, ccode2, year.

    Non-directed (ccode1 < ccode2) by default; `directed=True` gives both orders. Only the COW
    system is available (its state list is coded to 2016; states still in it then are
    carried on to the last year asked for). Matches peacesciencer's `cow_ddy`.
    """
    if system != "cow":
        raise UsageError(f"system {system!r} is not available; use system='cow'")
    first, last = years
    if not 1816 <= first <= last:
        raise UsageError(f"years must satisfy 1816 <= first <= last (got {years})")
    op = "<>" if directed else "<"
    with duckdb.connect() as con:
        con.register("sy", _state_years(first, last))
        frame = con.sql(
            f"SELECT DISTINCT a.ccode AS ccode1, b.ccode AS ccode2, a.year FROM sy a JOIN sy b "
            f"ON a.year = b.year AND a.ccode {op} b.ccode AND greatest(a.start, b.start) <= "
            f"least(a.stop, b.stop) ORDER BY year, ccode1, ccode2").df()
    frame = frame.astype({"ccode1": "int64", "ccode2": "int64", "year": "int64"})
    frame.attrs["detente"] = {
        "system": system, "directed": directed, "years": [first, last],
        "steps": [{"step": "dyad_years", "datasets": ["cow_states"], "columns": list(KEYS),
                   "coverage": dict.fromkeys(KEYS, [first, last])}]}
    return frame


def keys_of(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame's keys for SQL: row, ccode1, ccode2, lo/hi (sorted pair), year."""
    c1, c2 = frame["ccode1"].to_numpy("int64"), frame["ccode2"].to_numpy("int64")
    return pd.DataFrame({"row": np.arange(len(frame), dtype="int64"), "ccode1": c1, "ccode2": c2,
                         "lo": np.minimum(c1, c2), "hi": np.maximum(c1, c2),
                         "year": frame["year"].to_numpy("int64")})


def within(expr: str, coverage: tuple[int, int], default: str | None = None,
           year: str = "p.year") -> str:
    """SQL: `expr` inside the coverage years (NULL → `default` there), NULL outside."""
    value = expr if default is None else f"coalesce({expr}, {default})"
    return f"CASE WHEN {year} BETWEEN {coverage[0]} AND {coverage[1]} THEN {value} END"


def attach(frame: pd.DataFrame, *, step: str, sql: str, sources: Mapping[str, pd.DataFrame],
           datasets: Sequence[str], coverage: tuple[int, int],
           column_coverage: Mapping[str, tuple[int, int]] | None = None) -> pd.DataFrame:
    """Run `sql` (over table `p` = keys_of(frame), plus `sources`) and add its columns.

    The query must return one row per `p.row`, with `row` first. Raises if a row is lost,
    doubled or a column already exists; records the step, its datasets and each column's
    coverage (`coverage`, or `column_coverage[col]`) in the provenance.
    """
    info = _provenance(frame)
    con = duckdb.connect()
    try:
        con.register("p", keys_of(frame))
        for name, table in sources.items():
            con.register(name, table)
        relation = con.sql(f"SELECT * FROM ({sql}) ORDER BY row")
        result = (relation.to_arrow_table() if hasattr(relation, "to_arrow_table")  # duckdb 2
                  else relation.arrow())
    finally:
        con.close()
    rows = result.column("row").to_numpy()
    if len(rows) != len(frame) or not np.array_equal(rows, np.arange(len(frame))):
        raise DataError(f"{step} changed the row count ({len(frame)} → {len(rows)}): a source has "
                        "duplicate keys", field=step)
    new = result.drop(["row"]).to_pandas(types_mapper=_NULLABLE.get)
    clash = [c for c in new.columns if c in frame.columns]
    if clash:
        raise UsageError(f"{step}: the panel already has column {clash[0]!r} (step applied twice?)")
    out = pd.concat([frame, new.set_axis(frame.index)], axis=1, copy=False)
    spans = {c: [int(v) for v in (column_coverage or {}).get(c, coverage)] for c in new.columns}
    out.attrs["detente"] = {**info, "steps": [*info["steps"], {
        "step": step, "datasets": list(datasets), "columns": list(new.columns), "coverage": spans}]}
    return out


def whittle_years(frame: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Only the rows with first <= year <= last (the one kind of step that removes rows)."""
    info = _provenance(frame)
    out = frame[(frame["year"] >= first) & (frame["year"] <= last)].reset_index(drop=True)
    out.attrs["detente"] = {**info, "steps": [*info["steps"], {
        "step": "whittle_years", "datasets": [], "columns": [], "coverage": {}}]}
    return out


def filter_dyads(frame: pd.DataFrame, pairs: Sequence[tuple[int, int]]) -> pd.DataFrame:
    """Only the rows of the given pairs of COW codes (either order)."""
    info = _provenance(frame)
    wanted = {(min(a, b), max(a, b)) for a, b in pairs}
    lo = np.minimum(frame["ccode1"], frame["ccode2"])
    hi = np.maximum(frame["ccode1"], frame["ccode2"])
    mask = pd.Series(list(zip(lo, hi, strict=True)), index=frame.index).isin(wanted)
    out = frame[mask].reset_index(drop=True)
    out.attrs["detente"] = {**info, "steps": [*info["steps"], {
        "step": "filter_dyads", "datasets": [], "columns": [], "coverage": {}}]}
    return out
