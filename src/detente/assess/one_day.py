"""The cracks of a pair on one day, in one pass: every provider's evidence (the dossier with the
datasets' records merged in, the datasets' measures, the event store, the dynamics models)
combined crack by crack. `engine` builds the assessment around it; `crack_years` reads it for
every rivalry-year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from detente.assess import dynamics as dynamics_provider
from detente.assess.combine import combine
from detente.assess.dynamics import dynamics, rerun
from detente.assess.providers import Pair, derive, measure_readings
from detente.assess.providers import dossier as dossier_provider
from detente.assess.providers import events as events_provider
from detente.assess.providers.merge import merge
from detente.assess.result import Bridge, Crack, Dynamics
from detente.assess.scenarios import Scenario
from detente.core.context import Context
from detente.core.countries import State
from detente.core.evidence import CRACK_IDS
from detente.dossier.load import Dossier
from detente.dossier.schema import Cooperation


def bridges_on(d: Dossier, day: dt.date, measured: list[Bridge]) -> list[Bridge]:
    """The dossier's active cooperation, then the datasets' bridges (alliances, IGOs, trade)."""
    return [Bridge(area=f.area, claim=f.summary, fact_id=f.id, source=f.source)
            for f in d.of_kind(Cooperation)
            if f.active_on(day) and f.status == "active"] + measured


@dataclass(frozen=True)
class Day:
    """The cracks on a day (without a trend), the dossier cut to that day with the datasets'
    records merged in (and changed by the scenario), the dynamics behind them, the bridges, and
    the scenario's simulation if it ran one."""

    cracks: list[Crack]
    cut: Dossier
    dynamics: Dynamics | None
    bridges: list[Bridge]
    simulation: dict | None = None


def covers_day(d: Dossier, day: dt.date) -> bool:
    """True when a curated dossier covers `day` (from its first day on)."""
    return bool(d.facts) and d.info is not None and d.info.coverage_from <= day


def on_day(d: Dossier, a: State, b: State, day: dt.date, scenario: Scenario | None = None,
            charts: bool = False, models: bool = True, events: bool = True) -> Day:
    """The cracks on `day` from every provider, in one pass. `models=False` leaves out the
    dynamics models (the year-by-year history); `events=False` the event store."""
    ctx = Context.between(a, b, day)
    pair = Pair.on(a, b, day)
    derived = derive(pair, day)
    curated = d.as_of(day)
    known = [f for f in derived.facts if f.valid_from <= day]  # year-coded records: from 1 July
    facts, duplicates = merge(curated.facts, known, a.iso3, b.iso3)
    cut, simulation = Dossier(d.a, d.b, facts, d.info, d.folder).as_of(day), None
    if scenario is not None:
        applied = scenario.apply(cut)
        cut, simulation = applied.dossier, applied.simulation
    sources = dossier_provider.Sources(covers_day(d, day), derived.vouches, duplicates)
    readings = dossier_provider.readings(cut, ctx, sources)
    readings += measure_readings(derived)
    if events:
        readings += events_provider.readings(ctx)
    dyn = None
    if models:
        dyn = dynamics(a, b, day, cut, charts)
        readings += dynamics_provider.readings(dyn, rerun(a, b, day))
    cracks = [combine(cid, [r for r in readings if r.crack == cid], ctx) for cid in CRACK_IDS]
    return Day(cracks, cut, dyn, bridges_on(cut, day, derived.bridges), simulation)
