"""Change points in a monthly index series: PELT with a least-squares cost, from `ruptures`
(its kernel implementation with the linear kernel, which is the least-squares cost, in C).

The penalty is a modified BIC for shifts in the mean, 3·σ²·log(n), with the noise σ estimated from
the median absolute first difference (robust to the shifts themselves): a change is reported
only when it explains more than the noise would by chance.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

MIN_SIZE = 3  # months in a regime, at least
PENALTY_FACTOR = 3.0  # × σ² log n: about 1.5 % false alarms on 120 months of white noise


def noise_sigma(signal: np.ndarray) -> float:
    """σ of white noise from the median absolute first difference (MAD / 0.6745 / √2)."""
    if len(signal) < 2:
        return 0.0
    return float(np.median(np.abs(np.diff(signal))) / 0.6745 / math.sqrt(2))


def breakpoints(signal: np.ndarray, penalty: float | None = None,
                min_size: int = MIN_SIZE) -> list[int]:
    """Indices where a new regime starts (0 < i < n)."""
    signal = np.asarray(signal, dtype=float)
    n = len(signal)
    if n < 2 * min_size:
        return []
    if penalty is None:
        sigma = noise_sigma(signal)
        if sigma == 0:
            sigma = float(np.std(signal)) / 10 or 1e-9
        penalty = PENALTY_FACTOR * sigma**2 * math.log(n)
    import ruptures  # slow to import (≈1 s): only when change points are asked for

    algo = ruptures.KernelCPD(kernel="linear", min_size=min_size, jump=1).fit(signal)
    return [int(i) for i in algo.predict(pen=penalty) if i < n]


def change_points(index: pd.DataFrame, column: str = "net_cooperation",
                  penalty: float | None = None) -> pd.DataFrame:
    """Change points of `column` in each direction of a monthly index: direction, period (the
    first month of the new regime), mean before and after, months in each. Months without
    events carry the last known value (they hold no evidence of change)."""
    rows = []
    for (source, target), part in index.groupby(["source", "target"], sort=False):
        series = part[column].astype(float).ffill().bfill()
        if series.isna().all():
            continue
        values = series.to_numpy()
        cuts = breakpoints(values, penalty)
        bounds = [0, *cuts, len(values)]
        for k, cut in enumerate(cuts):
            before = values[bounds[k]:cut]
            after = values[cut:bounds[k + 2]]
            rows.append({"source": source, "target": target,
                         "period": part["period"].iloc[cut], "column": column,
                         "mean_before": round(float(before.mean()), 4),
                         "mean_after": round(float(after.mean()), 4),
                         "months_before": len(before), "months_after": len(after)})
    return pd.DataFrame(rows, columns=["source", "target", "period", "column", "mean_before",
                                       "mean_after", "months_before", "months_after"])
