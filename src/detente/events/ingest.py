"""Ingest event files into the store: one transaction per file, every line accounted for.

For each file: hash it and count its lines (`inputs.prepare`), tell its layout from its first
line, let DuckDB parse it in parallel into a temporary table (lines that do not parse go to the
rejects with DuckDB's line number, field and reason), give every parsed row its line number,
reject rows that break the layout's checks, count duplicate event ids (kept once: the first
seen), insert the rest, and write the ledger row. The books must balance — lines read = kept +
duplicates + rejected — or the file is refused and the store is left as it was.

GDELT files take a faster road to the same result (`direct`, `_DirectLoad`): DuckDB parses them
straight into `events` inside the file's transaction, and the rejects and duplicates are then
moved out of it — one read of the file, no staging table.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import shutil
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from detente.core.countries import resolve
from detente.core.errors import DataError, UsageError
from detente.datasets.registry import home
from detente.events import direct
from detente.events.formats import EVENT_COLUMNS, LAYOUTS, Check, Layout, detect, q
from detente.events.inputs import Prepared, blank_lines, normalise_newlines, prepare
from detente.events.store import EventStore

Progress = Callable[[str, float], None]

# DuckDB's CSV error types → detente's reject reasons.
_ERROR_REASON = {"MISSING COLUMNS": "missing_fields", "TOO MANY COLUMNS": "extra_fields",
                 "INVALID ENCODING": "bad_utf8", "INVALID UNICODE": "bad_utf8",
                 "LINE SIZE OVER MAXIMUM": "line_too_long", "UNQUOTED VALUE": "bad_quoting"}
_SEP = "\x1f"


@dataclass
class FileResult:
    """What happened to one input file."""

    path: str
    sha256: str
    format: str
    rows_read: int = 0
    kept: int = 0
    duplicates: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    skipped: bool = False
    same_as: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def n_rejected(self) -> int:
        return sum(self.rejected.values())


def ingest(paths: Iterable[Path | str], *, store: EventStore | None = None,
           progress: Progress | None = None) -> list[FileResult]:
    """Ingest files (plain, gzip or zip) into the store; files already in the ledger (same
    sha256) are skipped. Returns one result per file, in order; a refused file raises its
    DataError (the files before it stay ingested)."""
    own = store is None
    store = store or EventStore()
    results = []
    try:
        with contextlib.closing(ingest_each(paths, store, progress=progress)) as each:
            for _, outcome in each:
                if isinstance(outcome, DataError):
                    raise outcome
                results.append(outcome)
    finally:
        if own:
            store.close()
    return results


def ingest_each(paths: Iterable[Path | str], store: EventStore, *,
                progress: Progress | None = None) -> Iterator[tuple[Path, FileResult | DataError]]:
    """Ingest files in order, yielding each path with its result or the DataError that refused
    it. While DuckDB loads a file, the next ones are hashed, counted and unpacked, and two files
    load side by side, each on its own connection and in its own transaction; each finishes only
    after the one before it, so they commit in order (see `_DirectLoad` for duplicates)."""
    workdir = home() / "tmp"
    workdir.mkdir(parents=True, exist_ok=True)
    todo = [Path(p) for p in paths]
    ahead = _SIDE_BY_SIDE + 1
    preparing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="detente-prepare")
    loading = ThreadPoolExecutor(max_workers=_SIDE_BY_SIDE, thread_name_prefix="detente-load")
    preps = [preparing.submit(prepare, path, workdir) for path in todo[:ahead]]
    file_ids = itertools.count(_next_file_id(store.con))
    flight: deque[tuple[Path, Future, str | None]] = deque()
    try:
        for i, path in enumerate(todo):
            if i + ahead < len(todo):
                preps.append(preparing.submit(prepare, todo[i + ahead], workdir))
            while flight and (len(flight) >= _SIDE_BY_SIDE or flight[0][1].done()):
                yield _landed(*flight.popleft()[:2])
            try:
                prep = preps[i].result()
            except DataError as exc:
                flight.append((path, _done(exc), None))
                continue
            if any(sha == prep.sha256 for _, _, sha in flight):  # a copy of a file in flight
                while flight:
                    yield _landed(*flight.popleft()[:2])
            before = flight[-1][1] if flight else None
            future = loading.submit(_load_in_turn, store, prep, progress, before, next(file_ids))
            flight.append((path, future, prep.sha256))
        while flight:
            yield _landed(*flight.popleft()[:2])
    finally:
        for _, future, _ in flight:  # a consumer that stops early: let the loads end
            with contextlib.suppress(Exception):
                future.result()
        loading.shutdown()
        for prepared in preps:
            with contextlib.suppress(Exception):
                prepared.result().cleanup()
        preparing.shutdown()


_SIDE_BY_SIDE = 2  # files loading at once (each DuckDB statement also runs on DuckDB's threads)


def _done(outcome: object) -> Future:
    future: Future = Future()
    future.set_result(outcome)
    return future


def _landed(path: Path, future: Future) -> tuple[Path, FileResult | DataError]:
    """A finished load's outcome: its result, or the DataError that refused the file."""
    try:
        outcome = future.result()
    except DataError as exc:
        return path, exc
    return path, outcome.result if isinstance(outcome, _Load) else outcome


