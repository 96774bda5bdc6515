"""The directed series the reciprocity model reads, as known on the as-of day.

* **monthly** (preferred): the event store's net cooperation A→B and B→A per month —
  (verbal + material cooperation − verbal + material conflict) / events in that direction, so
  a month's news volume does not drive it; a month without events is 0 (neutral). Used when at
  least MIN_MONTHS complete months before the as-of day have events in both directions, the
  last of them within MAX_STALE_MONTHS of the as-of day (a store whose events end decades
  earlier — WEIS ends in 1992 — says nothing about the pair's reciprocity today).
* **annual MID** (fallback): each side's militarised hostility toward the other per year from
  the COW directed dispute table (`cow_mid_dirdisps`, hostlev 1 none … 5 war, taken as
  hostlev − 1 so a year without a MID is 0), negated so higher = more cooperative. Directed
  actions, the annual analogue of Goldstein & Freeman's event series.
* **annual UN** (a second annual view): each side's UNGA ideal point (`unga_ideal_points`),
  signed so higher = closer to the other side, first-differenced (ideal points drift slowly):
  does one side move toward the other after the other moved toward it?

Annual series start in ANNUAL_FROM (the post-1945 system; the lags never bridge a world war),
keep only years both states were in the COW system, and end with the last complete year
before the as-of day (and the dataset's last year: MIDs 2014, ideal points 2024).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from detente.core.countries import State
from detente.core.errors import DataError

MIN_MONTHS = 36
MAX_STALE_MONTHS = 24
ANNUAL_FROM = 1946
MIN_YEARS = 20
MIN_ACTIVE_YEARS = 8  # years with a MID in which each side acted


@dataclass
class PairSeries:
    """Two directed series (columns A, B; higher = more cooperative) and where they came from."""

    kind: str  # monthly | annual-mid | annual-un
    frame: pd.DataFrame
    unit: str
    datasets: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def span(self) -> list[str]:
        return [str(self.frame.index[0]), str(self.frame.index[-1])]


def monthly_series(a: State, b: State, as_of: dt.date) -> PairSeries | None:
    """Net cooperation per month from the event store, or None when the store is missing or
    holds fewer than MIN_MONTHS months with events both ways before the as-of month."""
    from detente.events.query import months_before, pair_months

    until = as_of.replace(day=1) - dt.timedelta(days=1)
    full = pair_months(a.iso3, b.iso3, normalise=True)
    if full is None:
        return None
    frame = months_before(full, as_of)
    if frame.empty:
        return None
    wide = frame.pivot(index="period", columns="source", values="net_cooperation")
    counts = frame.pivot(index="period", columns="source", values="events")
    if not {a.iso3, b.iso3} <= set(counts.columns):
        return None
    both = (counts[[a.iso3, b.iso3]] > 0).all(axis=1)
    if int(both.sum()) < MIN_MONTHS:
        return None
    active = both.index[both]
    if (pd.Period(until, "M") - pd.Period(str(active[-1]), "M")).n > MAX_STALE_MONTHS:
        return None
    out = wide[[a.iso3, b.iso3]].fillna(0.0).loc[active[0]:active[-1]]
    out.columns.name = None
    return PairSeries("monthly", out, "net cooperation per event (−1 … +1)", [],
                      "event store, monthly net cooperation")


def _system_years(a: State, b: State) -> set[int]:
    from detente.datasets import cow_states

    states = cow_states()
    years: dict[int, set[int]] = {}
    for code in (a.cow, b.cow):
        spells = states[states["ccode"] == code]
        years[code] = {y for r in spells.itertuples()
                       for y in range(r.stdate.year, r.enddate.year + 1)}
    return years[a.cow] & years[b.cow]


def _years(a: State, b: State, last: int, as_of: dt.date) -> list[int]:
    end = min(last, as_of.year - 1)
    inside = _system_years(a, b)
    last_system = max(inside, default=0)
    # COW membership ends with its data (2016): a state in it then is taken as still in it.
    return [y for y in range(ANNUAL_FROM, end + 1) if y in inside or y > last_system >= 2016]


def mid_series(a: State, b: State, as_of: dt.date) -> PairSeries:
    """Negated militarised hostility (0 none … −4 war) of each side toward the other per year."""
    from detente.datasets.peacesciencer import read

    mids = read("cow_mid_dirdisps")
    rows = mids[(mids["ccode1"] == a.cow) & (mids["ccode2"] == b.cow)]
    by_year = rows.groupby("year")[["hostlev1", "hostlev2"]].max().clip(lower=1) - 1
    years = _years(a, b, int(mids["year"].max()), as_of)
    if len(years) < MIN_YEARS:
        raise DataError(f"only {len(years)} years of MID data for the pair before {as_of} "
                        f"(need {MIN_YEARS})")
    frame = -by_year.reindex(years, fill_value=0).astype("float64")
    frame.columns = [a.iso3, b.iso3]
    frame.index.name = "year"
    active = (frame < 0).sum()
    if int(active.min()) < MIN_ACTIVE_YEARS:
        raise DataError(f"too few years with militarised action ({active[a.iso3]} by {a.iso3}, "
                        f"{active[b.iso3]} by {b.iso3} in {years[0]}–{years[-1]}; need "
                        f"{MIN_ACTIVE_YEARS} each) for an annual MID model")
    return PairSeries("annual-mid", frame, "negated MID hostility level (0 none … −4 war)",
                      ["cow_mid_dirdisps", "cow_states"],
                      "COW directed MIDs, each side's highest hostility level per year")


def un_series(a: State, b: State, as_of: dt.date) -> PairSeries:
    """Each side's yearly change in UNGA ideal point toward the other side."""
    from detente.datasets.unga import unga_ideal_points

    ideal = unga_ideal_points()
    ideal = ideal[ideal["ccode"].isin([a.cow, b.cow])]
    wide = ideal.pivot_table(index="year", columns="ccode", values="idealpointfp")
    years = [y for y in _years(a, b, int(ideal["year"].max()), as_of) if y in wide.index]
    wide = wide.reindex(years)[[a.cow, b.cow]].dropna() if {a.cow, b.cow} <= set(wide) else None
    if wide is None or len(wide) < MIN_YEARS + 1:
        raise DataError(f"fewer than {MIN_YEARS + 1} years with both UNGA ideal points before "
                        f"{as_of}")
    toward = np.sign((wide[b.cow] - wide[a.cow]).mean()) or 1.0
    signed = pd.DataFrame({a.iso3: toward * wide[a.cow], b.iso3: -toward * wide[b.cow]})
    frame = signed.diff().dropna()
    frame.index = frame.index.astype(int)
    frame.index.name = "year"
    return PairSeries("annual-un", frame, "yearly change of UNGA ideal point toward the other side",
                      ["unga_ideal_points", "cow_states"],
                      "Bailey–Strezhnev–Voeten ideal points, first differences, signed toward "
                      "the other side")
