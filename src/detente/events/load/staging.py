"""The staging load: DuckDB parses the file in parallel into a temporary table (lines that do not
parse go to the rejects with DuckDB's line number, field and reason), every parsed row gets its
line number, rows that break the layout's checks are rejected, duplicate event ids are counted
(kept once: the first seen), the rest inserted, and the ledger row written — all in one
transaction. The books must balance — lines read = kept + duplicates + rejected — or the file is
refused and the store is left as it was. Any layout can take this road."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from detente.core.countries import resolve
from detente.core.errors import DataError, UsageError
from detente.datasets.registry import home
from detente.events.inputs import Prepared, blank_lines, normalise_newlines
from detente.events.layouts import LAYOUTS, Check, Layout
from detente.events.load.reader import (
    ERROR_REASON,
    drop_rejects,
    first_errors,
    lit,
    next_file_id,
    read_csv,
)
from detente.events.load.result import FileResult
from detente.events.schema import EVENT_COLUMNS, q
from detente.events.store import EventStore

Progress = Callable[[str, float], None]
_SEP = "\x1f"


class StagingLoad:
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
                self.file_id = self.file_id or next_file_id(con)
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
            drop_rejects(con, "_rej")
            drop_rejects(con, "_rej_alt")
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
        drop_rejects(con, "_rej")
        main_used = ", ".join(q(c) for c in used if c in self.layout.columns)
        sql = f"INSERT INTO _stage BY NAME SELECT {main_used} FROM {read_csv(self.layout, '_rej')}"
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
                drop_rejects(con, "_rej")
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
        errors = first_errors(self.con, "_rej")
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
            return ERROR_REASON.get(row.error_type, row.error_type.lower().replace(" ", "_"))

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
            drop_rejects(self.con, "_rej_alt")
            used = ", ".join(q(c) for c in self.wide.used_columns()
                             if c in self.alt_layout.columns)
            self.con.execute(f"INSERT INTO _stage BY NAME SELECT {used} FROM "
                             f"{read_csv(self.alt_layout, '_rej_alt')}", {"path": str(alt_path)})
        finally:
            alt_path.unlink(missing_ok=True)
        errors = first_errors(self.con, "_rej_alt")
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
        """Resolve each distinct value of the layout's country columns (ICEWS's names such as
        "Russian Federation", WEIS's COW codes) to its ISO3, into `_countries`."""
        if self.layout.countries is None:
            return
        src, tgt = (q(c) for c in self.layout.countries)
        names = [r[0] for r in self.con.execute(
            f"SELECT DISTINCT CAST(n AS VARCHAR) FROM (SELECT {src} AS n FROM _stage UNION ALL "
            f"SELECT {tgt} FROM _stage) WHERE n IS NOT NULL").fetchall()]
        mapping, unknown = {}, []
        for name in names:
            try:
                mapping[name] = resolve(name).iso3
            except UsageError:
                if name in self.layout.country_fallback:
                    mapping[name] = self.layout.country_fallback[name]
                else:
                    unknown.append(name)
        frame = pd.DataFrame({"name": list(mapping), "iso3": list(mapping.values())},
                             columns=["name", "iso3"]).astype(str)
        self.con.register("_countries_df", frame)
        self.con.execute("CREATE TEMP TABLE _countries AS SELECT * FROM _countries_df")
        self.con.unregister("_countries_df")
        if unknown:
            self.result.notes.append(f"{len(unknown)} {self.layout.dataset.upper()} country "
                                     "name(s) have no ISO3 code and are kept as names only: "
                                     f"{', '.join(sorted(unknown)[:10])}")

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
        if self.layout.countries is not None:
            src, tgt = (q(c) for c in self.layout.countries)
            joins.append(f"LEFT JOIN _countries c1 ON c1.name = CAST(s.{src} AS VARCHAR) "
                         f"LEFT JOIN _countries c2 ON c2.name = CAST(s.{tgt} AS VARCHAR)")
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
        fail = "CASE " + " ".join(f"WHEN {b} THEN {lit(c.field + _SEP + c.reason)}"
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
        numeric = layout.id_field is not None and layout.types.get(layout.id_field) == "BIGINT"
        key = q(layout.id_field) if numeric else event_id  # type: ignore[arg-type]  # the id in its own type: faster
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

