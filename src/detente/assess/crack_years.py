"""The six cracks of every TSS rivalry pair as they stood on 31 December of each year, 1946–2020,
from the datasets alone (no dossier, no event store, no models): the time-varying covariates of
the rivalry-termination model.

Each pair-year is one `one_day.on_day` pass with an empty dossier, so the covariates are exactly
what `detente assess` reads for a pair without a dossier; the providers keep only records known
by the day (year-coded records from 1 July of their year). The frame is computed once and kept
on disk (`datasets.cache.cached_frame`), keyed by the warehouse tables the providers read, the
rules table, the providers' and evaluators' code and `VERSION`; later runs and `detente assess`
read it back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterable
from functools import lru_cache

import pandas as pd

from detente.core.countries import State, resolve
from detente.core.errors import DetenteError
from detente.core.evidence import CRACK_IDS

FIRST_YEAR, LAST_YEAR = 1946, 2020
VERSION = "crack-years-1"
# the warehouse tables the dataset providers read (their keys enter the cache key)
TABLES = ("atop_alliance", "cow_mid_ddydisps", "ucdp_acd", "unga_ideal_points", "cow_trade_dyadic",
          "cow_trade_sy", "gsdb", "cow_igo_ndy", "cow_igo_sy", "cow_war_inter", "icb_actors", "pax",
          "sipri_arms_transfers", "tss_rivalries")
# every dataset the outlook rests on: the rivalry panel, the extras and the cracks' tables
DATASETS = ("tss_rivalries", "cow_states", "td_rivalries", "cow_mid_ddydisps", "cow_nmc", "atop_alliance",
            "cow_igo_ndy", "cow_contdir", "archigossums", "un_votes", "un_roll_calls", "unga_ideal_points",
            "terrthreat", "vdem_polyarchy", "cow_trade_dyadic", "cow_war_inter", "ucdp_acd", "gsdb",
            "cow_igo_sy", "icb_actors", "pax", "sipri_arms_transfers", "cow_trade_sy")
# what a crack-year depends on besides the rules table and the datasets: the providers, the
# evaluators and the curated tables the providers read (the table of diplomatic relations)
CODE = ("assess/providers", "assess/cracks.py", "assess/combine.py", "assess/one_day.py",
        "assess/treaties.py", "core", "dossier/schema.py", "dossier/tables")
COLUMNS = tuple(f"crack_{c}" for c in CRACK_IDS) + tuple(f"items_{c}" for c in CRACK_IDS)

Progress = Callable[[int, int], None]


def pair_years(tss: pd.DataFrame, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> pd.DataFrame:
    """(ccode1, ccode2, year) for every year a TSS rivalry's model rows read as covariates: the
    year before each rivalry-year, and the data's last year for those still running."""
    spans = [(r.ccode1, r.ccode2, y) for r in tss.itertuples()
             for y in range(max(r.start - 1, first), min(r.end, last) + 1)]
    return (pd.DataFrame(spans, columns=["ccode1", "ccode2", "year"]).drop_duplicates()
            .sort_values(["ccode1", "ccode2", "year"]).reset_index(drop=True))


@lru_cache(maxsize=512)
def _state(cow: int) -> State | None:
    try:
        return resolve(int(cow))
    except DetenteError:
        return None


def cracks_on(a: State, b: State, day: dt.date) -> dict[str, float | int | None]:
    """The six crack scores (None when unknown) and their evidence counts on `day`, from the
    datasets alone."""
    from detente.assess.one_day import on_day
    from detente.dossier.load import Dossier

    empty = Dossier(a.iso3, b.iso3, [])
    cracks = on_day(empty, a, b, day, models=False, events=False).cracks
    return {**{f"crack_{c.id}": c.score for c in cracks},
            **{f"items_{c.id}": len(c.evidence) for c in cracks}}


def compute(keys: pd.DataFrame, progress: Progress | None = None) -> pd.DataFrame:
    """The cracks on 31 December of each (ccode1, ccode2, year) in `keys` (rows whose states did
    not both exist that day get no scores)."""
    out = []
    for i, (lo, hi, year) in enumerate(keys[["ccode1", "ccode2", "year"]].itertuples(index=False)):
        day = dt.date(int(year), 12, 31)
        a, b = _state(lo), _state(hi)
        row: dict = {"ccode1": int(lo), "ccode2": int(hi), "year": int(year)}
        if a is not None and b is not None and a.exists_on(day) and b.exists_on(day) and a.iso3 != b.iso3:
            row |= cracks_on(a, b, day)
        out.append(row)
        if progress is not None:
            progress(i + 1, len(keys))
    frame = pd.DataFrame(out).reindex(columns=["ccode1", "ccode2", "year", *COLUMNS])
    return frame.astype({c: "float64" for c in COLUMNS})


def cache_key() -> str:
    """The warehouse tables' keys, the rules table, the code that reads them and this module's
    version."""
    from detente.assess.rules import RULES_FILE
    from detente.datasets.cache import source_stamp
    from detente.datasets.tables import table_spec
    from detente.datasets.warehouse import table_key

    rules = hashlib.sha256(RULES_FILE.read_bytes()).hexdigest()[:16]
    code = source_stamp(*CODE)
    return "/".join([VERSION, rules, code, *(table_key(table_spec(t)) for t in TABLES)])


def crack_years(progress: Progress | None = None) -> pd.DataFrame:
    """The cracks of every TSS rivalry pair-year, computed once and cached on disk. The frame's
    attrs say how long the computation took (`seconds`)."""
    from detente.datasets import tss_rivalries
    from detente.datasets.cache import cached_frame

    def build() -> pd.DataFrame:
        started = time.perf_counter()
        frame = compute(pair_years(tss_rivalries()), progress)
        frame.attrs = {"seconds": round(time.perf_counter() - started, 1), "version": VERSION}
        return frame

    return cached_frame("crack_years", ("tss_rivalries",), cache_key(), build)


def lookup(frame: pd.DataFrame, pairs: Iterable[tuple[int, int, int]]) -> pd.DataFrame:
    """The rows of `frame` for (ccode1, ccode2, year) keys, in order (NaN where absent)."""
    keys = pd.DataFrame(list(pairs), columns=["ccode1", "ccode2", "year"])
    return keys.merge(frame, on=["ccode1", "ccode2", "year"], how="left")


def with_changes(frame: pd.DataFrame, years: int = 3) -> pd.DataFrame:
    """The frame with `crack_mean` (the mean of the known cracks) and `crack_mean_change3`, its
    change over `years` years within the pair (a thaw when positive)."""
    out = frame.sort_values(["ccode1", "ccode2", "year"]).reset_index(drop=True)
    out["crack_mean"] = out[[f"crack_{c}" for c in CRACK_IDS]].mean(axis=1)
    earlier = out[["ccode1", "ccode2", "year", "crack_mean"]].assign(year=out["year"] + years)
    lagged = out[["ccode1", "ccode2", "year"]].merge(earlier, how="left", on=["ccode1", "ccode2", "year"])
    out[f"crack_mean_change{years}"] = out["crack_mean"] - lagged["crack_mean"].to_numpy()
    return out


def covariates():
    """The cracks as the rivalry models' extra covariates (`models.fitted.Covariates`)."""
    from detente.models.fitted import Covariates

    return Covariates(f"cracks:{cache_key()}", load=lambda: (with_changes(crack_years()),))


def models():
    """The fitted rivalry models with the crack covariates: what the outlook reads."""
    from detente.models.fitted import Models

    return Models(covariates())
