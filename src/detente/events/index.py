"""Dyadic event indices: for a directed pair (A → B and B → A) and a frequency (day, week, month,
year), the events, Goldstein sum and mean, counts per quad class and net cooperation, optionally
weighted by NumSources and normalised by each side's total event volume.

The aggregation is one Ibis expression (`pair_aggregates`, `volume_aggregates`), so DuckDB (the
store) and Spark (Parquet, for the full archive) run the very same query; what follows it —
period labels, empty periods, ratios — is shared pandas code on the small aggregated result.

Same input, same bytes: Goldstein weights are summed as DECIMAL(18, 6) — exact for weights given
in tenths (every source detente reads) and for any weight with up to six decimals — never as
floating point, whose sum depends on the order in which DuckDB's or Spark's threads add the rows.
Each exact sum becomes the one nearest double only in the result, so an index prints the same
digits on every run, with any number of threads, on either engine.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import ibis
import numpy as np
import pandas as pd
from ibis import _

Freq = Literal["day", "week", "month", "year"]
FREQS: dict[str, str] = {"day": "D", "week": "W", "month": "M", "year": "Y"}
_PANDAS_FREQ = {"day": "D", "week": "W-MON", "month": "MS", "year": "YS"}

INDEX_COLUMNS = ["period", "source", "target", "events", "goldstein_sum", "goldstein_mean",
                 "q1", "q2", "q3", "q4", "net_cooperation"]
WEIGHTED_COLUMNS = ["sources_sum", "goldstein_mean_weighted", "net_cooperation_weighted"]
EXACT = "decimal(18, 6)"  # the type Goldstein weights are summed in (see the module docstring)
NORMALISED_COLUMNS = ["source_volume", "target_volume", "share_of_source_volume",
                      "share_of_target_volume"]


def _window(t: ibis.Table, since: dt.date | None, until: dt.date | None) -> ibis.Table:
    if since is not None:
        t = t.filter(_.date >= since)
    if until is not None:
        t = t.filter(_.date <= until)
    return t


def _period(t: ibis.Table, freq: str) -> ibis.Value:
    if freq not in FREQS:
        raise ValueError(f"unknown frequency {freq!r}; use one of {', '.join(FREQS)}")
    return t.date if freq == "day" else t.date.truncate(FREQS[freq])


def pair_aggregates(events: ibis.Table, a: str, b: str, freq: str, *,
                    since: dt.date | None = None, until: dt.date | None = None) -> ibis.Table:
    """Per period and direction (A → B, B → A): events, Goldstein sum and count, quad-class
    counts, and the NumSources-weighted sums (a row without NumSources weighs 1)."""
    t = _window(events, since, until)
    t = t.filter(((_.source_country == a) & (_.target_country == b))
                 | ((_.source_country == b) & (_.target_country == a)))
    weight = _.sources.fill_null(1).cast("int64")
    sign = ibis.cases((_.quad_class <= 2, 1), (_.quad_class >= 3, -1), else_=0)
    exact = _.goldstein.cast(EXACT)  # summed exactly: the same digits whatever the threads
    return (t.mutate(period=_period(t, freq).cast("date"), w=weight, s=sign, g=exact)
            .group_by(["period", "source_country", "target_country"])
            .aggregate(events=_.count(), goldstein_sum=_.g.sum(),
                       goldstein_n=_.goldstein.count(),
                       q1=(_.quad_class == 1).sum(), q2=(_.quad_class == 2).sum(),
                       q3=(_.quad_class == 3).sum(), q4=(_.quad_class == 4).sum(),
                       sources_sum=_.w.sum(), goldstein_weighted_sum=(_.g * _.w).sum(),
                       goldstein_weight=(_.goldstein.notnull().cast("int64") * _.w).sum(),
                       cooperation_weighted_sum=(_.s * _.w).sum()))


def volume_aggregates(events: ibis.Table, a: str, b: str, freq: str, *,
                      since: dt.date | None = None, until: dt.date | None = None) -> ibis.Table:
    """Per period: each side's total event volume (events in which it is either actor)."""
    t = _window(events, since, until)
    t = t.filter(_.source_country.isin([a, b]) | _.target_country.isin([a, b]))
    in_a = (_.source_country == a) | (_.target_country == a)
    in_b = (_.source_country == b) | (_.target_country == b)
    return (t.mutate(period=_period(t, freq).cast("date"))
            .group_by("period")
            .aggregate(volume_a=in_a.fill_null(False).cast("int64").sum(),
                       volume_b=in_b.fill_null(False).cast("int64").sum()))


