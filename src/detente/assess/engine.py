"""Put it together: dossier + datasets → six cracks, bridges, outlook, history, scenarios."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from statistics import fmean

import pandas as pd

from detente.assess.cracks import evaluate_all
from detente.assess.dynamics import dynamics, rerun, with_dynamics
from detente.assess.event_evidence import note as event_note
from detente.assess.event_evidence import with_events
from detente.assess.outlook import outlook, unavailable
from detente.assess.result import Assessment, Bridge, Crack, Dynamics, Outlook, ScenarioResult
from detente.assess.scenarios import Scenario, resolve_scenario
from detente.assess.treaties import treaty_lifecycles
from detente.core.context import Context
from detente.core.countries import State, resolve
from detente.core.dates import fmt_date
from detente.core.errors import DataError, DatasetUnavailable, UsageError
from detente.datasets import tss_rivalries
from detente.dossier.load import Dossier, load_dossier
from detente.dossier.schema import Cooperation

TREND_LAG_DAYS = 365
STEADY_BELOW = 0.05
HISTORY_START = 1946


def _with_trend(now: list[Crack], before: list[Crack]) -> list[Crack]:
    out = []
    for c, p in zip(now, before, strict=True):
        delta = round(c.score - p.score, 4)
        trend = ("steady" if abs(delta) < STEADY_BELOW
                 else "improving" if delta > 0 else "worsening")
        out.append(c.model_copy(update={"trend": trend, "trend_delta": delta}))
    return out


def _bridges(d: Dossier, day: dt.date) -> list[Bridge]:
    return [Bridge(area=f.area, claim=f.summary, fact_id=f.id, source=f.source)
            for f in d.of_kind(Cooperation)
            if f.active_on(day) and f.status == "active"]


def _context(a: State, b: State, day: dt.date) -> Context:
    return Context(a.iso3, b.iso3, day, a.name_on(day), b.name_on(day))


class _Tss:
    """The rivalry table, loaded once; remembers why it is missing."""

    def __init__(self) -> None:
        self.frame: pd.DataFrame | None = None
        self.error: DatasetUnavailable | None = None
        try:
            self.frame = tss_rivalries()
        except DatasetUnavailable as exc:
            self.error = exc
        except DataError as exc:
            self.error = DatasetUnavailable("tss_rivalries", exc.message)

    def outlook(self, ctx: Context, a: State, b: State, news: Callable[[dt.date], float] | None) -> Outlook:
        if self.frame is None:
            assert self.error is not None
            return unavailable(f"The rivalry data are missing ({self.error.reason}); the outlook "
                               "needs them. The cracks above come from the dossier alone.",
                               "tss_rivalries")
        from detente.models import fitted  # the fitted rivalry model and the panel behind it

        try:
            return outlook(ctx, self.frame, a.cow, b.cow, fitted, news)
        except DatasetUnavailable as exc:
            return unavailable(f"A dataset of the rivalry model is missing ({exc.reason}).", exc.name)
        except DataError as exc:  # e.g. no rivalry had ended yet by the as-of date
            return Outlook(method="unavailable", note=f"The rivalry model cannot be fitted on what "
                                                      f"was known on {ctx.as_of}: {exc.message}.")

    def datasets(self, out: Outlook) -> list[str]:
        """The datasets the outlook rests on (for `detente cite --from`)."""
        from detente.panel.rivalries import DATASETS

        if self.frame is None:
            return []
        return ["tss_rivalries"] + ([d for d in DATASETS if d != "tss_rivalries"]
                                    if out.method != "unavailable" else [])


def _news(d: Dossier, a: State, b: State, overall: float) -> Callable[[dt.date], float] | None:
    """The change in the mean crack score from a day to the as-of date (None: no dossier)."""
    if not d.facts:
        return None
    return lambda day: overall - fmean(c.score for c in _on_day(d, a, b, day).cracks)


@dataclass(frozen=True)
class _Day:
    """The cracks on a day (without a trend), the dossier cut to that day (and changed by the
    scenario), the dynamics behind them, and the scenario's simulation if it ran one."""

    cracks: list[Crack]
    cut: Dossier
    dynamics: Dynamics
    simulation: dict | None = None


def _on_day(d: Dossier, a: State, b: State, day: dt.date, scenario: Scenario | None = None,
            charts: bool = False) -> _Day:
    """The cracks on `day` from the dossier, event data and dynamics."""
    ctx = _context(a, b, day)
    cut, simulation = d.as_of(day), None
    if scenario is not None:
        applied = scenario.apply(cut)
        cut, simulation = applied.dossier, applied.simulation
    dyn = dynamics(a, b, day, cut, charts)
    cracks = with_dynamics(with_events(evaluate_all(cut, ctx), ctx), dyn, rerun(a, b, day))
    return _Day(cracks, cut, dyn, simulation)


def _evaluate(d: Dossier, a: State, b: State, day: dt.date, scenario: Scenario | None = None,
              charts: bool = False) -> _Day:
    """`_on_day`, with each crack's trend against the same evaluation a year earlier."""
    found = _on_day(d, a, b, day, scenario, charts)
    before_day = day - dt.timedelta(days=TREND_LAG_DAYS)
    ctx_before = _context(a, b, before_day)
    before = with_dynamics(with_events(evaluate_all(d, ctx_before), ctx_before),
                           dynamics(a, b, before_day, d.as_of(before_day), charts=False),
                           rerun(a, b, before_day))
    return replace(found, cracks=_with_trend(found.cracks, before))


