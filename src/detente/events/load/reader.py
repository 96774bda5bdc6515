"""DuckDB's CSV reader as the loaders call it: every line either parsed or recorded in a
rejects table with its line number, field and error, which become detente's reject reasons."""

from __future__ import annotations

import duckdb
import pandas as pd

from detente.events.layouts import Layout

# DuckDB's CSV error types → detente's reject reasons.
ERROR_REASON = {"MISSING COLUMNS": "missing_fields", "TOO MANY COLUMNS": "extra_fields",
                "INVALID ENCODING": "bad_utf8", "INVALID UNICODE": "bad_utf8",
                "LINE SIZE OVER MAXIMUM": "line_too_long", "UNQUOTED VALUE": "bad_quoting"}


def lit(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def read_csv(layout: Layout, rejects: str) -> str:
    """SQL reading `$path` in the layout, its errors kept in `<rejects>_errors`."""
    cols = ", ".join(f"{lit(c)}: {lit(t)}" for c, t in layout.column_types().items())
    return (f"read_csv($path, columns = {{{cols}}}, header = {str(layout.header).lower()}, "
            f"delim = {lit(layout.delimiter)}, quote = '', escape = '', "
            f"dateformat = {lit(layout.dateformat)}, auto_detect = false, "
            f"store_rejects = true, rejects_table = '{rejects}_errors', "
            f"rejects_scan = '{rejects}_scans')")


def first_errors(con: duckdb.DuckDBPyConnection, rejects: str) -> pd.DataFrame:
    """One row per rejected line: the first error DuckDB found on it."""
    return con.execute(
        f"SELECT line, column_name, error_type, error_message, csv_line FROM {rejects}_errors "
        "QUALIFY row_number() OVER (PARTITION BY line ORDER BY column_idx) = 1 ORDER BY line").df()


def drop_rejects(con: duckdb.DuckDBPyConnection, rejects: str) -> None:
    con.execute(f"DROP TABLE IF EXISTS {rejects}_errors")
    con.execute(f"DROP TABLE IF EXISTS {rejects}_scans")


def next_file_id(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT coalesce(max(file_id), 0) + 1 FROM files").fetchall()[0][0]