def label(periods: pd.Series, freq: str) -> pd.Series:
    """Period labels: 2022-02-24 (day), 2022-W08 (ISO week), 2022-02 (month), 2022 (year)."""
    p = pd.to_datetime(periods)
    if freq == "day":
        return p.dt.strftime("%Y-%m-%d")
    if freq == "week":
        iso = p.dt.isocalendar()
        return iso["year"].astype(str) + "-W" + iso["week"].astype(int).map("{:02d}".format)
    if freq == "month":
        return p.dt.strftime("%Y-%m")
    return p.dt.strftime("%Y")


def finish(pairs: pd.DataFrame, volumes: pd.DataFrame | None, a: str, b: str, freq: str, *,
           since: dt.date | None = None, until: dt.date | None = None,
           weighted: bool = False) -> pd.DataFrame:
    """From the engines' aggregates to the index: one row per period (every period from the
    first to the last, empty ones with 0 events) and direction, A → B first."""
    pairs = pairs.rename(columns={"source_country": "source", "target_country": "target"})
    pairs["period"] = pd.to_datetime(pairs["period"])
    start = pd.Timestamp(since) if since is not None else pairs["period"].min()
    end = pd.Timestamp(until) if until is not None else pairs["period"].max()
    if pairs.empty and (since is None or until is None):
        periods = pd.DatetimeIndex([])
    else:
        periods = pd.date_range(_floor(start, freq), _floor(end, freq), freq=_PANDAS_FREQ[freq])
    grid = pd.DataFrame([(p, s, t) for p in periods for s, t in ((a, b), (b, a))],
                        columns=["period", "source", "target"])
    grid["period"] = pd.to_datetime(grid["period"])
    out = grid.merge(pairs, on=["period", "source", "target"], how="left")
    counts = ["events", "q1", "q2", "q3", "q4", "goldstein_n", "sources_sum"]
    out[counts] = out[counts].fillna(0).astype("int64")
    sums = ["goldstein_sum", "goldstein_weighted_sum", "goldstein_weight",
            "cooperation_weighted_sum"]
    out[sums] = out[sums].astype("float64").fillna(0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["goldstein_mean"] = out["goldstein_sum"] / out["goldstein_n"].replace(0, np.nan)
        out["net_cooperation"] = ((out.q1 + out.q2 - out.q3 - out.q4)
                                  / out["events"].replace(0, np.nan))
        out["goldstein_mean_weighted"] = (out["goldstein_weighted_sum"]
                                          / out["goldstein_weight"].replace(0, np.nan))
        out["net_cooperation_weighted"] = (out["cooperation_weighted_sum"]
                                           / out["sources_sum"].replace(0, np.nan))
    columns = list(INDEX_COLUMNS)
    if weighted:
        columns += WEIGHTED_COLUMNS
    if volumes is not None:
        vol = volumes.assign(period=pd.to_datetime(volumes["period"]))
        out = out.merge(vol, on="period", how="left")
        out[["volume_a", "volume_b"]] = out[["volume_a", "volume_b"]].fillna(0).astype("int64")
        a_first = out["source"] == a
        out["source_volume"] = np.where(a_first, out["volume_a"], out["volume_b"])
        out["target_volume"] = np.where(a_first, out["volume_b"], out["volume_a"])
        with np.errstate(divide="ignore", invalid="ignore"):
            out["share_of_source_volume"] = out["events"] / out["source_volume"].replace(0, np.nan)
            out["share_of_target_volume"] = out["events"] / out["target_volume"].replace(0, np.nan)
        columns += NORMALISED_COLUMNS
    out["period"] = label(out["period"], freq)
    return out[columns].reset_index(drop=True)


def _floor(day: pd.Timestamp, freq: str) -> pd.Timestamp:
    if freq == "week":
        return (day - pd.Timedelta(days=day.weekday())).normalize()
    if freq == "month":
        return day.normalize().replace(day=1)
    if freq == "year":
        return day.normalize().replace(month=1, day=1)
    return day.normalize()


def compute(events: ibis.Table, a: str, b: str, freq: str = "month", *,
            since: dt.date | None = None, until: dt.date | None = None, weighted: bool = False,
            normalise: bool = False) -> pd.DataFrame:
    """The index of the pair on any Ibis backend holding an `events` table of the store's
    schema (DuckDB store, Spark over Parquet)."""
    pairs = pair_aggregates(events, a, b, freq, since=since, until=until).execute()
    volumes = (volume_aggregates(events, a, b, freq, since=since, until=until).execute()
               if normalise else None)
    return finish(pairs, volumes, a, b, freq, since=since, until=until, weighted=weighted)
