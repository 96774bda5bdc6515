"""Evidence providers: the dossier (with the datasets' records merged in as facts), each dataset
family (conflicts, coercion, agreements, relations, ties, alignment), the event store and the dynamics
models. `derive` gathers the dataset families' records for a pair and day, once."""

from __future__ import annotations

import datetime as dt
import functools

from detente.assess.providers import agreements, alignment, coercion, conflicts, relations, ties
from detente.assess.providers.base import Pair, Reading
from detente.assess.providers.records import Derived

FAMILIES = (conflicts, coercion, agreements, relations, ties, alignment)

__all__ = ["FAMILIES", "Derived", "Pair", "Reading", "derive"]


def derive(pair: Pair, day: dt.date) -> Derived:
    """Every dataset family's records, measures and vouches for the pair on `day`."""
    from detente.datasets.registry import data_locations

    return _derive(pair, day, data_locations())


@functools.lru_cache(maxsize=4096)
def _derive(pair: Pair, day: dt.date, _locations: tuple) -> Derived:
    out = Derived()
    for family in FAMILIES:
        out.extend(family.derive(pair, day))
    if (why := pair.uncoded()) is not None:  # a dataset vouches only for the states it codes
        for crack in out.vouches:
            out.note(crack, why)
        out.vouches.clear()
    return out


def measure_readings(derived: Derived) -> list[Reading]:
    """The dataset families' measures (trade, IGOs, votes, alliances, threats, backing) as
    readings, one per crack they speak to, with the coverage notes of every crack."""
    cracks = set(derived.items) | set(derived.coverage)
    return [Reading(crack=c, provider="datasets", items=list(derived.items.get(c, [])),
                    coverage=list(derived.coverage.get(c, []))) for c in sorted(cracks)]
