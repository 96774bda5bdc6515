"""Joint build-up: have both sides been arming faster than the rest of the state system?

The score is the one that separates the Gibler–Rider–Hutchison (2005) arms races from other
rivalry periods (`escalation_validate`, `joint_growth`): the smaller of the two sides' mean
yearly change in log relative military expenditure (`escalation_data.relative_series`) over the
last WINDOW years that COW NMC holds before the as-of year. WINDOW is the median length of a
GRH race.

The verdict is read out of sample: the threshold (Youden's J) and the AUC with its 95%
dyad-bootstrap interval come from the races and control windows that ended before the as-of
year, leaving out every case of the assessed dyad. When that interval includes 0.5 the score
gives no verdict. Circularity: GRH coded races from simultaneous military build-ups of both
rivals, so this score is close to their coding rule — the verdict says "a mutual build-up like
the coded arms races", not that escalation or war follows (the same score over the years
*before* a race does not separate races from controls; docs/dynamics.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from detente.core.countries import State
from detente.core.errors import DataError
from detente.models.escalation_data import IDENTITY_FROM, nmc_last_year, relative_series

WINDOW = 4  # years: the median length of a GRH arms race (3–9 years, median 4)
SCORE = "joint_growth"
VERDICTS = {
    "joint build-up": "both sides' military spending has grown faster than the rest of the state "
                      "system's, as in the coded arms races",
    "no joint build-up": "the two sides' military spending has not grown together faster than the "
                         "rest of the state system's",
}
MEANING = (f"joint build-up: the smaller of the two sides' mean yearly growth of log relative "
           f"military expenditure over {WINDOW} years (COW NMC)")


@dataclass(frozen=True)
class BuildUp:
    """The score on a pair: each side's mean yearly growth and the smaller one, over start–end."""

    growth_x: float
    growth_y: float
    start: int
    end: int

    @property
    def score(self) -> float:
        return min(self.growth_x, self.growth_y)


def build_up(a: State, b: State, as_of: dt.date) -> BuildUp:
    """The pair's joint build-up over the last WINDOW years known on `as_of` (DataError when
    NMC lacks a year of either side, or the window crosses a change of identity)."""
    if a.cow is None or b.cow is None:
        raise DataError(f"{(a if a.cow is None else b).iso3} has no COW code: no NMC series")
    end = nmc_last_year(as_of)
    start = end - WINDOW + 1
    for c in (a.cow, b.cow):
        if c in IDENTITY_FROM and start - 1 < IDENTITY_FROM[c] <= end:
            raise DataError(f"the {start - 1}–{end} window crosses COW code {c}'s change of identity "
                            f"in {IDENTITY_FROM[c]}")
    rel = relative_series(a.cow, b.cow, "milex").reindex(range(start - 1, end + 1))
    growth = rel.diff().loc[start:end]
    if growth.isna().any().any():
        raise DataError(f"COW NMC lacks military expenditure of {a.iso3} or {b.iso3} in "
                        f"{start - 1}–{end}")
    return BuildUp(float(growth["x"].mean()), float(growth["y"].mean()), start, end)


@dataclass(frozen=True)
class OutOfSample:
    """The score's validation on the cases known before a year, without one dyad's own."""

    auc: float | None
    low: float | None
    high: float | None
    threshold: float | None
    n_races: int
    n_controls: int
    before: int
    without: tuple[int, int] | None

    @property
    def separates(self) -> bool:
        """The whole 95% interval lies above 0.5."""
        return self.low is not None and self.low > 0.5

    def cases(self) -> str:
        left = "" if self.without is None else f", without the {self.without[0]}–{self.without[1]} dyad"
        return (f"{self.n_races} GRH arms races vs {self.n_controls} rivalry windows ending before "
                f"{self.before}{left}")


def youden_threshold(y: np.ndarray, s: np.ndarray) -> float:
    """The score at or above which a case is called a race, maximising TPR − FPR."""
    y = np.asarray(y, dtype=bool)
    candidates = np.unique(s)
    races, controls = np.sort(s[y]), np.sort(s[~y])
    tpr = 1 - np.searchsorted(races, candidates, "left") / len(races)
    fpr = 1 - np.searchsorted(controls, candidates, "left") / len(controls)
    return float(candidates[np.argmax(np.round(tpr - fpr, 12))])  # the lowest of equally good


def out_of_sample(a: State, b: State, as_of: dt.date) -> OutOfSample:
    """The joint build-up's validation for the pair on `as_of` (cached)."""
    from detente.models.escalation_validate import CONTROL_YEARS

    lo, hi = sorted((a.cow or 0, b.cow or 0))
    before = min(as_of.year, CONTROL_YEARS[1] + 1)  # later as-of years see every case
    return _out_of_sample(lo, hi, before)


@lru_cache(maxsize=64)
def _out_of_sample(lo: int, hi: int, before: int) -> OutOfSample:
    from detente.models.escalation_validate import auc_interval, scored_periods

    frame = scored_periods()
    own = (frame["lo"] == lo) & (frame["hi"] == hi)
    known = (frame["end"] < before) & frame[SCORE].notna()
    cases = frame[known & ~own]
    without = (lo, hi) if (known & own).any() else None
    y = cases["race"].to_numpy(bool)
    row = auc_interval(cases, SCORE)
    threshold = youden_threshold(y, cases[SCORE].to_numpy()) if 0 < y.sum() < len(y) else None
    nan = lambda v: None if v is None or pd.isna(v) else round(float(v), 4)  # noqa: E731
    return OutOfSample(nan(row["auc"]), nan(row["low"]), nan(row["high"]), threshold,
                       int(y.sum()), int((~y).sum()), before, without)
