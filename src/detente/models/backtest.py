"""An honest time-split backtest of rivalry-termination forecasts.

At each cut year the models see only what was known at the end of that year (rivalry-years up
to the cut; 5-year outcomes up to cut − 4; model choice by `rivalry.choose` on those years
alone) and forecast every later rivalry-year whose 5-year outcome is known (the rivalry ended,
or ran on past year + 4 within the data). Scores: Brier, the base rate's Brier, log loss, ROC
AUC, each with a bootstrap interval that resamples whole rivalries of the test years; the
Brier ratio to the base rate; for the model the annual hazard too, a calibration table
(reliability bins), and an ablation: the chosen C, half-life and first year with each feature
set, duration+type with one added feature at a time, and the chosen set less one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score

from detente.models.baselines import BaseRate, DurationWeibull, PlainLogit
from detente.models.rivalry import (
    DURATION,
    FEATURE_SETS,
    OPTIONAL,
    TYPE,
    Choice,
    RivalryHazard,
    design,
    fit_at,
)

CUTS = (1945, 1970, 1990)
MODELS = ("rivalry_hazard", "duration_type", "duration_weibull", "plain_logit", "base_rate")
CALIBRATION_BINS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0)
BOOTSTRAP = 500
SEED = 1990
ADDED = ("mid_onsets_10y", "log_peace_years", "power_shift", "common_rival", "common_rival_disputes",
         "leader_changes_3y", "irregular_changes_5y", "ideal_point_convergence", "ends_5y",
         "crack_armed_conflict", "crack_coercion", "crack_societal_ties", "crack_diplomacy",
         "crack_mean", "crack_mean_change3", "dem_min", "dem_change5", "trade_growth5", "log_trade",
         "decisive_war_10y")


def intervals(y: np.ndarray, p: dict[str, np.ndarray], base: float, groups: np.ndarray,
              n: int = BOOTSTRAP, seed: int = SEED) -> dict[str, dict[str, list[float]]]:
    """5–95 % bootstrap intervals of AUC and Brier / base Brier per model, resampling whole
    rivalries (`groups`) of the test years."""
    rng = np.random.default_rng(seed)
    index = pd.Series(np.arange(len(y))).groupby(groups).indices
    ids = np.array(list(index))
    draws: dict[str, list[tuple[float, float]]] = {m: [] for m in p}
    for _ in range(n):
        rows = np.concatenate([index[i] for i in rng.choice(ids, size=len(ids))])
        yy = y[rows]
        if yy.min() == yy.max():
            continue
        bb = float(np.mean((yy - base) ** 2))
        for m, pm in p.items():
            draws[m].append((roc_auc_score(yy, pm[rows]), float(np.mean((pm[rows] - yy) ** 2)) / bb))
    out = {}
    for m, d in draws.items():
        arr = np.array(d)
        out[m] = {"auc": [round(float(v), 4) for v in np.percentile(arr[:, 0], (5, 95))],
                  "brier_ratio": [round(float(v), 4) for v in np.percentile(arr[:, 1], (5, 95))]}
    return out


def ablation(rows: pd.DataFrame, test: pd.DataFrame, y: np.ndarray, cut: int, choice: Choice,
             brier_base: float) -> pd.DataFrame:
    """Out-of-sample AUC and Brier ratio at the chosen C, half-life and first year: each feature
    set, duration+type with one feature added (what each feature did on its own), and the chosen
    set with one of its added features left out (what each did beside the others)."""
    x = design(rows)
    variants = {name: f for name, f in FEATURE_SETS.items()}
    variants |= {f"duration+type + {a}": DURATION + TYPE + (a,) for a in ADDED
                 if a not in OPTIONAL or x[a].notna().any()}
    chosen = FEATURE_SETS[choice.features]
    variants |= {f"{choice.features} - {a}": tuple(f for f in chosen if f != a) for a in chosen
                 if a not in DURATION + TYPE}
    out = []
    for name, features in variants.items():
        model = RivalryHazard(features, choice.C, choice.half_life, since=choice.since).fit(rows, cut, x=x)
        p = model.predict(test, 5, x=x)
        out.append({"model": name, "auc": round(float(roc_auc_score(y, p)), 4),
                    "brier_ratio": round(float(np.mean((p - y) ** 2)) / brier_base, 4)})
    return pd.DataFrame(out)


def scores(y: np.ndarray, p: np.ndarray, base: float) -> dict[str, float]:
    """brier, brier_base (the constant `base`), log_loss, auc, n."""
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return {"brier": round(float(brier_score_loss(y, p)), 5),
            "brier_base": round(float(brier_score_loss(y, np.full(len(y), base))), 5),
            "log_loss": round(float(log_loss(y, p, labels=[0, 1])), 5),
            "auc": round(float(roc_auc_score(y, p)), 4), "n": len(y)}


def calibration(y: np.ndarray, p: np.ndarray) -> pd.DataFrame:
    """Forecasts binned: n, mean forecast and observed share per bin."""
    bins = pd.cut(p, CALIBRATION_BINS, include_lowest=True)
    frame = pd.DataFrame({"bin": bins, "p": p, "y": y})
    out = frame.groupby("bin", observed=True).agg(n=("y", "size"), forecast=("p", "mean"),
                                                  observed=("y", "mean"))
    return out.reset_index().assign(bin=lambda d: d["bin"].astype(str)).round(4)


@dataclass
class CutResult:
    cut: int
    choice: Choice
    five_year: dict[str, dict[str, float]]
    annual: dict[str, float]
    calibration: pd.DataFrame
    forecasts: pd.DataFrame = field(repr=False)
    intervals: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    ablation: pd.DataFrame | None = field(default=None, repr=False)
    duration_type: Choice | None = None

    def calibration_of(self, model: str = "rivalry_hazard") -> pd.DataFrame:
        """The reliability bins of one of `MODELS`' 5-year forecasts."""
        if model == "rivalry_hazard":
            return self.calibration
        return calibration(self.forecasts["observed"].to_numpy(), self.forecasts[model].to_numpy())


