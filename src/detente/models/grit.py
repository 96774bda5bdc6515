"""Osgood's GRIT (Graduated Reciprocation in Tension-reduction), simulated on a fitted
reciprocity VAR: the initiator takes N announced, verifiable unilateral conciliatory steps, one
per period, and we ask how the other side is expected to respond.

Monte Carlo over `draws`: each draw takes VAR coefficients from their estimated sampling
distribution (normal, mean the estimates, covariance statsmodels' `cov_params`; explosive draws
are redrawn) and shocks from the residual covariance. Every draw runs twice with the same
coefficients and shocks — a baseline and a GRIT run in which the initiator's equation gets an
extra shock of STEP_SD × the SD of its own series in each of the first N periods.

* **threshold**: the responder's expected level (the draw's path without noise) reaches its
  own fitted-sample mean + THRESHOLD_SD × SD: markedly more cooperative than its average;
* **p_reach**: share of draws whose expected level reaches it within the horizon (GRIT and
  baseline); **expected_periods**: mean first period of reaching, among those that reach;
  **median_periods**: the median over all draws (None while fewer than half reach);
* **exploitation_risk**: share of draws in which the responder's mean response (GRIT − baseline)
  over the N step periods and the one after is ≤ 0: the gestures bought nothing, or hostility;
* **per step**: the expected response by the period after step k, and P(it is > 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from detente.core.errors import DataError
from detente.models.reciprocity import ReciprocityResults

STEP_SD = 1.0
THRESHOLD_SD = 0.5
HORIZON = {"month": 24, "year": 10}
BAND = (5, 95)
MAX_ROUNDS = 20


@dataclass
class GritResult:
    """What the simulation found; `as_dict()` is the JSON form."""

    initiator: str
    responder: str
    steps: int
    period: str
    step_size: float
    threshold: float
    horizon: int
    draws: int
    p_reach: float
    p_reach_baseline: float
    expected_periods: float | None
    median_periods: float | None
    exploitation_risk: float
    per_step: list[dict[str, float]]
    paths: dict[str, list] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _companion_stable(coefs: np.ndarray) -> bool:
    p, k, _ = coefs.shape
    top = np.concatenate(list(coefs), axis=1)
    comp = np.vstack([top, np.eye(k * (p - 1), k * p)]) if p > 1 else top
    return bool(np.max(np.abs(np.linalg.eigvals(comp))) < 1)


def _draw_params(model: ReciprocityResults, draws: int, rng: np.random.Generator
                 ) -> tuple[np.ndarray, np.ndarray]:
    """`draws` stable (intercepts (draws, k), coefs (draws, p, k, k)) from the estimates'
    sampling distribution; params rows are const, L1.x1, L1.x2, L2.x1, …"""
    res = model.var
    mean = res.params.to_numpy().ravel()  # row-major: matches cov_params' (param, equation) order
    cov = res.cov_params().to_numpy()
    k, p = res.neqs, model.lags
    consts, coefs = [], []
    for _ in range(MAX_ROUNDS):
        if len(coefs) == draws:
            break
        for vec in rng.multivariate_normal(mean, cov, size=draws, method="cholesky"):
            params = vec.reshape(1 + k * p, k)
            c = params[1:].reshape(p, k, k).transpose(0, 2, 1)  # c[l][eq, var]
            if _companion_stable(c):
                consts.append(params[0])
                coefs.append(c)
                if len(coefs) == draws:
                    break
    if len(coefs) < draws:
        raise DataError("the fitted VAR is (nearly) explosive: too few stable coefficient draws")
    return np.array(consts), np.array(coefs)


def _run(consts: np.ndarray, coefs: np.ndarray, start: np.ndarray, shocks: np.ndarray
         ) -> np.ndarray:
    """Paths (draws, horizon, k) from `start` (p, k; oldest first) given shocks (draws, h, k)."""
    n, h, k = shocks.shape
    p = coefs.shape[1]
    hist = np.repeat(start[None], n, axis=0)  # (n, p, k)
    out = np.empty((n, h, k))
    for t in range(h):
        nxt = consts.copy()
        for lag in range(p):
            nxt += np.einsum("nij,nj->ni", coefs[:, lag], hist[:, -1 - lag])
        nxt += shocks[:, t]
        out[:, t] = nxt
        hist = np.concatenate([hist[:, 1:], nxt[:, None]], axis=1)
    return out


def _first(hit: np.ndarray) -> np.ndarray:
    """First period (1-based) at which each row is True; inf when never."""
    first = np.where(hit.any(axis=1), hit.argmax(axis=1) + 1, np.inf)
    return first.astype(float)


def _band(paths: np.ndarray) -> dict[str, list[float]]:
    lo, hi = np.percentile(paths, BAND, axis=0)
    return {"mean": _r(paths.mean(axis=0)), "low": _r(lo), "high": _r(hi)}


def _r(values: np.ndarray) -> list[float]:
    return [round(float(v), 4) for v in values]


def simulate_grit(model: ReciprocityResults, initiator: int, steps: int, *, period: str = "year",
                  horizon: int | None = None, draws: int = 2000, seed: int = 0) -> GritResult:
    """Simulate `steps` conciliatory steps by side `initiator` (0 = A, 1 = B) on a fitted model."""
    if not 1 <= steps <= 12:
        raise ValueError("steps must be 1–12")
    horizon = horizon or HORIZON[period]
    horizon = max(horizon, steps + 1)
    responder = 1 - initiator
    rng = np.random.default_rng(seed)
    data = model.data.to_numpy()
    sd = data.std(axis=0, ddof=1)
    step = STEP_SD * sd[initiator]
    threshold = data[:, responder].mean() + THRESHOLD_SD * sd[responder]
    consts, coefs = _draw_params(model, draws, rng)
    start = data[-model.lags:]
    sigma = model.var.sigma_u.to_numpy()
    noise = rng.multivariate_normal(np.zeros(2), sigma, size=(draws, horizon))
    push = np.zeros((draws, horizon, 2))
    push[:, :steps, initiator] = step
    zero = np.zeros_like(noise)
    expected = {"grit": _run(consts, coefs, start, push), "baseline": _run(consts, coefs, start, zero)}
    realised = {"grit": _run(consts, coefs, start, noise + push),
                "baseline": _run(consts, coefs, start, noise)}
    reach = _first(expected["grit"][:, :, responder] >= threshold)
    reach_base = _first(expected["baseline"][:, :, responder] >= threshold)
    response = expected["grit"][:, :, responder] - expected["baseline"][:, :, responder]
    window = response[:, : steps + 1].mean(axis=1)
    per_step = []
    for k in range(1, steps + 1):
        by = response[:, : k + 1].mean(axis=1)
        per_step.append({"step": k, "expected_response": round(float(by.mean()), 4),
                         "p_positive": round(float((by > 0).mean()), 4)})
    reached = np.isfinite(reach)
    median = float(np.median(reach))
    names = list(model.columns)
    return GritResult(
        initiator=names[initiator], responder=names[responder], steps=steps, period=period,
        step_size=round(float(step), 4), threshold=round(float(threshold), 4), horizon=horizon,
        draws=draws, p_reach=round(float(reached.mean()), 4),
        p_reach_baseline=round(float(np.isfinite(reach_base).mean()), 4),
        expected_periods=round(float(reach[reached].mean()), 2) if reached.any() else None,
        median_periods=median if np.isfinite(median) else None,
        exploitation_risk=round(float((window <= 0).mean()), 4), per_step=per_step,
        paths={"period": list(range(1, horizon + 1)),
               **{f"{names[s]} {run}": _band(realised[run][:, :, s])
                  for run in ("grit", "baseline") for s in (responder, initiator)},
               "threshold": round(float(threshold), 4)})
