"""Event-file layouts (GDELT 1.0 back-files and daily files, GDELT 2.0, ICEWS, PLOVER JSON and
POLECAT TSV — the last two in plover.py), how to tell them apart from a file's first line, and how
each maps onto detente's one event schema.

Every layout is read with DuckDB's CSV reader, all fields as text except the few whose type is
checked while reading (dates, numbers): a value that does not parse rejects the line, with its
line number and field. GDELT fields hold stray quote characters, so quoting is off.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from detente.core.errors import DataError

# The normalised event schema: every layout maps onto these columns (DuckDB types).
EVENT_COLUMNS: dict[str, str] = {
    "dataset": "VARCHAR",         # gdelt / icews / plover / polecat / detente-text
    "event_id": "VARCHAR",        # the source's event id, unique within the dataset
    "date": "DATE",               # the day the event took place
    "source_actor": "VARCHAR",    # CAMEO actor code (GDELT) or actor name (ICEWS, PLOVER)
    "source_name": "VARCHAR",
    "source_country": "VARCHAR",  # CAMEO country code (ISO3-like: USA, RUS)
    "target_actor": "VARCHAR",
    "target_name": "VARCHAR",
    "target_country": "VARCHAR",
    "event_code": "VARCHAR",      # CAMEO code as text: leading zeros kept ("042", "0834")
    "event_base": "VARCHAR",
    "event_root": "VARCHAR",
    "quad_class": "TINYINT",      # 1 verbal coop., 2 material coop., 3 verbal conflict, 4 material
    "goldstein": "DOUBLE",
    "mentions": "INTEGER",
    "sources": "INTEGER",
    "articles": "INTEGER",
    "tone": "DOUBLE",
    "source_url": "VARCHAR",
    "plover_event": "VARCHAR",    # PLOVER event type (PLOVER/POLECAT inputs, coded text)
    "plover_mode": "VARCHAR",     # PLOVER mode and context (PLOVER/POLECAT inputs; `;`-joined)
    "plover_context": "VARCHAR",
}

# GDELT's quad class by CAMEO root, as GDELT assigns it in its files (09 counts as material
# cooperation, 14 as verbal conflict): roots 01–05 → 1, 06–09 → 2, 10–14 → 3, 15–20 → 4.
QUAD_BY_ROOT_SQL = ("CASE WHEN {root} BETWEEN '01' AND '05' THEN 1 WHEN {root} BETWEEN '06' AND "
                    "'09' THEN 2 WHEN {root} BETWEEN '10' AND '14' THEN 3 WHEN {root} BETWEEN '15' "
                    "AND '20' THEN 4 END")

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code"]
_EVENT = ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
          "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]


def _geo(adm2: bool) -> list[str]:
    fields = ["Type", "FullName", "CountryCode", "ADM1Code", *(["ADM2Code"] if adm2 else []),
              "Lat", "Long", "FeatureID"]
    return [f"{block}_{f}" for block in ("Actor1Geo", "Actor2Geo", "ActionGeo") for f in fields]


def _gdelt_columns(adm2: bool, url: bool) -> tuple[str, ...]:
    return tuple(["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
                  *[f"Actor1{f}" for f in _ACTOR], *[f"Actor2{f}" for f in _ACTOR], *_EVENT,
                  *_geo(adm2), "DATEADDED", *(["SOURCEURL"] if url else [])])


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
    id_field: str = "GLOBALEVENTID"
    alternates: tuple[str, ...] = field(default=())  # layouts whose lines may share the file
    json: bool = False
    keep: tuple[str, ...] = ()  # further columns the loader reads (ICEWS country names)
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
        names |= set(self.types) | set(self.keep)
        return tuple(c for c in self.columns if c in names)


def q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


_CODE_CHECKS = (
    Check("EventCode", "bad_code", "NOT regexp_full_match(coalesce(\"EventCode\", ''), '[0-9]{2,4}')"),
    Check("EventRootCode", "bad_code",
          "coalesce(\"EventRootCode\", '') <> left(\"EventCode\", 2) "
          "OR \"EventRootCode\" NOT BETWEEN '01' AND '20'"),
)


def _gdelt(name: str, adm2: bool, url: bool, alternates: tuple[str, ...]) -> Layout:
    types = {"GLOBALEVENTID": "BIGINT", "SQLDATE": "DATE", "QuadClass": "TINYINT",
             "GoldsteinScale": "DOUBLE", "NumMentions": "INTEGER", "NumSources": "INTEGER",
             "NumArticles": "INTEGER", "AvgTone": "DOUBLE"}
    select = {
        "dataset": "'gdelt'", "event_id": "CAST(\"GLOBALEVENTID\" AS VARCHAR)", "date": "\"SQLDATE\"",
        "source_actor": "\"Actor1Code\"", "source_name": "\"Actor1Name\"",
        "source_country": "\"Actor1CountryCode\"", "target_actor": "\"Actor2Code\"",
        "target_name": "\"Actor2Name\"", "target_country": "\"Actor2CountryCode\"",
        "event_code": "\"EventCode\"", "event_base": "\"EventBaseCode\"",
        "event_root": "\"EventRootCode\"", "quad_class": "\"QuadClass\"",
        "goldstein": "\"GoldsteinScale\"", "mentions": "\"NumMentions\"",
        "sources": "\"NumSources\"", "articles": "\"NumArticles\"", "tone": "\"AvgTone\"",
        "source_url": "\"SOURCEURL\"" if url else "NULL", "plover_event": "NULL",
    }
    checks = (
        Check("GLOBALEVENTID", "missing_value", "\"GLOBALEVENTID\" IS NULL"),
        Check("SQLDATE", "missing_value", "\"SQLDATE\" IS NULL"),
        *_CODE_CHECKS,
        Check("QuadClass", "out_of_range", "coalesce(\"QuadClass\" NOT BETWEEN 1 AND 4, true)"),
        Check("GoldsteinScale", "out_of_range",
              "coalesce(\"GoldsteinScale\" NOT BETWEEN -10 AND 10, true)"),
    )
    return Layout(name=name, dataset="gdelt", columns=_gdelt_columns(adm2, url), types=types,
                  select=select, checks=checks, alternates=alternates)


ICEWS_COLUMNS = ("Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
                 "Event Text", "CAMEO Code", "Intensity", "Target Name", "Target Sectors",
                 "Target Country", "Story ID", "Sentence Number", "Publisher", "City", "District",
                 "Province", "Country", "Latitude", "Longitude")

_ICEWS = Layout(
    name="icews", dataset="icews", columns=ICEWS_COLUMNS, header=True, dateformat="%Y-%m-%d",
    id_field="Event ID", keep=("Source Country", "Target Country"),
    types={"Event ID": "BIGINT", "Event Date": "DATE", "Intensity": "DOUBLE"},
    select={
        "dataset": "'icews'", "event_id": "CAST(\"Event ID\" AS VARCHAR)", "date": "\"Event Date\"",
        "source_actor": "\"Source Name\"", "source_name": "\"Source Name\"",
        "source_country": "src_iso3", "target_actor": "\"Target Name\"",
        "target_name": "\"Target Name\"", "target_country": "tgt_iso3",
        "event_code": "\"CAMEO Code\"", "event_base": "left(\"CAMEO Code\", 3)",
        "event_root": "left(\"CAMEO Code\", 2)",
        "quad_class": QUAD_BY_ROOT_SQL.format(root="left(\"CAMEO Code\", 2)"),
        "goldstein": "\"Intensity\"", "mentions": "NULL", "sources": "NULL", "articles": "NULL",
        "tone": "NULL", "source_url": "NULL", "plover_event": "NULL",
    },
    checks=(
        Check("Event ID", "missing_value", "\"Event ID\" IS NULL"),
        Check("Event Date", "missing_value", "\"Event Date\" IS NULL"),
        Check("CAMEO Code", "bad_code",
              "NOT regexp_full_match(coalesce(\"CAMEO Code\", ''), '[0-9]{2,4}') "
              "OR left(\"CAMEO Code\", 2) NOT BETWEEN '01' AND '20'"),
        Check("Intensity", "out_of_range", "coalesce(\"Intensity\" NOT BETWEEN -10 AND 10, true)"),
    ),
)

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


LAYOUTS: dict[str, Layout] = {
    layout.name: layout for layout in (
        _gdelt("gdelt1_back", adm2=False, url=False, alternates=("gdelt1_daily",)),
        _gdelt("gdelt1_daily", adm2=False, url=True, alternates=("gdelt1_back",)),
        _gdelt("gdelt2", adm2=True, url=True, alternates=()),
        _ICEWS,
    )
}
_BY_FIELD_COUNT = {57: "gdelt1_back", 58: "gdelt1_daily", 61: "gdelt2"}


def detect(first_line: str, source: str) -> Layout:
    """The layout of a file, from its first line (text, without the line break)."""
    text = first_line.rstrip("\r").lstrip("\ufeff")
    if text.lstrip().startswith("["):
        return LAYOUTS["plover_json_array"]  # checked element by element as it is rewritten
    if text.lstrip().startswith("{"):
        try:
            record = json.loads(text)
        except ValueError:
            raise DataError("the first line looks like JSON but does not parse", file=source,
                            line=1) from None
        if isinstance(record, dict) and {"cameo", "sentence"} <= record.keys():
            return LAYOUTS["detente-text"]  # `detente code` output (the `detente-text` source)
        missing = [k for k in PLOVER_JSON_KEYS if k not in record]
        if missing:
            raise DataError(f"a JSON record without the PLOVER keys {', '.join(missing)}",
                            file=source, line=1)
        return LAYOUTS["plover_json"]
    fields = text.split("\t")
    if tuple(fields) == ICEWS_COLUMNS:
        return LAYOUTS["icews"]
    if tuple(fields) == LAYOUTS["polecat_tsv"].columns:
        return LAYOUTS["polecat_tsv"]
    if fields[0] == "Event ID":
        known = "ICEWS's" if fields[1:2] == ["Event Date"] and "CAMEO Code" in fields else \
            "POLECAT's" if "Event Type" in fields else "ICEWS's or POLECAT's"
        extra = [f for f in fields if f not in (*ICEWS_COLUMNS, *LAYOUTS["polecat_tsv"].columns)]
        raise DataError(f"a header like {known} that differs from the known one"
                        + (f" (unknown columns: {', '.join(extra[:5])})" if extra else "")
                        + f": {text[:200]!r}", file=source, line=1)
    name = _BY_FIELD_COUNT.get(len(fields))
    if name is None or not fields[0].isdigit():
        raise DataError(
            f"cannot tell the format: the first line has {len(fields)} tab-separated field(s); "
            "expected 57 (GDELT 1.0 back-file), 58 (GDELT 1.0 daily), 61 (GDELT 2.0), an ICEWS "
            "or POLECAT header line, or a PLOVER JSON record or array", file=source, line=1)
    return LAYOUTS[name]


# The text coder's JSON Lines (`detente code`), stored as the `detente-text` source.
from detente.coder.layout import DETENTE_TEXT  # noqa: E402

LAYOUTS[DETENTE_TEXT.name] = DETENTE_TEXT

# PLOVER JSON (lines or an array) and POLECAT TSV.
from detente.events.plover import PLOVER_JSON, PLOVER_JSON_ARRAY, POLECAT_TSV  # noqa: E402

LAYOUTS.update({lay.name: lay for lay in (PLOVER_JSON, PLOVER_JSON_ARRAY, POLECAT_TSV)})
