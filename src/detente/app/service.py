"""What the dashboard asks of detente, with caches: each pair's dossier (reloaded when its files
change), each pair's as-of timeline (computed once), and recent assessments (an LRU).

Every answer is the same typed `Assessment` that `detente.assess()` returns; its `history` is
the cached timeline cut at the as-of date, ending with the as-of day itself.

At most COMPUTE_SLOTS assessments are computed at once (cache hits never wait): the others wait
on a semaphore, off the GIL, so the server's event loop — health checks, cached pages, uploads —
competes with two busy threads at most, not with every client's.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path

from detente.app.uploads import UploadStore
from detente.assess import engine
from detente.assess.result import Assessment
from detente.core.countries import State, last_common_day, resolve
from detente.dossier.load import Dossier, find_folder, load_dossier

Signature = tuple[str | None, tuple[tuple[str, int, int], ...]]
COMPUTE_SLOTS = 2


def _signature(folder: Path | None) -> Signature:
    """What identifies a dossier's content: its folder and each file's name, mtime and size."""
    if folder is None:
        return None, ()
    files = tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                         for p in folder.glob("*.yaml")))
    return str(folder), files


class _Lru:
    """A small thread-safe least-recently-used cache."""

    def __init__(self, size: int) -> None:
        self.size, self._items, self._lock = size, OrderedDict(), threading.Lock()

    def get(self, key: Hashable, make: Callable[[], object]):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


class Service:
    """Cached assessments for the dashboard and the JSON API."""

    def __init__(self, uploads: UploadStore, today: Callable[[], dt.date] = dt.date.today,
                 cache_size: int = 256) -> None:
        self.uploads = uploads
        self.today = today
        self._dossiers = _Lru(32)
        self._timelines = _Lru(32)
        self._assessments = _Lru(cache_size)
        self._timeline_lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(COMPUTE_SLOTS)  # never held while waiting on another lock

    def _dossier(self, a: State, b: State) -> tuple[Dossier, Signature]:
        sig = _signature(find_folder(a.iso3, b.iso3))
        d = self._dossiers.get((a.iso3, b.iso3, sig),
                               lambda: load_dossier(a, b, today=self.today()))
        return d, sig

    def timeline(self, a: str, b: str) -> list[dict]:
        """Each crack's score year by year up to today (or to the day one of the two states ended),
        each year assessed as of that day. Computed once per pair and dossier content."""
        state_a, state_b = resolve(a), resolve(b)
        d, sig = self._dossier(state_a, state_b)
        today = self.today()
        until = last_common_day(state_a, state_b, today)

        def make() -> list[dict]:
            with self._slots:
                return engine.assess(state_a, state_b, as_of=until, today=today, dossier=d).history

        with self._timeline_lock:  # one pair's timeline is computed once, even under load
            return self._timelines.get((state_a.iso3, state_b.iso3, sig, today), make)

    def assess(self, a: str, b: str, as_of: dt.date | None = None,
               scenarios: Sequence[str] = ()) -> Assessment:
        """The pair on `as_of` (default today) with the scenarios named by reference."""
        state_a, state_b = resolve(a), resolve(b)
        today = self.today()
        day = as_of or today
        refs = tuple(dict.fromkeys(scenarios))
        loaded = [self.uploads.resolve(r) for r in refs]
        d, sig = self._dossier(state_a, state_b)

        def make() -> Assessment:
            with self._slots:
                result = engine.assess(state_a, state_b, as_of=day, today=today, scenarios=loaded,
                                       history=False, dossier=d)
            return result.model_copy(update={"history": self._history(result, state_a, state_b)})

        return self._assessments.get((state_a.iso3, state_b.iso3, day, refs, sig, today), make)

    def _history(self, result: Assessment, a: State, b: State) -> list[dict]:
        rows = [r for r in self.timeline(a.iso3, b.iso3) if r["date"] < result.as_of.isoformat()]
        return rows + [{"date": result.as_of.isoformat(), **{c.id: c.score for c in result.cracks}}]
