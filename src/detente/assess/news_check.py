"""How well does the dossier's news rule hold? On every rivalry-year of the dossier pairs (the
rivalry running, the dossier covering the year, the 5-year outcome known), take the news the
outlook would use on 1 June — Δ = mean crack score then minus on 31 December before — and ask:
does Δ rank the years before a rivalry's end above the others (AUC), and which shift per
score unit fits those outcomes best given the model (maximum likelihood, the model's 5-year
forecast as offset)? Few pairs and fewer ends: read it as a sanity check, not an estimate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from statistics import fmean

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar
from sklearn.metrics import roc_auc_score

from detente.assess.cracks import evaluate_all
from detente.core.context import Context
from detente.core.countries import State
from detente.dossier.load import Dossier
from detente.models.rivalry_data import active_rivalry


@dataclass(frozen=True)
class NewsCheck:
    rows: pd.DataFrame  # pair, rivalry, year, news, forecast (no shift), ends_within_5
    auc: float | None
    best_shift: float | None

    def summary(self) -> str:
        n, ends = len(self.rows), int(self.rows["ends_within_5"].sum())
        auc = "n/a" if self.auc is None else f"{self.auc:.2f}"
        best = "n/a" if self.best_shift is None else f"{self.best_shift:.2f}"
        return (f"{n} rivalry-years of {self.rows['rivalry'].nunique()} rivalries in the dossiers, "
                f"{ends} within 5 years of an end. AUC of the news for those years: {auc}. "
                f"Shift per score unit that fits best: {best} (the outlook itself moves the "
                f"crack covariates and uses the fitted coefficients).")


def _overall(d: Dossier, a: State, b: State, day: dt.date) -> float:
    return fmean(c.score for c in evaluate_all(d.as_of(day), Context.between(a, b, day)))


def check_news(pairs: list[tuple[State, State, Dossier]], tss: pd.DataFrame, source) -> NewsCheck:
    """Run the check over (state, state, dossier) triples; `source` is models.fitted."""
    data_end = int(tss["end"].max())
    records = []
    for a, b, d in pairs:
        if d.info is None or a.cow is None or b.cow is None:
            continue
        first = max(d.info.coverage_from.year + 1, 1817)
        last = min(d.info.coverage_to.year, data_end - 4)
        for year in range(first, last + 1):
            rivalry = active_rivalry(tss, a.cow, b.cow, year)
            if rivalry is None:
                continue
            row = source.row_for(int(rivalry["tssr_id"]), year)
            if row.empty or pd.isna(row["ends_within_5"].iloc[0]):
                continue
            news = (_overall(d, a, b, dt.date(year, 6, 1))
                    - _overall(d, a, b, dt.date(year - 1, 12, 31)))
            model = source.fitted_at(year - 1, 0).model  # no bootstrap needed here
            records.append({"pair": f"{a.iso3}-{b.iso3}", "rivalry": str(rivalry["rivalry"]),
                            "year": year, "news": round(news, 4),
                            "forecast": float(model.predict(row, 5)[0]), "row": row,
                            "model": model, "ends_within_5": bool(row["ends_within_5"].iloc[0])})
    frame = pd.DataFrame(records)
    if frame.empty or frame["ends_within_5"].nunique() < 2:
        return NewsCheck(frame.drop(columns=["row", "model"], errors="ignore"), None, None)
    y = frame["ends_within_5"].to_numpy(float)

    def loss(beta: float) -> float:
        p = np.array([r.model.predict(r.row, 5, beta * r.news)[0] for r in frame.itertuples()])
        p = np.clip(p, 1e-6, 1 - 1e-6)
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))

    best = minimize_scalar(loss, bounds=(-10, 10), method="bounded").x
    return NewsCheck(frame.drop(columns=["row", "model"]), round(float(roc_auc_score(y, frame["news"])), 3),
                     round(float(best), 2))
