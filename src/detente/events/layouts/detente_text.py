"""The coded-text JSON Lines (what `detente code` writes) as an event-store layout: the
`detente-text` source. Its lines are told apart by their `cameo` and `sentence` keys. Undated
events (the text gave no date) are rejected with reason `bad_date`."""

from __future__ import annotations

from detente.events.layouts.base import QUAD_BY_ROOT_SQL, Check, Layout
from detente.events.layouts.base import json_field as _j

# The keys that mark a JSON record as coded text.
DETENTE_TEXT_KEYS = ("cameo", "sentence")

_DATE = (f"TRY_CAST(CASE length({_j('date')}) WHEN 4 THEN {_j('date')} || '-01-01' "
         f"WHEN 7 THEN {_j('date')} || '-01' ELSE {_j('date')} END AS DATE)")

DETENTE_TEXT = Layout(
    name="detente-text", dataset="detente-text", columns=("json",), json=True, delimiter="\x1f",
    id_field="id", types={},
    select={
        "dataset": "'detente-text'", "event_id": _j("id"), "date": _DATE,
        "source_actor": _j("source.name"), "source_name": _j("source.name"),
        "source_country": _j("source.iso3"), "target_actor": _j("target.name"),
        "target_name": _j("target.name"), "target_country": _j("target.iso3"),
        "event_code": _j("cameo"), "event_base": f"left({_j('cameo')}, 3)", "event_root": _j("root"),
        "quad_class": QUAD_BY_ROOT_SQL.format(root=_j("root")),
        "goldstein": f"TRY_CAST({_j('goldstein')} AS DOUBLE)", "mentions": "1", "sources": "1",
        "articles": "1", "tone": "NULL", "source_url": _j("doc"), "plover_event": _j("plover"),
    },
    checks=(
        Check("json", "bad_json", "NOT json_valid(\"json\") OR json_type(\"json\") <> 'OBJECT'"),
        Check("id", "missing_value", f"{_j('id')} IS NULL", _j("id")),
        Check("date", "bad_date", f"{_DATE} IS NULL", _j("date")),
        Check("cameo", "bad_code",
              f"NOT regexp_full_match(coalesce({_j('cameo')}, ''), '[0-9]{{2,4}}') "
              f"OR coalesce({_j('root')}, '') <> left({_j('cameo')}, 2)", _j("cameo")),
    ),
)
