"""Zartman's ripeness for a pair on a day: is their conflict ripe for resolution?

Ripe = a **mutually hurting stalemate** (stalemate and hurting costs both present) and a **way
out** (talks or a mediator, and positions the records do not show to be deadlocked). The
components and their weights are in `ripeness_rules.py` and docs/dynamics.md (§ Ripeness).
`ripeness_finding` gives the verdict, the components with their facts and sources, and the
indices year by year; `ripeness_evidence` turns it into evidence for the `negotiation` crack.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from detente.core.context import Context
from detente.core.countries import State, resolve
from detente.core.dates import fmt_date
from detente.core.evidence import Evidence
from detente.core.finding import DynamicsFinding
from detente.core.source import Source
from detente.dossier.load import Dossier, load_dossier
from detente.models import ripeness_rules as rules
from detente.models.ripeness_rules import Component

METHOD = "Zartman ripeness: mutually hurting stalemate + way out (rules on the dossier)"
SERIES_YEARS = 10

# verdict → signed weight on the `negotiation` crack's raw score. The crack already counts talks
# and overlapping positions (the way out), so the weight mostly carries the hurting stalemate.
RIPENESS_WEIGHT = {"ripe": 0.3, "hurting stalemate, no way out": 0.1,
                   "way out, no hurting stalemate": 0.0, "not ripe": -0.1}
MHS_PARTS = ("stalemate", "hurting", "rising")
WAY_OUT_PARTS = ("talks", "mediation", "overlap", "cooperation_events")
VALIDATION_NOTE = (
    "no validation cases: no dataset codes when a conflict was ripe, so the rules cannot be scored "
    "against outcomes (the readings on history in docs/dynamics.md illustrate them, chosen with "
    "them). The verdict is a reading of the dossier's facts by fixed rules, not a measured "
    "probability of talks succeeding")


@dataclass
class Reading:
    """Ripeness on one day."""

    day: dt.date
    components: dict[str, Component]
    mhs: str
    way_out: str
    mhs_index: float | None
    way_out_index: float | None
    verdict: str | None
    reason: str | None
    negotiation: dict

    @property
    def ripeness(self) -> float | None:
        if self.mhs_index is None or self.way_out_index is None:
            return None
        return round(math.sqrt(self.mhs_index * self.way_out_index), 4)


def _index(parts: dict[str, Component], weights: dict[str, float]) -> float | None:
    known = {k: c.score for k, c in parts.items() if c.score is not None}
    if not known:
        return None
    return round(sum(weights[k] * v for k, v in known.items()) / sum(weights[k] for k in known), 4)


def _mhs(c: dict[str, Component]) -> str:
    parts = (c["stalemate"].status, c["hurting"].status)
    if "absent" in parts:
        return "absent"
    return "present" if parts == ("present", "present") else "unknown"


def _way_out(c: dict[str, Component]) -> str:
    """Present when a channel is working (talks or a mediator) or the positions have largely met
    already, unless the recorded positions show no overlap."""
    door = (c["talks"].status, c["mediation"].status)
    met = (c["overlap"].score or 0.0) >= rules.OVERLAP_MET_AT
    if "present" in door or met:
        return "absent" if c["overlap"].status == "absent" else "present"
    return "unknown" if door == ("unknown", "unknown") else "absent"


def _verdict(mhs: str, way_out: str) -> str:
    if mhs == "present":
        return "ripe" if way_out == "present" else "hurting stalemate, no way out"
    return "way out, no hurting stalemate" if way_out == "present" else "not ripe"


def read(cut: Dossier, ctx: Context, windows=None, no_events: str | None = None) -> Reading:
    """Every component on ctx.as_of from `cut` (the dossier as known then) and, when given, the
    pair's event windows (detente.events.windows.EventWindows)."""
    deltas = rules.event_deltas(windows)
    hurt, burden = rules.hurting(cut, ctx)
    over, negotiation = rules.overlap(cut, ctx)
    comps = {"stalemate": rules.stalemate(cut, ctx), "hurting": hurt,
             "rising": rules.rising(cut, ctx, burden, deltas), "talks": rules.talks(cut, ctx),
             "mediation": rules.mediation(cut, ctx), "overlap": over,
             "cooperation_events": rules.cooperation_events(
                 deltas, no_events if windows is None else None)}
    mhs, way_out = _mhs(comps), _way_out(comps)
    verdict, reason = None, None
    if comps["stalemate"].score is None:
        reason = ("the dossier records no conflict that sets them on opposite sides, and ripeness "
                  "is a property of a conflict")
    elif not rules.active_conflicts(cut, ctx):
        reason = f"no conflict between them is under way on {fmt_date(ctx.as_of)}: nothing to ripen"
    else:
        verdict = _verdict(mhs, way_out)
    return Reading(ctx.as_of, comps, mhs, way_out,
                   _index({k: comps[k] for k in MHS_PARTS}, rules.MHS_WEIGHTS),
                   _index({k: comps[k] for k in WAY_OUT_PARTS}, rules.WAY_OUT_WEIGHTS),
                   verdict, reason, negotiation)


def _context(a: State, b: State, day: dt.date) -> Context:
    return Context(a.iso3, b.iso3, day, a.name_on(day), b.name_on(day))


def _same_day(day: dt.date, year: int) -> dt.date:
    return dt.date(year, day.month, min(day.day, 28)) if year != day.year else day


