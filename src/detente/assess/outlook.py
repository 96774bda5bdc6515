"""P(rapprochement within 1, 5, 10 years), where rapprochement = the end of the strategic rivalry.

Base: the Kaplan–Meier survival of Thompson–Sakuwa–Suhas rivalries, fitted only on what was
known on the as-of day (later ends are censored), conditioned on the rivalry's age:
P(end within h | age t) = 1 − S(t+h) / S(t). Rivalries still running when the data stop
(TSS `end` = 2020) are right-censored there.

Shift: logit(p) + SHIFT_PER_SCORE × mean crack score — a documented, monotone prior rule
(better cracks → likelier rapprochement) until a fitted model replaces it.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from detente.assess.context import Context
from detente.assess.model import Horizon, Outlook

HORIZONS = (1, 5, 10)
SHIFT_PER_SCORE = 1.5
METHOD = ("Kaplan–Meier survival of TSS strategic rivalries known on the as-of date, "
          "conditioned on the rivalry's age, shifted on the logit scale by "
          f"{SHIFT_PER_SCORE} × mean crack score")


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _expit(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def rivalry_spells(tss: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each rivalry begun by `year`, with `duration` (years observed) and `ended` (True when it
    ended before `year` — later ends were not yet known, and the data's end is no end)."""
    known = tss[tss["start"] <= year].copy()
    last = np.minimum(known["end"], year)
    known["ended"] = (known["end"] < year) & ~known["ongoing"]
    known["duration"] = (last - known["start"]).clip(lower=0) + 0.5
    return known


def active_rivalry(tss: pd.DataFrame, cow_a: int, cow_b: int, year: int) -> pd.Series | None:
    """The rivalry between the two states running in `year`, if any (ongoing ones run on)."""
    lo, hi = sorted((cow_a, cow_b))
    rows = tss[(tss["ccode1"] == lo) & (tss["ccode2"] == hi) & (tss["start"] <= year)
               & ((tss["end"] >= year) | tss["ongoing"])]
    return None if rows.empty else rows.sort_values("start").iloc[-1]


def _survival_at(kmf, t: float, column: str | None = None) -> float:
    frame = kmf.survival_function_ if column is None else kmf.confidence_interval_
    col = frame.columns[0] if column is None else column
    idx = frame.index.searchsorted(t, side="right") - 1
    return float(frame[col].iloc[max(idx, 0)])


def outlook(ctx: Context, tss: pd.DataFrame, cow_a: int | None, cow_b: int | None,
            mean_score: float) -> Outlook:
    """The outlook for the pair on ctx.as_of."""
    from lifelines import KaplanMeierFitter

    year = ctx.as_of.year
    spells = rivalry_spells(tss, year)
    exposure = spells["duration"].sum()
    base_rate = float(spells["ended"].sum() / exposure) if exposure else None
    rivalry = None if cow_a is None or cow_b is None else active_rivalry(tss, cow_a, cow_b, year)
    if rivalry is None:
        return Outlook(method=METHOD, base_rate=base_rate,
                       note=(f"No strategic rivalry between {ctx.name_a} and {ctx.name_b} is "
                             f"recorded in TSS for {year}: there is no rivalry to end."))
    kmf = KaplanMeierFitter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kmf.fit(spells["duration"], event_observed=spells["ended"])
    ci = kmf.confidence_interval_.columns
    age = year - int(rivalry["start"]) + 0.5
    s_t = _survival_at(kmf, age)
    shift = SHIFT_PER_SCORE * mean_score
    horizons: dict[str, Horizon] = {}
    for h in HORIZONS:
        if s_t <= 0:
            base, low, high = 1.0, 1.0, 1.0
        else:
            base = 1 - _survival_at(kmf, age + h) / s_t
            high = 1 - _survival_at(kmf, age + h, ci[0]) / s_t   # lower survival → higher p
            low = 1 - _survival_at(kmf, age + h, ci[1]) / s_t
        base, low, high = (min(max(x, 0.0), 1.0) for x in (base, low, high))
        p = _expit(_logit(base) + shift)
        horizons[str(h)] = Horizon(
            probability=round(p, 4), base=round(base, 4),
            low=round(min(p, _expit(_logit(low) + shift)), 4),
            high=round(max(p, _expit(_logit(high) + shift)), 4))
    data_end = int(tss["end"].max())
    start = int(rivalry["start"])
    note = (f"Rivalry '{rivalry['rivalry']}' since {start}, age {year - start} years on the as-of date; "
            f"fitted on {len(spells)} rivalries "
            f"({int(spells['ended'].sum())} ended by {min(year, data_end)}).")
    if year > data_end:
        note += f" TSS codes rivalries to {data_end}; the rivalry is assumed to run on since."
    return Outlook(
        horizons=horizons, method=METHOD, base_rate=round(base_rate, 5) if base_rate else None,
        rivalry={"name": str(rivalry["rivalry"]), "start": int(rivalry["start"]),
                 "age": year - int(rivalry["start"]), "tssr_id": int(rivalry["tssr_id"]),
                 "principal": bool(rivalry["principal"]),
                 "types": [t for t in ("positional", "spatial", "ideological",
                                       "interventionary") if bool(rivalry[t])]},
        shift={"mean_crack_score": round(mean_score, 4), "per_score": SHIFT_PER_SCORE,
               "logit_shift": round(shift, 4)},
        note=note)


def unavailable(reason: str, dataset: str) -> Outlook:
    return Outlook(method="unavailable", note=reason,
                   missing=[{"dataset": dataset, "command": f"detente data pull {dataset}"}])
