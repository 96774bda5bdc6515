"""The ingest's scheduler: while DuckDB loads a file, the next ones are hashed, counted and
unpacked on a thread of their own, and two files load side by side, each on its own connection
and in its own transaction; each finishes only after the one before it, so files commit, and
their outcomes come out, in the order given (see `load.direct.DirectLoad` for duplicates)."""

from __future__ import annotations

import contextlib
import itertools
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from detente.core.errors import DataError
from detente.datasets.registry import home
from detente.events.inputs import Prepared, prepare
from detente.events.load import FileResult, Progress, StagingLoad, load_file
from detente.events.load.reader import next_file_id
from detente.events.load.turns import settled
from detente.events.store import EventStore

SIDE_BY_SIDE = 2  # files loading at once (each DuckDB statement also runs on DuckDB's threads)

Outcome = tuple[Path, FileResult | DataError]


def in_order(paths: list[Path], store: EventStore, progress: Progress | None = None
             ) -> Iterator[Outcome]:
    """Load `paths` into `store`, yielding each path with its result or the DataError that
    refused it, in the order given."""
    workdir = home() / "tmp"
    workdir.mkdir(parents=True, exist_ok=True)
    ahead = SIDE_BY_SIDE + 1
    preparing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="detente-prepare")
    loading = ThreadPoolExecutor(max_workers=SIDE_BY_SIDE, thread_name_prefix="detente-load")
    preps = [preparing.submit(prepare, path, workdir) for path in paths[:ahead]]
    file_ids = itertools.count(next_file_id(store.con))
    flight: deque[tuple[Path, Future, str | None]] = deque()
    try:
        for i, path in enumerate(paths):
            if i + ahead < len(paths):
                preps.append(preparing.submit(prepare, paths[i + ahead], workdir))
            while flight and (len(flight) >= SIDE_BY_SIDE or flight[0][1].done()):
                yield _landed(*flight.popleft()[:2])
            try:
                prep = preps[i].result()
            except DataError as exc:
                flight.append((path, _done(exc), None))
                continue
            if any(sha == prep.sha256 for _, _, sha in flight):  # a copy of a file in flight
                while flight:
                    yield _landed(*flight.popleft()[:2])
            before = flight[-1][1] if flight else None
            future = loading.submit(_load_in_turn, store, prep, progress, before, next(file_ids))
            flight.append((path, future, prep.sha256))
        while flight:
            yield _landed(*flight.popleft()[:2])
    finally:
        for _, future, _ in flight:  # a consumer that stops early: let the loads end
            with contextlib.suppress(Exception):
                future.result()
        loading.shutdown()
        for prepared in preps:
            with contextlib.suppress(Exception):
                prepared.result().cleanup()
        preparing.shutdown()


def _done(outcome: object) -> Future:
    future: Future = Future()
    future.set_result(outcome)
    return future


def _landed(path: Path, future: Future) -> Outcome:
    """A finished load's outcome: its result, or the DataError that refused the file."""
    try:
        outcome = future.result()
    except DataError as exc:
        return path, exc
    return path, outcome.result if isinstance(outcome, StagingLoad) else outcome


def _load_in_turn(store: EventStore, prep: Prepared, progress: Progress | None,
                  before: Future | None, file_id: int) -> StagingLoad | FileResult:
    """Load one file on its own connection, finishing after the load `before` it."""
    con = store.con.cursor()
    try:
        return load_file(store, prep, progress, con=con, file_id=file_id, before=before)
    finally:
        settled(before)
        prep.cleanup()
        con.close()
