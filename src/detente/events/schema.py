"""detente's one event schema: every layout maps its columns onto these (DuckDB types)."""

from __future__ import annotations

EVENT_COLUMNS: dict[str, str] = {
    "dataset": "VARCHAR",         # gdelt / icews / plover / polecat / weis / detente-text
    "event_id": "VARCHAR",        # the source's event id, unique within the dataset
    "date": "DATE",               # the day the event took place
    "source_actor": "VARCHAR",    # CAMEO actor code (GDELT), actor name (ICEWS, PLOVER), COW (WEIS)
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
    "weis_code": "VARCHAR",       # WEIS event code, three digits ("031"); CAMEO columns stay NULL
}


def q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'
