"""A dashboard view's whole state, read from and written to the query string, so every view
has a URL that can be shared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from detente.core.dates import parse_day

SLIDER_START = dt.date(1946, 1, 1)
DEFAULT_PAIR = ("USA", "RUS")
DEFAULT_COMPARE = ("USA", "CHN")


@dataclass(frozen=True)
class View:
    """Which page, which pair (and second pair when comparing), which day, which scenarios."""

    a: str
    b: str
    as_of: dt.date
    scenarios: tuple[str, ...] = ()
    a2: str | None = None
    b2: str | None = None

    @property
    def compare(self) -> bool:
        return self.a2 is not None and self.b2 is not None

    @property
    def path(self) -> str:
        return "/compare" if self.compare else "/"

    def params(self) -> list[tuple[str, str]]:
        out = [("a", self.a), ("b", self.b)]
        if self.compare:
            out += [("a2", self.a2 or ""), ("b2", self.b2 or "")]
        out.append(("as_of", self.as_of.isoformat()))
        return out + [("scenario", s) for s in self.scenarios]

    def url(self, **changes) -> str:
        """This view's URL, or a changed copy's (`scenarios=`, `as_of=`, `a2=`…)."""
        v = replace(self, **changes) if changes else self
        return f"{v.path}?{urlencode(v.params())}"

    def toggled(self, scenario: str) -> str:
        """The URL with one scenario switched on or off."""
        now = tuple(s for s in self.scenarios if s != scenario)
        return self.url(scenarios=now if scenario in self.scenarios else now + (scenario,))

    def slider_days(self) -> int:
        return (self.as_of - SLIDER_START).days


def read_view(query: Mapping[str, str], scenarios: Sequence[str], today: dt.date,
              compare: bool = False) -> View:
    """The view a query string asks for; missing parts take their defaults."""
    a = (query.get("a") or DEFAULT_PAIR[0]).strip()
    b = (query.get("b") or DEFAULT_PAIR[1]).strip()
    a2 = b2 = None
    if compare:
        a2 = (query.get("a2") or DEFAULT_COMPARE[0]).strip()
        b2 = (query.get("b2") or DEFAULT_COMPARE[1]).strip()
    day = parse_day(query.get("as_of"), today)
    return View(a, b, day, tuple(dict.fromkeys(s for s in scenarios if s)), a2, b2)
