"""Reciprocity or routine (Goldstein & Freeman 1990): a two-equation VAR on the directed series
A→B and B→A (higher = more cooperative), its lag chosen by an information criterion.

Each side's *reciprocity coefficient* is the sum of the other side's lag coefficients in its
equation (how much of the other's last moves it answers); its *routine* is its own-lag sum and
intercept. The verdict rule (`verdict_of`): side X answers side Y when the Granger test of
Y → X rejects at ALPHA and X's reciprocity coefficient is positive; both answering is
`mutual reciprocity`, neither is `routine (no reciprocity)`. A significant negative sum (X
answers cooperation with hostility) is reported as an inverse response, not as reciprocity.

`Reciprocity(...).fit(frame)` takes a frame of two columns (A's series, B's series) indexed by
period and returns a `ReciprocityResults`. `reciprocity_finding.fit_pair` fits it to a pair's
data as known on a day (monthly events, else annual MIDs, see `reciprocity_data`), and
`reciprocity_finding.reciprocity_finding` turns that into the assessment's finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.tsa.vector_ar.irf import IRAnalysis
from statsmodels.tsa.vector_ar.var_model import VAR, VARResults

from detente.core.errors import DataError
from detente.models.results import Coefficient, Results

ALPHA = 0.05
# per data kind: lag cap, impulse-response horizon, horizons reported
SETTINGS = {"monthly": {"maxlags": 6, "horizon": 12, "report": (1, 3, 6, 12)},
            "annual": {"maxlags": 3, "horizon": 6, "report": (1, 2, 3, 5)}}
VERDICTS = ("mutual reciprocity", "A answers B only", "B answers A only", "routine (no reciprocity)")


def verdict_of(answers_a: bool, answers_b: bool) -> str:
    """`answers_a`: A answers B (B → A Granger-significant with a positive sum), and so on."""
    if answers_a and answers_b:
        return "mutual reciprocity"
    if answers_a:
        return "A answers B only"
    if answers_b:
        return "B answers A only"
    return "routine (no reciprocity)"


class Reciprocity:
    """VAR reciprocity model. `maxlags` caps the lag search, `ic` picks the lag (aic, bic,
    hqic, fpe); `horizon` is the last impulse-response period."""

    def __init__(self, maxlags: int = 6, ic: str = "bic", horizon: int = 12,
                 report: tuple[int, ...] = (1, 3, 6, 12)) -> None:
        self.maxlags = maxlags
        self.ic = ic
        self.horizon = horizon
        self.report = report

    def fit(self, frame: pd.DataFrame) -> ReciprocityResults:
        """Fit on two columns (A's series then B's)."""
        if frame.shape[1] != 2:
            raise DataError(f"reciprocity needs two series (A→B, B→A), got {frame.shape[1]}")
        data = frame.astype("float64")
        if data.isna().any().any():
            raise DataError("the series have gaps (NaN); fill or drop them first")
        if (data.std() == 0).any():
            raise DataError("a series is constant: nothing to explain")
        cap = max(1, min(self.maxlags, (len(data) - 10) // 6))
        if len(data) < 12:
            raise DataError(f"too short a series ({len(data)} periods; need 12)")
        columns = [str(c) for c in data.columns]
        data = data.set_axis(columns, axis=1)
        model = VAR(data.reset_index(drop=True))
        try:
            chosen = int(model.select_order(cap).selected_orders[self.ic])
            lags = max(1, chosen)
            var = model.fit(lags)
        except (ValueError, np.linalg.LinAlgError) as exc:
            raise DataError(_unfittable(data, cap, exc)) from None
        return ReciprocityResults(columns, data, lags, var, var.irf(self.horizon), self.ic,
                                  self.maxlags, self.report)


def _unfittable(data: pd.DataFrame, cap: int, exc: Exception) -> str:
    """Why the VAR could not be fitted, in plain words."""
    flat = [str(c) for c in data.columns if data[c].iloc[cap:].nunique() < 2]
    if flat:
        return (f"the {', '.join(flat)} series is constant after its first {cap} periods "
                f"({data.index[cap]}–{data.index[-1]}): a VAR cannot be fitted")
    return f"the VAR cannot be fitted to these series ({exc})"


@dataclass
class ReciprocityResults(Results):
    """The fitted VAR (`var`, statsmodels' VARResults) read as reciprocity: each side's
    reciprocity and routine sums, Granger tests, impulse responses and the verdict."""

    columns: list[str]
    data: pd.DataFrame
    lags: int
    var: VARResults = field(repr=False)
    irf: IRAnalysis = field(repr=False)
    ic: str = "bic"
    maxlags: int = 6
    report: tuple[int, ...] = (1, 3, 6, 12)

    @property
    def coefficients(self) -> dict[str, Coefficient]:
        """Each side's reciprocity sum (the other's lags) and routine sum (its own lags)."""
        out = {}
        for side, me in enumerate(self.columns):
            out[f"reciprocity {me}"] = self.reciprocity(side)
            out[f"routine {me}"] = self._sum(me, me)
        return out

    # ── figures ─────────────────────────────────────────────────────────────────────────────
    def _sum(self, equation: str, regressor: str) -> Coefficient:
        names = [f"L{k}.{regressor}" for k in range(1, self.lags + 1)]
        est = float(self.var.params.loc[names, equation].sum())
        cov = self.var.cov_params()
        idx = [(n, equation) for n in names]
        var = float(cov.loc[idx, idx].to_numpy().sum())
        return Coefficient.normal(est, float(np.sqrt(max(var, 0.0))), ALPHA)

    def reciprocity(self, side: int) -> Coefficient:
        """Side `side` (0 = A, 1 = B): the sum of the other side's lags in its equation."""
        me, other = self.columns[side], self.columns[1 - side]
        return self._sum(me, other)

    def routine(self, side: int) -> dict[str, object]:
        """Own-lag sum and intercept of side `side`'s equation."""
        me = self.columns[side]
        const = Coefficient.normal(float(self.var.params.loc["const", me]),
                                   float(self.var.bse.loc["const", me]), ALPHA)
        return {"own_lags": self._sum(me, me).as_dict(4), "intercept": const.as_dict(4)}

    def granger_p(self, causing: int) -> float:
        """p-value (F test) that side `causing`'s lags help predict the other side."""
        test = self.var.test_causality(self.columns[1 - causing], [self.columns[causing]], kind="f")
        return float(test.pvalue)

    def answers(self, side: int) -> bool:
        """Side `side` answers the other: Granger-significant and a positive reciprocity sum."""
        return self.granger_p(1 - side) < ALPHA and self.reciprocity(side).estimate > 0

    @property
    def verdict(self) -> str:
        return verdict_of(self.answers(0), self.answers(1))

    def impulse(self, impulse: int, response: int) -> pd.DataFrame:
        """Response of `response` to a one-SD shock in `impulse`'s equation (not
        orthogonalised), by horizon 0…horizon: estimate, low, high (asymptotic ± z·se)."""
        sd = float(np.sqrt(self.var.sigma_u.to_numpy()[impulse, impulse]))
        est = self.irf.irfs[:, response, impulse] * sd
        se = self.irf.stderr(orth=False)[:, response, impulse] * sd
        z = stats.norm.ppf(1 - ALPHA / 2)
        return pd.DataFrame({"horizon": np.arange(len(est)), "estimate": est,
                             "low": est - z * se, "high": est + z * se})

    def figures(self, names: tuple[str, str]) -> dict[str, object]:
        """The figures a finding reports, keyed by the states' codes `names` (A, B)."""
        a, b = names
        irf = {}
        for imp, resp in ((0, 1), (1, 0)):
            frame = self.impulse(imp, resp)
            rows = frame[frame["horizon"].isin(self.report)]
            irf[f"{names[resp]} after a {names[imp]} shock"] = {
                f"h{int(r.horizon)}": [round(float(v), 4) for v in (r.estimate, r.low, r.high)]
                for r in rows.itertuples()}
        return {
            "lags": self.lags, "lag_criterion": self.ic, "lag_cap": self.maxlags,
            "periods": int(self.var.nobs),
            "reciprocity": {f"{a} answers {b}": self.reciprocity(0).as_dict(4),
                            f"{b} answers {a}": self.reciprocity(1).as_dict(4)},
            "granger_p": {f"{b} → {a}": round(self.granger_p(1), 4),
                          f"{a} → {b}": round(self.granger_p(0), 4)},
            "routine": {a: self.routine(0), b: self.routine(1)},
            "irf": irf,
            "residual_sd": {a: round(float(np.sqrt(self.var.sigma_u.iloc[0, 0])), 4),
                            b: round(float(np.sqrt(self.var.sigma_u.iloc[1, 1])), 4)},
        }

    def summary(self) -> str:
        """The statsmodels VAR summary."""
        return str(self.var.summary())
