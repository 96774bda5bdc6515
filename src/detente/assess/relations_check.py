"""Does the overall score rise and fall with the relationship? Spearman's rho, pair by pair,
between the overall score on 31 December of each year and WEIS net cooperation that year (the
mean Goldstein weight of the year's events in both directions, years with 10 events or more),
for the pairs of states with the most WEIS events (1966–1992).

Two ways, neither letting the yardstick's events feed the score:
- `events="off"`: the score reads no event store at all (dossier and datasets only);
- `events="split"`: the WEIS events are split in two halves by line (odd, even); the score reads
  the first half only, from an event store of its own (the reference events off), and is
  compared with net cooperation in the second half. It asks how well the score follows an event
  series when the store holds the same history seen by other events.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from detente.core.errors import DetenteError, UsageError

MIN_EVENTS = 10  # a year enters the yardstick with at least this many events
MODES = ("off", "split")


@dataclass(frozen=True)
class Track:
    """How one pair's overall score follows the yardstick year by year (Spearman's rho)."""

    pair: tuple[str, str]
    years: int
    rho: float | None
    # (year, the yardstick's net cooperation, the overall score) for every year compared
    series: tuple[tuple[int, float, float], ...] = ()


def weis_events() -> pd.DataFrame:
    """The WEIS events as the `weis` layout reads them (one row per line of the CSV, in order):
    the pair (lo, hi COW codes), year and Goldstein weight."""
    from detente.events.weis import weis_path

    frame = pd.read_csv(weis_path(), usecols=["state1", "state2", "year", "gscale"])
    return pd.DataFrame({"lo": frame[["state1", "state2"]].min(axis=1),
                         "hi": frame[["state1", "state2"]].max(axis=1),
                         "year": frame["year"], "goldstein": frame["gscale"]})


def busiest(events: pd.DataFrame, top: int) -> list[tuple[int, int]]:
    """The `top` pairs with the most events."""
    return [(int(lo), int(hi)) for lo, hi in events.groupby(["lo", "hi"]).size().nlargest(top).index]


def yardstick(events: pd.DataFrame, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], dict[int, float]]:
    """Each pair's mean Goldstein weight by year (years with MIN_EVENTS events or more)."""
    rated = events.dropna(subset=["goldstein"])
    by_year = rated.groupby(["lo", "hi", "year"])["goldstein"].agg(["mean", "size"])
    by_year = by_year[by_year["size"] >= MIN_EVENTS]
    out: dict[tuple[int, int], dict[int, float]] = {pair: {} for pair in pairs}
    for (lo, hi, year), row in by_year.iterrows():
        if (lo, hi) in out:
            out[(lo, hi)][int(year)] = float(row["mean"])
    return out


@contextmanager
def half_store(events_csv: Path, work: Path) -> Iterator[Path]:
    """An event store holding every other line of the WEIS file (the 1st, 3rd, …), read by the
    default readers while the context lasts (`DETENTE_EVENT_STORE`; the reference events off)."""
    from detente.events.ingest import ingest
    from detente.events.store import EventStore

    half = work / "weis_first_half.csv"
    pd.read_csv(events_csv).iloc[0::2].to_csv(half, index=False)
    store = work / "weis_first_half.duckdb"
    with EventStore(store) as opened:
        ingest([half], store=opened)
    saved = {k: os.environ.get(k) for k in ("DETENTE_EVENT_STORE", "DETENTE_REFERENCE_EVENTS")}
    os.environ.update({"DETENTE_EVENT_STORE": str(store), "DETENTE_REFERENCE_EVENTS": "off"})
    try:
        yield store
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def check(top: int, today: dt.date, events: str = "off",
          progress: Callable[[int], None] | None = None) -> list[Track]:
    """The tracks of the `top` busiest WEIS pairs, in `events` mode ("off" or "split")."""
    from detente.events.weis import weis_path

    if events not in MODES:
        raise UsageError(f"events must be one of {', '.join(MODES)} (got {events!r})")
    if top < 1:
        raise UsageError(f"--top must be at least 1 (got {top})")
    frame = weis_events()
    pairs = busiest(frame, top)
    if events == "off":
        return list(_tracks(yardstick(frame, pairs), today, False, progress))
    with tempfile.TemporaryDirectory(prefix="detente-relations-") as tmp, \
            half_store(weis_path(), Path(tmp)):
        return list(_tracks(yardstick(frame.iloc[1::2], pairs), today, True, progress))


def _tracks(sticks: dict[tuple[int, int], dict[int, float]], today: dt.date, events: bool,
            progress: Callable[[int], None] | None) -> Iterator[Track]:
    from scipy.stats import spearmanr

    from detente.assess.engine import year_by_year
    from detente.core.countries import resolve

    for (lo, hi), series in sticks.items():
        if progress:
            progress(1)
        try:
            a, b = resolve(lo), resolve(hi)
        except DetenteError:
            continue
        scores = year_by_year(a, b, sorted(series), today, events=events)
        rows = tuple((y, round(series[y], 4), s) for y, s in sorted(scores.items()) if s is not None)
        rho = None
        if len(rows) >= 5:
            r = spearmanr([x for _, x, _ in rows], [s for _, _, s in rows]).statistic
            rho = None if r != r else round(float(r), 4)
        yield Track((a.iso3, b.iso3), len(rows), rho, rows)
