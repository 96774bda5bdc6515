"""Reciprocity or routine (Goldstein & Freeman 1990): a two-equation VAR on the directed series
A→B and B→A (higher = more cooperative), its lag chosen by an information criterion.

Each side's *reciprocity coefficient* is the sum of the other side's lag coefficients in its
equation (how much of the other's last moves it answers); its *routine* is its own-lag sum and
intercept. The verdict rule (`verdict_of`): side X answers side Y when the Granger test of
Y → X rejects at ALPHA and X's reciprocity coefficient is positive; both answering is
`mutual reciprocity`, neither is `routine (no reciprocity)`. A significant negative sum (X
answers cooperation with hostility) is reported as an inverse response, not as reciprocity.

`Reciprocity(...).fit(frame)` takes a frame of two columns (A's series, B's series) indexed by
period; the learned state ends in `_`. `fit_pair` fits it to a pair's data as known on a day
(monthly events, else annual MIDs, see `reciprocity_data`), `reciprocity_finding` turns that
into the assessment's finding.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.tsa.api import VAR

from detente.core.countries import State
from detente.core.errors import DataError
from detente.core.finding import DynamicsFinding
from detente.models.reciprocity_data import MIN_MONTHS, PairSeries, mid_series, monthly_series, un_series

ALPHA = 0.05
# per data kind: lag cap, impulse-response horizon, horizons reported
SETTINGS = {"monthly": {"maxlags": 6, "horizon": 12, "report": (1, 3, 6, 12)},
            "annual": {"maxlags": 3, "horizon": 6, "report": (1, 2, 3, 5)}}
VERDICTS = ("mutual reciprocity", "A answers B only", "B answers A only", "routine (no reciprocity)")


@dataclass(frozen=True)
class Coefficient:
    """An estimate with its standard error and a (1 − ALPHA) normal interval."""

    estimate: float
    se: float

    @property
    def low(self) -> float:
        return self.estimate - stats.norm.ppf(1 - ALPHA / 2) * self.se

    @property
    def high(self) -> float:
        return self.estimate + stats.norm.ppf(1 - ALPHA / 2) * self.se

    def as_dict(self) -> dict[str, float]:
        return {k: round(float(getattr(self, k)), 4) for k in ("estimate", "se", "low", "high")}


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

    def fit(self, frame: pd.DataFrame) -> Reciprocity:
        """Fit on two columns (A's series then B's); returns self."""
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
        self.columns_ = [str(c) for c in data.columns]
        self.data_ = data.set_axis(self.columns_, axis=1)
        model = VAR(self.data_.reset_index(drop=True))
        chosen = int(model.select_order(cap).selected_orders[self.ic])
        self.lags_ = max(1, chosen)
        self.results_ = model.fit(self.lags_)
        self.irf_ = self.results_.irf(self.horizon)
        return self

    # ── figures ─────────────────────────────────────────────────────────────────────────────
    def _sum(self, equation: str, regressor: str) -> Coefficient:
        names = [f"L{k}.{regressor}" for k in range(1, self.lags_ + 1)]
        est = float(self.results_.params.loc[names, equation].sum())
        cov = self.results_.cov_params()
        idx = [(n, equation) for n in names]
        var = float(cov.loc[idx, idx].to_numpy().sum())
        return Coefficient(est, float(np.sqrt(max(var, 0.0))))

    def reciprocity(self, side: int) -> Coefficient:
        """Side `side` (0 = A, 1 = B): the sum of the other side's lags in its equation."""
        me, other = self.columns_[side], self.columns_[1 - side]
        return self._sum(me, other)

    def routine(self, side: int) -> dict[str, object]:
        """Own-lag sum and intercept of side `side`'s equation."""
        me = self.columns_[side]
        const = Coefficient(float(self.results_.params.loc["const", me]),
                            float(self.results_.bse.loc["const", me]))
        return {"own_lags": self._sum(me, me).as_dict(), "intercept": const.as_dict()}

    def granger_p(self, causing: int) -> float:
        """p-value (F test) that side `causing`'s lags help predict the other side."""
        test = self.results_.test_causality(self.columns_[1 - causing], [self.columns_[causing]],
                                            kind="f")
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
        sd = float(np.sqrt(self.results_.sigma_u.to_numpy()[impulse, impulse]))
        est = self.irf_.irfs[:, response, impulse] * sd
        se = self.irf_.stderr(orth=False)[:, response, impulse] * sd
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
            "lags": self.lags_, "lag_criterion": self.ic, "lag_cap": self.maxlags,
            "periods": int(self.results_.nobs),
            "reciprocity": {f"{a} answers {b}": self.reciprocity(0).as_dict(),
                            f"{b} answers {a}": self.reciprocity(1).as_dict()},
            "granger_p": {f"{b} → {a}": round(self.granger_p(1), 4),
                          f"{a} → {b}": round(self.granger_p(0), 4)},
            "routine": {a: self.routine(0), b: self.routine(1)},
            "irf": irf,
            "residual_sd": {a: round(float(np.sqrt(self.results_.sigma_u.iloc[0, 0])), 4),
                            b: round(float(np.sqrt(self.results_.sigma_u.iloc[1, 1])), 4)},
        }

    def summary(self) -> str:
        """The statsmodels VAR summary."""
        return str(self.results_.summary())


