"""How signed evidence becomes a crack's score and status."""

from __future__ import annotations

import math

OPEN_AT = 0.33
CLOSED_AT = -0.33


def squash(raw: float, scale: float = 1.0) -> float:
    """Map an unbounded sum of evidence weights into [−1, 1] (tanh), rounded for display."""
    return round(math.tanh(raw / scale), 4)


def status_of(score: float) -> str:
    """`open` at or above OPEN_AT, `closed` at or below CLOSED_AT, `ajar` between."""
    if score >= OPEN_AT:
        return "open"
    if score <= CLOSED_AT:
        return "closed"
    return "ajar"


def signed(value: float | None) -> str:
    """A score as reports print it: +0.42, or — when unknown."""
    return "—" if value is None else f"{value:+.2f}"
