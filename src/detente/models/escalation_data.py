"""The series the Richardson model is fitted to and the span it is fitted over (the finding
built from the fits is in `escalation_finding`).

Annual series from COW NMC (1816–2022): x = log of state A's military expenditure (`milex`) or
personnel (`milper`) relative to the rest of the state system's total in the same year (every
other state with a value). Currency (NMC milex is in £ before 1914, current US$ after) and
inflation cancel, and neither side's value is in the other's denominator, so no mechanical
trade-off between x and y enters the fit. Monthly series from the event store: x = the share
of A's events towards B that are material conflict (CAMEO quad class 4), volume-normalised.

Only data known on the as-of date are used: NMC years before the as-of year, events up to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from detente.core.countries import State
from detente.core.errors import DataError, UsageError
from detente.models.escalation import Richardson, RichardsonResults

SERIES = ("milex", "milper", "events")
MIN_SPAN_YEARS = 15
MIN_EVENT_MONTHS = 24
# COW code → first year of its current identity where COW keeps one code across a break
# (365 is the Soviet Union to 1991 and Russia from 1992).
IDENTITY_FROM = {365: 1992}
TRANSFORM = {
    "milex": "log(military expenditure / the rest of the state system's total that year), COW NMC",
    "milper": "log(military personnel / the rest of the state system's total that year), COW NMC",
    "events": "share of the side's events towards the other that are material conflict "
              "(CAMEO quad class 4), monthly, event store",
}


@dataclass(frozen=True)
class EscalationFit:
    """A pair's Richardson results with what they were fitted to."""

    results: RichardsonResults
    a: State
    b: State
    series: str
    datasets: list[str]

    def figures(self) -> dict[str, Any]:
        return {**self.results.figures(), "series": self.series, "transformation": TRANSFORM[self.series],
                "x": self.a.iso3, "y": self.b.iso3, "datasets": self.datasets}


@lru_cache(maxsize=1)
def nmc_wide() -> dict[str, pd.DataFrame]:
    """milex and milper as year × ccode tables (NaN where NMC has no value or a zero)."""
    from detente.datasets.peacesciencer import read

    nmc = read("cow_nmc")
    return {v: nmc.pivot(index="year", columns="ccode", values=v).where(lambda f: f > 0)
            for v in ("milex", "milper")}


@lru_cache(maxsize=1024)
def relative_series(ca: int, cb: int, variable: str = "milex") -> pd.DataFrame:
    """x, y = log(value / rest of the system's total) by year, over the years NMC lists both
    states (either may be NaN inside that range). Cached: treat as read-only."""
    wide = nmc_wide()[variable]
    for c in (ca, cb):
        if c not in wide.columns:
            raise DataError(f"COW NMC has no {variable} for COW code {c}", field="ccode")
    total = wide.sum(axis=1, min_count=1)
    rest = total - wide[ca].fillna(0) - wide[cb].fillna(0)
    frame = pd.DataFrame({"x": np.log(wide[ca] / rest), "y": np.log(wide[cb] / rest)})
    listed = frame.dropna(how="all")
    return frame.loc[listed.index.min():listed.index.max()] if not listed.empty else listed


def _codes(a: State, b: State) -> tuple[int, int]:
    if a.cow is None or b.cow is None:
        missing = a if a.cow is None else b
        raise UsageError(f"{missing.name} has no COW code; the Richardson fit reads COW NMC")
    if a.cow == b.cow:
        raise UsageError(f"a dyad needs two different states (got {a.iso3} twice)")
    return a.cow, b.cow


def nmc_last_year(as_of: dt.date | None) -> int:
    last = int(max(w.index.max() for w in nmc_wide().values()))
    return last if as_of is None else min(last, as_of.year - 1)


def fit_nmc(a: State, b: State, start: int, end: int, variable: str = "milex",
            as_of: dt.date | None = None) -> EscalationFit:
    """The Richardson fit of A's and B's NMC series over start–end (cut at the as-of year)."""
    ca, cb = _codes(a, b)
    if variable not in ("milex", "milper"):
        raise UsageError(f"unknown NMC series {variable!r}; use milex or milper")
    end = min(end, nmc_last_year(as_of))
    if end - start + 1 < MIN_SPAN_YEARS:
        raise DataError(f"{start}–{end} is {max(end - start + 1, 0)} years; a Richardson fit needs "
                        f"at least {MIN_SPAN_YEARS}")
    frame = relative_series(ca, cb, variable).reindex(range(start, end + 1))
    if frame.dropna().empty:
        raise DataError(f"COW NMC has no {variable} for both {a.iso3} and {b.iso3} in {start}–{end}")
    return EscalationFit(Richardson().fit(frame), a, b, variable, ["cow_nmc"])


