"""Dates as users type them and as reports print them."""

from __future__ import annotations

import datetime as dt

from detente.core.errors import UsageError


def fmt_date(day: dt.date) -> str:
    """`24 Nov 2026`."""
    return f"{day.day} {day:%b} {day.year}"


def parse_day(value: dt.date | str | None, default: dt.date | None = None,
              field: str = "as_of") -> dt.date | None:
    """A date from a `date` or an ISO string (`default` when empty); a UsageError naming
    `field` when the text is not a date."""
    if value is None or value == "":
        return default
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{field}: {value!r} is not a date (YYYY-MM-DD)") from None


def fade(day: dt.date, since: dt.date, span_years: float) -> float:
    """1 on `since` itself, falling linearly to 0 `span_years` later; 0 before `since`."""
    years = (day - since).days / 365.25
    return 0.0 if years < 0 else max(0.0, 1.0 - years / span_years)


def last_full_year(day: dt.date) -> int:
    """The last calendar year over on `day`: the year itself on 31 December, else the one before
    (what a year-coded record — trade, UN votes, alliances — can say on the day)."""
    return day.year if (day.month, day.day) == (12, 31) else day.year - 1
