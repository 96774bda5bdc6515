"""The arms-control treaty timeline: each treaty's phases (signed → in force → suspended →
ended) and its inspections per year, read from the dated milestones known on the as-of day.

The status on every day comes from `Treaty.status_on`, the same rule that scores the
`arms_control` crack, so the timeline and the score cannot disagree.
"""

from __future__ import annotations

import datetime as dt

from detente.assess.result import InspectionYear, TreatyLifecycle, TreatyPhase
from detente.assess.rules import rules
from detente.dossier.load import Dossier
from detente.dossier.schema import Treaty

_LIVE = ("in_force", "suspended")
_INSPECTION_EVENTS = {"inspections_held": "inspections held", "inspections_paused": "paused",
                      "inspections_halted": "halted", "inspections_resumed": "resumed"}


def _phases(changes: list[tuple[dt.date, str | None]]) -> list[TreatyPhase]:
    """Collapse (day, state) samples into phases; a None state is a gap."""
    phases: list[TreatyPhase] = []
    current: str | None = None
    for day, state in changes:
        if state == current:
            continue
        if phases and phases[-1].end is None:
            phases[-1] = phases[-1].model_copy(update={"end": day})
        if state is not None:
            phases.append(TreatyPhase(status=state, start=day))
        current = state
    return phases


def _overlaps(phase: TreatyPhase, year: int, as_of: dt.date) -> bool:
    end = phase.end or as_of
    return phase.start <= dt.date(year, 12, 31) and end >= dt.date(year, 1, 1)


def _by_year(t: Treaty, insp: list[TreatyPhase], as_of: dt.date) -> list[InspectionYear]:
    years: dict[int, InspectionYear] = {}
    if t.inspections_allowed_per_year:
        for p in insp:
            if p.status != "active":
                continue
            for y in range(p.start.year, (p.end or as_of).year + 1):
                if _overlaps(p, y, as_of):
                    years[y] = InspectionYear(year=y, allowed=t.inspections_allowed_per_year)
    for m in t.milestones:
        if m.date > as_of or m.event not in _INSPECTION_EVENTS:
            continue
        row = years.setdefault(m.date.year, InspectionYear(year=m.date.year))
        held = row.held
        if m.event == "inspections_held" and m.count is not None:
            held = (held or 0) + m.count
        years[m.date.year] = row.model_copy(update={
            "held": held, "events": row.events + [_INSPECTION_EVENTS[m.event]]})
    return [years[y] for y in sorted(years)]


def lifecycle(t: Treaty, a: str, b: str, as_of: dt.date) -> TreatyLifecycle:
    """One treaty's phases and inspections, as known on `as_of`."""
    days = sorted({t.valid_from, *(m.date for m in t.milestones if m.date <= as_of),
                   *([t.valid_to] if t.valid_to and t.valid_to <= as_of else [])})
    status: list[tuple[dt.date, str | None]] = []
    insp: list[tuple[dt.date, str | None]] = []
    for day in days:
        st = t.status_on(day)
        status.append((day, st.status))
        insp.append((day, st.inspections if st.status in _LIVE else None))
    phases = _phases(status)
    insp_phases = _phases(insp)
    return TreatyLifecycle(
        fact_id=t.id, name=t.name, category=t.category, status=phases[-1].status,
        phases=phases, inspections_allowed_per_year=t.inspections_allowed_per_year,
        inspection_phases=insp_phases, inspections_by_year=_by_year(t, insp_phases, as_of))


def treaty_lifecycles(d: Dossier, as_of: dt.date) -> list[TreatyLifecycle]:
    """Every arms-control or security treaty with both states as parties, oldest first."""
    treaties = [f for f in d.of_kind(Treaty)
                if f.category in rules()["arms_control"]["category_weight"] and {d.a, d.b} <= set(f.parties)
                and f.valid_from <= as_of]
    return [lifecycle(t, d.a, d.b, as_of)
            for t in sorted(treaties, key=lambda t: (t.valid_from, t.name))]