def event_series(a: State, b: State, since: dt.date | None, until: dt.date | None) -> pd.DataFrame:
    """x, y = monthly material-conflict share A → B and B → A (NaN in months without events),
    over the complete months from `since`'s month to the month before `until` (all of them
    when None). Raises NoEventData when there is no store."""
    from detente.events.query import months_before, pair_months
    from detente.events.store import NoEventData

    full = pair_months(a.iso3, b.iso3)
    if full is None:
        raise NoEventData("no event store")
    frame = months_before(full, until or dt.date.max.replace(day=1), since)
    if frame.empty:
        return pd.DataFrame(columns=["x", "y"], dtype="float64")
    share = frame.assign(share=frame["q4"] / frame["events"].replace(0, np.nan))
    wide = share.pivot(index="period", columns="source", values="share")
    return pd.DataFrame({"x": wide.get(a.iso3), "y": wide.get(b.iso3)}, index=wide.index)


def fit_events(a: State, b: State, since: dt.date | None = None,
               until: dt.date | None = None) -> EscalationFit:
    """The Richardson fit on the monthly hostility series; DataError when the store has too
    little for the pair."""
    from detente.events.store import NoEventData

    try:
        frame = event_series(a, b, since, until)
    except NoEventData:  # (its message names this machine's store path: not for a result)
        raise DataError(f"no event data for {a.iso3}–{b.iso3} in the event store (see `detente "
                        "events status`)") from None
    months = int(frame.dropna().shape[0])
    if months < MIN_EVENT_MONTHS:
        raise DataError(f"the event store has {months} months with events both ways for "
                        f"{a.iso3}–{b.iso3} (at least {MIN_EVENT_MONTHS} needed)")
    return EscalationFit(Richardson().fit(frame), a, b, "events", ["event store"])


def _run_start(years: set[int], end: int) -> int | None:
    """First year of the unbroken run of `years` that contains `end`."""
    if end not in years:
        return None
    start = end
    while start - 1 in years:
        start -= 1
    return start


def choose_span(a: State, b: State, as_of: dt.date) -> tuple[int, int, str]:
    """(start, end, why): the latest unbroken stretch of years in which NMC has both states' milex
    (up to the year before `as_of`) within their current identities, narrowed to the running
    strategic rivalry (TSS) when that leaves at least MIN_SPAN_YEARS. DataError when the
    stretch is shorter."""
    ca, cb = _codes(a, b)
    last = nmc_last_year(as_of)
    frame = relative_series(ca, cb, "milex")
    both = {y for y in frame.dropna().index.astype(int) if y <= last}
    if not both:
        raise DataError(f"COW NMC has no military expenditure for both {a.iso3} and {b.iso3} "
                        f"before {last + 1}")
    end = max(both)
    start = _run_start(both, end)
    for c in (ca, cb):
        if end >= IDENTITY_FROM.get(c, start):
            start = max(start, IDENTITY_FROM.get(c, start))
    why = f"the current stretch of both states' identities in COW NMC ({start}–{end})"
    if end - start + 1 < MIN_SPAN_YEARS:
        n = end - start + 1
        raise DataError(f"only {n} year{'s' * (n != 1)} ({start}–{end}) in the latest unbroken stretch "
                        f"of both states' milex in COW NMC within their current identities; a "
                        f"Richardson fit needs at least {MIN_SPAN_YEARS}")
    from detente.panel.sources import tss_years

    rivalry, (_, tss_end) = tss_years()
    pair = rivalry[(rivalry["lo"] == min(ca, cb)) & (rivalry["hi"] == max(ca, cb))]
    years = set(pair["year"].astype(int))
    if tss_end in years:  # a rivalry running at the data's end is taken to run on
        years |= set(range(tss_end, end + 1))
    r_start = _run_start(years, end)
    if r_start is not None and end - max(start, r_start) + 1 >= MIN_SPAN_YEARS:
        start = max(start, r_start)
        why = f"the strategic rivalry running since {r_start} (TSS), within {why}"
    return start, end, why
