"""What the rivalry model must beat: the base rate, a duration-only Weibull (Bennett 1998
style) and a plain logit on age, type, capability ratio and recent disputes. Each is fitted
on what was known at the end of the cut year and predicts P(the rivalry ends within 5 years)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from detente.core.errors import DataError
from detente.models.rivalry import ridge_logit

PLAIN_FEATURES = ("age", "positional", "spatial", "ideological", "interventionary", "log_cap_ratio",
                  "mid_onsets_10y")


def known_by(rows: pd.DataFrame, cut: int) -> pd.DataFrame:
    """Rows whose 5-year outcome was known at the end of `cut` (years ≤ cut − 4)."""
    return rows[(rows["year"] <= cut - 4) & rows["ends_within_5"].notna()]


class BaseRate:
    """The share of rivalry-years, up to the cut, that saw their rivalry end within 5 years."""

    def fit(self, rows: pd.DataFrame, cut: int) -> BaseRate:
        train = known_by(rows, cut)
        if train.empty:
            raise DataError(f"no 5-year outcomes known by {cut}", field="cut")
        self.rate_ = float(train["ends_within_5"].astype(float).mean())
        return self

    def predict(self, rows: pd.DataFrame) -> np.ndarray:
        return np.full(len(rows), self.rate_)


class DurationWeibull:
    """A Weibull survival model of rivalry duration alone: rivalries begun by the cut, those
    ended by then as events, the others censored at the cut. P(end within 5 | age a) =
    1 − S(a + 5) / S(a), durations counted in rivalry-years (end − start + 1)."""

    def fit(self, tss: pd.DataFrame, cut: int) -> DurationWeibull:
        from lifelines import WeibullFitter

        known = tss[tss["start"] <= cut]
        ended = ~known["ongoing"] & (known["end"] <= cut)
        duration = np.where(ended, known["end"], np.minimum(known["end"], cut)) - known["start"] + 1
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.fitter_ = WeibullFitter().fit(duration.astype(float), event_observed=ended)
        self.lambda_, self.rho_ = float(self.fitter_.lambda_), float(self.fitter_.rho_)
        return self

    def survival(self, t: np.ndarray) -> np.ndarray:
        return np.exp(-((np.maximum(t, 0.0) / self.lambda_) ** self.rho_))

    def predict(self, rows: pd.DataFrame, horizon: int = 5) -> np.ndarray:
        age = rows["age"].astype(float).to_numpy()
        return 1 - self.survival(age + horizon) / self.survival(age)


class PlainLogit:
    """An unpenalised logit of the 5-year outcome on rivalry age, the four TSS elements, the
    log capability ratio and MIDs begun in the last ten years (medians fill the gaps)."""

    def fit(self, rows: pd.DataFrame, cut: int) -> PlainLogit:
        train = known_by(rows, cut)
        x = self._x(train)
        self.medians_ = x.median().fillna(0.0)
        x = x.fillna(self.medians_)
        self.means_, self.scales_ = x.mean(), x.std(ddof=0).replace(0, 1.0)
        z = ((x - self.means_) / self.scales_).to_numpy()
        self.coef_, self.intercept_ = ridge_logit(z, train["ends_within_5"].to_numpy(bool),
                                                  np.ones(len(train)), C=1e6)
        return self

    @staticmethod
    def _x(rows: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame({c: rows[c].astype(float) for c in PLAIN_FEATURES if c in rows}, index=rows.index)
        out["log_cap_ratio"] = np.log(rows["cap_ratio"].astype(float))
        return out[list(PLAIN_FEATURES)]

    def predict(self, rows: pd.DataFrame) -> np.ndarray:
        z = ((self._x(rows).fillna(self.medians_) - self.means_) / self.scales_).to_numpy()
        return 1 / (1 + np.exp(-(self.intercept_ + z @ self.coef_)))
