"""PLOVER event files as event-store layouts, and PLOVER's event types as quad classes.

Two inputs, told apart by their first line (`detente.events.layouts.detect`):

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
POLECAT TSV, whose event types are PLOVER's, is in polecat.py.

PLOVER events have no CAMEO code: `event_code`, `event_base` and `event_root` stay NULL, and the
PLOVER type, mode and context are kept in `plover_event`, `plover_mode`, `plover_context`. The
quad class comes from the type (`PLOVER_QUAD` below); the Goldstein column holds the
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
from detente.events.inputs import BLOCK, LineScan, Prepared
from detente.events.layouts.base import Check, Layout
from detente.events.layouts.base import json_field as _j

# PLOVER event type → quad class. PLOVER's own CAMEO2PLOVER-2021 table maps CAMEO codes onto its
# types; each type takes GDELT's quad class of the CAMEO roots mapped onto it, so PLOVER rows count
# like CAMEO rows in the index: AGREE 03, CONSULT 04, SUPPORT 05 → 1; COOPERATE 06, AID 07, CONCEDE
# and RETREAT 08 → 2; REQUEST 10, REJECT 12, THREATEN 13, PROTEST 14 → 3; MOBILIZE 15, SANCTION 16,
# COERCE 16–17 (and 191–192), ASSAULT 17–20 → 4; ACCUSE takes 09 (5 codes, quad 2) and 11 (12
# codes, quad 3) → 3. DEMAND, REQUEST's name before 2021, → 3. (The PLOVER manual's own quad table
# differs at CONCEDE, PROTEST and SANCTION; tests/test_events_plover.py recomputes this one from
# the registry's `cameo_plover` table.)
PLOVER_QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "COOPERATE": 2, "AID": 2, "CONCEDE": 2,
               "RETREAT": 2, "REQUEST": 3, "DEMAND": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
               "PROTEST": 3, "MOBILIZE": 4, "SANCTION": 4, "COERCE": 4, "ASSAULT": 4}
# The keys a PLOVER JSON record must have for the file to be taken as PLOVER.
PLOVER_JSON_KEYS = ("id", "date", "event")


def plover_quad_sql(event: str) -> str:
    """SQL for the quad class of a PLOVER event type (`event`: upper-case SQL text); NULL for a
    type PLOVER does not have."""
    return f"CASE {event} " + " ".join(f"WHEN '{k}' THEN {v}" for k, v in PLOVER_QUAD.items()) \
        + " END"


# ── PLOVER JSON ─────────────────────────────────────────────────────────────────────────────


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
