"""What every evaluator needs: the pair, the day, and small date helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from detente.core.dates import fade


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