def series(d: Dossier, a: State, b: State, as_of: dt.date) -> dict:
    """Component scores and indices as of the same day in each of the last SERIES_YEARS years
    (from the dossier alone; the event data is read for the as-of day only)."""
    start = as_of.year - SERIES_YEARS + 1
    if d.info is not None:
        start = max(start, d.info.coverage_from.year)
    out: dict[str, list] = {"dates": []}
    for year in range(start, as_of.year + 1):
        day = _same_day(as_of, year)
        r = read(d.as_of(day), _context(a, b, day))
        out["dates"].append(day.isoformat())
        for name, comp in r.components.items():
            if name != "cooperation_events":
                out.setdefault(name, []).append(comp.score)
        for key, value in (("mhs_index", r.mhs_index), ("way_out_index", r.way_out_index),
                           ("ripeness", r.ripeness), ("verdict", r.verdict)):
            out.setdefault(key, []).append(value)
    return out


def _events(a: State, b: State, as_of: dt.date):
    from detente.events.windows import load

    return load(a.iso3, b.iso3, as_of)


def _explanation(r: Reading, names: tuple[str, str]) -> str:
    parts = ", ".join(f"{k} {c.status}" for k, c in r.components.items())
    head = (f"{names[0]}–{names[1]} on {fmt_date(r.day)}: mutually hurting stalemate {r.mhs}"
            f" (index {r.mhs_index}), way out {r.way_out} (index {r.way_out_index}).")
    return f"{head} Components: {parts}."


def ripeness_finding(a: State | str, b: State | str, as_of: dt.date,
                     dossier: Dossier | None = None, chart: bool = True) -> DynamicsFinding:
    """Zartman's ripeness for the pair on `as_of`, from the dossier as known that day (`dossier`
    may be given already cut, e.g. by a scenario) and the event store where it has the pair.
    `chart=False` skips the year-by-year series (the span is then the as-of day alone)."""
    sa, sb = (x if isinstance(x, State) else resolve(x) for x in (a, b))
    d = dossier if dossier is not None else load_dossier(sa, sb)
    if not d.facts:
        reason = (f"no dossier for {sa.iso3}–{sb.iso3}: ripeness reads conflicts, costs, talks and "
                  "positions from it")
        return DynamicsFinding(method=METHOD, reason=reason,
                               explanation=f"No ripeness finding: {reason}.")
    ctx = _context(sa, sb, as_of)
    windows, no_events = _events(sa, sb, as_of)
    r = read(d.as_of(as_of), ctx, windows, no_events)
    history = series(d, sa, sb, as_of) if chart else {"dates": [as_of.isoformat()]}
    explanation = _explanation(r, (ctx.name_a, ctx.name_b))
    if d.info is not None and as_of > d.info.coverage_to:
        explanation += f" The dossier's facts end on {fmt_date(d.info.coverage_to)}."
    if r.verdict is None:
        explanation = f"No ripeness verdict: {r.reason}. {explanation}"
    events = ("event data read" if windows is not None
              else f"no event data ({no_events}); the components rest on the dossier alone")
    figures = {
        "ripeness_index": r.ripeness,
        "mutually_hurting_stalemate": {"status": r.mhs, "index": r.mhs_index},
        "way_out": {"status": r.way_out, "index": r.way_out_index},
        "components": {k: {"status": c.status, "score": c.score} for k, c in r.components.items()},
        "events": events,
        "negotiation": r.negotiation,
        "notes": {k: c.note for k, c in r.components.items() if c.note},
        "evidence": {k: c.evidence for k, c in r.components.items()},
        "weights": {"mhs": rules.MHS_WEIGHTS, "way_out": rules.WAY_OUT_WEIGHTS,
                    "present_at": rules.PRESENT_AT, "verdict_weight": RIPENESS_WEIGHT},
    }
    return DynamicsFinding(method=METHOD, span=[history["dates"][0], as_of.isoformat()],
                           figures=figures, verdict=r.verdict, reason=r.reason,
                           explanation=explanation, series=history if chart else {},
                           validation_note=VALIDATION_NOTE if r.verdict is not None else None)


def ripeness_evidence(f: DynamicsFinding) -> list[Evidence]:
    """Evidence for the `negotiation` crack: the verdict with its RIPENESS_WEIGHT, then the
    strongest fact behind each component present (weight 0, for its source)."""
    if f.verdict is None:
        return []
    mhs, way = f.figures["mutually_hurting_stalemate"], f.figures["way_out"]
    day = f.span[1] if f.span else "the as-of day"
    claim = (f"Ripeness (Zartman) on {day}: {f.verdict} — mutually hurting stalemate "
             f"{mhs['status']} (index {mhs['index']}), way out {way['status']} "
             f"(index {way['index']}).")
    out = [Evidence(claim=claim, weight=RIPENESS_WEIGHT.get(f.verdict, 0.0))]
    for name, comp in f.figures["components"].items():
        rows = [r for r in f.figures["evidence"].get(name, []) if r["weight"] > 0]
        if comp["status"] != "present" or not rows:
            continue
        top = max(rows, key=lambda r: r["weight"])
        source = Source.model_validate(top["source"]) if top["source"] else None
        note = f.figures.get("notes", {}).get(name, "") if name == "hurting" else ""
        label = f"{name.replace('_', ' ')} present" + (f" ({note})" if note else "")
        out.append(Evidence(claim=f"Ripeness, {label}: {top['claim']}",
                            source=source, fact_id=top["fact_id"], weight=0.0))
    return out
