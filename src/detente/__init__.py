"""detente: how bad is the relationship between two states, what are its cracks, and how likely
is a rapprochement — from cited facts and public datasets, for any pair and any past date.

    >>> import detente
    >>> a = detente.assess("USA", "RUS", as_of="2024-01-01")
    >>> a.to_frame()            # one row per crack
    >>> a.evidence_frame()      # one row per evidence item, with its source
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

# Import the subpackage first: the function below must replace the `detente.assess` attribute
# that importing the subpackage sets.
from detente.assess import engine as _engine
from detente.countries import resolve as _resolve
from detente.dossier.load import load_dossier as _load_dossier

__version__ = "0.1.0"

__all__ = ["assess", "dossier", "__version__"]


def _day(value: dt.date | str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def assess(a: str | int, b: str | int, *, as_of: dt.date | str | None = None,
           scenarios: Iterable[str] = (), history: bool = True):
    """Assess a pair of states on `as_of` (default: today). Returns an `Assessment`."""
    return _engine.assess(a, b, as_of=_day(as_of), today=dt.date.today(), scenarios=scenarios,
               history=history)


def dossier(a: str | int, b: str | int, *, as_of: dt.date | str | None = None):
    """The pair's dossier as known on `as_of` (all of it when None). `.to_frame()` for pandas."""
    d = _load_dossier(_resolve(a), _resolve(b), today=dt.date.today())
    return d if as_of is None else d.as_of(_day(as_of))
