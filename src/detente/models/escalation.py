"""The Richardson security-dilemma model, fitted in discrete time, scikit-learn style.

    dx/dt = k·y − a·x + g,   dy/dt = l·x − b·y + h

becomes Δx_t = k·y_{t−1} − a·x_{t−1} + g + e_t and Δy_t = l·x_{t−1} − b·y_{t−1} + h + u_t, one
OLS per equation (both equations have the same regressors, so SUR is the same estimator) with
Newey–West (HAC) standard errors and t-based 95% intervals. k and l are the reactions to the
rival (the security dilemma), a and b the fatigue or restraint terms, g and h the grievances.

Stability: the continuous model is stable when ab > kl (with a, b > 0); the discrete system
z_t = M·z_{t−1} + c, M = [[1 − a, k], [l, 1 − b]], is stable when every eigenvalue of M lies
inside the unit circle. The equilibrium x* = (b·g + k·h)/(ab − kl), y* = (a·h + l·g)/(ab − kl)
exists when ab ≠ kl (and attracts only when the system is stable).

Verdict (VERDICTS, in order): `spiral` when k > 0, l > 0, ab < kl and k or l is significantly
> 0 (its 95% interval above 0); `stable rivalry` when the discrete system is stable and k or l
is significantly > 0; `damping` when it is stable and neither is; `drift` when it is unstable
without a significant mutual reaction (the series trend on their own; no security-dilemma
reading). Caveat: with trending series a and b are biased towards mean reversion in short
samples (Dickey–Fuller bias) and the intervals assume stationarity.

`Richardson(...).fit(frame)` returns a `RichardsonResults`. The data (COW NMC, the event store)
and the span choice are in `escalation_data`, the assessment's finding in `escalation_finding`,
the validation against the Gibler–Rider–Hutchison arms races in `escalation_validate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import OLS
from statsmodels.tools.tools import add_constant

from detente.core.errors import DataError
from detente.models.results import Coefficient, Results

MIN_OBSERVATIONS = 10  # usable (t−1, t) pairs per equation
VERDICTS = {
    "spiral": "mutual reaction outruns restraint (k, l > 0, ab < kl): each side's build-up feeds "
              "the other's and the system has no resting point",
    "stable rivalry": "at least one side reacts significantly to the other, but restraint wins: "
                      "the pair settles towards an equilibrium",
    "damping": "no significant reaction to the rival; the system is stable",
    "drift": "the system is unstable without a significant mutual reaction: the series trend "
             "on their own",
}
NAMES = ("k", "a", "g", "l", "b", "h")


@dataclass(frozen=True)
class RichardsonResults(Results):
    """The fitted model: coefficients (k, a, g, l, b, h) with 95% HAC intervals and p-values,
    stability, equilibrium and verdict."""

    coefficients: dict[str, Coefficient]
    periods: list[Any]
    n: int
    r2: tuple[float, float]
    maxlags: int
    actual: pd.DataFrame = field(repr=False)          # x, y by period
    one_step: pd.DataFrame = field(repr=False)        # fitted x, y (from the previous period)
    path: pd.DataFrame = field(repr=False)            # the model's own path from the first period

    def value(self, name: str) -> float:
        return self.coefficients[name].estimate

    @property
    def matrix(self) -> np.ndarray:
        """M of the discrete system z_t = M z_{t−1} + c."""
        k, a, _, l_, b, _ = (self.value(n) for n in NAMES)
        return np.array([[1 - a, k], [l_, 1 - b]])

    @property
    def eigenvalues(self) -> np.ndarray:
        return np.linalg.eigvals(self.matrix)

    @property
    def spectral_radius(self) -> float:
        return float(np.max(np.abs(self.eigenvalues)))

    @property
    def ab_minus_kl(self) -> float:
        return self.value("a") * self.value("b") - self.value("k") * self.value("l")

    @property
    def stable(self) -> bool:
        """The discrete system's stability (every eigenvalue inside the unit circle)."""
        return self.spectral_radius < 1

    @property
    def equilibrium(self) -> tuple[float, float] | None:
        k, a, g, l_, b, h = (self.value(n) for n in NAMES)
        det = a * b - k * l_
        if abs(det) < 1e-12:
            return None
        return (b * g + k * h) / det, (a * h + l_ * g) / det

    @property
    def verdict(self) -> str:
        k, l_ = self.coefficients["k"], self.coefficients["l"]
        reacts = k.significant_positive() or l_.significant_positive()
        if k.estimate > 0 and l_.estimate > 0 and self.ab_minus_kl < 0 and reacts:
            return "spiral"
        if self.stable:
            return "stable rivalry" if reacts else "damping"
        return "drift"

    def figures(self) -> dict[str, Any]:
        """Plain numbers for JSON: coefficients, stability, equilibrium, verdict."""
        eq = self.equilibrium
        return {
            "coefficients": {n: self.coefficients[n].as_dict() for n in NAMES},
            "ab": self.value("a") * self.value("b"), "kl": self.value("k") * self.value("l"),
            "ab_gt_kl": self.ab_minus_kl > 0,
            "eigenvalues": [_complex(v) for v in self.eigenvalues],
            "spectral_radius": self.spectral_radius, "stable": self.stable,
            "equilibrium": None if eq is None else {"x": eq[0], "y": eq[1], "attracting": self.stable},
            "n": self.n, "r2": list(self.r2), "hac_maxlags": self.maxlags,
            "span": [str(self.periods[0]), str(self.periods[-1])],
            "verdict": self.verdict,
        }

    def summary(self) -> str:
        lines = [f"Richardson model, {self.periods[0]}–{self.periods[-1]} ({self.n} changes per "
                 f"equation, HAC lags {self.maxlags}; R² x {self.r2[0]:.2f}, y {self.r2[1]:.2f})"]
        for n in NAMES:
            c = self.coefficients[n]
            lines.append(f"  {n} = {c.estimate:+.4f}  [{c.low:+.4f}, {c.high:+.4f}]  p = {c.p_value:.3f}")
        eq = self.equilibrium
        eq_text = "none (ab = kl)" if eq is None else f"({eq[0]:.3f}, {eq[1]:.3f})"
        lines.append(f"  ab − kl = {self.ab_minus_kl:+.4f}; |eigenvalues| max {self.spectral_radius:.3f} "
                     f"({'stable' if self.stable else 'unstable'}); equilibrium {eq_text}")
        lines.append(f"  verdict: {self.verdict} — {VERDICTS[self.verdict]}")
        return "\n".join(lines)

    def predict(self, frame: pd.DataFrame) -> pd.DataFrame:
        """One-step-ahead x, y for each period from the previous period's values."""
        prev = frame[["x", "y"]].shift(1).to_numpy()
        c = np.array([self.value("g"), self.value("h")])
        return pd.DataFrame(prev @ self.matrix.T + c, index=frame.index, columns=["x", "y"])


