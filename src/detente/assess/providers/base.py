"""What every evidence provider shares: the pair, a provider's reading of one crack, the
dataset as a source, and the span of years a dataset covers.

A provider answers one question: given a pair and a day, what evidence do you hold? It returns
`Reading`s (one per crack it can speak to): evidence items with signed weights, an optional
baseline (the raw score its "nothing found" stands for — a curated dossier or a dataset that
covers the day), a sentence for the crack's explanation, indicators, and coverage notes when
the day lies outside what it can see."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from detente.assess.result import Door
from detente.core.countries import State
from detente.core.evidence import Evidence
from detente.core.source import Source


@dataclass(frozen=True)
class Pair:
    """The two states of an assessment, in the order asked, with the COW codes they had on the
    day (West Germany is 260 until 1990, Germany 255)."""

    a: State
    b: State
    cows: tuple[int | None, int | None]

    @classmethod
    def on(cls, a: State, b: State, day: dt.date) -> Pair:
        return cls(a, b, (a.cow_on(day) or a.cow, b.cow_on(day) or b.cow))

    @property
    def iso(self) -> tuple[str, str]:
        return self.a.iso3, self.b.iso3

    def uncoded(self) -> str | None:
        """Why the state-system datasets (COW, UCDP/PRIO, GSDB) cannot speak for the pair: a side
        with no COW code (a territory such as Macau or Bouvet Island), or None."""
        names = [s.name for s, cow in zip((self.a, self.b), self.cows, strict=True) if cow is None]
        if not names:
            return None
        return (f"{' and '.join(names)} {'is' if len(names) == 1 else 'are'} not in the COW state "
                "system: no dataset can vouch that nothing happened")


@dataclass
class Reading:
    """One provider's evidence on one crack on the day."""

    crack: str
    provider: str
    items: list[Evidence] = field(default_factory=list)
    baseline: Evidence | None = None
    explanation: str = ""
    indicators: dict[str, Any] = field(default_factory=dict)
    door: Door | None = None
    coverage: list[str] = field(default_factory=list)

    @property
    def knows(self) -> bool:
        """True when it says anything about the crack (a baseline or an informative item)."""
        return self.baseline is not None or any(informative(e) for e in self.items)


def informative(e: Evidence) -> bool:
    """An item that says something about the day: it weighs, or it is a curated dossier fact.
    A dataset record that weighs 0 (long over, or counted once under another item) is shown for
    the reader but does not make a crack known: a 1960s arms supply says nothing about
    sanctions in 2025."""
    return e.weight != 0 or (e.fact_id is not None and e.same_as is None
                             and e.provider in (None, "dossier"))


class Provider(Protocol):
    """An evidence source: `readings(pair, day)` for the cracks it speaks to."""

    name: str

    def readings(self, pair: Pair, day: dt.date) -> list[Reading]: ...


@lru_cache(maxsize=128)
def dataset_source(name: str) -> Source:
    """A registry dataset as the source of an evidence item: its title, producer and pinned URL,
    dated 1 January of the year its citation gives (the registry's BibTeX)."""
    from detente.datasets.registry import get

    ds = get(name)
    year = re.search(r"year\s*=\s*\{?(\d{4})", ds.bibtex)
    return Source(title=ds.title, publisher=ds.producer, url=ds.url,
                  date=dt.date(int(year.group(1)) if year else 2000, 1, 1), kind="dataset")
