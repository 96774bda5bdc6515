"""What a layout is: its columns in file order, the types checked while reading, the SQL mapping
its columns onto the event schema (`detente.events.schema`), and the checks a kept row passes.

Every layout is read with DuckDB's CSV reader, all fields as text except the few whose type is
checked while reading (dates, numbers): a value that does not parse rejects the line, with its
line number and field. GDELT fields hold stray quote characters, so quoting is off.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# GDELT's quad class by CAMEO root, as GDELT assigns it in its files (09 counts as material
# cooperation, 14 as verbal conflict): roots 01–05 → 1, 06–09 → 2, 10–14 → 3, 15–20 → 4.
QUAD_BY_ROOT_SQL = ("CASE WHEN {root} BETWEEN '01' AND '05' THEN 1 WHEN {root} BETWEEN '06' AND "
                    "'09' THEN 2 WHEN {root} BETWEEN '10' AND '14' THEN 3 WHEN {root} BETWEEN '15' "
                    "AND '20' THEN 4 END")


@dataclass(frozen=True)
class Check:
    """A rule a kept row must pass: `bad` is SQL that is true when the row breaks it; `value`
    is SQL for the offending value shown in the reject (default: the field itself)."""

    field: str
    reason: str
    bad: str
    value: str | None = None


@dataclass(frozen=True)
class Layout:
    """One file layout: its columns in file order, the types checked while reading, whether the
    first line is a header, and the SQL that maps its columns onto EVENT_COLUMNS."""

    name: str
    dataset: str
    columns: tuple[str, ...]
    types: dict[str, str]
    select: dict[str, str]
    checks: tuple[Check, ...]
    header: bool = False
    delimiter: str = "\t"
    dateformat: str = "%Y%m%d"
    id_field: str | None = "GLOBALEVENTID"  # the id column; a BIGINT one is compared as such
    alternates: tuple[str, ...] = field(default=())  # layouts whose lines may share the file
    json: bool = False
    keep: tuple[str, ...] = ()  # further columns the loader reads (the `countries` columns)
    # Source and target columns whose values (names, COW codes) the loader resolves to ISO3 with
    # detente.core.countries; `select` reads the results as `src_iso3` and `tgt_iso3`.
    countries: tuple[str, str] | None = None
    # ISO3 for values detente.core.countries does not resolve (states that no longer exist).
    country_fallback: dict[str, str] = field(default_factory=dict)
    # Rewrites a prepared input before loading (a JSON array → JSON Lines); takes and returns an
    # `inputs.Prepared` whose `line_map` gives each new line's line in the original file.
    convert: Callable[[Any], Any] | None = None

    def column_types(self) -> dict[str, str]:
        return {c: self.types.get(c, "VARCHAR") for c in self.columns}

    def used_columns(self) -> tuple[str, ...]:
        """The columns the schema mapping and the checks read, and every typed column (its type
        is a check too), in file order."""
        text = " ".join([*self.select.values(), *(c.bad for c in self.checks),
                         *(c.value or "" for c in self.checks)])
        names = {m.replace('""', '"') for m in re.findall(r'"((?:[^"]|"")+)"', text)}
        names |= set(self.types) | set(self.keep) | set(self.countries or ())
        return tuple(c for c in self.columns if c in names)


def json_field(path: str) -> str:
    """SQL for a text field of the line's JSON record (the `json` column)."""
    return f"json_extract_string(\"json\", '$.{path}')"
