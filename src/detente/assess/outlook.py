"""P(rapprochement within 1, 5, 10 years), where rapprochement = the end of the strategic rivalry.

The probabilities come from the rivalry-termination model (`detente.models.rivalry`) as it
could have been fitted on the as-of date: trained on the rivalry-years up to the year before
it (ends later than that are unknown; rivalries TSS codes as running in 2020 are censored),
applied to the pair's rivalry with the covariates known when the as-of year began (each
source's last observed year when it stops earlier). The interval is the 5–95 % range of the
same forecast from bootstrap refits that resample whole rivalries.

The cracks are covariates: the six cracks of the pair on 31 December of the covariates' year,
from the datasets alone (`assess.crack_years`, cached), enter the model beside duration and
type, with fitted coefficients. The dossier's news: what happened since that day comes from the
dossier, as the change in each crack's score (its curated facts alone) from then to the as-of
date, Δ_c; the news moves each crack covariate by Δ_c (and the three-year change of the mean
by the mean of the Δ_c), and the shift is the fitted model's change in log-odds — no hand-set
rate. Better relations since → a likelier end when the fitted coefficients say so. A pair
without a dossier gets no shift: its outlook is the panel's alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

import numpy as np
import pandas as pd

from detente.assess.result import Horizon, Outlook
from detente.core.context import Context
from detente.models.rivalry import FEATURES, RivalryHazardResults, design
from detente.models.rivalry_data import active_rivalry

HORIZONS = (1, 5, 10)
DRIVER_MIN = 0.05  # log-odds; smaller pushes are not listed
INTERVAL = (5, 95)


class FittedModel(Protocol):
    cut: int
    model: RivalryHazardResults
    replicates: tuple[RivalryHazardResults, ...]

    def describe(self) -> str: ...


class ModelSource(Protocol):
    """Where the outlook gets its fitted model and the rivalry's row (models.fitted)."""

    def fitted_at(self, cut: int) -> FittedModel: ...

    def row_for(self, tssr_id: int, year: int) -> pd.DataFrame: ...


def drivers(model: RivalryHazardResults, row: pd.DataFrame, shift: float, news: float | None,
            news_from: dt.date | None) -> list[dict]:
    """What pushes this rivalry's annual end probability up or down against the average
    rivalry-year the model learned from, largest first, in plain words."""
    pushes = model.contributions(row).iloc[0]
    z = pushes / model.params.replace(0, np.nan)
    out = []
    for name, push in pushes.items():
        if abs(push) >= DRIVER_MIN:
            higher, lower = FEATURES[name]
            out.append({"factor": name, "says": higher if z[name] > 0 else lower,
                        "direction": "up" if push > 0 else "down", "log_odds": round(float(push), 3)})
    if news is not None and abs(shift) >= DRIVER_MIN:
        out.append({"factor": "dossier_news",
                    "says": f"the dossier's news since {news_from}: the cracks moved by "
                            f"{news:+.2f} on average, which through the fitted crack coefficients "
                            f"{'raises' if shift > 0 else 'lowers'} the chance",
                    "direction": "up" if shift > 0 else "down", "log_odds": round(shift, 3)})
    return sorted(out, key=lambda d: -abs(d["log_odds"]))


def _plain(ds: list[dict], n: int = 3) -> str:
    up = [d["says"] for d in ds if d["direction"] == "up"][:n]
    down = [d["says"] for d in ds if d["direction"] == "down"][:n]
    parts = ([f"pushing it up: {'; '.join(up)}"] if up else []) + (
        [f"holding it down: {'; '.join(down)}"] if down else [])
    return ". ".join(p[0].upper() + p[1:] for p in parts) + "." if parts else ""