# ── the pair, as known on a day ─────────────────────────────────────────────────────────────
@dataclass
class PairFit:
    """The model fitted to a pair's primary series, and a second annual view where there is one."""

    a: State
    b: State
    series: PairSeries
    model: Reciprocity
    second: tuple[PairSeries, Reciprocity] | None = None


def _model(series: PairSeries) -> Reciprocity:
    settings = SETTINGS["monthly" if series.kind == "monthly" else "annual"]
    return Reciprocity(**settings).fit(series.frame)


def fit_pair(a: State, b: State, as_of: dt.date) -> PairFit:
    """Fit on what was known on `as_of`: monthly event data when the store has MIN_MONTHS of
    them for the pair, else annual MID hostility (with UN ideal points as a second view), else
    UN ideal points alone. DataError with every reason when none can be fitted. Cached while
    the datasets and the event store stay as they are."""
    from detente.datasets.registry import data_locations
    from detente.events.store import store_stamp

    return _fit_pair(a, b, as_of, data_locations(), store_stamp())


@functools.lru_cache(maxsize=32)
def _fit_pair(a: State, b: State, as_of: dt.date, _locations: tuple, _store: tuple) -> PairFit:
    if a.cow is None or b.cow is None:
        raise DataError(f"no COW code for {a.iso3 if a.cow is None else b.iso3}: no annual data")
    monthly = monthly_series(a, b, as_of)
    reasons = []
    if monthly is not None:
        try:
            return PairFit(a, b, monthly, _model(monthly))
        except DataError as exc:
            reasons.append(f"monthly events: {exc.message}")
    else:
        reasons.append(f"monthly events: no event store, or fewer than {MIN_MONTHS} months with "
                       f"events both ways")
    un: tuple[PairSeries, Reciprocity] | None = None
    try:
        un_data = un_series(a, b, as_of)
        un = (un_data, _model(un_data))
    except DataError as exc:
        reasons.append(f"UN ideal points: {exc.message}")
    try:
        mid = mid_series(a, b, as_of)
        return PairFit(a, b, mid, _model(mid), un)
    except DataError as exc:
        reasons.append(f"MIDs: {exc.message}")
    if un is not None:
        return PairFit(a, b, un[0], un[1])
    raise DataError("; ".join(reasons))


def _side_text(fit: PairFit, side: int) -> str:
    m, names = fit.model, (fit.a.iso3, fit.b.iso3)
    me, other = names[side], names[1 - side]
    coef, p = m.reciprocity(side), m.granger_p(1 - side)
    verb = ("answers" if m.answers(side) else
            "answers inversely (hostility for cooperation)" if p < ALPHA else "does not answer")
    return (f"{me} {verb} {other} (sum of {other}'s lags {coef.estimate:+.2f} "
            f"[{coef.low:+.2f}, {coef.high:+.2f}], Granger p = {p:.3f})")


def _series_for_chart(fit: PairFit) -> dict:
    names = (fit.a.iso3, fit.b.iso3)
    irf = {}
    for imp, resp in ((0, 1), (1, 0)):
        frame = fit.model.impulse(imp, resp)
        irf[f"{names[resp]} after a {names[imp]} shock"] = {
            k: [round(float(v), 5) for v in frame[k]] for k in ("horizon", "estimate", "low", "high")}
    return {"kind": fit.series.kind, "unit": fit.series.unit,
            "periods": [str(i) for i in fit.series.frame.index],
            names[0]: [round(float(v), 5) for v in fit.series.frame[names[0]]],
            names[1]: [round(float(v), 5) for v in fit.series.frame[names[1]]],
            "irf": irf}


def named(verdict: str, names: tuple[str, str]) -> str:
    """The verdict with the sides named: `A answers B only` → `USA answers RUS only`."""
    return verdict.replace("A answers B", f"{names[0]} answers {names[1]}").replace(
        "B answers A", f"{names[1]} answers {names[0]}")


def reciprocity_finding(a: State, b: State, as_of: dt.date) -> DynamicsFinding:
    """The reciprocity finding for the pair on `as_of` (DataError when no data support one)."""
    fit = fit_pair(a, b, as_of)
    kind = {"monthly": "monthly event data", "annual-mid": "annual MID hostility",
            "annual-un": "annual UNGA ideal points"}[fit.series.kind]
    names = (a.iso3, b.iso3)
    figures = {"data": fit.series.kind, "unit": fit.series.unit, **fit.model.figures(names)}
    datasets = list(fit.series.datasets)
    if fit.second is not None:
        second_series, second = fit.second
        figures["un_voting"] = {"verdict": named(second.verdict, names), "span": second_series.span,
                                **{k: v for k, v in second.figures(names).items()
                                   if k in ("lags", "reciprocity", "granger_p")}}
        datasets += second_series.datasets
    verdict = named(fit.model.verdict, names)
    text = (f"VAR({fit.model.lags_}) on {kind}, {fit.series.span[0]}–{fit.series.span[1]}: "
            f"{_side_text(fit, 0)}; {_side_text(fit, 1)}.")
    if fit.second is not None:
        text += f" UN ideal points alone say: {named(fit.second[1].verdict, names)}."
    return DynamicsFinding(method=f"VAR reciprocity ({kind})", span=fit.series.span,
                           figures=figures, verdict=verdict, explanation=text,
                           series=_series_for_chart(fit), datasets=list(dict.fromkeys(datasets)))