@dataclass
class Backtest:
    cuts: list[CutResult]
    datasets: list[str]

    def table(self) -> pd.DataFrame:
        """One row per cut and model: the 5-year scores and Brier / base Brier."""
        rows = [{"cut": r.cut, "model": m, **s, "brier_ratio": round(s["brier"] / s["brier_base"], 3)}
                for r in self.cuts for m, s in r.five_year.items()]
        return pd.DataFrame(rows)

    def summary(self, cut: int) -> dict:
        """One cut's headline figures: the rivalry model's and duration+type's AUC and Brier /
        base Brier with their intervals, the number of forecasts and the chosen features."""
        r = next(c for c in self.cuts if c.cut == cut)

        def figures(model: str) -> dict:
            s = r.five_year[model]
            band = r.intervals.get(model, {})
            return {"auc": s["auc"], "brier_ratio": round(s["brier"] / s["brier_base"], 4),
                    "auc_interval": band.get("auc"), "brier_ratio_interval": band.get("brier_ratio")}

        return {"cut": cut, "n": r.five_year["rivalry_hazard"]["n"], "features": r.choice.features,
                **figures("rivalry_hazard"), "duration_type": figures("duration_type")}

    def to_json_dict(self) -> dict[str, dict]:
        """{"<cut>": {"brier", "brier_base", "log_loss", "auc", "n", "brier_ratio", "interval",
        "choice", "calibration", "models", "ablation"}}: the rivalry model's scores first."""
        out = {}
        for r in self.cuts:
            s = r.five_year["rivalry_hazard"]
            out[str(r.cut)] = {
                **s, "brier_ratio": round(s["brier"] / s["brier_base"], 4),
                "interval": r.intervals.get("rivalry_hazard", {}),
                "choice": {"features": r.choice.features, "C": r.choice.C,
                           "half_life": r.choice.half_life, "since": r.choice.since},
                "calibration": r.calibration.to_dict(orient="records"),
                "models": {m: {**v, "brier_ratio": round(v["brier"] / v["brier_base"], 4),
                               "interval": r.intervals.get(m, {})} for m, v in r.five_year.items()},
                "ablation": [] if r.ablation is None else r.ablation.to_dict(orient="records")}
        return out


def run_cut(rows: pd.DataFrame, tss: pd.DataFrame, cut: int, bootstrap: int = BOOTSTRAP,
            ablate: bool = True) -> CutResult:
    """Fit everything on what was known at the end of `cut`; score the later years."""
    test = rows[(rows["year"] > cut) & rows["ends_within_5"].notna()]
    y = test["ends_within_5"].astype(int).to_numpy()
    model, choice = fit_at(rows, cut)
    plain, dt_choice = fit_at(rows, cut, sets=("duration+type",))
    base = BaseRate().fit(rows, cut)
    p = {"rivalry_hazard": model.predict(test, 5), "duration_type": plain.predict(test, 5),
         "duration_weibull": DurationWeibull().fit(tss, cut).predict(test, 5),
         "plain_logit": PlainLogit().fit(rows, cut).predict(test),
         "base_rate": base.predict(test)}
    five = {m: scores(y, p[m], base.rate_) for m in MODELS}
    annual_rows = rows[rows["year"] > cut]
    train = rows[rows["year"] <= cut]
    annual = scores(annual_rows["ends"].astype(int).to_numpy(), model.hazard(annual_rows),
                    float(train["ends"].mean()))
    forecasts = test[["tssr_id", "rivalry", "year"]].assign(observed=y, **p)
    bands = intervals(y, p, base.rate_, test["tssr_id"].to_numpy(), bootstrap) if bootstrap else {}
    table = ablation(rows, test, y, cut, choice, five["base_rate"]["brier"]) if ablate else None
    return CutResult(cut, choice, five, annual, calibration(y, p["rivalry_hazard"]), forecasts,
                     bands, table, dt_choice)


def backtest(rows: pd.DataFrame, tss: pd.DataFrame, cuts: tuple[int, ...] = CUTS,
             datasets: list[str] | None = None, bootstrap: int = BOOTSTRAP,
             ablate: bool = True) -> Backtest:
    """The backtest at each cut (see the module docstring)."""
    return Backtest([run_cut(rows, tss, c, bootstrap, ablate) for c in cuts], list(datasets or []))
