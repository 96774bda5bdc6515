"""Two loads side by side: a load waits for the one before it (`settled`) so that files commit in
order, and learns whether that one committed event ids it could not see (`unseen_overlap`)."""

from __future__ import annotations

from concurrent.futures import Future
from typing import TYPE_CHECKING

from detente.events.load.result import FileResult

if TYPE_CHECKING:
    from detente.events.load.staging import StagingLoad


def settled(load: Future | None) -> StagingLoad | None:
    """Wait for a load running beside this one; the load if it committed."""
    if load is None:
        return None
    try:
        done = load.result()
    except Exception:  # its error is reported in its own turn
        return None
    return None if isinstance(done, FileResult) else done  # skipped: nothing committed


def unseen_overlap(before: Future | None, dataset: str, ids: tuple[object, object]
                   ) -> int | None:
    """The file id of the load running beside this one if it committed ids that may also be in
    this file."""
    other = settled(before)
    if other is None or other.layout.dataset != dataset:
        return None
    lo, hi = other.id_range
    if None in (lo, hi, *ids) or (lo <= ids[1] and hi >= ids[0]):  # type: ignore[operator]
        return other.file_id
    return None
