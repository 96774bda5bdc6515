"""The reciprocity model on a pair as known on a day, and the assessment's finding built from it
(docs/dynamics.md § Reciprocity): `fit_pair` picks the series (`reciprocity_data`) and fits
`Reciprocity`; `reciprocity_finding` reads the results."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from detente.core.countries import State
from detente.core.errors import DataError
from detente.core.finding import DynamicsFinding
from detente.models.reciprocity import ALPHA, SETTINGS, Reciprocity, ReciprocityResults
from detente.models.reciprocity_data import MIN_MONTHS, PairSeries, mid_series, monthly_series, un_series

VALIDATION_NOTE = (
    "no validation cases: no dataset codes which pairs answer each other, so the verdict cannot be "
    "scored against outcomes. It states in-sample Granger significance at 5% and the sign of the "
    "answer, nothing more; the estimator itself is checked on simulated VARs (planted coefficients "
    "recovered, 95% intervals cover them in 88–99 of 100 replications; tests/test_reciprocity.py)")


@dataclass
class ReciprocityFit:
    """The results on a pair's primary series, and a second annual view where there is one."""

    a: State
    b: State
    series: PairSeries
    results: ReciprocityResults
    second: tuple[PairSeries, ReciprocityResults] | None = None


def _model(series: PairSeries) -> ReciprocityResults:
    settings = SETTINGS["monthly" if series.kind == "monthly" else "annual"]
    return Reciprocity(**settings).fit(series.frame)


def fit_pair(a: State, b: State, as_of: dt.date) -> ReciprocityFit:
    """Fit on what was known on `as_of`: monthly event data when the store has MIN_MONTHS of
    them for the pair, else annual MID hostility (with UN ideal points as a second view), else
    UN ideal points alone. DataError with every reason when none can be fitted. Cached while
    the datasets and the event store stay as they are."""
    from detente.datasets.registry import data_locations
    from detente.events.stamp import store_stamp

    return _fit_pair(a, b, as_of, data_locations(), store_stamp())


@functools.lru_cache(maxsize=32)
def _fit_pair(a: State, b: State, as_of: dt.date, _locations: tuple, _store: tuple) -> ReciprocityFit:
    if a.cow is None or b.cow is None:
        raise DataError(f"no COW code for {a.iso3 if a.cow is None else b.iso3}: no annual data")
    monthly = monthly_series(a, b, as_of)
    reasons = []
    if monthly is not None:
        try:
            return ReciprocityFit(a, b, monthly, _model(monthly))
        except DataError as exc:
            reasons.append(f"monthly events: {exc.message}")
    else:
        reasons.append(f"monthly events: no event store, or fewer than {MIN_MONTHS} months with "
                       f"events both ways")
    un: tuple[PairSeries, ReciprocityResults] | None = None
    try:
        un_data = un_series(a, b, as_of)
        un = (un_data, _model(un_data))
    except DataError as exc:
        reasons.append(f"UN ideal points: {exc.message}")
    try:
        mid = mid_series(a, b, as_of)
        return ReciprocityFit(a, b, mid, _model(mid), un)
    except DataError as exc:
        reasons.append(f"MIDs: {exc.message}")
    if un is not None:
        return ReciprocityFit(a, b, un[0], un[1])
    raise DataError("; ".join(reasons))


def _side_text(fit: ReciprocityFit, side: int) -> str:
    m, names = fit.results, (fit.a.iso3, fit.b.iso3)
    me, other = names[side], names[1 - side]
    coef, p = m.reciprocity(side), m.granger_p(1 - side)
    verb = ("answers" if m.answers(side) else
            "answers inversely (hostility for cooperation)" if p < ALPHA else "does not answer")
    return (f"{me} {verb} {other} (sum of {other}'s lags {coef.estimate:+.2f} "
            f"[{coef.low:+.2f}, {coef.high:+.2f}], Granger p = {p:.3f})")


def _series_for_chart(fit: ReciprocityFit) -> dict:
    names = (fit.a.iso3, fit.b.iso3)
    irf = {}
    for imp, resp in ((0, 1), (1, 0)):
        frame = fit.results.impulse(imp, resp)
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
    figures = {"data": fit.series.kind, "unit": fit.series.unit, **fit.results.figures(names)}
    datasets = list(fit.series.datasets)
    if fit.second is not None:
        second_series, second = fit.second
        figures["un_voting"] = {"verdict": named(second.verdict, names), "span": second_series.span,
                                **{k: v for k, v in second.figures(names).items()
                                   if k in ("lags", "reciprocity", "granger_p")}}
        datasets += second_series.datasets
    verdict = named(fit.results.verdict, names)
    text = (f"VAR({fit.results.lags}) on {kind}, {fit.series.span[0]}–{fit.series.span[1]}: "
            f"{_side_text(fit, 0)}; {_side_text(fit, 1)}.")
    if fit.second is not None:
        text += f" UN ideal points alone say: {named(fit.second[1].verdict, names)}."
    return DynamicsFinding(method=f"VAR reciprocity ({kind})", span=fit.series.span,
                           figures=figures, verdict=verdict, explanation=text,
                           series=_series_for_chart(fit), datasets=list(dict.fromkeys(datasets)),
                           validation_note=VALIDATION_NOTE)
