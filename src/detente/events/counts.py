"""`dyad_counts()`: how many events of each family two countries exchanged in a window, read
straight from the store (no ibis: the assessment calls it on every run and must start fast)."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pandas as pd

from detente.events.store import EventStore, NoEventData

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
    # negotiation: intent to meet or negotiate (036), negotiations held (046); formal agreements
    # signed (057); proposals to meet or negotiate rejected (125)
    "talks": "event_base IN ('036', '046')",
    "agreements": "event_base = '057'",
    "rejections": "event_base = '125'",
}

# The same families in WEIS codes (WEIS rows carry no CAMEO codes), by the match of WEIS cue
# categories to CAMEO roots of like meaning that `layouts/weis.py` documents for the quad classes:
# 03 consult → 04 (032 visit, 033 receive visit → 042, 043), 16 warn and 17 threaten → 13,
# 21 seize → 17 coerce, 22 force → 18–20. WEIS has no code for sanctions: None (not counted).
WEIS_FAMILIES: dict[str, str | None] = {
    "consultations": "weis_code LIKE '03%'",
    "visits": "weis_code IN ('032', '033')",
    "fighting": "weis_code LIKE '22%'",
    "threats": "weis_code LIKE '16%' OR weis_code LIKE '17%'",
    "coercion": "weis_code LIKE '21%'",
    "sanctions": None,
    # 082 agree to future action or procedure (to meet, to negotiate) and 101 offer a proposal →
    # talks; 081 make a substantive agreement → agreements; 111 turn down a proposal → rejections
    "talks": "weis_code IN ('082', '101')",
    "agreements": "weis_code = '081'",
    "rejections": "weis_code = '111'",
}


def _family_sql(name: str, cameo: str) -> str:
    """One family's count for a dataset group: by WEIS codes for WEIS, else by CAMEO codes."""
    if name not in WEIS_FAMILIES:
        return f"count(*) FILTER ({cameo}) AS {name}"
    weis = WEIS_FAMILIES[name]
    weis_count = f"count(*) FILTER ({weis})" if weis is not None else "NULL"
    return (f"CASE WHEN dataset = 'weis' THEN {weis_count} "
            f"ELSE count(*) FILTER ({cameo}) END AS {name}")


def dyad_counts(a: str, b: str, start: dt.date, end: dt.date, *, dataset: str | None = None,
                path: Path | None = None) -> dict | None:
    """Event counts between two countries (both directions) with start < date ≤ end, in
    `dataset` or else in the dataset that has the most of them: {dataset, events, first, last,
    <family>: n}, n None where the dataset cannot code the family. The default store is read
    with the reference events (`events.reference`); a store given by `path` alone. None when
    there is no store; events 0 when it has nothing for the pair."""
    from detente.events.reference import stores_to_read

    stores = stores_to_read(path)
    if not stores:
        return None
    empty = {"dataset": dataset, "events": 0, "first": None, "last": None,
             **dict.fromkeys(FAMILIES, 0)}
    found = [row for store in stores for row in _window(_daily(store, a, b), start, end, dataset)]
    if not found:
        return empty
    best = min(found, key=lambda r: (-r["events"], r["dataset"]))  # most events, then by name
    return {k: (_count(v) if k in FAMILIES or k == "events" else v) for k, v in best.items()}


def _count(value: object) -> int | None:
    """A count as an int; None where the dataset does not code the family."""
    return None if pd.isna(value) else int(value)  # NaN or NA: a NULL count


def _window(daily: pd.DataFrame, start: dt.date, end: dt.date, dataset: str | None) -> list[dict]:
    """Each dataset's counts with start < date ≤ end, from the pair's counts by day."""
    keep = (daily["date"] > pd.Timestamp(start)) & (daily["date"] <= pd.Timestamp(end))
    if dataset is not None:
        keep &= daily["dataset"] == dataset
    rows = daily[keep]
    if rows.empty:
        return []
    grouped = rows.groupby("dataset", sort=True)
    sums = grouped[["events", *FAMILIES]].sum(min_count=1)  # a family no row codes stays NaN
    dates = grouped["date"].agg(["min", "max"])
    return [{"dataset": name, "events": sums.at[name, "events"], "first": dates.at[name, "min"],
             "last": dates.at[name, "max"], **{f: sums.at[name, f] for f in FAMILIES}}
            for name in sums.index]


def _daily(path: Path, a: str, b: str) -> pd.DataFrame:
    """The pair's events by dataset and day in one store, read once while the store is
    unchanged (a year-by-year history asks for many windows of the same pair)."""
    stamp = path.stat().st_mtime_ns if path.exists() else None
    return _daily_of(str(path), stamp, *sorted((a, b)))


@functools.lru_cache(maxsize=128)
def _daily_of(path: str, _stamp: int | None, a: str, b: str) -> pd.DataFrame:
    families = ", ".join(_family_sql(name, sql) for name, sql in FAMILIES.items())
    columns = ["dataset", "date", "events", *FAMILIES]
    try:
        store = EventStore(Path(path), read_only=True)
    except NoEventData:  # an ingest is creating the store: nothing was committed before it
        return pd.DataFrame(columns=columns)
    with store:
        return store.con.execute(
            f"""SELECT dataset, date, count(*) AS events, {families}
                FROM events
                WHERE (source_country = $a AND target_country = $b)
                   OR (source_country = $b AND target_country = $a)
                GROUP BY dataset, date ORDER BY dataset, date""", {"a": a, "b": b}).df()