def with_news(model: RivalryHazardResults, row: pd.DataFrame, changes: dict[str, float]) -> pd.DataFrame:
    """The row's features with each crack covariate moved by the dossier's change in that crack
    (a gap first takes the training median), scores kept within [−1, 1]."""
    x = design(row)
    medians = model.standardise.medians
    for crack, change in changes.items():
        col = f"crack_{crack}"
        if col in x.columns:
            start = x[col].fillna(medians.get(col, 0.0))
            x[col] = (start + change).clip(-1, 1)
    if changes and "crack_mean_change3" in x.columns:
        mean = sum(changes.values()) / len(changes)
        gap = medians.get("crack_mean_change3", 0.0)
        x["crack_mean_change3"] = x["crack_mean_change3"].fillna(gap) + mean
        x["crack_mean"] = x["crack_mean"].fillna(medians.get("crack_mean", 0.0)) + mean
    return x


def outlook(ctx: Context, tss: pd.DataFrame, cow_a: int | None, cow_b: int | None,
            source: ModelSource, news: Callable[[dt.date], dict[str, float]] | None = None) -> Outlook:
    """The outlook for the pair on ctx.as_of. `news(day)` gives the change in each crack's
    score from `day` to the as-of date, by crack id (None: no dossier)."""
    year = ctx.as_of.year
    data_end = int(tss["end"].max())
    rivalry = None if cow_a is None or cow_b is None else active_rivalry(tss, cow_a, cow_b, year)
    cut = min(year - 1, data_end)
    if rivalry is None:  # nothing to forecast: the model is not fitted for it
        return Outlook(method="rivalry-termination model (not applied)",
                       note=(f"No strategic rivalry between {ctx.name_a} and {ctx.name_b} is "
                             f"recorded in TSS for {year}: there is no rivalry to end."))
    fitted = source.fitted_at(cut)
    base_rate = round(fitted.model.n_events / fitted.model.n_rows, 5)  # ends per rivalry-year
    row = source.row_for(int(rivalry["tssr_id"]), year)
    panel_year = row["panel_year"].iloc[0]
    covariate_year = int(panel_year) if pd.notna(panel_year) else year - 1
    news_from = dt.date(covariate_year, 12, 31)
    changes = news(news_from) if news is not None else None
    delta = sum(changes.values()) / len(changes) if changes else (0.0 if changes is not None else None)
    x = design(row)  # the row's features, built once for the model and its replicates
    moved = with_news(fitted.model, row, changes or {})
    shift = float(fitted.model.logit(row, moved)[0] - fitted.model.logit(row, x)[0])
    horizons: dict[str, Horizon] = {}
    for h in HORIZONS:
        base = float(fitted.model.predict(row, h, x=x)[0])
        p = float(fitted.model.predict(row, h, x=moved)[0])
        reps = [float(r.predict(row, h, x=moved)[0]) for r in fitted.replicates] or [p]
        low, high = np.percentile(reps, INTERVAL)
        horizons[str(h)] = Horizon(probability=round(p, 4), base=round(base, 4),
                                   low=round(min(p, float(low)), 4), high=round(max(p, float(high)), 4))
    found = drivers(fitted.model, row, shift, delta, news_from if delta is not None else None)
    start = int(rivalry["start"])
    note = (f"Rivalry '{rivalry['rivalry']}' since {start}, age {year - start} years; covariates "
            f"as of {covariate_year}. {_plain(found)}")
    if year > data_end:
        note += f" TSS codes rivalries to {data_end}; the rivalry is assumed to run on since."
    if delta is None:
        note += " No dossier: the outlook comes from the panel alone."
    return Outlook(
        horizons=horizons, method=fitted.describe(), base_rate=base_rate,
        rivalry={"name": str(rivalry["rivalry"]), "start": start, "age": year - start,
                 "tssr_id": int(rivalry["tssr_id"]), "principal": bool(rivalry["principal"]),
                 "types": [t for t in ("positional", "spatial", "ideological",
                                       "interventionary") if bool(rivalry[t])],
                 "covariate_year": covariate_year},
        shift={"news_since": str(news_from), "mean_crack_change": None if delta is None else round(delta, 4),
               "crack_changes": None if changes is None else {k: round(v, 4) for k, v in changes.items()},
               "logit_shift": round(shift, 4)},
        drivers=found, note=note)


def unavailable(reason: str, dataset: str) -> Outlook:
    return Outlook(method="unavailable", note=reason,
                   missing=[{"dataset": dataset, "command": f"detente data pull {dataset}"}])
