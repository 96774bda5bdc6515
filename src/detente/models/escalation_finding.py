"""The assessment's escalation finding for a pair on a day (docs/dynamics.md § Escalation).

A verdict only from a score that separates its validation cases (95% interval of its AUC
against the Gibler–Rider–Hutchison arms races above 0.5). The Richardson fit (relative military
expenditure over the span `escalation_data.choose_span` picks, personnel over the same span, the
event-store fit beside it) is kept as a description — its reaction score does not separate the
races (AUC 0.50) — and the verdict comes from the joint build-up (`buildup`), validated out of
sample."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from detente.core.countries import State
from detente.core.errors import DataError
from detente.core.finding import DynamicsFinding, Validation
from detente.models.buildup import MEANING, build_up, out_of_sample
from detente.models.buildup import VERDICTS as BUILD_UP_VERDICTS
from detente.models.escalation import VERDICTS, RichardsonResults
from detente.models.escalation_data import (
    IDENTITY_FROM,
    TRANSFORM,
    EscalationFit,
    choose_span,
    fit_events,
    fit_nmc,
)
from detente.models.escalation_validate import CONTROL_YEARS, PRIMARY, SCORES
from detente.models.escalation_validate import DATASETS as VALIDATION_DATASETS
from detente.models.escalation_validate import reaction_validation as validation_of_reaction
from detente.models.rivalry_data import active_rivalry

RICHARDSON = "Richardson model (discrete-time OLS, HAC intervals)"
METHOD = ("joint military build-up, validated on the GRH arms races; Richardson model "
          "(discrete-time OLS, HAC intervals) as a description")


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


def _richardson(a: State, b: State, as_of: dt.date) -> tuple[DynamicsFinding | None, str | None]:
    """The Richardson description (figures, series, explanation) or the reason there is none."""
    try:
        start, end, why = choose_span(a, b, as_of)
    except DataError as exc:
        return None, exc.message
    main = fit_nmc(a, b, start, end, "milex", as_of)
    figures: dict[str, Any] = {"milex": main.figures(), "span_rule": why,
                               "richardson_verdict": main.results.verdict}
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
        method=RICHARDSON, span=[str(start), str(end)], figures=figures,
        verdict=main.results.verdict,
        explanation=f"Military expenditure, {TRANSFORM['milex']}, over {why}. {_explain(main)}",
        series={**_series_payload(main.results), "x_label": a.iso3, "y_label": b.iso3,
                "transformation": TRANSFORM["milex"]},
        datasets=datasets), None


def _auc_text(auc: float | None, low: float | None, high: float | None) -> str:
    if auc is None or low is None or high is None:
        return "AUC not computable"
    return f"AUC {auc:.2f} [{low:.2f}–{high:.2f}]"


def reaction_validation() -> Validation:
    """The Richardson reaction score's validation against the GRH arms races."""
    row = validation_of_reaction()
    return Validation(score=f"reaction: {SCORES[PRIMARY]}", auc=_round(row["auc"]),
                      low=_round(row["low"]), high=_round(row["high"]),
                      n=int(row["n_races"] + row["n_controls"]),
                      cases=f"{row['n_races']} GRH arms races vs {row['n_controls']} rivalry windows "
                            f"({CONTROL_YEARS[0]}–{CONTROL_YEARS[1]})")


def _rivals(a: State, b: State, as_of: dt.date) -> bool:
    """Whether a TSS strategic rivalry between them runs in `as_of`'s year (`active_rivalry`)."""
    from detente.datasets import warehouse

    if a.cow is None or b.cow is None:
        return False
    rows = warehouse.state("tss_rivalries", a.cow, ["tssr_id", "ccode1", "ccode2", "start", "end", "ongoing"])
    return active_rivalry(rows, a.cow, b.cow, as_of.year) is not None


def _round(v: Any) -> float | None:
    return None if v is None or v != v else round(float(v), 4)


def _separates(v: Validation) -> bool:
    return v.low is not None and v.low > 0.5


