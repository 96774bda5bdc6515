"""The rivalry model as it stood on a date: the data it may see, its choice, its fit and a
cluster bootstrap — loaded and cached here so the assessment and the CLI stay thin.

The one module of models/ that reads data (through detente.panel and the dataset cache).
Model choice is made once per decade (at the decade's first year − 1, on data up to then);
the fit itself uses every rivalry-year up to the year before the as-of date.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from detente.datasets import tss_rivalries
from detente.datasets.cache import cached_frame, cached_object
from detente.models.rivalry import FEATURE_SETS, Choice, RivalryHazard, RivalryHazardResults, choose, design
from detente.models.rivalry_data import rivalry_years
from detente.panel.rivalries import DATASETS, VERSION, rivalry_pair_panel

BOOTSTRAP = 100
SEED = 20_240_601
CHOICE_VERSION = "choice-2"
FIT_VERSION = "fit-1"  # bump when the fit or its results change


@lru_cache(maxsize=4)
def rivalry_rows(last_year: int) -> pd.DataFrame:
    """Rivalry-years up to `last_year` (running rivalries carried past the data's end)."""
    return rivalry_years(tss_rivalries(), rivalry_pair_panel(), last_year=last_year)


def data_end() -> int:
    return int(tss_rivalries()["end"].max())


def choice_year(cut: int) -> int:
    """The year whose data choose the model used at `cut`: the end of the previous decade."""
    return cut - (cut + 1) % 10


@lru_cache(maxsize=16)
def choice_at(year: int) -> Choice:
    """The model choice made with data up to `year` (cached on disk)."""
    def build() -> pd.DataFrame:
        c = choose(rivalry_rows(data_end()), year)
        return pd.DataFrame([{"features": c.features, "C": c.C, "half_life": c.half_life,
                              "inner_brier": c.inner_brier}])

    row = cached_frame(f"rivalry_choice_{year}", DATASETS, f"{VERSION}/{CHOICE_VERSION}/{year}",
                       build).iloc[0]
    half_life = None if pd.isna(row["half_life"]) else float(row["half_life"])
    return Choice(str(row["features"]), float(row["C"]), half_life, float(row["inner_brier"]))


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
        return (f"discrete-time hazard (penalised logit) on {self.model.n_rows} rivalry-years "
                f"of {self.n_rivalries} TSS rivalries up to {self.cut} ({self.model.n_events} ended); "
                f"features: {self.choice.features}; C = {self.choice.C:g}, half-life {hl} "
                f"(chosen on data up to {choice_year(self.cut)}); interval: {len(self.replicates)} "
                "bootstrap refits resampling rivalries")


@lru_cache(maxsize=8)
def fitted_at(cut: int, bootstrap: int = BOOTSTRAP) -> Fitted:
    """The model as it could have been fitted at the end of `cut` (kept on disk once fitted)."""
    return cached_object(f"rivalry_fit_{cut}_{bootstrap}", DATASETS,
                         f"{VERSION}/{CHOICE_VERSION}/{FIT_VERSION}/{cut}/{bootstrap}",
                         lambda: _fit_at(cut, bootstrap))


def _fit_at(cut: int, bootstrap: int) -> Fitted:
    rows = rivalry_rows(max(cut + 1, data_end()))
    choice = choice_at(choice_year(cut))
    features = FEATURE_SETS[choice.features]
    train = rows[rows["year"] <= cut].reset_index(drop=True)
    x = design(train)
    model = RivalryHazard(features, choice.C, choice.half_life).fit(train, cut, x=x)
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
        replicates.append(RivalryHazard(features, choice.C, choice.half_life, warm_start=model).fit(
            sample, cut, x=x.iloc[picked].reset_index(drop=True)))
    return Fitted(cut, choice, model, tuple(replicates), len(ids))


def row_for(tssr_id: int, year: int) -> pd.DataFrame:
    """The rivalry-year row of one rivalry in `year` (covariates known when it began)."""
    rows = rivalry_rows(max(year, data_end()))
    return rows[(rows["tssr_id"] == tssr_id) & (rows["year"] == year)]
