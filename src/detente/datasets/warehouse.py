"""The dataset warehouse: every table of `datasets.tables` read once into one DuckDB file,
`$DETENTE_HOME/datasets.duckdb`, so a per-pair question costs a query, not a parse.

- Each table is keyed on its datasets' pinned sha256, its reader version and the storage layout;
  a table whose key differs (or that is missing) is built on first use, or by `build()`.
- The file is only ever opened read-only. A build takes a lock file, copies the current file to
  a temporary one, replaces the stale tables there (each in one transaction) and renames the
  copy over the original: readers in other processes keep the file they opened, never a half
  one, and the next query sees the new file.
- Rows about a pair come from the table's pair key (`tables.Table.pair`); directed dyadic tables
  are stored sorted by an order-free pair code, so a pair query reads a few row groups.

    >>> from detente.datasets import warehouse
    >>> warehouse.dyad("cow_trade_dyadic", 2, 710, columns=["ccode1", "year", "flow1"])
    >>> warehouse.coverage("gsdb")
    (1949, 2022)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
from filelock import FileLock

from detente.core.errors import DataError, UsageError
from detente.datasets.registry import get, home
from detente.datasets.tables import TABLES, Columns, Group, Members, Monadic, Table, table_spec

FILE_NAME = "datasets.duckdb"
LAYOUT = "4"  # how tables are stored (the pair code, the meta table): part of every key
_META = "_tables"
_PAIR = "_pair"
_ROW = "_row"  # the reader's row order: answers come back in it
_PAIR_BASE = 1000  # state codes (COW, GW) are below 1000
_MEMO_SIZE = 4096

Progress = Callable[[str, float], None]


def path() -> Path:
    """The warehouse file: `$DETENTE_WAREHOUSE` when set (one warehouse shared by several
    homes, as the test suite does), else `$DETENTE_HOME/datasets.duckdb`."""
    env = os.environ.get("DETENTE_WAREHOUSE")
    return Path(env) if env else home() / FILE_NAME


def table_key(spec: Table) -> str:
    """What a stored table must match to be current: its datasets' sha256, reader version and
    the layout."""
    parts = [LAYOUT, spec.name, spec.version, *(get(d).sha256 for d in spec.datasets)]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


# -- reading -----------------------------------------------------------------------------------

class _Reader:
    """This process's read-only connection, reopened when the file is replaced."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.signature: tuple | None = None
        self.con: duckdb.DuckDBPyConnection | None = None
        self.meta: dict[str, dict] = {}
        self.memo: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self.empty: dict[tuple, pd.DataFrame] = {}

    def remember(self, key: tuple, frame: pd.DataFrame) -> None:
        """Keep a pair answer (the last `_MEMO_SIZE`), for this file version only."""
        self.memo[key] = frame
        if len(self.memo) > _MEMO_SIZE:
            self.memo.popitem(last=False)

    def current(self) -> tuple[duckdb.DuckDBPyConnection | None, dict[str, dict]]:
        file = path()
        try:
            st = file.stat()
        except FileNotFoundError:
            self.close()
            return None, {}
        signature = (str(file), st.st_ino, st.st_mtime_ns, st.st_size)
        if signature != self.signature:
            self.close()
            self.con = duckdb.connect(str(file), read_only=True, config={"threads": 1})
            self.meta = _read_meta(self.con)
            self.signature = signature
        return self.con, self.meta

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
        self.con, self.meta, self.signature = None, {}, None
        self.memo.clear()
        self.empty.clear()


_READER = _Reader()


def _read_meta(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?",
                         [_META]).fetchone()[0]
    if not exists:
        return {}
    rows = con.execute(f"SELECT name, key, rows, first_year, last_year, dtypes, attrs, built_at, "
                       f"seconds FROM {_META}").fetchall()
    return {r[0]: {"key": r[1], "rows": r[2], "first_year": r[3], "last_year": r[4],
                   "dtypes": json.loads(r[5]), "attrs": json.loads(r[6]), "built_at": r[7],
                   "seconds": r[8]} for r in rows}


def _ready(names: Sequence[str]) -> tuple[duckdb.DuckDBPyConnection, dict[str, dict]]:
    """The connection, after building any of `names` that is missing or stale."""
    specs = [table_spec(n) for n in names]
    con, meta = _READER.current()
    stale = [s.name for s in specs if meta.get(s.name, {}).get("key") != table_key(s)]
    if stale:
        build(stale)
        con, meta = _READER.current()
    assert con is not None
    return con, meta


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _select(columns: Sequence[str] | None, meta: dict) -> str:
    if columns is None:
        return ", ".join(_quoted(c) for c in meta["dtypes"])
    unknown = [c for c in columns if c not in meta["dtypes"]]
    if unknown:
        raise UsageError(f"no column {unknown[0]!r}; the table has: {', '.join(meta['dtypes'])}")
    return ", ".join(_quoted(c) for c in columns)


