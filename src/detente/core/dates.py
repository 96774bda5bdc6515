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