def _complex(v: complex) -> float | list[float]:
    v = complex(v)
    return float(v.real) if abs(v.imag) < 1e-12 else [float(v.real), float(v.imag)]


def default_maxlags(n: int) -> int:
    """Newey–West's rule of thumb, floor(4·(n/100)^(2/9)), at least 1."""
    return max(1, int(np.floor(4 * (n / 100) ** (2 / 9))))


class Richardson:
    """`Richardson().fit(frame)` on a frame with columns x and y indexed by regular periods
    (gaps as NaN) returns the `RichardsonResults`."""

    def __init__(self, maxlags: int | None = None, alpha: float = 0.05) -> None:
        self.maxlags = maxlags
        self.alpha = alpha

    def fit(self, frame: pd.DataFrame) -> RichardsonResults:
        if not {"x", "y"} <= set(frame.columns):
            raise DataError("a Richardson fit needs columns x and y", field="x, y")
        z = frame[["x", "y"]].astype("float64")
        if not np.isfinite(z.to_numpy()[~z.isna().to_numpy()]).all():
            raise DataError("the series hold infinite values", field="x, y")
        rows = pd.DataFrame({"x": z["x"], "y": z["y"], "x0": z["x"].shift(1), "y0": z["y"].shift(1)}).dropna()
        n = len(rows)
        if n < MIN_OBSERVATIONS:
            raise DataError(f"only {n} usable year-on-year changes (at least {MIN_OBSERVATIONS} needed)")
        lags = self.maxlags if self.maxlags is not None else default_maxlags(n)
        design = add_constant(rows[["x0", "y0"]], has_constant="add")
        _check_identified(rows, design)
        coefs: dict[str, Coefficient] = {}
        r2 = []
        for target, own, other, (react, restrain, grievance) in (
                ("x", "x0", "y0", ("k", "a", "g")), ("y", "y0", "x0", ("l", "b", "h"))):
            res = OLS(rows[target] - rows[own], design).fit(
                cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True}, use_t=True)
            ci = res.conf_int(self.alpha)
            coefs[react] = Coefficient(float(res.params[other]), float(ci.loc[other, 0]),
                                       float(ci.loc[other, 1]), p_value=float(res.pvalues[other]))
            # restraint enters with a minus sign: a = −(coefficient on own lag)
            coefs[restrain] = Coefficient(-float(res.params[own]), -float(ci.loc[own, 1]),
                                          -float(ci.loc[own, 0]), p_value=float(res.pvalues[own]))
            coefs[grievance] = Coefficient(float(res.params["const"]), float(ci.loc["const", 0]),
                                           float(ci.loc["const", 1]),
                                           p_value=float(res.pvalues["const"]))
            r2.append(float(res.rsquared))
        coefs = {name: coefs[name] for name in NAMES}
        one_step = pd.DataFrame({
            "x": rows["x0"] + coefs["k"].estimate * rows["y0"] - coefs["a"].estimate * rows["x0"]
            + coefs["g"].estimate,
            "y": rows["y0"] + coefs["l"].estimate * rows["x0"] - coefs["b"].estimate * rows["y0"]
            + coefs["h"].estimate})
        first = z.dropna().index[0]
        actual = z.loc[first:rows.index[-1]]
        partial = RichardsonResults(coefs, list(actual.index), n, (r2[0], r2[1]), lags, actual,
                                    one_step, pd.DataFrame())
        path = simulate_path(partial, actual.iloc[0].to_numpy(), actual.index)
        return RichardsonResults(coefs, list(actual.index), n, (r2[0], r2[1]), lags, actual,
                                 one_step, path)


