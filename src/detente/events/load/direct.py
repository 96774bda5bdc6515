"""The single-pass load for layouts whose checks read only columns the event schema keeps as
they are (GDELT 1.0 and 2.0): DuckDB parses the file straight into `events`, numbering the rows
as it reads them, inside the file's one transaction. No staging table, no second read.

Then, still in that transaction: lines DuckDB could not parse go to the rejects (their numbers
shift the rows' line numbers), rows that break a check move to the rejects, duplicate event ids
move to `duplicates` (the first line is kept), and the ledger row is written. A file this path
cannot take (a GDELT 1.0 file mixing 57- and 58-field lines, mixed line endings) is rolled back
and loaded by the staging path (`staging.StagingLoad`).
"""

from __future__ import annotations

import contextlib
import re
from concurrent.futures import Future

import duckdb
import pandas as pd

from detente.events.layouts import Layout
from detente.events.load.reader import drop_rejects, next_file_id, read_csv
from detente.events.load.result import FileResult
from detente.events.load.staging import StagingLoad
from detente.events.load.turns import settled, unseen_overlap
from detente.events.schema import EVENT_COLUMNS, q


class NeedsStaging(Exception):
    """The file needs the staging path (raised inside the transaction, which is rolled back)."""


def aliases(layout: Layout) -> dict[str, str] | None:
    """For each column the layout's checks read, the event column holding it unchanged (the
    column itself, or it cast to text); None if a checked column is not kept as it is."""
    if layout.json or layout.keep or layout.countries or layout.convert is not None:
        return None
    text = " ".join([*(c.bad for c in layout.checks), *(c.value or "" for c in layout.checks)])
    checked = {m.replace('""', '"') for m in re.findall(r'"((?:[^"]|"")+)"', text)}
    checked |= {c.field for c in layout.checks}
    found: dict[str, str] = {}
    for column in checked:
        same = (q(column), f"CAST({q(column)} AS VARCHAR)")
        names = [n for n, expr in layout.select.items() if expr in same]
        if not names or column in EVENT_COLUMNS:
            return None
        found[column] = names[0]
    return found


def insert_sql(layout: Layout, file_id: int, read_csv: str) -> str:
    """Parse the file into `events`; `line` is the row's number among the parsed rows."""
    exprs = ", ".join(f"{layout.select.get(name, 'NULL')} AS {name}" for name in EVENT_COLUMNS)
    return (f"INSERT INTO events BY NAME SELECT {exprs}, {file_id} AS file_id, "
            f"row_number() OVER () AS line FROM {read_csv}")


def renumber(con: duckdb.DuckDBPyConnection, file_id: int, skipped: list[int]) -> None:
    """Turn row numbers into line numbers: a row comes after every skipped line (header,
    rejected, blank) whose number is below its own once those lines are counted."""
    if not skipped:
        return
    # Row k is on line k + j, j the number of skipped lines s_j with s_j - j < k.
    gaps = pd.DataFrame({"g": [s - j for j, s in enumerate(skipped, start=1)],
                         "j": range(1, len(skipped) + 1)})
    con.register("_gaps_df", gaps)
    con.execute("CREATE TEMP TABLE _gaps AS SELECT g::BIGINT AS g, max(j)::BIGINT AS j "
                "FROM _gaps_df GROUP BY g")
    con.unregister("_gaps_df")
    con.execute(f"""UPDATE events SET line = events.line + s.j
        FROM (SELECT e.line AS k, g.j FROM (SELECT line FROM events WHERE file_id = {file_id}) e
              ASOF JOIN _gaps g ON e.line > g.g) s
        WHERE events.file_id = {file_id} AND events.line = s.k""")


def alias_view(file_id: int, names: dict[str, str]) -> str:
    """`_lined`: this file's rows, with the checked columns also under their names in the file."""
    extra = "".join(f", {event} AS {q(column)}" for column, event in names.items())
    return f"CREATE TEMP VIEW _lined AS SELECT *{extra} FROM events WHERE file_id = {file_id}"


def drop_rejected(con: duckdb.DuckDBPyConnection, file_id: int) -> None:
    """Remove this file's rows that were moved to the rejects (a scan only if there are any)."""
    rejected = con.execute(f"SELECT count(*) FROM rejects WHERE file_id = {file_id}").fetchall()
    if rejected[0][0]:
        con.execute(f"DELETE FROM events WHERE file_id = {file_id} AND line IN "
                    f"(SELECT line FROM rejects WHERE file_id = {file_id})")