def _lists(values: np.ndarray) -> np.ndarray:
    out = np.empty(len(values), dtype=object)  # not np.array: equal lengths would be 2-D
    for i, v in enumerate(values):
        out[i] = v.tolist() if isinstance(v, np.ndarray) else (None if v is None else list(v))
    return out


def _array(values: np.ndarray, stored: str | list) -> object:
    """One column as the reader typed it, from DuckDB's numpy result (a MaskedArray where
    the column has NULLs)."""
    masked = isinstance(values, np.ma.MaskedArray)
    mask = np.ma.getmaskarray(values) if masked else np.zeros(len(values), dtype=bool)
    data = values.data if masked else values
    if stored == "list":
        return _lists(data)
    if stored == "date":
        dates = pd.to_datetime(data).date.astype(object) if len(data) else data.astype(object)
        dates[mask] = None
        return dates
    if isinstance(stored, list):  # a category, with the reader's categories
        return pd.Categorical(np.where(mask, None, data.astype(object)), categories=stored)
    if stored == "string":
        return pd.array(np.where(mask, None, data.astype(object)), dtype="string")
    if stored == "Int64":
        return pd.arrays.IntegerArray(np.where(mask, 0, data).astype("int64"), mask)
    if stored == "boolean":
        return pd.arrays.BooleanArray(np.where(mask, False, data).astype(bool), mask)
    if stored == "float64":
        return np.where(mask, np.nan, data).astype("float64")
    if stored.startswith("datetime64"):
        return np.where(mask, np.datetime64("NaT"), data).astype(stored)
    if stored == "object":
        return np.where(mask, None, data.astype(object))
    return pd.array(data, dtype=stored)


def _restore(name: str, result: dict[str, np.ndarray], meta: dict) -> pd.DataFrame:
    """The reader's frame back from DuckDB's numpy result (`result` carries the hidden row
    number): its dtypes, row order and attrs. Built column by column: DuckDB's own DataFrame
    conversion, or DataFrame.astype, cost several times the query here."""
    order = result.pop(_ROW)
    dtypes = meta["dtypes"]
    if len(order) == 0:  # most pairs have no rows in most tables: one typed empty frame
        key = (_READER.signature, name, tuple(result))
        if key not in _READER.empty:
            _READER.empty[key] = pd.DataFrame({c: _array(v, dtypes[c]) for c, v in result.items()})
        out = _READER.empty[key].copy()
    else:
        out = pd.DataFrame({c: _array(v, dtypes[c]) for c, v in result.items()}, copy=False)
        if len(order) > 1 and (np.diff(np.asarray(order)) < 0).any():
            out = out.iloc[np.argsort(np.asarray(order), kind="stable")].reset_index(drop=True)
    out.attrs = dict(meta["attrs"])
    return out


def _query(name: str, columns: Sequence[str] | None, where: str = "",
           params: Sequence = ()) -> pd.DataFrame:
    with _READER.lock:
        con, meta = _ready([name])
        memo_key = (_READER.signature, name, tuple(columns or ()), where, tuple(params))
        cached = _READER.memo.get(memo_key)
        if cached is None:
            # no ORDER BY: DuckDB's sort costs more than the whole lookup; `_restore` orders
            sql = f"SELECT {_select(columns, meta[name])}, {_ROW} FROM {_quoted(name)} {where}"
            cached = _restore(name, con.execute(sql, list(params)).fetchnumpy(), meta[name])
            if where:  # whole tables are not kept: only pair answers, which are small
                _READER.remember(memo_key, cached)
        frame = cached.copy()
        for col in frame.columns:  # copy() shares the lists inside: a caller may change them
            if meta[name]["dtypes"][col] == "list":
                frame[col] = _lists(frame[col].to_numpy())
        frame.attrs = dict(cached.attrs)
        return frame


