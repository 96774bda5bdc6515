"""The pair's event counts (both directions) over the year up to a day and the year before:
the windows the event evidence and ripeness compare. Read from the event store, cached per
pair, day and store state."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

from detente.core.dates import fmt_date

WINDOW_DAYS = 365


@dataclasses.dataclass(frozen=True)
class EventWindows:
    """The pair's event counts in the year to `as_of` (`now`) and the year before."""

    as_of: dt.date
    now: dict
    before: dict

    @property
    def dataset(self) -> str | None:
        return self.now.get("dataset") or self.before.get("dataset")


def windows(as_of: dt.date) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
    """(start, end] of the year to `as_of` and of the year before it."""
    mid = as_of - dt.timedelta(days=WINDOW_DAYS)
    return (mid, as_of), (mid - dt.timedelta(days=WINDOW_DAYS), mid)


def load(a: str, b: str, as_of: dt.date) -> tuple[EventWindows | None, str | None]:
    """The pair's event windows from the store, or None and the reason there are none."""
    from detente.events.stamp import store_stamp

    return _load(a, b, as_of, *store_stamp())


@functools.lru_cache(maxsize=64)
def _load(a: str, b: str, as_of: dt.date, _path: str, stamp: int | None
          ) -> tuple[EventWindows | None, str | None]:
    """(`_path`, `stamp`: the default store's, the key of this cache; it is read with the
    reference events.)"""
    from detente.events.counts import dyad_counts
    from detente.events.store import StoreBusy

    if stamp is None:
        return None, "no event store"
    (s1, e1), (s0, e0) = windows(as_of)
    try:
        now = dyad_counts(a, b, s1, e1)
        assert now is not None
        before = dyad_counts(a, b, s0, e0, dataset=now["dataset"])
        assert before is not None
    except StoreBusy:
        return None, "the event store is in use by another process"
    if now["events"] == 0 and before["events"] == 0:
        return None, f"the event store has none between them in the two years to {fmt_date(as_of)}"
    return EventWindows(as_of, now, before), None
