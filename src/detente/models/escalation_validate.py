"""How well do the Richardson fit and simple arms indicators separate the Gibler–Rider–Hutchison
(2005) arms races from other periods of rivalry?

Positives: the 71 GRH races (dyad, first–last year). Controls: windows of rivalry-years (TSS or
Thompson–Dreyer) in 1816–1993 that overlap no race of the same dyad, tiled without overlap
over each unbroken run of rivalry-years, each window's length drawn from the races' lengths
(3–9 years), so races and controls are equally long on average. Every score is computed on a
dyad-period the same way; AUC (sklearn) per score with a 95% interval from 500 bootstrap
resamples of dyads. The primary score, fixed before looking, is the fitted mutual reaction.

The scored periods are computed once per data version: the assessment reads the two scores it
needs (`reaction`, `joint_growth`) from VALIDATION_FILE, shipped with the package and keyed on
the datasets' pinned sha256 (rewritten by `scripts/grh_validation.py`); any other data version
scores them afresh, once, into the dataset cache.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from io import StringIO
from typing import Any

import numpy as np
import pandas as pd

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
VERSION = "grh-validation-1"
VALIDATION_FILE = "grh_validation.csv"  # in detente/models/
ASSESSMENT_SCORES = ("reaction", "joint_growth")
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
    "joint_growth_before": "joint_growth over the same number of years just before the period "
                           "(years GRH did not code): does the build-up come first?",
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
    length = end - start + 1
    bx, by = _growth(rel["x"], start - length, start - 1), _growth(rel["y"], start - length, start - 1)
    if bx.notna().all() and by.notna().all():
        out["joint_growth_before"] = float(min(bx.mean(), by.mean()))
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


def weighted_auc(y: np.ndarray, s: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """ROC AUC (the Mann–Whitney statistic, ties counting one half) of each row of `weights`
    (replicates × cases: how often each case is drawn) — the AUC of each resample without
    building it. One row of ones is the plain AUC, the number sklearn's roc_auc_score gives."""
    y = np.asarray(y, dtype=bool)
    order = np.argsort(s, kind="mergesort")
    ranked = np.asarray(s)[order]
    starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])  # each block of tied scores
    ends = np.r_[starts[1:], len(ranked)]
    w = np.atleast_2d(weights).astype("float64")[:, order]
    zero = np.zeros((len(w), 1))
    cum_pos = np.hstack([zero, np.cumsum(w * y[order], axis=1)])
    cum_neg = np.hstack([zero, np.cumsum(w * ~y[order], axis=1)])
    pos = cum_pos[:, ends] - cum_pos[:, starts]     # races in each block
    neg = cum_neg[:, ends] - cum_neg[:, starts]     # controls in each block
    below = cum_neg[:, starts]                      # controls scoring lower
    wins = (pos * (below + 0.5 * neg)).sum(axis=1)
    return wins / (cum_pos[:, -1] * cum_neg[:, -1])


def _auc_row(name: str, frame: pd.DataFrame, rng: np.random.Generator) -> dict[str, Any]:
    rows = frame[frame[name].notna()]
    y, s = rows["race"].to_numpy(bool), rows[name].to_numpy()
    n_races, n_controls = int(y.sum()), int((~y).sum())
    row: dict[str, Any] = {"score": name, "auc": np.nan, "low": np.nan, "high": np.nan,
                           "n_races": n_races, "n_controls": n_controls, "meaning": SCORES[name]}
    if n_races == 0 or n_controls == 0:
        return row
    row["auc"] = float(weighted_auc(y, s, np.ones(len(y)))[0])
    dyads = rows.groupby(["lo", "hi"]).indices
    group = np.empty(len(rows), dtype=int)
    for g, positions in enumerate(dyads.values()):
        group[positions] = g
    # resample dyads with replacement: each case is drawn as often as its dyad
    drawn = np.array([np.bincount(rng.integers(0, len(dyads), len(dyads)), minlength=len(dyads))
                      for _ in range(BOOTSTRAP)])[:, group]
    both = ((drawn * y).sum(axis=1) > 0) & ((drawn * ~y).sum(axis=1) > 0)
    aucs = weighted_auc(y, s, drawn[both])
    row["low"], row["high"] = (float(q) for q in np.quantile(aucs, [0.025, 0.975]))
    return row


def auc_interval(frame: pd.DataFrame, name: str) -> dict[str, Any]:
    """AUC of score `name` on `frame`'s periods with its 95% dyad-bootstrap interval (a fresh
    generator seeded SEED: for the first score of SCORES the same as `validate`'s table)."""
    return _auc_row(name, frame, np.random.default_rng(SEED))


def _score_all() -> pd.DataFrame:
    periods = dyad_periods()
    scores = [score_period(r.lo, r.hi, r.start, r.end) for r in periods.itertuples()]
    return pd.concat([periods, pd.DataFrame(scores, index=periods.index)], axis=1)


def scored_periods() -> pd.DataFrame:
    """Every race and control period with every score (cached per data version)."""
    from detente.datasets.cache import cached_frame

    return cached_frame("grh_validation_periods", DATASETS, VERSION, _score_all)


def data_key() -> dict[str, str]:
    """The pinned sha256 of each dataset the validation reads."""
    from detente.datasets.registry import get

    return {d: get(d).sha256 for d in DATASETS}


def assessment_periods() -> pd.DataFrame:
    """lo, hi, start, end, race and ASSESSMENT_SCORES of every period: from VALIDATION_FILE when
    it was written for these data, else scored (and cached) here."""
    return _assessment_periods(json.dumps(data_key(), sort_keys=True))


@lru_cache(maxsize=2)
def _assessment_periods(key: str) -> pd.DataFrame:
    columns = ["lo", "hi", "start", "end", "race", *ASSESSMENT_SCORES]
    text = resources.files("detente.models").joinpath(VALIDATION_FILE).read_text()
    header, _, body = text.partition("\n")
    if header.removeprefix("# ") == json.dumps({"version": VERSION, "data": json.loads(key)},
                                               sort_keys=True):
        return pd.read_csv(StringIO(body), dtype={"race": bool})[columns]
    return scored_periods()[columns]


def packaged_text(frame: pd.DataFrame) -> str:
    """VALIDATION_FILE's text for `frame` (see scripts/grh_validation.py)."""
    columns = ["lo", "hi", "start", "end", "race", *ASSESSMENT_SCORES]
    header = json.dumps({"version": VERSION, "data": data_key()}, sort_keys=True)
    return f"# {header}\n" + frame[columns].to_csv(index=False, float_format="%.17g")


@lru_cache(maxsize=1)
def reaction_validation() -> dict[str, Any]:
    """The primary score's AUC and interval, for the assessment's escalation finding."""
    return auc_interval(assessment_periods(), PRIMARY)


@lru_cache(maxsize=1)
def validate() -> Validation:
    """Score every race and control period; AUC per score."""
    frame = scored_periods()
    rng = np.random.default_rng(SEED)
    table = pd.DataFrame([_auc_row(name, frame, rng) for name in SCORES])
    return Validation(frame, table)
