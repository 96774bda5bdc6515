"""Dates a sentence gives: '8 August 2022', 'August 8, 2022', 'in December 2022', 'in 2014'."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MON = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
        r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_PATTERNS = [
    re.compile(rf"\b{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON}\s+{_YEAR}\b", re.I),
    re.compile(rf"\b(?P<iso>{_YEAR}-(?P<m2>[01]\d)-(?P<d2>[0-3]\d))\b"),
    re.compile(rf"\b{_MON}\s+(?:of\s+)?{_YEAR}\b", re.I),
    re.compile(
        rf"\b(?:in|since|by|from|of|during|until|before|after)\s+(?:the\s+)?(?:spring\s+of\s+|summer\s+of\s+|autumn\s+of\s+|fall\s+of\s+|winter\s+of\s+|early\s+|late\s+|mid-)?{_YEAR}\b",
        re.I,
    ),
]


@dataclass(frozen=True)
class FoundDate:
    """A date in the text, its precision and where it is."""

    date: dt.date
    precision: str
    start: int
    end: int

    def iso(self) -> str:
        """'2022-08-08', '2022-08' or '2022', as precise as the text."""
        if self.precision == "day":
            return self.date.isoformat()
        if self.precision == "month":
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return f"{self.date.year:04d}"


def _build(m: re.Match) -> FoundDate | None:
    groups = m.groupdict()
    year = int(groups["year"])
    try:
        if groups.get("iso"):
            return FoundDate(dt.date(year, int(groups["m2"]), int(groups["d2"])), "day", m.start(), m.end())
        month = (
            _MONTHS[
                groups["mon"].lower().rstrip(".")[:4]
                if groups["mon"].lower().startswith("sept")
                else groups["mon"].lower().rstrip(".")[:3]
            ]
            if groups.get("mon")
            else None
        )
        if month and groups.get("day"):
            return FoundDate(dt.date(year, month, int(groups["day"])), "day", m.start(), m.end())
        if month:
            return FoundDate(dt.date(year, month, 1), "month", m.start(), m.end())
        return FoundDate(dt.date(year, 1, 1), "year", m.start(), m.end())
    except (ValueError, KeyError):
        return None


def find_dates(text: str) -> list[FoundDate]:
    """Every date in `text`, left to right, the most precise reading of each span."""
    found: list[FoundDate] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(f.start <= m.start() < f.end or m.start() <= f.start < m.end() for f in found):
                continue
            if (d := _build(m)) is not None:
                found.append(d)
    return sorted(found, key=lambda f: f.start)