def id_range(con: duckdb.DuckDBPyConnection, file_id: int) -> tuple[object, object]:
    """The smallest and largest (numeric) event id of this file's rows."""
    return tuple(con.execute(
        "SELECT min(CAST(event_id AS BIGINT)), max(CAST(event_id AS BIGINT)) FROM events "
        f"WHERE file_id = {file_id}").fetchall()[0])


def dedupe(con: duckdb.DuckDBPyConnection, file_id: int, dataset: str,
           ids: tuple[object, object], *, unseen: bool = False) -> int:
    """Move this file's duplicate event ids to `duplicates`: a later line with an id seen
    earlier in the file, and any line with an id already in the store (only files whose id
    range overlaps `ids`, this file's, are looked at; with `unseen`, also the ids in the
    registered `_unseen`, committed after this transaction began). Returns how many."""
    rows = f"SELECT event_id, line FROM events WHERE file_id = {file_id}"
    con.execute(f"""CREATE TEMP TABLE _dups AS
        SELECT line, event_id FROM (
            SELECT event_id, line, row_number() OVER (PARTITION BY event_id ORDER BY line) AS rn
            FROM ({rows}) WHERE event_id IN (
                SELECT event_id FROM ({rows}) GROUP BY ALL HAVING count(*) > 1))
        WHERE rn > 1""")
    overlap = [r[0] for r in con.execute(
        "SELECT file_id FROM files WHERE dataset = $dataset AND "
        "(id_min IS NULL OR $lo IS NULL OR (id_min <= $hi AND id_max >= $lo))",
        {"dataset": dataset, "lo": ids[0], "hi": ids[1]}).fetchall()]
    stored = [f"SELECT event_id FROM events WHERE file_id IN ({', '.join(map(str, overlap))})"
              ] if overlap else []
    if unseen:
        stored.append("SELECT event_id FROM _unseen")
    if stored:
        con.execute(f"""INSERT INTO _dups
            SELECT line, event_id FROM ({rows}) v
            SEMI JOIN ({' UNION ALL '.join(stored)}) USING (event_id)
            WHERE line NOT IN (SELECT line FROM _dups)""")
    n = con.execute("SELECT count(*) FROM _dups").fetchall()[0][0]
    if n:
        con.execute(f"INSERT INTO duplicates SELECT {file_id}, line, event_id FROM _dups")
        con.execute(f"DELETE FROM events WHERE file_id = {file_id} AND line IN "
                    "(SELECT line FROM _dups)")
    return n


class DirectLoad(StagingLoad):
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
        drop_rejects(con, "_rej")
        con.execute("BEGIN TRANSACTION")
        unseen = self.before if self.before is not None and not self.before.done() else None
        reader_con = self.store.con.cursor()
        try:
            self.file_id = self.file_id or next_file_id(con)
            sql = insert_sql(layout, self.file_id, read_csv(layout, "_rej"))
            try:
                self.n_main = self._with_progress(sql, {"path": str(self.prep.plain)})
            except duckdb.Error as exc:
                if "state machine" in str(exc):  # mixed line endings: the staging path copes
                    raise NeedsStaging(str(exc)) from None
                raise self._unparsable(exc) from None
            structural = self._account()
            renumber(con, self.file_id, self.skipped)
            names = aliases(layout)
            assert names is not None
            con.execute(alias_view(self.file_id, names))
            self._reject(structural)
            drop_rejected(con, self.file_id)
            numeric = layout.id_field is not None and layout.types.get(layout.id_field) == "BIGINT"
            self.id_range = id_range(con, self.file_id) if numeric else (None, None)
            other = unseen_overlap(unseen, layout.dataset, self.id_range)
            if other is not None:  # stream its ids in from a connection that sees them
                reader = reader_con.sql(
                    f"SELECT event_id FROM events WHERE file_id = {other}").to_arrow_reader()
                con.register("_unseen", reader)
            self.result.duplicates = dedupe(con, self.file_id, layout.dataset,
                                                   self.id_range, unseen=other is not None)
            self._balance()
            self._record()
            con.execute("COMMIT")
        except NeedsStaging:
            con.execute("ROLLBACK")
            settled(self.before)
            redo = StagingLoad(self.store, self.prep, layout, self.progress, con=con,
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
            drop_rejects(con, "_rej")
        if self.progress:
            self.progress(self.result.path, 1.0)
        return self.result

    def _stage_alternates(self, alt_lines: list[int]) -> pd.DataFrame:
        raise NeedsStaging("lines of an alternate layout")
