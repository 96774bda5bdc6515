"""The six evaluators of the dossier's facts (curated, and the datasets' records merged in as
facts): each reads the dossier as it stood on `ctx.as_of` and returns a Crack — a score in
[−1, 1] from signed evidence weights, a status, evidence with sources, the indicators behind it
and its door. `providers/dossier.py` turns them into readings that `combine` joins with the other
providers'. The weights are in rules.toml (docs/rules.md)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from detente.assess.combine import QUESTIONS
from detente.assess.result import Crack, Door
from detente.assess.rules import rules
from detente.core.context import Context
from detente.core.dates import fmt_date
from detente.core.evidence import Evidence
from detente.core.scoring import squash, status_of
from detente.dossier.load import Dossier
from detente.dossier.positions import stances
from detente.dossier.schema import (
    ArmsSupply,
    Channel,
    Conflict,
    Exchange,
    Sanction,
    Treaty,
    TreatyStatus,
)

_R = rules()
_CONFLICT = _R["armed_conflict"]
_TALKS = _R["negotiation"]
_COERCION = _R["coercion"]
_ARMS = _R["arms_control"]
_TIES = _R["societal_ties"]
_DIPLOMACY = _R["diplomacy"]



def _crack(crack_id: str, raw: float, scale: float, evidence: list[Evidence],
           indicators: dict, explanation: str, door: Door) -> Crack:
    score = squash(raw, scale)
    evidence = sorted(evidence, key=lambda e: -abs(e.weight))
    indicators = {"raw": round(raw, 4), **indicators}
    return Crack(id=crack_id, question=QUESTIONS[crack_id], status=status_of(score),
                 score=score, explanation=explanation, evidence=evidence,
                 indicators=indicators, door=door)


# ── armed_conflict ──────────────────────────────────────────────────────────────────────────


def _conflict_door(c: Conflict) -> Door:
    # 'the UCDP conflict 13243', but 'Russia's full-scale war …' (a possessive takes no article)
    name = c.name if re.match(r"^\S+['’]s\b", c.name) else f"the {c.name}"
    if c.form == "occupation":
        return Door(step=f"A negotiated withdrawal that ends {name}", scenario=None)
    if c.form == "crisis":
        return Door(step=f"A negotiated way down from {name}", scenario=None)
    return Door(step=f"A ceasefire in {name}", scenario="ceasefire")


def armed_conflict(d: Dossier, ctx: Context) -> Crack:
    evidence, active = [], []
    total = 0.0
    for c in d.of_kind(Conflict):
        relation = c.relation(ctx.a, ctx.b)
        if relation is None:
            continue
        w = _CONFLICT["form_weight"][c.form] * _CONFLICT["relation_weight"][relation]
        if ctx.active(c):
            active.append((w, c))
            claim = (f"{c.name} ({c.form.replace('_', ' ')}, {relation}) under way since "
                     f"{fmt_date(c.valid_from)}")
        else:
            if c.valid_to is None:
                continue
            w *= _CONFLICT["ended_factor"] * ctx.recency(c.valid_to, _CONFLICT["memory_years"])
            if w == 0:
                continue
            how = f" by {c.ended_by.replace('_', ' ')}" if c.ended_by else ""
            claim = f"{c.name} ({relation}) ended{how} on {fmt_date(c.valid_to)}"
        total += w
        evidence.append(Evidence.of(c, claim, -_CONFLICT["per_weight"] * w))
    raw = _CONFLICT["peace_baseline"] - _CONFLICT["per_weight"] * total
    active.sort(key=lambda wc: (-wc[0], -wc[1].valid_from.toordinal()))  # heaviest, then newest
    if active:
        text = (f"{ctx.name_a} and {ctx.name_b} stand on opposite sides of "
                f"{len(active)} armed conflict(s): {'; '.join(c.name for _, c in active)}.")
        door = _conflict_door(active[0][1])
    elif evidence:
        text = (f"No armed conflict between {ctx.name_a} and {ctx.name_b} is under way; "
                f"the memory of {len(evidence)} recent one(s) still weighs.")
        door = Door(step="Keep the ceasefire holding and settle what it left open",
                    scenario=None)
    else:
        text = (f"The dossier records no armed conflict that sets {ctx.name_a} against "
                f"{ctx.name_b} in the last {_CONFLICT['memory_years']:.0f} years.")
        door = Door(step="Already open: no fighting between them", scenario=None)
    return _crack("armed_conflict", raw, 1.0, evidence,
                  {"active_conflicts": len(active), "conflict_weight": round(total, 4)},
                  text, door)


# ── negotiation ─────────────────────────────────────────────────────────────────────────────


def _talks_signal(d: Dossier, ctx: Context) -> tuple[float, list[Evidence]]:
    score, evidence = 0.0, []
    for ch in d.of_kind(Channel):
        if ch.channel not in ("talks", "summit", "back_channel") or not ch.known_on(ctx.as_of):
            continue
        if ch.status in ("held", "open"):
            w = _TALKS["talks_bonus"] if ctx.active(ch) else _TALKS["talks_bonus"] * ctx.recency(
                ch.valid_to or ch.valid_from, _TALKS["talks_memory_years"])
            if w > 0:
                score += w
                evidence.append(Evidence.of(ch, f"Direct talks: {ch.summary}", w))
        elif ch.status in ("suspended", "closed") and ctx.active(ch):
            score -= _TALKS["talks_suspended_penalty"]
            evidence.append(Evidence.of(ch, f"Talks suspended: {ch.summary}",
                                        -_TALKS["talks_suspended_penalty"]))
    return min(score, _TALKS["talks_cap"]), evidence


def negotiation(d: Dossier, ctx: Context) -> Crack:
    demands, replies = stances(d, ctx)
    evidence: list[Evidence] = []
    blocked, bridged = [], []
    for (camp, issue), st in demands.items():
        other = ctx.other(camp)
        reply = replies.get((other, issue))
        rival_demand = demands.get((other, issue))
        if reply is not None and reply.kind == "accept":
            bridged.append(issue)
            w = _TALKS["balance_weight"] / len(demands)
            evidence.append(Evidence.of(st.fact, f"{camp} demands: {st.text}", 0.0))
            evidence.append(Evidence.of(reply.fact, f"{other} accepts: {reply.text}", w))
        elif reply is not None or rival_demand is not None:
            blocked.append(issue)
            w = -_TALKS["balance_weight"] / len(demands)
            evidence.append(Evidence.of(st.fact, f"{camp} demands: {st.text}", 0.0))
            against = reply or rival_demand
            verb = "rejects" if reply is not None else "demands the opposite"
            evidence.append(Evidence.of(against.fact, f"{other} {verb}: {against.text}", w))
        else:
            evidence.append(Evidence.of(st.fact, f"{camp} demands (no reply recorded): "
                                                 f"{st.text}", 0.0))
    n = len(demands)
    balance = (len(bridged) - len(blocked)) / n if n else 0.0
    talks, talk_evidence = _talks_signal(d, ctx)
    evidence += talk_evidence
    raw = _TALKS["balance_weight"] * balance + talks
    zone = None if n == 0 else not blocked
    blocked_issues = sorted(set(blocked))
    if n == 0:
        text = (f"No stated preconditions of either side are recorded as of "
                f"{fmt_date(ctx.as_of)}; the zone of agreement cannot be judged.")
    elif blocked:
        text = (f"Of {n} standing demands, {len(blocked)} meet a rejection or an opposite "
                f"demand from the other side (issues: {', '.join(blocked_issues)}), "
                f"{len(bridged)} are accepted: no zone of agreement is left on those issues.")
    else:
        text = (f"None of the {n} standing demands is rejected by the other side "
                f"({len(bridged)} accepted): a zone of agreement exists.")
    if talk_evidence:
        text += f" Talks signal: {talks:+.2f}."
    step = (f"A formula both sides can accept on {', '.join(blocked_issues[:3])}"
            if blocked else "Direct talks to turn the open ground into an agreement")
    return _crack("negotiation", raw, 1.0, evidence,
                  {"demands": n, "blocked": len(blocked), "bridged": len(bridged),
                   "blocked_issues": blocked_issues, "zone_of_agreement": zone,
                   "talks_signal": round(talks, 4)},
                  text, Door(step=step, scenario="talks-resumed"))


# ── coercion ────────────────────────────────────────────────────────────────────────────────


def _between(imposer: list[str], target: list[str], ctx: Context) -> bool:
    return any(x in ctx.pair() and ctx.other(x) in target for x in imposer)


def _through(s: Sanction, role: str) -> str:
    """' (as a member of the EU)' for the side (`role`: sender or target) of a sanction that
    applies it, or is hit by it, as a member of a bloc (the `via:<role>:<bloc>` tag)."""
    bloc = next((t.rsplit(":", 1)[1] for t in s.tags if t.startswith(f"via:{role}:")), None)
    return f" (as a member of the {bloc})" if bloc else ""


def coercion(d: Dossier, ctx: Context) -> Crack:
    evidence: list[Evidence] = []
    pressure, n_sanctions, n_arms = 0.0, 0, 0
    for s in d.of_kind(Sanction):
        if not _between(s.imposer, s.target, ctx):
            continue
        if s.direction == "impose" and ctx.active(s):
            w = min(1.0, sum(_COERCION["scope_weight"][x] for x in s.scope))
            pressure += w
            n_sanctions += 1
            evidence.append(Evidence.of(
                s, f"{'/'.join(s.imposer)}{_through(s, 'sender')} sanctions on {'/'.join(s.target)}"
                   f"{_through(s, 'target')} ({', '.join(s.scope)}) since {fmt_date(s.valid_from)}",
                -_COERCION["per_weight"] * w))
        elif s.direction in ("ease", "lift") and s.known_on(ctx.as_of):
            w = _COERCION["easing_weight"] * ctx.recency(s.valid_from, _COERCION["easing_memory_years"])
            if w > 0:
                pressure -= w
                evidence.append(Evidence.of(s, f"Sanctions {s.direction}d: {s.summary}",
                                            _COERCION["per_weight"] * w))
    for supply in d.of_kind(ArmsSupply):
        if supply.supplier not in ctx.pair() or supply.against != ctx.other(supply.supplier):
            continue
        if not supply.known_on(ctx.as_of):
            continue
        if supply.direction == "pause":
            w = -_COERCION["arms_supply_weight"] * (1.0 if ctx.active(supply) else 0.0)
        elif ctx.active(supply) and (supply.valid_to is not None or supply.ongoing):
            w = _COERCION["arms_supply_weight"]
        else:
            since = supply.valid_to or supply.valid_from
            w = _COERCION["arms_supply_weight"] * ctx.recency(since, _COERCION["arms_memory_years"])
        if w == 0:
            continue
        pressure += w
        n_arms += 1 if w > 0 else 0
        verb = "paused arms to" if w < 0 else "arms"
        evidence.append(Evidence.of(
            supply, f"{supply.supplier} {verb} {supply.recipient} against {supply.against}: "
                    f"{supply.items}", -_COERCION["per_weight"] * w))
    raw = _COERCION["baseline"] - _COERCION["per_weight"] * pressure
    if n_sanctions or n_arms:
        text = (f"{n_sanctions} sanction regime(s) between {ctx.name_a} and {ctx.name_b} are in "
                f"force and {n_arms} recent arms supply(ies) go to the other's adversary "
                f"(pressure {pressure:.2f}).")
        door = Door(step="Ease the sanctions in step with a verified de-escalation",
                    scenario="sanctions-eased")
    else:
        text = (f"No sanctions between {ctx.name_a} and {ctx.name_b} and no arms to the "
                f"other's adversary are recorded as in force.")
        door = Door(step="Already open: no coercive measures in force", scenario=None)
    return _crack("coercion", raw, 1.0, evidence,
                  {"sanctions_in_force": n_sanctions, "arms_supplies_recent": n_arms,
                   "pressure": round(pressure, 4)}, text, door)


# ── arms_control ────────────────────────────────────────────────────────────────────────────


def _treaty_weight(st: TreatyStatus, w: float, ctx: Context) -> float:
    if st.status == "in_force":
        extra = _ARMS["state_weight"].get(f"inspections_{st.inspections}", 0.0) if st.inspections else 0.0
        return w * (_ARMS["state_weight"]["in_force"] + extra)
    if st.status in ("signed", "observed"):
        return w * _ARMS["state_weight"]["pending"]
    if st.status == "suspended":
        return w * _ARMS["state_weight"]["suspended"]
    if st.status in ("ended", "abandoned"):
        return w * _ARMS["state_weight"][st.status] * ctx.recency(st.since, _ARMS["lapse_memory_years"])
    return 0.0


def arms_control(d: Dossier, ctx: Context) -> Crack:
    evidence: list[Evidence] = []
    total = 0.0
    statuses: dict[str, dict] = {}
    for t in d.of_kind(Treaty):
        if t.category not in _ARMS["category_weight"] or not ctx.pair() <= set(t.parties):
            continue
        st = t.status_on(ctx.as_of)
        w = _treaty_weight(st, _ARMS["category_weight"][t.category], ctx)
        statuses[t.name] = {"status": st.status, "category": t.category,
                            "since": st.since.isoformat(),
                            "inspections": st.inspections,
                            "inspections_allowed_per_year": t.inspections_allowed_per_year,
                            "inspections_held_last": st.inspections_held}
        if w == 0:
            continue
        total += w
        insp = ""
        if st.inspections and t.inspections_allowed_per_year:
            insp = f"; inspections {st.inspections} ({t.inspections_allowed_per_year}/yr allowed)"
        src = st.last_event.source if st.last_event is not None else None
        evidence.append(Evidence.of(
            t, f"{t.name}: {st.status.replace('_', ' ')} since {fmt_date(st.since)}{insp}",
            w, source=src))
    raw = total - _ARMS["baseline"]
    in_force = [n for n, s in statuses.items() if s["status"] == "in_force"]
    lapsed = [n for n, s in statuses.items() if s["status"] in ("ended", "abandoned")]
    suspended = [n for n, s in statuses.items() if s["status"] == "suspended"]
    text = (f"In force: {', '.join(in_force) or 'none'}. Suspended: {', '.join(suspended) or 'none'}."
            f" Ended or abandoned: {', '.join(lapsed) or 'none'}. Regime weight {total:.2f} "
            f"against a baseline of {_ARMS['baseline']:.1f} for a working regime.")
    strategic_live = any(s["status"] == "in_force" and s["category"] in ("strategic_arms", "peace")
                         for s in statuses.values())
    door = (Door(step="Keep the treaties in force and their inspections running", scenario=None)
            if strategic_live else
            Door(step="A successor treaty with verified limits and on-site inspections",
                 scenario="arms-control-restored"))
    return _crack("arms_control", raw, _ARMS["scale"], evidence,
                  {"treaties": statuses, "regime_weight": round(total, 4),
                   "in_force": len(in_force)}, text, door)


# ── societal_ties ───────────────────────────────────────────────────────────────────────────


def _measure_key(x: Exchange) -> tuple:
    return (x.domain, x.unit, x.origin, x.destination)


def societal_ties(d: Dossier, ctx: Context) -> Crack:
    evidence: list[Evidence] = []
    total = 0.0
    restrictions = openings = 0
    series: dict[tuple, list[Exchange]] = {}
    for x in d.of_kind(Exchange):
        if x.effect == "measure":
            if x.known_on(ctx.as_of):
                series.setdefault(_measure_key(x), []).append(x)
            continue
        point_event = x.valid_to == x.valid_from
        if x.effect != "opens" and ctx.active(x):
            w = _TIES["effect_weight"][x.effect]
            restrictions += 1
        elif x.effect == "opens" and x.known_on(ctx.as_of) and (point_event or ctx.active(x)):
            w = _TIES["effect_weight"]["opens"] * ctx.recency(x.valid_from, _TIES["opening_memory_years"])
            openings += 1 if w > 0 else 0
        else:
            continue
        if w == 0:
            continue
        total += w
        evidence.append(Evidence.of(x, f"{x.domain}: {x.summary}", w))
    latest: dict[str, float] = {}
    for key, facts in series.items():
        facts.sort(key=lambda f: (f.year or f.valid_from.year, f.valid_from))
        last = facts[-1]
        year = last.year or last.valid_from.year
        if ctx.as_of.year - year > _TIES["measure_memory_years"]:
            continue
        domain, unit, origin, destination = key
        route = f" {origin}→{destination}" if origin and destination else " balance"
        label = f"{domain}{route} ({unit})"
        latest[label] = last.value
        w = 0.0
        claim = f"{label}: {last.value:g} in {year}"
        if len(facts) > 1 and facts[-2].value and last.value and facts[-2].value > 0:
            prev = facts[-2]
            ratio = last.value / prev.value
            w = _TIES["measure_trend_weight"] * max(-1.0, min(1.0, math.log(ratio)))
            claim += f", {prev.value:g} in {prev.year or prev.valid_from.year} ({ratio - 1:+.0%})"
        total += w
        evidence.append(Evidence.of(last, claim, w))
    raw = _TIES["baseline"] + total
    text = (f"Recorded: {restrictions} restriction(s) on travel, study, flights or trade in force "
            f"and {openings} recent opening(s); measured flows: "
            f"{'; '.join(f'{k} = {v:g}' for k, v in latest.items()) or 'none on record'}.")
    door = (Door(step="Restore visas, flights and student exchanges", scenario="exchanges-restored")
            if restrictions else
            Door(step="Widen exchanges of students, scholars and visitors",
                 scenario="exchanges-restored"))
    return _crack("societal_ties", raw, 1.0, evidence,
                  {"restrictions_in_force": restrictions, "recent_openings": openings,
                   "latest_measures": latest}, text, door)


# ── diplomacy ───────────────────────────────────────────────────────────────────────────────


def diplomacy(d: Dossier, ctx: Context) -> Crack:
    evidence: list[Evidence] = []
    kinds: list[str] = []
    for ch in d.of_kind(Channel):
        if not ch.known_on(ctx.as_of):
            continue
        w = _DIPLOMACY["channel_weight"].get(ch.channel, {}).get(ch.status, 0.0)
        if ctx.active(ch):
            pass
        elif ch.channel in _DIPLOMACY["event_memory_years"] and ch.valid_to is not None:
            w *= ctx.recency(ch.valid_to, _DIPLOMACY["event_memory_years"][ch.channel])
        else:
            w = 0.0
        if w == 0:
            continue
        evidence.append(Evidence.of(ch, f"{ch.channel.replace('_', ' ')} {ch.status}: "
                                        f"{ch.summary}", w))
        kinds.append(ch.channel)
    evidence = _capped_meetings(evidence, kinds)
    total = sum(e.weight for e in evidence)
    raw = total
    open_ones = sum(1 for e in evidence if e.weight > 0)
    shut = sum(1 for e in evidence if e.weight < 0)
    text = (f"Among the recorded channels (embassies, talks, summits, hotlines), {open_ones} "
            f"signal(s) point to open diplomacy and {shut} to closed or shrunken channels as of "
            f"{fmt_date(ctx.as_of)} (their net {total:+.2f}).")
    door = Door(step="Return ambassadors and hold regular high-level talks",
                scenario="talks-resumed")
    return _crack("diplomacy", raw, 1.0, evidence,
                  {"open_signals": open_ones, "closed_signals": shut}, text, door)


def _capped_meetings(evidence: list[Evidence], kinds: list[str]) -> list[Evidence]:
    """Meetings of one kind (summits, talks, back channels) held or open add at most that kind's
    full weight together: a year of many summits is one signal that the leaders meet, not one per
    summit. A kind over its cap has each item scaled down alike, so the items still add up to the
    crack's sum. `kinds[i]` is the channel of `evidence[i]`."""
    caps: dict[str, tuple[float, float]] = {}  # kind → (its cap, the factor its items take)
    for kind in _DIPLOMACY["event_memory_years"]:
        cap = max(_DIPLOMACY["channel_weight"].get(kind, {}).values(), default=0.0)
        held = sum(e.weight for e, k in zip(evidence, kinds, strict=True) if k == kind and e.weight > 0)
        if cap > 0 and held > cap:
            caps[kind] = (cap, cap / held)
    return [e.model_copy(update={"weight": round(e.weight * caps[k][1], 4),
                                 "claim": f"{e.claim} ({k.replace('_', ' ')} items capped at "
                                          f"{caps[k][0]:+.2f} together)"})
            if k in caps and e.weight > 0 else e for e, k in zip(evidence, kinds, strict=True)]


EVALUATORS: dict[str, Callable[[Dossier, Context], Crack]] = {
    "armed_conflict": armed_conflict,
    "negotiation": negotiation,
    "coercion": coercion,
    "arms_control": arms_control,
    "societal_ties": societal_ties,
    "diplomacy": diplomacy,
}


def evaluate_all(d: Dossier, ctx: Context) -> list[Crack]:
    """All six cracks on ctx.as_of, from the dossier cut to that day."""
    cut = d.as_of(ctx.as_of)
    return [fn(cut, ctx) for fn in EVALUATORS.values()]
