"""What every evaluator needs: the pair, the day, and small date helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from detente.core.dates import fade

if TYPE_CHECKING:
    from detente.core.countries import State


class Dated(Protocol):
    """Anything that holds over a span of days (a dossier fact)."""

    def active_on(self, day: dt.date) -> bool: ...


@dataclass(frozen=True)
class Context:
    a: str
    b: str
    as_of: dt.date
    name_a: str
    name_b: str

    @classmethod
    def between(cls, a: State, b: State, day: dt.date) -> Context:
        """The context of states `a` and `b` on `day`, each under its name of that day."""
        return cls(a.iso3, b.iso3, day, a.name_on(day), b.name_on(day))

    def other(self, code: str) -> str:
        return self.b if code == self.a else self.a

    def pair(self) -> set[str]:
        return {self.a, self.b}

    def years_since(self, day: dt.date) -> float:
        return (self.as_of - day).days / 365.25

    def recency(self, day: dt.date, span_years: float) -> float:
        """1 on the day itself, falling linearly to 0 after `span_years`; 0 for future days."""
        return fade(self.as_of, day, span_years)

    def active(self, fact: Dated) -> bool:
        return fact.active_on(self.as_of)