def _load_in_turn(store: EventStore, prep: Prepared, progress: Progress | None,
                  before: Future | None, file_id: int) -> _Load | FileResult:
    """Load one file on its own connection, finishing after the load `before` it."""
    con = store.con.cursor()
    try:
        if progress:
            progress(str(prep.path), 0.3)
        same = con.execute("SELECT path FROM files WHERE sha256 = ?", [prep.sha256]).fetchall()
        if same:
            return FileResult(str(prep.path), prep.sha256, "", skipped=True, same_as=same[0][0])
        layout = detect(prep.first_line, str(prep.path))
        if layout.convert is not None:  # a PLOVER JSON array → JSON Lines (same cleanup folder)
            prep = layout.convert(prep)
        if prep.line_map is None and direct.aliases(layout) is not None:
            load: _Load = _DirectLoad(store, prep, layout, progress, con=con, file_id=file_id,
                                      before=before)
        else:
            _settled(before)  # the staging path starts once the file before it is in
            load = _Load(store, prep, layout, progress, con=con, file_id=file_id)
        load.run()
        return load
    finally:
        _settled(before)
        prep.cleanup()
        con.close()


def ingest_file(store: EventStore, path: Path, *, progress: Progress | None = None) -> FileResult:
    """Ingest one file in one transaction (see the module docstring)."""
    workdir = home() / "tmp"
    workdir.mkdir(parents=True, exist_ok=True)
    prep = prepare(path, workdir=workdir)
    try:
        return _load_prepared(store, prep, progress)
    finally:
        prep.cleanup()


def _load_prepared(store: EventStore, prep: Prepared, progress: Progress | None) -> FileResult:
    if progress:
        progress(str(prep.path), 0.3)
    same = store.file_by_sha256(prep.sha256)
    if same is not None:
        return FileResult(str(prep.path), prep.sha256, "", skipped=True, same_as=same)
    layout = detect(prep.first_line, str(prep.path))
    if layout.convert is not None:  # a PLOVER JSON array → JSON Lines (same cleanup folder)
        prep = layout.convert(prep)
    if prep.line_map is None and direct.aliases(layout) is not None:
        return _DirectLoad(store, prep, layout, progress).run()
    return _Load(store, prep, layout, progress).run()


