"""ICEWS event files (Harvard Dataverse `.tab`): tab-separated with a header line; countries are
named ("Russian Federation") and resolved to ISO3 while loading; CAMEO codes and ICEWS's own
intensity (its Goldstein weight) are kept as they are."""

from __future__ import annotations

from detente.events.layouts.base import QUAD_BY_ROOT_SQL, Check, Layout

ICEWS_COLUMNS = ("Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
                 "Event Text", "CAMEO Code", "Intensity", "Target Name", "Target Sectors",
                 "Target Country", "Story ID", "Sentence Number", "Publisher", "City", "District",
                 "Province", "Country", "Latitude", "Longitude")

ICEWS = Layout(
    name="icews", dataset="icews", columns=ICEWS_COLUMNS, header=True, dateformat="%Y-%m-%d",
    id_field="Event ID", countries=("Source Country", "Target Country"),
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
