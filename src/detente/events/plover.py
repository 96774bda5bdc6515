"""PLOVER and POLECAT event files as event-store layouts.

Three inputs, told apart by their first line (`detente.events.formats.detect`):

- **PLOVER JSON Lines** (`plover_json`), one record per line, with the field names of the PLOVER
  specification (manual draft 0.7–0.8, "JSON Data Fields"): `id` and `date` (YYYY-MM-DD) are
  required, `event` is a list of event types (or one string), `source` and `recipient` are lists
  of actor objects (`code`: ISO alpha-3 for states, `actor_text`, `identifier_text`; a plain code
  string is accepted too, and `target` for `recipient`), `mode` and `context` are strings or lists,
  `event_scale` (or `intensity`) a number, `cite_info.url` (or `url`) the story.
  A record naming several event types or actors is stored once, with the first of each.
- **PLOVER JSON arrays** (`plover_json_array`: a file that starts with `[`, pretty-printed or not):
  rewritten to JSON Lines before loading (`json_array_to_lines`), each element keeping the number
  of the line it starts on, so rejects point into the original file.
- **POLECAT TSV** (`polecat_tsv`): the weekly/yearly files on the POLECAT Dataverse, tab-separated
  with a header line of 40 columns (`POLECAT_COLUMNS`); `None` stands for a missing value.

PLOVER events have no CAMEO code: `event_code`, `event_base` and `event_root` stay NULL, and the
PLOVER type, mode and context are kept in `plover_event`, `plover_mode`, `plover_context`. The
quad class comes from the type (`PLOVER_QUAD` in formats.py); the Goldstein column holds the
record's own intensity, NULL when it has none — such rows still count as events and in their quad
class (the index averages Goldstein over the rows that have one).
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from array import array
from pathlib import Path

from detente.core.errors import DataError
from detente.datasets.registry import home
from detente.events.formats import PLOVER_JSON_KEYS, Check, Layout, plover_quad_sql
from detente.events.inputs import BLOCK, LineScan, Prepared

# ── PLOVER JSON ─────────────────────────────────────────────────────────────────────────────


def _j(path: str) -> str:
    return f"json_extract_string(\"json\", '$.{path}')"


def _type(path: str) -> str:
    return f"json_type(\"json\", '$.{path}')"


def _first(key: str, field: str | None = None) -> str:
    """The first value of `key` (a list, an object or a scalar); of its `field` for objects."""
    obj = _j(f"{key}[0].{field}") if field else "NULL"
    one = _j(f"{key}.{field}") if field else "NULL"
    return (f"CASE {_type(key)} WHEN 'ARRAY' THEN (CASE {_type(key + '[0]')} WHEN 'OBJECT' THEN "
            f"{obj} ELSE {_j(key + '[0]')} END) WHEN 'OBJECT' THEN {one} "
            f"ELSE {_j(key)} END")


def _joined(key: str) -> str:
    """A list of strings joined with `;`, or the string itself."""
    return (f"nullif(CASE {_type(key)} WHEN 'ARRAY' THEN array_to_string("
            f"json_extract_string(\"json\", '$.{key}[*]'), ';') ELSE {_j(key)} END, '')")


def _actor(key: str) -> tuple[str, str]:
    """(country code, name) of the first actor under `key` (`recipient` falls back on `target`)."""
    keys = [key, "target"] if key == "recipient" else [key]
    code = "coalesce(" + ", ".join(_first(k, "code") for k in keys) + ")"
    name = "coalesce(" + ", ".join(
        f"{_first(k, 'actor_text')}, {_first(k, 'identifier_text')}" for k in keys) + f", {code})"
    return code, name


_EVENT = f"upper(trim({_first('event')}))"
_DATE = f"TRY_CAST({_j('date')} AS DATE)"
_SCALE = f"coalesce({_j('event_scale')}, {_j('intensity')})"
_SRC, _SRC_NAME = _actor("source")
_TGT, _TGT_NAME = _actor("recipient")

PLOVER_JSON = Layout(
    name="plover_json", dataset="plover", columns=("json",), json=True, delimiter="\x1f",
    id_field="id", types={},
    select={
        "dataset": "'plover'", "event_id": _j("id"), "date": _DATE,
        "source_actor": _SRC_NAME, "source_name": _SRC_NAME, "source_country": _SRC,
        "target_actor": _TGT_NAME, "target_name": _TGT_NAME, "target_country": _TGT,
        "event_code": "NULL", "event_base": "NULL", "event_root": "NULL",
        "quad_class": plover_quad_sql(_EVENT), "goldstein": f"TRY_CAST({_SCALE} AS DOUBLE)",
        "mentions": "NULL", "sources": "NULL", "articles": "NULL", "tone": "NULL",
        "source_url": f"coalesce({_j('cite_info.url')}, {_j('url')})", "plover_event": _EVENT,
        "plover_mode": _joined("mode"), "plover_context": _joined("context"),
    },
    checks=(
        Check("json", "bad_json", "NOT json_valid(\"json\") OR json_type(\"json\") <> 'OBJECT'"),
        Check("id", "missing_value", f"{_j('id')} IS NULL", _j("id")),
        Check("date", "bad_date", f"{_DATE} IS NULL", _j("date")),
        Check("event", "bad_code", f"({plover_quad_sql(_EVENT)}) IS NULL",
              "CAST(json_extract(\"json\", '$.event') AS VARCHAR)"),
        Check("event_scale", "bad_number",
              f"{_SCALE} IS NOT NULL AND TRY_CAST({_SCALE} AS DOUBLE) IS NULL", _SCALE),
    ),
)


# ── PLOVER JSON arrays → JSON Lines ─────────────────────────────────────────────────────────


_MAX_ELEMENT = 64 << 20  # an element longer than this is taken for a broken array


def json_array_to_lines(prep: Prepared) -> Prepared:
    """`prep`, its JSON-array file rewritten as JSON Lines (one compact element per line) in a temporary
    folder, streamed (the array is never held whole); `line_map[k]` is the line of the original
    file that element k + 1 starts on. An array that does not parse refuses the file, naming the
    line where parsing stopped."""
    if prep._tmp is None:
        (home() / "tmp").mkdir(parents=True, exist_ok=True)
    tmp = prep._tmp or Path(tempfile.mkdtemp(prefix="detente-plover-", dir=home() / "tmp"))
    prep._tmp = tmp  # removed by the caller's `prep.cleanup()`, also when the array is refused
    out_path = tmp / "content.jsonl"
    decoder = json.JSONDecoder()
    starts: array = array("q")
    scan = LineScan()
    buf, pos, line, state = "", 0, 1, "open"  # open → item ↔ comma → closed
    with prep.plain.open(encoding="utf-8", errors="strict") as src, out_path.open("wb") as dst:
        def more() -> bool:
            nonlocal buf, pos
            chunk = src.read(BLOCK)
            if chunk:
                buf, pos = buf[pos:] + chunk, 0
            return bool(chunk)

        try:
            while True:
                while True:  # skip white space, counting lines
                    while pos < len(buf) and buf[pos] in " \t\r\n":
                        line += buf[pos] == "\n"
                        pos += 1
                    if pos < len(buf) or not more():
                        break
                if pos >= len(buf):
                    break
                ch = buf[pos]
                if state == "open":
                    if ch != "[":
                        raise _bad(prep, line, "expected a JSON array")
                    state, pos = "first", pos + 1
                elif ch == "]" and state in ("first", "comma"):
                    state, pos = "closed", pos + 1
                elif ch == "," and state == "comma":
                    state, pos = "item", pos + 1
                elif state in ("first", "item"):
                    while True:
                        try:
                            value, end = decoder.raw_decode(buf, pos)
                        except json.JSONDecodeError:
                            if len(buf) - pos > _MAX_ELEMENT or not more():
                                raise _bad(prep, line, "an array element does not parse") from None
                            continue
                        if end < len(buf) or not more():  # a number may go on in the next block
                            break
                    if not starts and not (isinstance(value, dict)
                                           and set(PLOVER_JSON_KEYS) <= value.keys()):
                        raise _bad(prep, line, "the first element is not a PLOVER record "
                                   f"(keys {', '.join(PLOVER_JSON_KEYS)})")
                    starts.append(line)
                    text = (json.dumps(value, ensure_ascii=False) + "\n").encode("utf-8")
                    dst.write(text)
                    scan.feed(text)
                    line += buf.count("\n", pos, end)
                    state, pos = "comma", end
                else:
                    raise _bad(prep, line, f"unexpected {ch!r} in the JSON array")
        except UnicodeDecodeError:
            raise DataError("the JSON array is not valid UTF-8", file=prep.path) from None
    if state != "closed":
        raise _bad(prep, line, "the JSON array is not closed")
    scan.finish()
    if scan.lines == 0:
        scan.first_line = b"{}"
    # In place: the caller's `prep.cleanup()` then removes the rewritten file's folder too.
    prep.plain, prep.scan, prep.line_map = out_path, scan, starts
    return prep


def _bad(prep: Prepared, line: int, reason: str) -> DataError:
    return DataError(f"{reason}; the file is refused", file=prep.path, line=line)


PLOVER_JSON_ARRAY = dataclasses.replace(PLOVER_JSON, name="plover_json_array",
                                        convert=json_array_to_lines)


# ── POLECAT TSV ─────────────────────────────────────────────────────────────────────────────

POLECAT_COLUMNS = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors",
    "Actor Title", "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name", "Recipient Country",
    "Recipient COW", "Primary Recipient Sector", "Recipient Sectors", "Recipient Title",
    "Recipient Name Raw", "Wikipedia Recipient ID", "Placename", "City", "District", "Province",
    "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename", "Feature Type", "Source",
    "Publication Date", "Story People", "Story Organizations", "Story Locations", "Language",
    "Version")


def _v(column: str) -> str:
    """A POLECAT cell, NULL where it is empty or `None`."""
    return f"nullif(nullif(trim(\"{column}\"), 'None'), '')"


_PC_EVENT = f"upper({_v('Event Type')})"

POLECAT_TSV = Layout(
    name="polecat_tsv", dataset="polecat", columns=POLECAT_COLUMNS, header=True,
    dateformat="%Y-%m-%d", id_field="Event ID", types={"Event Date": "DATE"},
    select={
        "dataset": "'polecat'", "event_id": _v("Event ID"), "date": "\"Event Date\"",
        "source_actor": _v("Actor Name"), "source_name": _v("Actor Name"),
        "source_country": _v("Actor Country"), "target_actor": _v("Recipient Name"),
        "target_name": _v("Recipient Name"), "target_country": _v("Recipient Country"),
        "event_code": "NULL", "event_base": "NULL", "event_root": "NULL",
        "quad_class": plover_quad_sql(_PC_EVENT),
        "goldstein": f"TRY_CAST({_v('Intensity')} AS DOUBLE)",
        "mentions": "NULL", "sources": "NULL", "articles": "NULL", "tone": "NULL",
        "source_url": "NULL", "plover_event": _PC_EVENT, "plover_mode": _v("Event Mode"),
        "plover_context": _v("Contexts"),
    },
    checks=(
        Check("Event ID", "missing_value", f"{_v('Event ID')} IS NULL"),
        Check("Event Date", "missing_value", "\"Event Date\" IS NULL"),
        Check("Event Type", "bad_code", f"({plover_quad_sql(_PC_EVENT)}) IS NULL"),
        Check("Intensity", "bad_number",
              f"{_v('Intensity')} IS NOT NULL AND TRY_CAST({_v('Intensity')} AS DOUBLE) IS NULL"),
    ),
)
