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

# Import the (light) subpackage first: the function below must replace the `detente.assess`
# attribute that importing the subpackage sets. Everything heavy is imported on first use.
import detente.assess  # noqa: F401
import detente.dossier  # noqa: F401  (a namespace package: `dossier` below must win the name)
from detente.core.dates import parse_day

__version__ = "0.1.0"

__all__ = ["assess", "code", "dossier", "event_index", "__version__"]


def assess(a: str | int, b: str | int, *, as_of: dt.date | str | None = None,
           scenarios: Iterable[str] = (), history: bool = True):
    """Assess a pair of states on `as_of` (default: today). Returns an `Assessment`."""
    from detente.assess import engine as _engine

    today = dt.date.today()
    return _engine.assess(a, b, as_of=parse_day(as_of, today), today=today, scenarios=scenarios,
                          history=history)


def dossier(a: str | int, b: str | int, *, as_of: dt.date | str | None = None):
    """The pair's dossier as known on `as_of` (all of it when None). `.to_frame()` for pandas."""
    from detente.core.countries import resolve as _resolve
    from detente.dossier.load import load_dossier as _load_dossier

    d = _load_dossier(_resolve(a), _resolve(b), today=dt.date.today())
    return d if as_of is None else d.as_of(parse_day(as_of))


def event_index(a: str | int, b: str | int, **options):
    """The dyadic event index of a pair (A → B and B → A) from the event store, as a DataFrame;
    options: freq, since, until, weighted, normalise, engine, parquet (see
    `detente.events.query.event_index`)."""
    from detente.events.query import event_index as _event_index

    return _event_index(a, b, **options)


def code(source, *, use_model: bool = True):
    """Events between states coded from a text (a str) or from .txt/.md/.html files or folders: a
    DataFrame, one row per event (see `detente.coder`)."""
    from detente.coder import code_frame

    return code_frame(source, use_model=use_model)