def _next_file_id(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT coalesce(max(file_id), 0) + 1 FROM files").fetchall()[0][0]


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _read_csv(layout: Layout, rejects: str) -> str:
    cols = ", ".join(f"{_lit(c)}: {_lit(t)}" for c, t in layout.column_types().items())
    return (f"read_csv($path, columns = {{{cols}}}, header = {str(layout.header).lower()}, "
            f"delim = {_lit(layout.delimiter)}, quote = '', escape = '', "
            f"dateformat = {_lit(layout.dateformat)}, auto_detect = false, "
            f"store_rejects = true, rejects_table = '{rejects}_errors', "
            f"rejects_scan = '{rejects}_scans')")


def _first_errors(con: duckdb.DuckDBPyConnection, rejects: str) -> pd.DataFrame:
    """One row per rejected line: the first error DuckDB found on it."""
    return con.execute(
        f"SELECT line, column_name, error_type, error_message, csv_line FROM {rejects}_errors "
        "QUALIFY row_number() OVER (PARTITION BY line ORDER BY column_idx) = 1 ORDER BY line").df()


def _drop_rejects(con: duckdb.DuckDBPyConnection, rejects: str) -> None:
    con.execute(f"DROP TABLE IF EXISTS {rejects}_errors")
    con.execute(f"DROP TABLE IF EXISTS {rejects}_scans")


class _Load:
    """The steps of loading one prepared file; all inside one transaction."""

    def __init__(self, store: EventStore, prep: Prepared, layout: Layout,
                 progress: Progress | None, *, con: duckdb.DuckDBPyConnection | None = None,
                 file_id: int | None = None) -> None:
        self.store, self.prep, self.layout = store, prep, layout
        self.con = con if con is not None else store.con
        self.progress, self.file_id = progress, file_id
        self.id_range: tuple[object, object] = (None, None)
        family = [layout, *(LAYOUTS[n] for n in layout.alternates)]
        self.wide = max(family, key=lambda lay: len(lay.columns))
        self.header_lines = 1 if layout.header else 0
        self.result = FileResult(str(prep.path), prep.sha256, layout.name)

    # ── the whole load ───────────────────────────────────────────────────────────────────
    def run(self) -> FileResult:
        con = self.con
        try:
            # Staging happens outside the transaction: temporary tables belong to this connection
            # only, and their row ids (the rows' order in the file) start at 0 only once committed.
            structural = self._stage()
            if self.prep.line_map is not None:  # lines of a rewritten input → the original's
                structural["line"] = [self.prep.line_map[k - 1] for k in structural["line"]]
            self._map_countries()
            self._line_view()
            con.execute("BEGIN TRANSACTION")
            try:
                self.file_id = self.file_id or _next_file_id(con)
                self._reject(structural)
                self._insert()
                self._balance()
                self._record()
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        finally:
            for name in ("_lined",):
                con.execute(f"DROP VIEW IF EXISTS {name}")
            for name in ("_stage", "_gaps", "_altmap", "_countries", "_dups", "_linemap"):
                con.execute(f"DROP TABLE IF EXISTS {name}")
            _drop_rejects(con, "_rej")
            _drop_rejects(con, "_rej_alt")
        if self.progress:
            self.progress(self.result.path, 1.0)
        return self.result

    # ── parsing ──────────────────────────────────────────────────────────────────────────
    def _stage(self) -> pd.DataFrame:
        """Parse the file into `_stage` (wide layout columns). Returns the structural rejects:
        line, field, reason, detail, raw."""
        con = self.con
        # Only the columns the schema and the checks use are kept (DuckDB still checks the
        # field count and the encoding of every line, and the type of every typed field).
        used = self.wide.used_columns()
        types = self.wide.column_types()
        con.execute(f"CREATE TEMP TABLE _stage ({', '.join(f'{q(c)} {types[c]}' for c in used)})")
        _drop_rejects(con, "_rej")
        main_used = ", ".join(q(c) for c in used if c in self.layout.columns)
        sql = f"INSERT INTO _stage BY NAME SELECT {main_used} FROM {_read_csv(self.layout, '_rej')}"
        try:
            self._with_progress(sql, {"path": str(self.prep.plain)})
        except duckdb.Error as exc:
            if "state machine" not in str(exc):
                raise self._unparsable(exc) from None
            # The file mixes CRLF and LF line endings: read a copy with LF only.
            plain = normalise_newlines(self.prep.plain, self.prep.plain.parent
                                       if self.prep.compression != "none" else home() / "tmp")
            try:
                con.execute("DELETE FROM _stage")
                _drop_rejects(con, "_rej")
                self._with_progress(sql, {"path": str(plain)})
            except duckdb.Error as exc2:
                raise self._unparsable(exc2) from None
            finally:
                if self.prep.compression == "none":
                    shutil.rmtree(plain.parent, ignore_errors=True)
        self.n_main = con.execute("SELECT count(*) FROM _stage").fetchall()[0][0]
        return self._account()

    def _account(self) -> pd.DataFrame:
        """Account for every line DuckDB did not parse into `self.n_main` rows: its errors, the
        lines of an alternate layout, the blank lines. Returns the structural rejects."""
        errors = _first_errors(self.con, "_rej")
        alt_lines, errors = self._alternate_lines(errors)
        skipped = {*range(1, self.header_lines + 1), *errors["line"].astype(int), *alt_lines}
        # DuckDB skips empty lines without a word: the count tells whether to look for them.
        blank = (blank_lines(self.prep.plain)
                 if self.n_main + len(skipped) < self.prep.scan.lines else [])
        self.skipped = sorted(skipped | set(blank))
        seen = self.n_main + len(self.skipped)
        if seen != self.prep.scan.lines:
            raise DataError(f"the file has {self.prep.scan.lines} lines but {seen} were parsed or "
                            "rejected; refusing to load it", file=self.prep.path)
        rejects = [self._structural(errors)]
        rejects.append(pd.DataFrame({"line": blank, "field": None, "reason": "blank_line",
                                     "detail": "an empty line", "raw": ""}))
        if alt_lines:
            rejects.append(self._stage_alternates(alt_lines))
        return pd.concat(rejects, ignore_index=True)

    def _unparsable(self, exc: Exception) -> DataError:
        reason = str(exc).splitlines()[0]
        return DataError(f"DuckDB cannot parse the file as {self.layout.name}: {reason}",
                         file=self.prep.path)

    def _with_progress(self, sql: str, params: dict) -> int:
        """Run a long INSERT, reporting DuckDB's progress when a callback is given; returns the
        number of rows it inserted."""
        if self.progress is None:
            return self.con.execute(sql, params).fetchall()[0][0]
        self.con.execute("SET enable_progress_bar = true")
        self.con.execute("SET enable_progress_bar_print = false")
        failure: list[BaseException] = []
        inserted: list[int] = []

        def work() -> None:
            try:
                inserted.append(self.con.execute(sql, params).fetchall()[0][0])
            except BaseException as exc:  # re-raised in the calling thread
                failure.append(exc)

        worker = threading.Thread(target=work)
        worker.start()
        while worker.is_alive():
            worker.join(0.1)
            done = self.con.query_progress()
            if done >= 0:
                self.progress(self.result.path, 0.3 + 0.6 * done / 100)
        if failure:
            raise failure[0]
        return inserted[0]

    def _structural(self, errors: pd.DataFrame) -> pd.DataFrame:
        types = self.layout.column_types()

        def reason(row: pd.Series) -> str:
            if row.error_type == "CAST":
                return "bad_date" if types.get(row.column_name) == "DATE" else "bad_number"
            return _ERROR_REASON.get(row.error_type, row.error_type.lower().replace(" ", "_"))

        if errors.empty:
            return pd.DataFrame(columns=["line", "field", "reason", "detail", "raw"])
        # DuckDB names no column for surplus fields: name the last one the layout has.
        last = self.layout.columns[-1]
        return pd.DataFrame({
            "line": errors["line"].astype("int64"),
            "field": errors["column_name"].where(errors["error_type"] != "TOO MANY COLUMNS", last),
            "reason": errors.apply(reason, axis=1),
            "detail": errors["error_message"],
            "raw": errors["csv_line"].str.strip("\r\n"),
        })

    def _alternate_lines(self, errors: pd.DataFrame) -> tuple[list[int], pd.DataFrame]:
        """Lines with the wrong field count for the file's layout but the right one for a layout
        of the same family (a GDELT 1.0 file mixing 57- and 58-field lines)."""
        if not self.layout.alternates or errors.empty:
            self.alt_layout = None
            return [], errors
        counts = {len(LAYOUTS[n].columns): LAYOUTS[n] for n in self.layout.alternates}
        text = errors["csv_line"].fillna("").str.strip("\r\n")
        fields = text.str.count(self.layout.delimiter) + 1
        structural = errors["error_type"].isin(["MISSING COLUMNS", "TOO MANY COLUMNS"])
        alt = structural & fields.isin(list(counts))
        if not alt.any():
            self.alt_layout = None
            return [], errors
        # One alternate layout per file family is enough (GDELT 1.0 has two).
        self.alt_layout = counts[int(fields[alt].mode().iloc[0])]
        alt &= fields == len(self.alt_layout.columns)
        self.alt_text = text[alt].tolist()
        self.result.format = f"{self.layout.name}+{self.alt_layout.name}"
        return errors.loc[alt, "line"].astype(int).tolist(), errors[~alt]

    def _stage_alternates(self, alt_lines: list[int]) -> pd.DataFrame:
        """Parse the alternate-layout lines with their own layout, appended to `_stage`."""
        assert self.alt_layout is not None
        with tempfile.NamedTemporaryFile("w", suffix=".txt", dir=home() / "tmp", delete=False,
                                         encoding="utf-8", newline="\n") as fh:
            fh.write("\n".join(self.alt_text) + "\n")
            alt_path = Path(fh.name)
        try:
            _drop_rejects(self.con, "_rej_alt")
            used = ", ".join(q(c) for c in self.wide.used_columns()
                             if c in self.alt_layout.columns)
            self.con.execute(f"INSERT INTO _stage BY NAME SELECT {used} FROM "
                             f"{_read_csv(self.alt_layout, '_rej_alt')}", {"path": str(alt_path)})
        finally:
            alt_path.unlink(missing_ok=True)
        errors = _first_errors(self.con, "_rej_alt")
        rejected = set(errors["line"].astype(int))
        kept = [line for j, line in enumerate(alt_lines, start=1) if j not in rejected]
        frame = pd.DataFrame({"k": range(self.n_main, self.n_main + len(kept)), "line": kept})
        self.con.register("_altmap_df", frame)
        self.con.execute("CREATE TEMP TABLE _altmap AS SELECT k::BIGINT AS k, line::BIGINT AS line "
                         "FROM _altmap_df")
        self.con.unregister("_altmap_df")
        out = self._structural(errors)
        out["line"] = [alt_lines[j - 1] for j in out["line"]]
        return out

    # ── line numbers and derived columns ─────────────────────────────────────────────────
    def _map_countries(self) -> None:
        """ICEWS names countries ("Russian Federation"): map each distinct name to its ISO3."""
        if self.layout.dataset != "icews":
            return
        names = [r[0] for r in self.con.execute(
            'SELECT DISTINCT n FROM (SELECT "Source Country" AS n FROM _stage UNION ALL '
            'SELECT "Target Country" FROM _stage) WHERE n IS NOT NULL').fetchall()]
        mapping, unknown = {}, []
        for name in names:
            try:
                mapping[name] = resolve(name).iso3
            except UsageError:
                unknown.append(name)
        frame = pd.DataFrame({"name": list(mapping), "iso3": list(mapping.values())},
                             columns=["name", "iso3"]).astype(str)
        self.con.register("_countries_df", frame)
        self.con.execute("CREATE TEMP TABLE _countries AS SELECT * FROM _countries_df")
        self.con.unregister("_countries_df")
        if unknown:
            self.result.notes.append(f"{len(unknown)} ICEWS country name(s) have no ISO3 code "
                                     f"and are kept as names only: {', '.join(sorted(unknown)[:10])}")

    def _line_view(self) -> None:
        """`_lined`: the staged rows with their line number in the file (and derived columns)."""
        skipped = self.skipped
        joins, line = [], ""
        prefix = skipped == list(range(1, len(skipped) + 1))
        base = self.con.execute("SELECT coalesce(min(rowid), 0) FROM _stage").fetchall()[0][0]
        if prefix:
            line = f"s.rowid - {base} + {1 + len(skipped)}"
        else:
            gaps = pd.DataFrame({"g": [s - j for j, s in enumerate(skipped, start=1)],
                                 "j": range(1, len(skipped) + 1)})
            self.con.register("_gaps_df", gaps)
            self.con.execute("CREATE TEMP TABLE _gaps AS SELECT g::BIGINT AS g, max(j)::BIGINT AS j "
                             "FROM _gaps_df GROUP BY g")
            self.con.unregister("_gaps_df")
            joins.append(f"ASOF LEFT JOIN _gaps g ON s.rowid - {base} + 1 > g.g")
            line = f"s.rowid - {base} + 1 + coalesce(g.j, 0)"
        if self.alt_layout is not None:
            joins.append(f"LEFT JOIN _altmap a ON a.k = s.rowid - {base}")
            line = f"coalesce(a.line, {line})"
        if self.prep.line_map is not None:
            lines = pd.DataFrame({"k": range(1, len(self.prep.line_map) + 1),
                                  "line": list(self.prep.line_map)})
            self.con.register("_linemap_df", lines)
            self.con.execute("CREATE TEMP TABLE _linemap AS SELECT k::BIGINT AS k, "
                             "line::BIGINT AS line FROM _linemap_df")
            self.con.unregister("_linemap_df")
            joins.append(f"LEFT JOIN _linemap m ON m.k = {line}")
            line = "m.line"
        extra = ""
        if self.layout.dataset == "icews":
            joins.append('LEFT JOIN _countries c1 ON c1.name = s."Source Country" '
                         'LEFT JOIN _countries c2 ON c2.name = s."Target Country"')
            extra = ", c1.iso3 AS src_iso3, c2.iso3 AS tgt_iso3"
        columns = "s.*"
        if self.layout.json:  # DuckDB's JSON functions raise on malformed JSON: hide it as NULL
            columns = ('s.* EXCLUDE ("json"), CASE WHEN json_valid(s."json") THEN s."json" END '
                       'AS "json", s."json" AS _raw')
        self.con.execute(f"CREATE TEMP VIEW _lined AS SELECT {columns}, ({line})::BIGINT AS line"
                         f"{extra} FROM _stage s {' '.join(joins)}")

    # ── checks, duplicates, insert ───────────────────────────────────────────────────────
    def _bad(self) -> list[str]:
        return [f"coalesce(({c.bad}), true)" for c in self.wide.checks]

    def _reject(self, structural: pd.DataFrame) -> None:
        con, fid = self.con, self.file_id
        if not structural.empty:
            frame = structural.assign(file_id=fid)[["file_id", "line", "field", "reason", "detail",
                                                    "raw"]]
            con.register("_structural_df", frame)
            con.execute("INSERT INTO rejects SELECT file_id, line, field, reason, detail, raw "
                        "FROM _structural_df")
            con.unregister("_structural_df")
        checks = self.wide.checks
        fail = "CASE " + " ".join(f"WHEN {b} THEN {_lit(c.field + _SEP + c.reason)}"
                                  for b, c in zip(self._bad(), checks, strict=True)) + " END"
        def value(c: Check) -> str:
            if c.value:
                return c.value
            return "_raw" if self.layout.json and c.field == "json" else q(c.field)

        detail = "CASE " + " ".join(f"WHEN {b} THEN left(CAST({value(c)} AS VARCHAR), 200)"
                                    for b, c in zip(self._bad(), checks, strict=True)) + " END"
        con.execute(
            f"INSERT INTO rejects SELECT {fid}, line, split_part(f, '{_SEP}', 1), "
            f"split_part(f, '{_SEP}', 2), d, NULL FROM (SELECT line, {fail} AS f, {detail} AS d "
            f"FROM _lined WHERE {' OR '.join(self._bad())})")

    def _insert(self) -> None:
        con, fid, layout = self.con, self.file_id, self.wide
        good = f"NOT ({' OR '.join(self._bad())})"
        event_id = layout.select["event_id"]
        numeric = layout.types.get(layout.id_field) == "BIGINT"
        key = q(layout.id_field) if numeric else event_id  # the id in its own type: faster
        source = "_stage" if numeric else "_lined"  # JSON ids: read through the guarded view
        self.id_range = (tuple(con.execute(f"SELECT min({key}), max({key}) FROM _stage"
                                           ).fetchall()[0]) if numeric else (None, None))
        # The same id twice in this file: the first line is kept.
        con.execute(f"""CREATE TEMP TABLE _dups AS
            SELECT line, CAST(k AS VARCHAR) AS event_id FROM (
                SELECT {key} AS k, line, row_number() OVER (PARTITION BY {key} ORDER BY line) AS rn
                FROM _lined WHERE {good} AND {key} IN (
                    SELECT {key} FROM {source} GROUP BY ALL HAVING count(*) > 1))
            WHERE rn > 1""")
        # Ids already in the store: only files whose id range overlaps this one's can hold them.
        overlap = [r[0] for r in con.execute(
            "SELECT file_id FROM files WHERE dataset = $dataset AND "
            "(id_min IS NULL OR $lo IS NULL OR (id_min <= $hi AND id_max >= $lo))",
            {"dataset": layout.dataset, "lo": self.id_range[0], "hi": self.id_range[1]}
        ).fetchall()]
        if overlap:
            con.execute(f"""INSERT INTO _dups
                SELECT line, event_id FROM (SELECT {event_id} AS event_id, line FROM _lined
                                            WHERE {good}) v
                SEMI JOIN (SELECT event_id FROM events
                           WHERE file_id IN ({', '.join(map(str, overlap))})) USING (event_id)
                WHERE line NOT IN (SELECT line FROM _dups)""")
        con.execute(f"INSERT INTO duplicates SELECT {fid}, line, event_id FROM _dups")
        n_dups = con.execute("SELECT count(*) FROM _dups").fetchall()[0][0]
        not_dup = " AND line NOT IN (SELECT line FROM _dups)" if n_dups else ""
        exprs = ", ".join(f"{layout.select.get(name, 'NULL')} AS {name}" for name in EVENT_COLUMNS)
        con.execute(f"INSERT INTO events BY NAME SELECT {exprs}, {fid} AS file_id, line "
                    f"FROM _lined WHERE {good}{not_dup}")
        self.result.duplicates = n_dups

    def _balance(self) -> None:
        con, fid, r = self.con, self.file_id, self.result
        r.kept = con.execute("SELECT count(*) FROM events WHERE file_id = ?", [fid]).fetchall()[0][0]
        r.rejected = dict(con.execute("SELECT reason, count(*) FROM rejects WHERE file_id = ? "
                                      "GROUP BY ALL ORDER BY ALL", [fid]).fetchall())
        r.rows_read = self.prep.scan.lines - self.header_lines
        if r.kept + r.duplicates + r.n_rejected != r.rows_read:
            raise DataError(f"the books do not balance: {r.rows_read} lines read, {r.kept} kept, "
                            f"{r.duplicates} duplicates, {r.n_rejected} rejected; refusing the file",
                            file=self.prep.path)

    def _record(self) -> None:
        r, p = self.result, self.prep
        self.con.execute(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [self.file_id, r.path, r.sha256, r.format, self.layout.dataset, p.compression, p.size,
             r.rows_read, r.kept, r.duplicates, r.n_rejected, *self.id_range,
             dt.datetime.now(dt.UTC).replace(tzinfo=None)])


class _DirectLoad(_Load):
    """The single-pass load (see `direct`): DuckDB parses the file straight into `events` inside
    the file's transaction; a file it cannot take goes to the staging path instead.

    `before` is the load of the previous file when it runs at the same time as this one (on its
    own connection): this load commits only after it, and if it committed ids in this file's
    range after this transaction began (so that it cannot see them), they are read through a
    connection of their own and checked for duplicates too."""

    def __init__(self, *args: object, before: Future | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.before = before

    def run(self) -> FileResult:
        con, layout = self.con, self.layout
        _drop_rejects(con, "_rej")
        con.execute("BEGIN TRANSACTION")
        unseen = self.before if self.before is not None and not self.before.done() else None
        reader_con = self.store.con.cursor()
        try:
            self.file_id = self.file_id or _next_file_id(con)
            sql = direct.insert_sql(layout, self.file_id, _read_csv(layout, "_rej"))
            try:
                self.n_main = self._with_progress(sql, {"path": str(self.prep.plain)})
            except duckdb.Error as exc:
                if "state machine" in str(exc):  # mixed line endings: the staging path copes
                    raise direct.NeedsStaging(str(exc)) from None
                raise self._unparsable(exc) from None
            structural = self._account()
            direct.renumber(con, self.file_id, self.skipped)
            names = direct.aliases(layout)
            assert names is not None
            con.execute(direct.alias_view(self.file_id, names))
            self._reject(structural)
            direct.drop_rejected(con, self.file_id)
            numeric = layout.types.get(layout.id_field) == "BIGINT"
            self.id_range = direct.id_range(con, self.file_id) if numeric else (None, None)
            other = _unseen_overlap(unseen, layout.dataset, self.id_range)
            if other is not None:  # stream its ids in from a connection that sees them
                reader = reader_con.sql(
                    f"SELECT event_id FROM events WHERE file_id = {other}").to_arrow_reader()
                con.register("_unseen", reader)
            self.result.duplicates = direct.dedupe(con, self.file_id, layout.dataset,
                                                   self.id_range, unseen=other is not None)
            self._balance()
            self._record()
            con.execute("COMMIT")
        except direct.NeedsStaging:
            con.execute("ROLLBACK")
            _settled(self.before)
            redo = _Load(self.store, self.prep, layout, self.progress, con=con,
                         file_id=self.file_id)
            self.result = redo.run()
            self.id_range = redo.id_range
            return self.result
        except BaseException:
            con.execute("ROLLBACK")
            raise
        finally:
            con.execute("DROP VIEW IF EXISTS _lined")
            with contextlib.suppress(duckdb.Error):
                con.unregister("_unseen")
            reader_con.close()
            for name in ("_gaps", "_dups"):
                con.execute(f"DROP TABLE IF EXISTS {name}")
            _drop_rejects(con, "_rej")
        if self.progress:
            self.progress(self.result.path, 1.0)
        return self.result

    def _stage_alternates(self, alt_lines: list[int]) -> pd.DataFrame:
        raise direct.NeedsStaging("lines of an alternate layout")


def _settled(load: Future | None) -> _Load | None:
    """Wait for a load running beside this one; the load if it committed."""
    if load is None:
        return None
    try:
        done = load.result()
    except Exception:  # its error is reported in its own turn
        return None
    return done if isinstance(done, _Load) else None  # skipped: nothing committed


def _unseen_overlap(before: Future | None, dataset: str, ids: tuple[object, object]
                    ) -> int | None:
    """The file id of the load running beside this one if it committed ids that may also be in
    this file."""
    other = _settled(before)
    if other is None or other.layout.dataset != dataset:
        return None
    lo, hi = other.id_range
    if None in (lo, hi, *ids) or (lo <= ids[1] and hi >= ids[0]):  # type: ignore[operator]
        return other.file_id
    return None