def _check_identified(rows: pd.DataFrame, design: pd.DataFrame) -> None:
    """A DataError naming why the model cannot be fitted: a side's spending that never changes,
    or two series that move in lockstep, leave the design rank-deficient."""
    if np.linalg.matrix_rank(design.to_numpy()) < design.shape[1]:
        constant = [s for s in ("x", "y") if rows[f"{s}0"].nunique() < 2]
        why = (f"{' and '.join(constant)} never change{'s' if len(constant) == 1 else ''}"
               if constant else "the two series move in lockstep")
        raise DataError(f"the Richardson model cannot be fitted over {len(rows)} years: {why}",
                        field="x, y")
    for target, own in (("x", "x0"), ("y", "y0")):
        if (rows[target] - rows[own]).nunique() < 2:
            raise DataError(f"the Richardson model cannot be fitted: {target} changes by the same "
                            f"amount every year over {len(rows)} years", field=target)


def simulate_path(fit: RichardsonResults, start: np.ndarray, index: pd.Index) -> pd.DataFrame:
    """The deterministic path z_t = M z_{t−1} + c from `start` over `index`."""
    c = np.array([fit.value("g"), fit.value("h")])
    zs = [np.asarray(start, dtype="float64")]
    for _ in range(len(index) - 1):
        zs.append(fit.matrix @ zs[-1] + c)
    return pd.DataFrame(zs, index=index, columns=["x", "y"])
