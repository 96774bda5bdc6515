"""What every fitted model hands back, statsmodels style: `Model(settings).fit(data)` returns a
results object with `params`, `conf_int()`, `summary_frame()` and `summary()`, built on one
`Coefficient` type (an estimate with its interval, and its standard error and p-value where the
model has them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from scipy import stats


@dataclass(frozen=True)
class Coefficient:
    """An estimate with its (1 − alpha) interval; `se` and `p_value` where the model gives them."""

    estimate: float
    low: float
    high: float
    se: float | None = None
    p_value: float | None = None

    @classmethod
    def normal(cls, estimate: float, se: float, alpha: float = 0.05) -> Coefficient:
        """The estimate with a normal interval estimate ± z(1 − alpha/2) · se."""
        z = stats.norm.ppf(1 - alpha / 2)
        return cls(estimate, estimate - z * se, estimate + z * se, se)

    def significant_positive(self) -> bool:
        """The whole interval lies above 0."""
        return self.low > 0

    def as_dict(self, digits: int | None = None) -> dict[str, float]:
        """{estimate, [se,] low, high[, p]}, rounded to `digits` when given."""
        out = {"estimate": self.estimate}
        if self.se is not None:
            out["se"] = self.se
        out |= {"low": self.low, "high": self.high}
        if self.p_value is not None:
            out["p"] = self.p_value
        return {k: round(float(v), digits) for k, v in out.items()} if digits is not None else out


class Results:
    """Mixin: the frames a results object derives from its `coefficients` mapping (name →
    Coefficient), an attribute or property of the class that uses it."""

    coefficients: Mapping[str, Coefficient]

    @property
    def params(self) -> pd.Series:
        """The estimates by name."""
        return pd.Series({n: c.estimate for n, c in self.coefficients.items()}, name="estimate")

    def conf_int(self) -> pd.DataFrame:
        """Interval bounds by name (columns low, high)."""
        return pd.DataFrame({"low": {n: c.low for n, c in self.coefficients.items()},
                             "high": {n: c.high for n, c in self.coefficients.items()}})

    def summary_frame(self) -> pd.DataFrame:
        """One row per coefficient: estimate, se, low, high, p (NaN where the model has none)."""
        return pd.DataFrame([{"name": n, "estimate": c.estimate, "se": c.se, "low": c.low,
                              "high": c.high, "p": c.p_value}
                             for n, c in self.coefficients.items()]).set_index("name").astype("float64")
