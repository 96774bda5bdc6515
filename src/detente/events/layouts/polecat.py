"""POLECAT TSV (`polecat_tsv`): the weekly and yearly files on the POLECAT Dataverse, tab-separated
with a header line of 40 columns (`POLECAT_COLUMNS`); `None` stands for a missing value. Its event
types are PLOVER's: the quad class comes from `plover.PLOVER_QUAD`, the type, mode and contexts are
kept in `plover_event`, `plover_mode` and `plover_context`; the CAMEO columns stay NULL."""

from __future__ import annotations

from detente.events.layouts.base import Check, Layout
from detente.events.layouts.plover import plover_quad_sql

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