def _headline(ctx: Context, cracks: list[Crack], overall: float, out: Outlook) -> str:
    closed = sum(c.status == "closed" for c in cracks)
    open_ = [c.id for c in cracks if c.status == "open"]
    text = (f"{ctx.name_a}–{ctx.name_b} on {fmt_date(ctx.as_of)}: {closed} of 6 doors closed"
            f"{', open: ' + ', '.join(open_) if open_ else ''}; overall {overall:+.2f}")
    if out.horizons:
        text += f"; P(rivalry ends within 5 years) = {out.horizons['5'].probability:.0%}"
    return text + "."


def _history(d: Dossier, a: State, b: State, day: dt.date) -> list[dict]:
    start = d.info.coverage_from.year if d.info else HISTORY_START
    rows = []
    for year in range(start, day.year + 1):
        when = dt.date(year, day.month, min(day.day, 28)) if year < day.year else day
        cracks = evaluate_all(d, _context(a, b, when))
        rows.append({"date": when.isoformat(), **{c.id: c.score for c in cracks}})
    return rows


def resolve_pair(a: str | int, b: str | int, as_of: dt.date, today: dt.date) -> tuple[State, State]:
    """The two states, or a UsageError for one state twice or an as-of date after `today`."""
    state_a, state_b = resolve(a), resolve(b)
    if state_a.iso3 == state_b.iso3:
        raise UsageError(f"a dyad needs two different states (got {state_a.iso3} twice)")
    if as_of > today:
        raise UsageError(f"as-of date {as_of} is in the future (today is {today})")
    return state_a, state_b


def assess(a: str | int, b: str | int, *, as_of: dt.date, today: dt.date,
           scenarios: Iterable[str | Scenario] = (), history: bool = True,
           dossier: Dossier | None = None) -> Assessment:
    """Assess the pair on `as_of` (nothing after it is used). `today` bounds valid dates."""
    state_a, state_b = resolve_pair(a, b, as_of, today)
    d = dossier if dossier is not None else load_dossier(state_a, state_b, today=today)
    loaded = [resolve_scenario(s) if isinstance(s, str) else s for s in scenarios]
    for sc in loaded:  # scenarios that only fit some pairs (grit:USA:3) say so before any work
        sc.check_pair(state_a.iso3, state_b.iso3)
    tss = _Tss()
    base, _ = _assessment(d, state_a, state_b, as_of, tss, None, history)
    results = []
    for sc in loaded:
        alt, simulation = _assessment(d, state_a, state_b, as_of, tss, sc, False)
        results.append(ScenarioResult(name=sc.name, description=sc.description,
                                      assessment=alt, delta=_delta(base, alt),
                                      simulation=simulation))
    return base.model_copy(update={"scenarios": results})


def _assessment(d: Dossier, a: State, b: State, day: dt.date, tss: _Tss,
                scenario: Scenario | None, history: bool) -> tuple[Assessment, dict | None]:
    ctx = _context(a, b, day)
    found = _evaluate(d, a, b, day, scenario, charts=True)
    cracks, cut, dyn = found.cracks, found.cut, found.dynamics
    overall = round(fmean(c.score for c in cracks), 4)
    out = tss.outlook(ctx, a, b, _news(d, a, b, overall))
    warnings = []
    if not d.facts:
        warnings.append(f"No dossier for {a.iso3}–{b.iso3}: every crack rests on no facts. "
                        f"Add one under $DETENTE_DOSSIER/{a.iso3}-{b.iso3}/.")
    elif d.info is not None and day > d.info.coverage_to:
        warnings.append(f"The dossier covers {d.info.coverage_from} to {d.info.coverage_to}; "
                        f"later events are missing.")
    if tss.error is not None:
        warnings.append(f"Missing dataset tss_rivalries: run `{tss.error.command}`.")
    if (no_events := event_note(ctx)) is not None:
        warnings.append(no_events)
    return (Assessment(
        dyad=[a.iso3, b.iso3], names=[ctx.name_a, ctx.name_b], as_of=day,
        headline=_headline(ctx, cracks, overall, out), overall=overall, cracks=cracks,
        bridges=_bridges(cut, day), outlook=out, dynamics=dyn,
        history=_history(d, a, b, day) if history else [],
        treaties=treaty_lifecycles(cut, day),
        datasets=_datasets(tss.datasets(out), dyn),
        dossier={"folder": d.folder.name if d.folder else None, "facts": len(d.facts),
                 "facts_known_on_date": len(cut.facts),
                 "coverage": [str(d.info.coverage_from), str(d.info.coverage_to)]
                 if d.info else None},
        warnings=warnings), found.simulation)


def _datasets(outlook: list[str], dyn: Dynamics) -> list[str]:
    """Every registry dataset the assessment used: the outlook's, then the dynamics models'
    (the event store is cited in the evidence it gives, not here)."""
    from detente.datasets.registry import registry

    used = [*outlook, *dyn.escalation.datasets, *dyn.reciprocity.datasets, *dyn.ripeness.datasets]
    return [d for d in dict.fromkeys(used) if d in registry()]


def _delta(base: Assessment, alt: Assessment) -> dict:
    cracks = {c.id: {"score": round(alt.crack(c.id).score - c.score, 4),
                     "status": f"{c.status}→{alt.crack(c.id).status}"
                     if alt.crack(c.id).status != c.status else c.status}
              for c in base.cracks}
    outlook_delta = None
    if base.outlook.horizons and alt.outlook.horizons:
        outlook_delta = {h: round(alt.outlook.horizons[h].probability
                                  - base.outlook.horizons[h].probability, 4)
                         for h in base.outlook.horizons}
    return {"overall": round(alt.overall - base.overall, 4), "cracks": cracks,
            "outlook": outlook_delta}
