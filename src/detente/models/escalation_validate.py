"""How well do the Richardson fit and simple arms indicators separate the Gibler–Rider–Hutchison
(2005) arms races from other periods of rivalry?

Positives: the 71 GRH races (dyad, first–last year). Controls: windows of rivalry-years (TSS or
Thompson–Dreyer) in 1816–1993 that overlap no race of the same dyad, tiled without overlap
over each unbroken run of rivalry-years, each window's length drawn from the races' lengths
(3–9 years), so races and controls are equally long on average. Every score is computed on a
dyad-period the same way; AUC (sklearn) per score with a 95% interval from 500 bootstrap
resamples of dyads. The primary score, fixed before looking, is the fitted mutual reaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from detente.core.errors import DataError
from detente.models.escalation import Richardson
from detente.models.escalation_data import nmc_wide, relative_series

CONTROL_YEARS = (1816, 1993)
CONTEXT_YEARS = 15  # the Richardson fit behind a period: the 15 years ending at its last year
SEED = 20_050_301
BOOTSTRAP = 500
PRIMARY = "reaction"
CURRENCY_SWITCH = 1914  # NMC milex is in £ to 1913 and US$ from 1914: no nominal growth that year
DATASETS = ["grh_arms_races", "tss_rivalries", "td_rivalries", "cow_nmc"]
SCORES = {
    "reaction": "min(k, l): the weaker side's fitted reaction to the other (Richardson fit on "
                "relative milex over the 15 years ending at the period's last year)",
    "instability": "kl − ab from the same fit (> 0: Richardson-unstable)",
    "spiral": "1 when the same fit's verdict is `spiral`, else 0",
    "joint_growth": "min over the two sides of the mean yearly change in log relative milex "
                    "over the period",
    "mean_growth": "mean of the two sides' mean yearly change in log relative milex",
    "joint_growth_nominal": "min over the two sides of the mean yearly change in log nominal "
                            "milex (no change counted across the 1914 £→US$ switch)",
    "growth_correlation": "correlation of the two sides' yearly changes in log relative milex",
}


@dataclass(frozen=True)
class Validation:
    periods: pd.DataFrame           # one row per dyad-period: lo, hi, start, end, race, scores…
    table: pd.DataFrame             # one row per score: auc, low, high, n_races, n_controls

    def to_json_dict(self) -> dict[str, Any]:
        primary = self.table.set_index("score").loc[PRIMARY]
        return {
            "auc": _num(primary["auc"]), "primary_score": PRIMARY,
            "n_races": int(primary["n_races"]), "n_controls": int(primary["n_controls"]),
            "scores": [{k: _num(v) for k, v in row.items()} for row in self.table.to_dict("records")],
            "design": {"races": "Gibler, Rider & Hutchison (2005), 71 races",
                       "controls": f"rivalry-year windows (TSS or Thompson–Dreyer), "
                                   f"{CONTROL_YEARS[0]}–{CONTROL_YEARS[1]}, no overlap with a race of "
                                   "the dyad, lengths drawn from the races' lengths",
                       "periods": int(len(self.periods)), "bootstrap": f"{BOOTSTRAP} dyad resamples",
                       "datasets": DATASETS},
        }


def _num(v: Any) -> Any:
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, float | np.floating):
        return None if np.isnan(v) else round(float(v), 4)
    return v


def dyad_periods() -> pd.DataFrame:
    """Races and control windows: lo, hi, start, end, race (bool)."""
    from detente.datasets.peacesciencer import read
    from detente.panel.sources import td_years, tss_years

    grh = read("grh_arms_races")
    pair = grh[["ccode1", "ccode2"]]
    races = pd.DataFrame({"lo": pair.min(axis=1), "hi": pair.max(axis=1),
                          "start": grh["styear"], "end": grh["endyear"], "race": True})
    race_years = {(r.lo, r.hi, y) for r in races.itertuples() for y in range(r.start, r.end + 1)}
    rival = pd.concat([tss_years()[0][["lo", "hi", "year"]], td_years()[0][["lo", "hi", "year"]]])
    rival = rival.drop_duplicates()
    rival = rival[rival["year"].between(*CONTROL_YEARS)]
    keep = [(lo, hi, y) not in race_years for lo, hi, y in rival.itertuples(index=False)]
    rival = rival[keep].sort_values(["lo", "hi", "year"])
    lengths = (races["end"] - races["start"] + 1).to_numpy()
    rng = np.random.default_rng(SEED)
    rows = []
    for (lo, hi), group in rival.groupby(["lo", "hi"], sort=True):
        years = group["year"].to_numpy()
        runs = np.split(years, np.flatnonzero(np.diff(years) != 1) + 1)
        for run in runs:
            at = int(run[0])
            while True:
                length = int(rng.choice(lengths))
                if at + length - 1 > run[-1]:
                    break
                rows.append((lo, hi, at, at + length - 1, False))
                at += length
    controls = pd.DataFrame(rows, columns=["lo", "hi", "start", "end", "race"])
    return pd.concat([races, controls], ignore_index=True).astype({"lo": int, "hi": int})


def _growth(series: pd.Series, start: int, end: int, skip: int | None = None) -> pd.Series:
    d = series.diff().reindex(range(start, end + 1))
    return d.drop(skip, errors="ignore") if skip is not None else d


def score_period(lo: int, hi: int, start: int, end: int) -> dict[str, float]:
    """Every score for one dyad-period (NaN where the data do not allow it)."""
    rel = relative_series(lo, hi, "milex")
    out = dict.fromkeys(SCORES, np.nan)
    if rel.empty:
        return out
    dx, dy = _growth(rel["x"], start, end), _growth(rel["y"], start, end)
    if dx.notna().all() and dy.notna().all():
        out["joint_growth"] = float(min(dx.mean(), dy.mean()))
        out["mean_growth"] = float((dx.mean() + dy.mean()) / 2)
        if dx.std() > 0 and dy.std() > 0:
            out["growth_correlation"] = float(np.corrcoef(dx, dy)[0, 1])
    nominal = [_growth(np.log(nmc_wide()["milex"][c]), start, end, CURRENCY_SWITCH) for c in (lo, hi)]
    if all(len(n) and n.notna().all() for n in nominal):
        out["joint_growth_nominal"] = float(min(n.mean() for n in nominal))
    context = rel.reindex(range(end - CONTEXT_YEARS + 1, end + 1))
    try:
        fit = Richardson().fit(context)
    except DataError:
        return out
    k, l_ = fit.value("k"), fit.value("l")
    out.update(reaction=min(k, l_), instability=-fit.ab_minus_kl, spiral=float(fit.verdict == "spiral"))
    return out


def _auc_row(name: str, frame: pd.DataFrame, rng: np.random.Generator) -> dict[str, Any]:
    rows = frame[frame[name].notna()]
    y, s = rows["race"].to_numpy(), rows[name].to_numpy()
    n_races, n_controls = int(y.sum()), int((~y).sum())
    row: dict[str, Any] = {"score": name, "auc": np.nan, "low": np.nan, "high": np.nan,
                           "n_races": n_races, "n_controls": n_controls, "meaning": SCORES[name]}
    if n_races == 0 or n_controls == 0:
        return row
    row["auc"] = float(roc_auc_score(y, s))
    dyads = rows.groupby(["lo", "hi"]).indices
    groups = list(dyads.values())
    aucs = []
    for _ in range(BOOTSTRAP):
        pick = np.concatenate([groups[i] for i in rng.integers(0, len(groups), len(groups))])
        if 0 < y[pick].sum() < len(pick):
            aucs.append(roc_auc_score(y[pick], s[pick]))
    row["low"], row["high"] = (float(q) for q in np.quantile(aucs, [0.025, 0.975]))
    return row


@lru_cache(maxsize=1)
def validate() -> Validation:
    """Score every race and control period; AUC per score."""
    periods = dyad_periods()
    scores = [score_period(r.lo, r.hi, r.start, r.end) for r in periods.itertuples()]
    frame = pd.concat([periods, pd.DataFrame(scores, index=periods.index)], axis=1)
    rng = np.random.default_rng(SEED)
    table = pd.DataFrame([_auc_row(name, frame, rng) for name in SCORES])
    return Validation(frame, table)
