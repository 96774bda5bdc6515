"""Dataset records as dossier facts. Record-like datasets (wars, disputes, conflicts, crises,
sanctions, arms deliveries, peace agreements) become the same typed facts a dossier holds, so
the six evaluators weigh them with the same rules and scenarios can end or change them. Each
derived fact names its dataset record in its `name`/`summary`, cites the dataset, and carries
the tags `derived`, `provider:<family>` and `record:<dataset>:<id>`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from pydantic import TypeAdapter

from detente.assess.providers.base import Pair, dataset_source
from detente.assess.result import Bridge
from detente.core.dates import last_full_year
from detente.core.errors import DataError, DatasetUnavailable
from detente.core.evidence import Evidence
from detente.dossier.schema import AnyFact, Fact

_ADAPTER = TypeAdapter(AnyFact)


def derived_fact(provider: str, dataset: str, record: str, *, extra_tags: tuple[str, ...] = (),
                 **fields) -> Fact:
    """A fact built from a dataset record, cited to the dataset (facts are frozen: the same
    record read on many days is validated once). `extra_tags` add to the tags that mark it
    as derived (e.g. `via:sender:EU` for a sanction a state applies as a member of a bloc)."""
    key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in fields.items()))
    return _derived_fact(provider, dataset, record, tuple(extra_tags), key)


@lru_cache(maxsize=65_536)
def _derived_fact(provider: str, dataset: str, record: str, extra_tags: tuple[str, ...],
                  key: tuple) -> Fact:
    fields = {k: list(v) if isinstance(v, tuple) else v for k, v in key}
    slug = re.sub(r"[^a-z0-9]+", "-", f"{dataset}-{record}".lower()).strip("-")
    start, end = fields.get("valid_from"), fields.get("valid_to")
    if start is not None and end is not None and end < start:  # approximate dates crossed
        fields["valid_to"] = start
    return _ADAPTER.validate_python({"id": slug, "source": dataset_source(dataset).model_dump(),
                                     "tags": [*derived_tags(provider, dataset, record), *extra_tags],
                                     **fields})


def derived_tags(provider: str, dataset: str, record: str) -> list[str]:
    """The tags that mark a fact as read from a record (`provider_of`, `record_of` read them)."""
    return ["derived", f"provider:{provider}", f"record:{dataset}:{record}"]


def provider_of(fact: Fact) -> str:
    """The provider a fact came from: its `provider:` tag, else the dossier."""
    return next((t.split(":", 1)[1] for t in fact.tags if t.startswith("provider:")), "dossier")


def record_of(fact: Fact) -> str | None:
    """The dataset record a derived fact reads (`dataset:id`), None for a dossier fact."""
    return next((t.split(":", 1)[1] for t in fact.tags if t.startswith("record:")), None)


@dataclass
class Derived:
    """What a record provider found for the pair: facts, the cracks it vouches for on the day
    (it covers the day, so finding nothing means nothing happened), and coverage notes."""

    facts: list[Fact] = field(default_factory=list)
    items: dict[str, list[Evidence]] = field(default_factory=dict)
    vouches: dict[str, str] = field(default_factory=dict)
    coverage: dict[str, list[str]] = field(default_factory=dict)
    bridges: list[Bridge] = field(default_factory=list)

    def add(self, crack: str, item: Evidence) -> None:
        self.items.setdefault(crack, []).append(item)

    def note(self, crack: str, text: str) -> None:
        self.coverage.setdefault(crack, []).append(text)

    def extend(self, other: Derived) -> None:
        self.facts += other.facts
        for crack, items in other.items.items():
            self.items.setdefault(crack, []).extend(items)
        for crack, text in other.vouches.items():
            self.vouches.setdefault(crack, text)
        for crack, notes in other.coverage.items():
            self.coverage.setdefault(crack, []).extend(notes)
        self.bridges += other.bridges


def dyad(name: str, pair: Pair, out: Derived, cracks: Iterable[str]):
    """The dataset's rows about the pair (a DataFrame), or None with a coverage note on each
    crack when the dataset is missing or a state has no code in it."""
    from detente.datasets import warehouse

    ca, cb = pair.cows
    if ca is None or cb is None:
        for crack in cracks:
            out.note(crack, f"{name}: {pair.a.iso3 if ca is None else pair.b.iso3} has no COW code")
        return None
    try:
        return warehouse.dyad(name, ca, cb)
    except (DatasetUnavailable, DataError) as exc:
        for crack in cracks:
            out.note(crack, f"{name} unavailable: {exc}")
        return None


def dyad_rows(name: str, pair: Pair, out: Derived, cracks: Iterable[str]) -> tuple | None:
    """`dyad` as plain records (named tuples, in the table's order), read once per pair and
    data location: the providers filter them by day in Python, which is what makes the
    year-by-year history cheap. None, with the coverage notes, when `dyad` gives none."""
    ca, cb = pair.cows
    if ca is None or cb is None:
        dyad(name, pair, out, cracks)
        return None
    try:
        return records_of(name, ca, cb)
    except (DatasetUnavailable, DataError) as exc:
        for crack in cracks:
            out.note(crack, f"{name} unavailable: {exc}")
        return None


def records_of(name: str, ca: int, cb: int) -> tuple:
    """`warehouse.dyad(name, ca, cb)` as named tuples, read once per pair and data location."""
    from detente.datasets.registry import data_locations
    from detente.datasets.warehouse import path

    return _dyad_records(name, ca, cb, data_locations(), str(path()))


@lru_cache(maxsize=2048)
def _dyad_records(name: str, ca: int, cb: int, _locations: tuple, _warehouse: str) -> tuple:
    from detente.datasets import warehouse

    return tuple(warehouse.dyad(name, ca, cb).itertuples(index=False))


def coverage(name: str) -> tuple[int, int] | None:
    """The first and last year a dataset codes."""
    from detente.datasets.registry import data_locations
    from detente.datasets.warehouse import path

    return _coverage(name, data_locations(), str(path()))


@lru_cache(maxsize=256)
def _coverage(name: str, _locations: tuple, _warehouse: str) -> tuple[int, int] | None:
    from detente.datasets import warehouse

    try:
        first, last = warehouse.coverage(name)
    except (DatasetUnavailable, DataError):
        return None
    return (first, last) if first is not None and last is not None else None


def covers(name: str, day: dt.date, grace_years: int, *, by_full_year: bool = False) -> tuple[bool, str]:
    """Whether the dataset covers `day` (its last coded year + `grace_years`), and a note that
    names its span. `by_full_year`: for measures read for the last full year on the day
    (`last_full_year`), which must lie within the grace years instead of the day's own year."""
    span = coverage(name)
    if span is None:
        return False, f"{name}: coverage unknown"
    first, last = span
    read = last_full_year(day) if by_full_year else day.year
    inside = first <= day.year and read <= last + grace_years
    text = f"{dataset_source(name).title} covers {first}–{last}"
    if day.year > last:
        text += f"; {day.year - last} year(s) after its end it is read as still so"
    return inside, text


def year_start(year: int, month: int | None = None) -> dt.date:
    """When a record coded by year (and maybe month) is taken to begin: the 1st of its month, or
    — known only by its year — 1 July, so that nothing from later in a year leaks into an
    assessment dated earlier in it."""
    if month and 1 <= int(month) <= 12:
        return dt.date(int(year), int(month), 1)
    return dt.date(int(year), 7, 1)


def year_end(year: int) -> dt.date:
    return dt.date(int(year), 12, 31)