def escalation_finding(a: State, b: State, as_of: dt.date) -> DynamicsFinding:
    """The escalation finding on `as_of` (docs/dynamics.md § Escalation): a verdict only from a
    score that separates its validation cases. The Richardson fit (milex over `choose_span`,
    milper over the same span, the event-store fit where the store has the pair) is kept as a
    description: its reaction score does not tell the GRH arms races from other rivalry years.
    The verdict comes from the joint build-up (`buildup`), validated out of sample."""
    richardson, no_fit = _richardson(a, b, as_of)
    reaction = reaction_validation()
    described = (f"descriptive only: reaction score vs GRH arms races "
                 f"{_auc_text(reaction.auc, reaction.low, reaction.high)}")
    figures: dict[str, Any] = dict(richardson.figures) if richardson else {
        "milex": {"available": False, "reason": no_fit}}
    head = (f"Richardson fit ({described}): {richardson.explanation}" if richardson
            else f"No Richardson fit: {no_fit}.")
    figures["validation"] = {"reaction": reaction.model_dump()}
    datasets = richardson.datasets if richardson else ["cow_nmc"]
    base: dict[str, Any] = {"method": METHOD, "figures": figures,
                            "datasets": list(dict.fromkeys([*datasets, *VALIDATION_DATASETS])),
                            "series": richardson.series if richardson else {}}
    if _separates(reaction) and richardson is not None:  # not so on the present data
        return DynamicsFinding(**base, span=richardson.span, verdict=richardson.verdict,
                               explanation=richardson.explanation, validation=reaction)
    try:
        up = build_up(a, b, as_of)
    except DataError as exc:
        reason = (described if richardson else no_fit) + f"; joint build-up: {exc.message}"
        figures["build_up"] = {"available": False, "reason": exc.message}
        return DynamicsFinding(**base, span=richardson.span if richardson else None, reason=reason,
                               explanation=f"No escalation verdict: {reason}. {head}",
                               validation=reaction if richardson else None)
    oos = out_of_sample(a, b, as_of)
    check = Validation(score=MEANING, auc=oos.auc, low=oos.low, high=oos.high,
                       n=oos.n_races + oos.n_controls, cases=oos.cases())
    figures["validation"]["joint_build_up"] = check.model_dump()
    figures["build_up"] = {"span": [str(up.start), str(up.end)], "growth": {a.iso3: round(up.growth_x, 4),
                           b.iso3: round(up.growth_y, 4)}, "score": round(up.score, 4),
                           "threshold": None if oos.threshold is None else round(oos.threshold, 4),
                           "meaning": MEANING}
    growth = (f"{a.iso3} {up.growth_x:+.1%} a year, {b.iso3} {up.growth_y:+.1%} a year against the "
              f"rest of the state system over {up.start}–{up.end}")
    reason = None
    if not oos.separates or oos.threshold is None:
        reason = ((described if richardson else no_fit)
                  + f"; joint build-up vs GRH arms races (cases before {oos.before}) "
                  f"{_auc_text(oos.auc, oos.low, oos.high)}")
    elif not _rivals(a, b, as_of):
        reason = (f"{a.iso3} and {b.iso3} are not strategic rivals (TSS) on {as_of}: the joint "
                  "build-up is validated among rivalries only (GRH arms races against other "
                  "rivalry windows), so it gives no verdict for this pair")
    if reason is not None:
        return DynamicsFinding(**base, span=[str(up.start), str(up.end)], reason=reason,
                               explanation=f"No escalation verdict: {reason}. Joint build-up: {growth}. "
                                           f"{head}", validation=check)
    verdict = "joint build-up" if up.score >= oos.threshold else "no joint build-up"
    text = (f"Joint build-up: {growth}; the smaller, {up.score:+.3f}, is "
            f"{'at or above' if verdict == 'joint build-up' else 'below'} the threshold "
            f"{oos.threshold:+.3f} — {BUILD_UP_VERDICTS[verdict]}. Validation: "
            f"{_auc_text(oos.auc, oos.low, oos.high)} on {oos.cases()}. {head}")
    return DynamicsFinding(**base, span=[str(up.start), str(up.end)], verdict=verdict,
                           explanation=text, validation=check)
