"""Organisations whose sanctions bind their member states, and who the members were, year by year.

GSDB names the European Union (and, before it, the EEC) as the sender of 153 sanction cases. A
Union sanction is a Council decision each member state must apply, so it is also a sanction of
each state that was a member in that year. Other senders GSDB names (the UN, the Arab League,
ECOWAS, CoCom …) are not expanded: their members apply their measures unevenly, or each member
keeps its own cases in GSDB.

Members and their dates of entry: "EU countries", European Union (europa.eu,
https://europa.eu/european-union/about-eu/countries_en, read December 2026): "Year of entry" per
country, and "The United Kingdom withdrew from the European Union on 31 January 2020". The EEC's
six founders are members from 1 January 1958 (the Treaty of Rome in force); East Germany entered
with German unification on 3 October 1990, as part of Germany.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import groupby

from detente.datasets.names import cow_code

BLOC_SOURCE = ("EU countries", "European Union", "https://europa.eu/european-union/about-eu/countries_en")

_D = dt.date
# name (as `names.cow_code` reads it) → (entry, withdrawal or None)
EU_MEMBERS: dict[str, tuple[dt.date, dt.date | None]] = {
    **{n: (_D(1958, 1, 1), None) for n in ("Belgium", "France", "Germany", "Italy", "Luxembourg",
                                           "Netherlands")},
    "Denmark": (_D(1973, 1, 1), None), "Ireland": (_D(1973, 1, 1), None),
    "United Kingdom": (_D(1973, 1, 1), _D(2020, 1, 31)),
    "Greece": (_D(1981, 1, 1), None),
    "Portugal": (_D(1986, 1, 1), None), "Spain": (_D(1986, 1, 1), None),
    **{n: (_D(1995, 1, 1), None) for n in ("Austria", "Finland", "Sweden")},
    **{n: (_D(2004, 5, 1), None) for n in ("Cyprus", "Czechia", "Estonia", "Hungary", "Latvia",
                                           "Lithuania", "Malta", "Poland", "Slovakia", "Slovenia")},
    "Bulgaria": (_D(2007, 1, 1), None), "Romania": (_D(2007, 1, 1), None),
    "Croatia": (_D(2013, 7, 1), None),
}

# how GSDB names the blocs whose sanctions bind their members → their members
BLOCS: dict[str, dict[str, tuple[dt.date, dt.date | None]]] = {"EU": EU_MEMBERS, "EEC": EU_MEMBERS}


def member_in(entry: dt.date, left: dt.date | None, year: int) -> bool:
    """Whether a member with these dates belonged to the bloc for some of `year`."""
    return entry.year <= year and (left is None or left.year >= year)


def members(bloc: str, year: int) -> set[int]:
    """The COW codes of the bloc's members in `year` (empty for a name that is no bloc here)."""
    return {code for name, (entry, left) in BLOCS.get(bloc, {}).items()
            if member_in(entry, left, year) and (code := cow_code(name, year)) is not None}


def spans(bloc: str, first: int, last: int) -> Iterator[tuple[str, int, int, int]]:
    """Each member's years in the bloc within first..last, split where its COW code changes
    (Germany: 260 to 1990, 255 after): (name, code, from year, to year)."""
    for name, (entry, left) in BLOCS.get(bloc, {}).items():
        def code_in(year: int, name=name, entry=entry, left=left) -> int | None:
            return cow_code(name, year) if member_in(entry, left, year) else None

        for code, run in groupby(range(first, last + 1), key=code_in):
            if code is not None:
                years = list(run)
                yield name, code, years[0], years[-1]
