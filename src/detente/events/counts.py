"""`dyad_counts()`: how many events of each family two countries exchanged in a window, read
straight from the store (no ibis: the assessment calls it on every run and must start fast)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from detente.events.store import EventStore, NoEventData, store_path

# Event families the assessment counts, as SQL over the store's columns.
FAMILIES = {
    "verbal_cooperation": "quad_class = 1",
    "material_cooperation": "quad_class = 2",
    "verbal_conflict": "quad_class = 3",
    "material_conflict": "quad_class = 4",
    "consultations": "event_root = '04'",
    "visits": "event_base IN ('042', '043')",
    "fighting": "event_root IN ('18', '19', '20')",
    "threats": "event_root = '13'",
    "coercion": "event_root = '17'",
    "sanctions": "event_base = '163'",
}


def dyad_counts(a: str, b: str, start: dt.date, end: dt.date, *, dataset: str | None = None,
                path: Path | None = None) -> dict | None:
    """Event counts between two countries (both directions) with start < date ≤ end, in
    `dataset` or else in the dataset that has the most of them: {dataset, events, first, last,
    <family>: n}. None when there is no store; events 0 when it has nothing for the pair."""
    path = path or store_path()
    if not path.exists():
        return None
    families = ", ".join(f"count(*) FILTER ({sql}) AS {name}" for name, sql in FAMILIES.items())
    empty = {"dataset": dataset, "events": 0, "first": None, "last": None,
             **dict.fromkeys(FAMILIES, 0)}
    try:
        store = EventStore(path, read_only=True)
    except NoEventData:  # an ingest is creating the store: nothing was committed before it
        return empty
    with store:
        rows = store.con.execute(
            f"""SELECT dataset, count(*) AS events, min(date) AS first, max(date) AS last,
                       {families}
                FROM events
                WHERE date > $start AND date <= $end
                  AND ($dataset IS NULL OR dataset = $dataset)
                  AND ((source_country = $a AND target_country = $b)
                       OR (source_country = $b AND target_country = $a))
                GROUP BY dataset ORDER BY events DESC, dataset LIMIT 1""",
            {"a": a, "b": b, "start": start, "end": end, "dataset": dataset}).df()
    if rows.empty:
        return empty
    row = rows.iloc[0].to_dict()
    return {k: (int(v) if k in FAMILIES or k == "events" else v) for k, v in row.items()}
