"""Country names ↔ ISO3 ↔ Correlates of War codes, on country_converter.

country_converter knows names, ISO codes and Gleditsch–Ward codes. COW codes equal GW codes
except for the few states listed in `_COW_DIFFERS_FROM_GW`. Predecessor states that COW codes
as the same state (the Soviet Union is Russia, COW 365) resolve to their successor, and
`State.name_on(day)` gives the name the state had on that day.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
from dataclasses import dataclass
from functools import lru_cache

import country_converter as coco

from detente.core.errors import UsageError

# COW code where it differs from country_converter's Gleditsch–Ward code (COW State List 2016).
_COW_DIFFERS_FROM_GW = {"DEU": 255, "CZE": 316, "SRB": 345, "YEM": 679, "VNM": 816,
                        "KIR": 946, "TUV": 947, "TON": 955, "NRU": 970}

# Names country_converter does not know, and the state they mean.
_ALIASES = {
    "ussr": "RUS", "u.s.s.r.": "RUS", "soviet union": "RUS", "soviet": "RUS", "soviets": "RUS",
    "union of soviet socialist republics": "RUS", "russian federation": "RUS",
    "prc": "CHN", "people's republic of china": "CHN", "communist china": "CHN",
    "red china": "CHN", "roc": "TWN", "republic of china": "TWN", "formosa": "TWN",
    "us": "USA", "u.s.": "USA", "u.s.a.": "USA", "america": "USA",
    "uk": "GBR", "britain": "GBR", "great britain": "GBR",
    "dprk": "PRK", "rok": "KOR", "uar": "EGY", "united arab republic": "EGY",
}

# Historical names: ISO3 → [(from, to, name)], `to` exclusive.
_HISTORICAL_NAMES = {
    "RUS": [(dt.date(1922, 12, 30), dt.date(1991, 12, 26), "Soviet Union")],
    "EGY": [(dt.date(1958, 2, 22), dt.date(1971, 9, 2), "United Arab Republic (Egypt)")],
}

# COW codes of predecessor states that resolve to a successor with another code.
_COW_PREDECESSORS = {260: "DEU", 678: "YEM"}


@dataclass(frozen=True)
class State:
    """One canonical state."""

    iso3: str
    cow: int | None
    name: str

    def name_on(self, day: dt.date | None) -> str:
        """The state's name on `day` (e.g. 'Soviet Union' for RUS in 1970)."""
        if day is not None:
            for start, end, name in _HISTORICAL_NAMES.get(self.iso3, []):
                if start <= day < end:
                    return name
        return self.name

    def __str__(self) -> str:
        return self.iso3


@lru_cache(maxsize=1)
def _converter() -> coco.CountryConverter:
    logging.getLogger("country_converter").setLevel(logging.ERROR)
    return coco.CountryConverter()


@lru_cache(maxsize=1)
def _table() -> dict[str, State]:
    data = _converter().data
    states: dict[str, State] = {}
    for row in data.itertuples():
        gw = row.GWcode
        cow = _COW_DIFFERS_FROM_GW.get(row.ISO3)
        if cow is None and isinstance(gw, int | float) and gw == gw:
            cow = int(gw)
        states[row.ISO3] = State(iso3=row.ISO3, cow=cow, name=row.name_short)
    return states


@lru_cache(maxsize=1)
def _by_cow() -> dict[int, str]:
    out = {s.cow: iso for iso, s in _table().items() if s.cow is not None}
    out.update(_COW_PREDECESSORS)
    return out


def _by_iso3(iso3: str) -> State:
    return _table()[iso3]


def resolve(name: str | int) -> State:
    """Resolve a name, ISO2/ISO3 code or COW code ('Russia', 'USSR', 365, 'PRC') to a State.

    Raises UsageError naming close matches when the name is unknown.
    """
    text = str(name).strip()
    if not text:
        raise UsageError("empty country name")
    if text.isdigit():
        iso = _by_cow().get(int(text))
        if iso is None:
            raise UsageError(f"unknown COW country code {text}")
        return _by_iso3(iso)
    if text.upper() in _table():
        return _by_iso3(text.upper())
    alias = _ALIASES.get(text.lower())
    if alias:
        return _by_iso3(alias)
    found = _converter().convert(text, to="ISO3", not_found=None)
    if isinstance(found, str) and found in _table():
        return _by_iso3(found)
    raise UsageError(f"unknown country {text!r}{_suggest(text)}")


def _suggest(text: str) -> str:
    names = {s.name: iso for iso, s in _table().items()}
    candidates = list(names) + list(_ALIASES) + list(_table())
    close = difflib.get_close_matches(text, candidates, n=3, cutoff=0.6)
    close += difflib.get_close_matches(text.lower(), [c.lower() for c in candidates], n=3)
    seen: list[str] = []
    for c in close:
        if c.lower() not in (s.lower() for s in seen):
            seen.append(c)
    return f"; did you mean {', '.join(repr(c) for c in seen[:3])}?" if seen else ""


def dyad_key(a: State, b: State) -> tuple[str, str]:
    """The two ISO3 codes, in the order given."""
    return a.iso3, b.iso3


def all_states() -> list[State]:
    """Every state detente can resolve, sorted by name (for pickers)."""
    return sorted(_table().values(), key=lambda s: s.name)