def table(name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The whole table (as its reader returns it, attrs included), built first if needed."""
    return _query(name, columns)


def pair_code(a: pd.Series | int, b: pd.Series | int):
    """An order-free code of two states: min × 1000 + max."""
    if isinstance(a, int) and isinstance(b, int):
        return min(a, b) * _PAIR_BASE + max(a, b)
    lo = np.minimum(a.astype("Int64"), b.astype("Int64"))
    hi = np.maximum(a.astype("Int64"), b.astype("Int64"))
    return (lo * _PAIR_BASE + hi).astype("Int64")


def _pair_filter(spec: Table, a: int, b: int) -> tuple[str, list]:
    pair = spec.pair
    if isinstance(pair, Columns):
        return f"WHERE {_PAIR} = ?", [pair_code(a, b)]
    if isinstance(pair, Monadic):
        return f"WHERE {_quoted(pair.column)} IN (?, ?)", [a, b]
    if isinstance(pair, Members):
        merged = _quoted(pair.lists[0])
        for col in pair.lists[1:]:
            merged = f"list_concat({merged}, {_quoted(col)})"
        return f"WHERE list_contains({merged}, ?) AND list_contains({merged}, ?)", [a, b]
    if isinstance(pair, Group):
        g, m, t = _quoted(pair.group), _quoted(pair.member), _quoted(spec.name)
        return (f"WHERE {m} IN (?, ?) AND {g} IN (SELECT {g} FROM {t} WHERE {m} = ? "
                f"INTERSECT SELECT {g} FROM {t} WHERE {m} = ?)"), [a, b, a, b]
    raise UsageError(f"table {spec.name!r} has no state columns to look a pair up by")


def dyad(name: str, cow_a: int, cow_b: int, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The rows of table `name` about the pair, in either order and either direction (for a
    one-state-per-row table: the rows of either state). Codes are COW codes (GW for gw_states)."""
    where, params = _pair_filter(table_spec(name), int(cow_a), int(cow_b))
    return _query(name, columns, where, params)


def _state_filter(spec: Table, cow: int) -> tuple[str, list]:
    pair = spec.pair
    if isinstance(pair, Columns):
        return f"WHERE {_quoted(pair.a)} = ? OR {_quoted(pair.b)} = ?", [cow, cow]
    if isinstance(pair, Monadic):
        return f"WHERE {_quoted(pair.column)} = ?", [cow]
    if isinstance(pair, Members):
        return "WHERE " + " OR ".join(f"list_contains({_quoted(c)}, ?)" for c in pair.lists), \
            [cow] * len(pair.lists)
    if isinstance(pair, Group):
        return f"WHERE {_quoted(pair.member)} = ?", [cow]
    raise UsageError(f"table {spec.name!r} has no state columns to look a state up by")


def state(name: str, cow: int, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The rows of table `name` about one state, with any partner (e.g. every SIPRI deal it
    supplied or received, to find arms sent to a third party)."""
    where, params = _state_filter(table_spec(name), int(cow))
    return _query(name, columns, where, params)


def coverage(name: str) -> tuple[int | None, int | None]:
    """The first and last year the table covers."""
    with _READER.lock:
        _, meta = _ready([name])
        return meta[name]["first_year"], meta[name]["last_year"]


def unresolved(name: str) -> dict:
    """Names the reader could not map to a COW code, with their row counts (empty if none)."""
    with _READER.lock:
        _, meta = _ready([name])
        return dict(meta[name]["attrs"].get("unresolved", {}))


def built() -> dict[str, dict]:
    """What the warehouse file holds now (no build): name → rows, years, key, build time, and
    whether the key is current."""
    with _READER.lock:
        _, meta = _READER.current()
    return {name: {**{k: v for k, v in m.items() if k not in ("dtypes", "attrs")},
                   "current": name in TABLES and m["key"] == table_key(TABLES[name])}
            for name, m in meta.items()}


# -- building ----------------------------------------------------------------------------------

def _year(values: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values) or _is_date_column(values):
        return pd.to_datetime(values).dt.year
    return pd.to_numeric(values, errors="coerce")


def _coverage_of(frame: pd.DataFrame, spec: Table) -> tuple[int | None, int | None]:
    first, last = _year(frame[spec.years[0]]).min(), _year(frame[spec.years[1]]).max()
    return (None if pd.isna(first) else int(first)), (None if pd.isna(last) else int(last))


def _is_list_column(values: pd.Series) -> bool:
    sample = values.dropna()
    return values.dtype == object and len(sample) > 0 and isinstance(sample.iloc[0], list)


def _is_date_column(values: pd.Series) -> bool:
    sample = values.dropna()
    return values.dtype == object and len(sample) > 0 and isinstance(sample.iloc[0], dt.date)


def _arrow(frame: pd.DataFrame, spec: Table) -> tuple[pa.Table, dict[str, str | list]]:
    data = frame.reset_index(drop=True).copy()
    data.attrs = {}
    dtypes, fields = {}, {}
    for col in data.columns:
        if _is_list_column(data[col]):
            dtypes[col] = "list"
            fields[col] = pa.array(data[col], type=pa.list_(pa.int64()))
        elif _is_date_column(data[col]):
            dtypes[col] = "date"
            fields[col] = pa.array(data[col], type=pa.date32())
        elif isinstance(data[col].dtype, pd.CategoricalDtype):
            dtypes[col] = [str(c) for c in data[col].cat.categories]
            fields[col] = pa.array(data[col].astype(object).where(data[col].notna(), None),
                                   type=pa.string())
        else:
            dtypes[col] = str(data[col].dtype)
            fields[col] = pa.Array.from_pandas(data[col])
    fields[_ROW] = pa.array(range(len(data)), type=pa.int64())
    if isinstance(spec.pair, Columns):
        fields[_PAIR] = pa.Array.from_pandas(pair_code(data[spec.pair.a], data[spec.pair.b]))
    return pa.table(fields), dtypes


def _order(spec: Table) -> str:
    pair = spec.pair
    if isinstance(pair, Columns):
        return f"ORDER BY {_PAIR}"
    if isinstance(pair, Monadic):
        return f"ORDER BY {_quoted(pair.column)}"
    if isinstance(pair, Group):
        return f"ORDER BY {_quoted(pair.member)}"
    return ""


def _store(con: duckdb.DuckDBPyConnection, spec: Table, frame: pd.DataFrame,
           seconds: float) -> None:
    """Replace the table and its meta row in one transaction."""
    missing = [c for c in spec.years if c not in frame.columns]
    if missing:
        raise DataError(f"the reader of {spec.name} returned no {missing[0]!r} column",
                        field=missing[0])
    arrow, dtypes = _arrow(frame, spec)
    first, last = _coverage_of(frame, spec)
    con.register("_incoming", arrow)
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(f"DROP TABLE IF EXISTS {_quoted(spec.name)}")
        con.execute(f"CREATE TABLE {_quoted(spec.name)} AS SELECT * FROM _incoming {_order(spec)}")
        con.execute(f"DELETE FROM {_META} WHERE name = ?", [spec.name])
        con.execute(f"INSERT INTO {_META} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [spec.name, table_key(spec), len(frame), first, last, json.dumps(dtypes),
                     json.dumps(frame.attrs, default=str),
                     time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), seconds])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("_incoming")


def _stale(specs: Iterable[Table], force: bool) -> list[Table]:
    with _READER.lock:
        _, current = _READER.current()  # re-read when another process replaced the file
    return [s for s in specs if force or current.get(s.name, {}).get("key") != table_key(s)]


def build(names: Iterable[str] | None = None, progress: Progress | None = None,
          force: bool = False) -> dict[str, float]:
    """Build the named tables (default: all) that are missing or stale (all of them when
    `force`); returns the seconds each took to read and store. `progress(name, seconds)` is
    called after each. Safe to run from several processes at once: one builds, the others wait
    and then find the tables current."""
    specs = [table_spec(n) for n in (list(TABLES) if names is None else names)]
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target) + ".lock"):
        todo = _stale(specs, force)
        if not todo:
            return {}
        partial = target.with_name(f"{FILE_NAME}.{os.getpid()}.{threading.get_ident()}.tmp")
        if target.is_file():
            shutil.copyfile(target, partial)
        else:
            partial.unlink(missing_ok=True)
        timings: dict[str, float] = {}
        try:
            con = duckdb.connect(str(partial))
            try:
                con.execute("SET enable_progress_bar = false")
                con.execute(f"CREATE TABLE IF NOT EXISTS {_META} (name VARCHAR PRIMARY KEY, "
                            "key VARCHAR, rows BIGINT, first_year INTEGER, last_year INTEGER, "
                            "dtypes VARCHAR, attrs VARCHAR, built_at VARCHAR, seconds DOUBLE)")
                for spec in todo:
                    start = time.perf_counter()
                    frame = spec.read()
                    seconds = time.perf_counter() - start
                    _store(con, spec, frame, seconds)
                    timings[spec.name] = time.perf_counter() - start
                    if progress is not None:
                        progress(spec.name, timings[spec.name])
                con.execute("CHECKPOINT")
            finally:
                con.close()
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
            Path(str(partial) + ".wal").unlink(missing_ok=True)
    return timings
