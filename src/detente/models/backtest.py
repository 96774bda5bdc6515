"""An honest time-split backtest of rivalry-termination forecasts.

At each cut year the models see only what was known at the end of that year (rivalry-years up
to the cut; 5-year outcomes up to cut − 4; model choice by `rivalry.choose` on those years
alone) and forecast every later rivalry-year whose 5-year outcome is known (the rivalry ended,
or ran on past year + 4 within the data). Scores: Brier, the base rate's Brier, log loss, ROC
AUC; and for the model the annual hazard too, and a calibration table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score

from detente.models.baselines import BaseRate, DurationWeibull, PlainLogit
from detente.models.rivalry import Choice, fit_at

CUTS = (1945, 1970, 1990)
MODELS = ("rivalry_hazard", "duration_weibull", "plain_logit", "base_rate")
CALIBRATION_BINS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0)


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


@dataclass
class Backtest:
    cuts: list[CutResult]
    datasets: list[str]

    def table(self) -> pd.DataFrame:
        """One row per cut and model: the 5-year scores and Brier / base Brier."""
        rows = [{"cut": r.cut, "model": m, **s, "brier_ratio": round(s["brier"] / s["brier_base"], 3)}
                for r in self.cuts for m, s in r.five_year.items()]
        return pd.DataFrame(rows)

    def to_json_dict(self) -> dict[str, dict[str, float]]:
        """{"<cut>": {"brier", "brier_base", "log_loss", "auc", "n"}} for the rivalry model."""
        return {str(r.cut): r.five_year["rivalry_hazard"] for r in self.cuts}


def run_cut(rows: pd.DataFrame, tss: pd.DataFrame, cut: int) -> CutResult:
    """Fit everything on what was known at the end of `cut`; score the later years."""
    test = rows[(rows["year"] > cut) & rows["ends_within_5"].notna()]
    y = test["ends_within_5"].astype(int).to_numpy()
    model, choice = fit_at(rows, cut)
    base = BaseRate().fit(rows, cut)
    p = {"rivalry_hazard": model.predict(test, 5),
         "duration_weibull": DurationWeibull().fit(tss, cut).predict(test, 5),
         "plain_logit": PlainLogit().fit(rows, cut).predict(test),
         "base_rate": base.predict(test)}
    five = {m: scores(y, p[m], base.rate_) for m in MODELS}
    annual_rows = rows[rows["year"] > cut]
    train = rows[rows["year"] <= cut]
    annual = scores(annual_rows["ends"].astype(int).to_numpy(), model.hazard(annual_rows),
                    float(train["ends"].mean()))
    forecasts = test[["tssr_id", "rivalry", "year"]].assign(observed=y, **p)
    return CutResult(cut, choice, five, annual, calibration(y, p["rivalry_hazard"]), forecasts)


def backtest(rows: pd.DataFrame, tss: pd.DataFrame, cuts: tuple[int, ...] = CUTS,
             datasets: list[str] | None = None) -> Backtest:
    """The backtest at each cut (see the module docstring)."""
    return Backtest([run_cut(rows, tss, c) for c in cuts], list(datasets or []))
