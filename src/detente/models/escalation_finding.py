"""The assessment's escalation finding for a pair on a day: the Richardson model fitted to the
pair's relative military expenditure over the span `escalation_data.choose_span` picks, with the
personnel fit over the same span and the event-store fit beside it (docs/dynamics.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from detente.core.countries import State
from detente.core.errors import DataError
from detente.core.finding import DynamicsFinding
from detente.models.escalation import VERDICTS, RichardsonResults
from detente.models.escalation_data import (
    IDENTITY_FROM,
    TRANSFORM,
    EscalationFit,
    choose_span,
    fit_events,
    fit_nmc,
)


def _series_payload(fit: RichardsonResults) -> dict[str, Any]:
    def col(frame: pd.DataFrame, c: str) -> list[float | None]:
        values = frame[c].reindex(fit.actual.index)
        return [None if pd.isna(v) else float(v) for v in values]

    return {"periods": [str(p) for p in fit.actual.index], "x": col(fit.actual, "x"),
            "y": col(fit.actual, "y"), "fitted_x": col(fit.one_step, "x"),
            "fitted_y": col(fit.one_step, "y"), "path_x": col(fit.path, "x"),
            "path_y": col(fit.path, "y")}


def _explain(pf: EscalationFit) -> str:
    f = pf.results
    k, l_ = f.coefficients["k"], f.coefficients["l"]
    return (f"{pf.a.iso3} reacts to {pf.b.iso3} with k = {k.estimate:+.3f} [{k.low:+.3f}, {k.high:+.3f}], "
            f"{pf.b.iso3} to {pf.a.iso3} with l = {l_.estimate:+.3f} [{l_.low:+.3f}, {l_.high:+.3f}]; "
            f"ab − kl = {f.ab_minus_kl:+.4f}, largest |eigenvalue| {f.spectral_radius:.3f} — "
            f"{VERDICTS[f.verdict]}.")


def escalation_finding(a: State, b: State, as_of: dt.date) -> DynamicsFinding:
    """The escalation finding on `as_of`: the milex fit over `choose_span`, the milper fit over
    the same span, and the event-store fit where the store has the pair."""
    method = "Richardson model (discrete-time OLS, HAC intervals)"
    try:
        start, end, why = choose_span(a, b, as_of)
    except DataError as exc:
        return DynamicsFinding(method=method, verdict=None, reason=exc.message, datasets=["cow_nmc"],
                               explanation=f"No escalation finding: {exc.message}.")
    main = fit_nmc(a, b, start, end, "milex", as_of)
    figures: dict[str, Any] = {"milex": main.figures(), "span_rule": why}
    try:
        figures["milper"] = fit_nmc(a, b, start, end, "milper", as_of).figures()
    except DataError as exc:
        figures["milper"] = {"available": False, "reason": exc.message}
    datasets = ["cow_nmc", "tss_rivalries"]
    since = max((dt.date(IDENTITY_FROM[c], 1, 1) for c in (a.cow, b.cow)
                 if c in IDENTITY_FROM and as_of.year > IDENTITY_FROM[c]), default=None)
    try:
        ev = fit_events(a, b, since=since, until=as_of)
        figures["events"] = ev.figures()
        datasets.append("event store")
    except DataError as exc:
        figures["events"] = {"available": False, "reason": exc.message}
    return DynamicsFinding(
        method=method, span=[str(start), str(end)], figures=figures, verdict=main.results.verdict,
        explanation=f"Military expenditure, {TRANSFORM['milex']}, over {why}. {_explain(main)}",
        series={**_series_payload(main.results), "x_label": a.iso3, "y_label": b.iso3,
                "transformation": TRANSFORM["milex"]},
        datasets=datasets)
