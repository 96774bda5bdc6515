"""The rivalry model as it stood on a date: the data it may see, its choice, its fit and a
cluster bootstrap — loaded and cached here so the assessment and the CLI stay thin.

The one module of models/ that reads data (through detente.panel and the dataset cache).
Model choice is made once per decade (at the decade's first year − 1, on data up to then);
the fit itself uses every rivalry-year up to the year before the as-of date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from detente.core.files import partial_path
from detente.datasets import warehouse
from detente.datasets.cache import cached_frame, cached_object
from detente.models.rivalry import CRACK_SETS, FEATURE_SETS, Choice, RivalryHazardResults, choose, design
from detente.models.rivalry_data import rivalry_years
from detente.panel.rivalries import DATASETS, VERSION, rivalry_pair_panel
from detente.panel.rivalry_extras import DATASETS as EXTRA_DATASETS
from detente.panel.rivalry_extras import rivalry_extras

BOOTSTRAP = 100
SEED = 20_240_601
CHOICE_VERSION = "choice-7"
FIT_VERSION = "fit-5"  # bump when the fit or its results change
ALL_DATASETS = (*DATASETS, *(d for d in EXTRA_DATASETS if d not in DATASETS))


@dataclass(frozen=True)
class Covariates:
    """More (ccode1, ccode2, year) covariate frames computed above this layer (the cracks of
    every rivalry pair-year, `detente.assess.crack_years`): `key` names them and their version
    (it enters every cache key), `load` returns them."""

    key: str
    load: Callable[[], tuple[pd.DataFrame, ...]] = field(compare=False, hash=False, repr=False)


def _key(covariates: Covariates | None) -> str:
    return "panel" if covariates is None else covariates.key


@lru_cache(maxsize=4)
def rivalry_rows(last_year: int, covariates: Covariates | None = None) -> pd.DataFrame:
    """Rivalry-years up to `last_year` (running rivalries carried past the data's end), with the
    panel's covariates, the extras (regime, trade, wars) and `covariates`' frames."""
    extra = (rivalry_extras(), *(covariates.load() if covariates is not None else ()))
    return rivalry_years(warehouse.table("tss_rivalries"), rivalry_pair_panel(), last_year=last_year,
                         covariates=extra)


def data_end() -> int:
    return int(warehouse.table("tss_rivalries")["end"].max())


def choice_year(cut: int) -> int:
    """The year whose data choose the model used at `cut`: the end of the previous decade."""
    return cut - (cut + 1) % 10


@lru_cache(maxsize=16)
def choice_at(year: int, covariates: Covariates | None = None) -> Choice:
    """The model choice made with data up to `year` (cached on disk)."""
    def build() -> pd.DataFrame:
        sets = CRACK_SETS if covariates is not None else ("duration+type", "duration+type+context")
        c = choose(rivalry_rows(data_end(), covariates), year, sets=sets)
        return pd.DataFrame([{"features": c.features, "C": c.C, "half_life": c.half_life,
                              "inner_brier": c.inner_brier, "since": c.since}])

    row = cached_frame(f"rivalry_choice_{year}", ALL_DATASETS,
                       f"{VERSION}/{CHOICE_VERSION}/{_key(covariates)}/{year}", build).iloc[0]
    half_life = None if pd.isna(row["half_life"]) else float(row["half_life"])
    since = None if pd.isna(row["since"]) else int(row["since"])
    return Choice(str(row["features"]), float(row["C"]), half_life, float(row["inner_brier"]), since)


@dataclass(frozen=True)
class Fitted:
    """The model fitted at `cut` and its bootstrap replicates (rivalries resampled)."""

    cut: int
    choice: Choice
    model: RivalryHazardResults
    replicates: tuple[RivalryHazardResults, ...]
    n_rivalries: int

    def describe(self) -> str:
        hl = "none" if self.choice.half_life is None else f"{self.choice.half_life:g} years"
        since = "" if self.choice.since is None else f"from {self.choice.since} "
        return (f"discrete-time hazard (penalised logit) on {self.model.n_rows} rivalry-years "
                f"of {self.n_rivalries} TSS rivalries {since}up to {self.cut} ({self.model.n_events} ended); "
                f"features: {self.choice.features}; C = {self.choice.C:g}, half-life {hl} "
                f"(chosen on data up to {choice_year(self.cut)}); interval: {len(self.replicates)} "
                "bootstrap refits resampling rivalries")


@lru_cache(maxsize=8)
def fitted_at(cut: int, bootstrap: int = BOOTSTRAP, covariates: Covariates | None = None) -> Fitted:
    """The model as it could have been fitted at the end of `cut` (kept on disk once fitted)."""
    return cached_object(f"rivalry_fit_{cut}_{bootstrap}", ALL_DATASETS,
                         f"{VERSION}/{CHOICE_VERSION}/{FIT_VERSION}/{_key(covariates)}/{cut}/{bootstrap}",
                         lambda: _fit_at(cut, bootstrap, covariates))


def _fit_at(cut: int, bootstrap: int, covariates: Covariates | None) -> Fitted:
    rows = rivalry_rows(max(cut + 1, data_end()), covariates)
    choice = choice_at(choice_year(cut), covariates)
    features = FEATURE_SETS[choice.features]
    train = rows[(rows["year"] <= cut) & (rows["year"] >= (choice.since or 0))].reset_index(drop=True)
    x = design(train)
    model = choice.estimator().fit(train, cut, x=x)
    rng = np.random.default_rng(SEED + cut)
    ids = train["tssr_id"].unique()
    groups = train.groupby("tssr_id").indices  # positions of each rivalry's rows
    replicates = []
    slim = train[["tssr_id", "year", "ends"]]
    x = x[list(features)]
    for _ in range(bootstrap):
        picked = np.concatenate([groups[i] for i in rng.choice(ids, size=len(ids))])
        sample = slim.iloc[picked].reset_index(drop=True)
        if not sample["ends"].any():
            continue
        replicates.append(choice.estimator(warm_start=model).fit(
            sample, cut, x=x.iloc[picked].reset_index(drop=True)))
    return Fitted(cut, choice, model, tuple(replicates), len(ids))


def row_for(tssr_id: int, year: int, covariates: Covariates | None = None) -> pd.DataFrame:
    """The rivalry-year row of one rivalry in `year` (covariates known when it began)."""
    rows = rivalry_rows(max(year, data_end()), covariates)
    return rows[(rows["tssr_id"] == tssr_id) & (rows["year"] == year)]


@dataclass(frozen=True)
class Models:
    """The fitted models and rows with one set of extra covariates: what the outlook reads."""

    covariates: Covariates | None = None

    def fitted_at(self, cut: int, bootstrap: int = BOOTSTRAP) -> Fitted:
        return fitted_at(cut, bootstrap, self.covariates)

    def row_for(self, tssr_id: int, year: int) -> pd.DataFrame:
        return row_for(tssr_id, year, self.covariates)

    def rows(self, last_year: int) -> pd.DataFrame:
        return rivalry_rows(last_year, self.covariates)


BACKTEST_VERSION = "backtest-2"


def _backtest_path(cut: int, covariates: Covariates | None):
    import hashlib
    import json

    from detente.datasets.cache import cache_root
    from detente.datasets.registry import get

    key = [BACKTEST_VERSION, VERSION, CHOICE_VERSION, FIT_VERSION, _key(covariates), cut,
           *(get(d).sha256 for d in ALL_DATASETS)]
    digest = hashlib.sha256(json.dumps(key).encode()).hexdigest()[:16]
    return cache_root() / f"rivalry_backtest_{cut}-{digest}.json"


def save_backtest(summary: dict, covariates: Covariates | None = None) -> None:
    """Keep one cut's backtest figures (`backtest.Backtest.summary`) beside the fitted models, so
    the dashboard can show them without refitting."""
    import json

    path = _backtest_path(int(summary["cut"]), covariates)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_path(path)
    partial.write_text(json.dumps(summary), encoding="utf-8")
    partial.replace(path)


def saved_backtest(cut: int = 1990, covariates: Covariates | None = None) -> dict | None:
    """The figures `save_backtest` kept for `cut` with these datasets and model versions, or None
    (nothing is computed here: `detente models rivalry backtest` computes them)."""
    import json

    path = _backtest_path(cut, covariates)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
