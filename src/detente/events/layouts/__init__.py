"""The event-file layouts detente reads, by name (`LAYOUTS`), and `detect`: a file's layout from
its first line. One module per source family: gdelt, icews, plover (JSON Lines and arrays),
polecat, weis, detente_text (coded text); `base` says what a layout is."""

from __future__ import annotations

import json

from detente.core.errors import DataError
from detente.events.layouts.base import QUAD_BY_ROOT_SQL, Check, Layout
from detente.events.layouts.detente_text import DETENTE_TEXT, DETENTE_TEXT_KEYS
from detente.events.layouts.gdelt import BY_FIELD_COUNT, GDELT1_BACK, GDELT1_DAILY, GDELT2
from detente.events.layouts.icews import ICEWS, ICEWS_COLUMNS
from detente.events.layouts.plover import PLOVER_JSON, PLOVER_JSON_ARRAY, PLOVER_JSON_KEYS
from detente.events.layouts.polecat import POLECAT_COLUMNS, POLECAT_TSV
from detente.events.layouts.weis import WEIS, WEIS_COLUMNS

__all__ = ["LAYOUTS", "QUAD_BY_ROOT_SQL", "Check", "Layout", "detect"]

LAYOUTS: dict[str, Layout] = {
    layout.name: layout for layout in (
        GDELT1_BACK, GDELT1_DAILY, GDELT2, ICEWS, PLOVER_JSON, PLOVER_JSON_ARRAY, POLECAT_TSV,
        WEIS, DETENTE_TEXT)
}


def detect(first_line: str, source: str) -> Layout:
    """The layout of a file, from its first line (text, without the line break)."""
    text = first_line.rstrip("\r").lstrip("\ufeff")
    if text.lstrip().startswith("["):
        return PLOVER_JSON_ARRAY  # checked element by element as it is rewritten
    if text.lstrip().startswith("{"):
        return _json_layout(text, source)
    if tuple(text.split(",")) == WEIS_COLUMNS:
        return WEIS
    if "weiscd" in text.split(","):
        raise DataError(f"a header like WEIS's that differs from the known one "
                        f"({','.join(WEIS_COLUMNS)}): {text[:200]!r}", file=source, line=1)
    fields = text.split("\t")
    if tuple(fields) == ICEWS_COLUMNS:
        return ICEWS
    if tuple(fields) == POLECAT_COLUMNS:
        return POLECAT_TSV
    if fields[0] == "Event ID":
        raise _unknown_header(fields, text, source)
    layout = BY_FIELD_COUNT.get(len(fields))
    if layout is None or not fields[0].isdigit():
        raise DataError(
            f"cannot tell the format: the first line has {len(fields)} tab-separated field(s); "
            "expected 57 (GDELT 1.0 back-file), 58 (GDELT 1.0 daily), 61 (GDELT 2.0), an ICEWS "
            "or POLECAT header line, a WEIS header line, or a PLOVER JSON record or array",
            file=source, line=1)
    return layout


def _json_layout(text: str, source: str) -> Layout:
    try:
        record = json.loads(text)
    except ValueError:
        raise DataError("the first line looks like JSON but does not parse", file=source,
                        line=1) from None
    if isinstance(record, dict) and set(DETENTE_TEXT_KEYS) <= record.keys():
        return DETENTE_TEXT  # `detente code` output (the `detente-text` source)
    missing = [k for k in PLOVER_JSON_KEYS if k not in record]
    if missing:
        raise DataError(f"a JSON record without the PLOVER keys {', '.join(missing)}",
                        file=source, line=1)
    return PLOVER_JSON


def _unknown_header(fields: list[str], text: str, source: str) -> DataError:
    known = "ICEWS's" if fields[1:2] == ["Event Date"] and "CAMEO Code" in fields else \
        "POLECAT's" if "Event Type" in fields else "ICEWS's or POLECAT's"
    extra = [f for f in fields if f not in (*ICEWS_COLUMNS, *POLECAT_COLUMNS)]
    return DataError(f"a header like {known} that differs from the known one"
                     + (f" (unknown columns: {', '.join(extra[:5])})" if extra else "")
                     + f": {text[:200]!r}", file=source, line=1)
