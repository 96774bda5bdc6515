"""`event_index()`: a pair's dyadic index from the event store (DuckDB) or from Parquet (Spark)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import ibis
import pandas as pd

from detente.core.countries import resolve
from detente.core.dates import parse_day
from detente.core.errors import UsageError
from detente.events import index as idx
from detente.events.changepoints import change_points
from detente.events.store import EventStore, NoEventData, store_path


def country_code(value: str | int) -> str:
    """The CAMEO country code of a state (ISO3 for states: USA, RUS, CHN); a three-letter code
    detente does not know as a state (an IGO such as NAT) is taken as given."""
    try:
        return resolve(value).iso3
    except UsageError:
        if isinstance(value, str) and re.fullmatch(r"[A-Z]{3}", value):
            return value
        raise


def event_index(a: str | int, b: str | int, *, freq: str = "month",
                since: dt.date | str | None = None, until: dt.date | str | None = None,
                weighted: bool = False, normalise: bool = False, engine: str = "duckdb",
                parquet: str | Path | None = None, store: Path | None = None) -> pd.DataFrame:
    """The directed index of a pair (A → B and B → A rows) by `freq`. Columns: period, source,
    target, events, goldstein_sum, goldstein_mean, q1–q4, net_cooperation; with `weighted` the
    NumSources-weighted columns; with `normalise` each side's volume and the shares of it; for
    monthly indices a `change_point` flag (first month of a new regime, see changepoints.py).

    engine="duckdb" reads the store ($DETENTE_HOME/detente.duckdb); engine="spark" reads the
    Parquet export at `parquet` with Spark (see `detente.events.spark`)."""
    if freq not in idx.FREQS:
        raise UsageError(f"unknown frequency {freq!r}; use one of {', '.join(idx.FREQS)}")
    ca, cb = country_code(a), country_code(b)
    if ca == cb:
        raise UsageError(f"a dyad needs two different countries (got {ca} twice)")
    since_d, until_d = parse_day(since, field="since"), parse_day(until, field="until")
    kwargs = dict(since=since_d, until=until_d, weighted=weighted, normalise=normalise)
    if engine == "duckdb":
        frame, provenance = _from_store(ca, cb, freq, store, kwargs)
    elif engine == "spark":
        if parquet is None:
            raise UsageError("the Spark engine reads Parquet: pass parquet= (made by "
                             "`detente events export`)")
        from detente.events.spark import spark_backend

        table = spark_backend().read_parquet(str(parquet))
        frame = idx.compute(table, ca, cb, freq, **kwargs)
        provenance = {"engine": "spark", "parquet": str(parquet)}
    else:
        raise UsageError(f"unknown engine {engine!r}; use duckdb or spark")
    if freq == "month" and not frame.empty:
        frame = _flag_change_points(frame)
    frame.attrs["provenance"] = {**provenance, "pair": [ca, cb], "freq": freq,
                                 "computation": "dyadic index, detente.events.index"}
    return frame


def _from_store(a: str, b: str, freq: str, path: Path | None, kwargs: dict
                ) -> tuple[pd.DataFrame, dict]:
    """The index from the store at `path`, or from the default store read together with the
    reference events (`events.reference`)."""
    from detente.events.reference import reference_store, stores_to_read

    stores = stores_to_read(path)
    if not stores:
        raise NoEventData(f"no event store at {path or store_path()}")
    own, reference = stores[0], (stores[1] if len(stores) > 1 else None)
    read_with = reference_store() if reference_store() in stores else None  # for the provenance
    with EventStore(own, read_only=True) as store:
        first, last, n = store.coverage()
        files = len(store.ledger())
        if reference is not None:
            quoted = str(reference).replace("'", "''")
            store.con.execute(f"ATTACH '{quoted}' AS reference (READ_ONLY)").fetchall()
            r_first, r_last, r_n = store.con.execute(
                "SELECT min(date), max(date), count(*) FROM reference.events").fetchone()
            first, last = min(filter(None, (first, r_first))), max(filter(None, (last, r_last)))
            n, files = n + r_n, files + 1
        con = ibis.duckdb.from_connection(store.con)
        table = con.table("events")
        if reference is not None:
            table = table.union(con.table("events", database=("reference", "main")), distinct=False)
        frame = idx.compute(table, a, b, freq, **kwargs)
        snapshot = store.from_snapshot  # an ingest was at work: the events from before it
    provenance = {"engine": "duckdb", "store": str(own), "snapshot": snapshot, "files": files,
                  "events_in_store": n, "coverage": [str(first), str(last)]}
    if read_with is not None:
        provenance["reference_events"] = str(read_with)
    return frame, provenance


def _flag_change_points(frame: pd.DataFrame) -> pd.DataFrame:
    points = change_points(frame)
    keys = set(zip(points["source"], points["target"], points["period"], strict=True))
    frame["change_point"] = [(s, t, p) in keys for s, t, p in
                             zip(frame["source"], frame["target"], frame["period"], strict=True)]
    frame.attrs["change_points"] = points.to_dict("records")
    return frame


def pair_months(a: str, b: str, *, normalise: bool = False) -> pd.DataFrame | None:
    """The pair's monthly index over the whole default store (with the reference events), read
    once per store version and copied out: models that need the months before a date slice it
    (`months_before`) instead of querying the store again for every date. None without a store."""
    from detente.events.stamp import store_stamp

    frame = _pair_months(a, b, normalise, *store_stamp())
    return None if frame is None else frame.copy()


@functools.lru_cache(maxsize=64)
def _pair_months(a: str, b: str, normalise: bool, _path: str, _stamp: int | None
                 ) -> pd.DataFrame | None:
    try:
        return event_index(a, b, freq="month", normalise=normalise)
    except NoEventData:
        return None


def months_before(frame: pd.DataFrame, day: dt.date, since: dt.date | None = None) -> pd.DataFrame:
    """The rows of a monthly index for the complete months before `day` (and from `since`'s
    month on), without the change-point flag, which was computed over the whole series."""
    last = (day.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    keep = frame["period"] <= last
    if since is not None:
        keep &= frame["period"] >= since.strftime("%Y-%m")
    return frame[keep].drop(columns=["change_point"], errors="ignore").reset_index(drop=True)
