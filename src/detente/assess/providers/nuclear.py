"""Which states are nuclear-armed, and since when: the arms-control relation between two states
(it applies when both are). First nuclear tests, from the Arms Control Association's "Nuclear
Testing Tally" (https://www.armscontrol.org/factsheets/nucleartesttally); Israel, which has
never acknowledged a test, is counted from 1967 as SIPRI's Yearbook counts it among the nine
nuclear-armed states (https://www.sipri.org/yearbook/2024/07)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

NUCLEAR_ARMED = {
    "USA": dt.date(1945, 7, 16),
    "RUS": dt.date(1949, 8, 29),
    "GBR": dt.date(1952, 10, 3),
    "FRA": dt.date(1960, 2, 13),
    "CHN": dt.date(1964, 10, 16),
    "ISR": dt.date(1967, 1, 1),
    "IND": dt.date(1974, 5, 18),
    "PAK": dt.date(1998, 5, 28),
    "PRK": dt.date(2006, 10, 9),
}


@dataclass(frozen=True)
class Relation:
    applies: bool
    reason: str


def relation(a: str, b: str, day: dt.date) -> Relation:
    """Whether an arms-control relation applies between a and b on `day`, and why (not)."""
    armed = [s for s in (a, b) if s in NUCLEAR_ARMED and NUCLEAR_ARMED[s] <= day]
    if len(armed) == 2:
        since = max(NUCLEAR_ARMED[a], NUCLEAR_ARMED[b]).year
        return Relation(True, f"both nuclear-armed since {since}")
    if len(armed) == 1:
        return Relation(False, f"only {armed[0]} is nuclear-armed")
    return Relation(False, "neither state is nuclear-armed")
