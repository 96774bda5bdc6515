"""The components of Zartman's ripeness, each read from the dossier as known on one day.

A conflict is ripe for resolution when the parties feel a **mutually hurting stalemate** (MHS:
neither can win at acceptable cost; the costs hurt, and better still are rising or a catastrophe
is recent) and see a **way out** (talks, a mediator, positions that overlap). Each component
scores in [0, 1] (None = unknown: the dossier holds no facts that bear on it) and is present at
≥ PRESENT_AT. Every weight is a constant below and a row of the table in docs/dynamics.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from detente.core.context import Context
from detente.core.dates import fmt_date
from detente.core.source import Source
from detente.dossier.load import Dossier
from detente.dossier.positions import stances
from detente.dossier.schema import ArmsSupply, Channel, Conflict, Fact, Sanction

PRESENT_AT = 0.5

# stalemate: the strongest conflict under way between them
STALEMATE_FORM = {"war": 1.0, "proxy_war": 1.0, "armed_clash": 0.6, "occupation": 0.8, "crisis": 0.0,
                  "incident": 0.0}
STALEMATE_RELATION = {"direct": 1.0, "proxy": 0.8}
# the focal conflict: the heaviest under way, by form × relation (the `armed_conflict` crack's
# weights, docs/rules.md)
FOCAL_FORM = {"war": 1.0, "proxy_war": 0.8, "occupation": 0.6, "armed_clash": 0.6, "crisis": 0.5,
              "incident": 0.25}
FOCAL_RELATION = {"direct": 1.0, "proxy": 0.6}
STALEMATE_MIN_YEARS = 1.0  # fighting younger than this is still fluid
YOUNG_FACTOR = 0.4

# hurting: each side's burden, capped at 1; the component is the smaller of the two (mutual)
COST_FORM = {"war": 0.6, "proxy_war": 0.5, "occupation": 0.5, "armed_clash": 0.3, "crisis": 0.2,
             "incident": 0.1}
SUPPORTER_SHARE = 0.5  # a backer bears half a fighter's cost
ENDED_FACTOR, ENDED_MEMORY_YEARS = 0.5, 10.0
SANCTION_COST = 0.5  # × min(1, Σ SANCTION_SCOPE of the sanction's scope)
# how much of a sanction's bite each scope carries (the `coercion` crack's weights, docs/rules.md)
SANCTION_SCOPE = {"comprehensive": 1.0, "financial": 0.5, "energy": 0.4, "trade": 0.4,
                  "technology": 0.3, "sectoral": 0.3, "agriculture": 0.25, "aviation": 0.2,
                  "travel": 0.15, "individuals": 0.1, "diplomatic": 0.1}
ARMS_COST, ARMS_CAP = 0.25, 0.5  # arms (from anyone) to a party fighting this side
SUPPLIER_COST, SUPPLIER_CAP = 0.1, 0.2  # arming the other's adversary costs the supplier
ARMS_MEMORY_YEARS = 3.0

# rising: costs up on a year earlier, a recent catastrophe, material conflict up in events
RISING_PER_BURDEN = 2.0
CATASTROPHE_FORM = {"war": 1.0, "proxy_war": 0.8, "armed_clash": 0.6, "crisis": 0.6, "occupation": 0.6,
                    "incident": 0.2}
CATASTROPHE_MEMORY_YEARS = 2.0
EVENT_TREND_PER_SHARE = 10.0  # 5 points of share in a year → 0.5
EVENT_RISING_CAP = 0.5
MIN_EVENTS = 20

# talks between the two (channel facts naming both, or naming nobody)
TALKS_WEIGHT = {"summit": 1.0, "talks": 0.7, "back_channel": 0.7, "multilateral": 0.5}
TALKS_MEMORY_YEARS = {"summit": 2.0, "talks": 1.0, "back_channel": 1.0, "multilateral": 1.0}
TALKS_SUSPENDED = -0.5

# mediation: a channel of both with a third state in it
MEDIATION_WEIGHT = {"summit": 1.0, "talks": 1.0, "back_channel": 0.8, "multilateral": 0.7,
                    "deconfliction": 0.3}
MEDIATION_MEMORY_YEARS = 2.0

OVERLAP_MET_AT = 0.75  # positions this far met are a way out even without a channel recorded
OVERLAP_ROW_WEIGHT = 1.5  # an answered demand's row: ± this / the number of demands (as the crack)

MHS_WEIGHTS = {"stalemate": 0.45, "hurting": 0.35, "rising": 0.2}
WAY_OUT_WEIGHTS = {"talks": 0.35, "mediation": 0.15, "overlap": 0.4, "cooperation_events": 0.1}


@dataclass
class Component:
    """One component on one day: score in [0, 1] or None (unknown), the evidence, a note."""

    name: str
    score: float | None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""

    @property
    def status(self) -> str:
        if self.score is None:
            return "unknown"
        return "present" if self.score >= PRESENT_AT else "absent"


def item(fact: Fact | None, claim: str, weight: float, source: Source | None = None) -> dict:
    """One evidence row: the fact, what it says here, its weight, its source."""
    src = source or (fact.source if fact is not None else None)
    return {"fact_id": fact.id if fact is not None else None, "claim": claim,
            "weight": round(weight, 4), "source": src.model_dump(mode="json") if src else None}


def _clip(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return round(max(lo, min(hi, x)), 4)


def _opposed(d: Dossier, ctx: Context) -> list[tuple[Conflict, str]]:
    return [(c, rel) for c in d.of_kind(Conflict)
            if isinstance(c, Conflict) and (rel := c.relation(ctx.a, ctx.b))]


def active_conflicts(d: Dossier, ctx: Context) -> list[tuple[Conflict, str]]:
    """Conflicts under way on the day that set the two on opposite sides (relation: direct/proxy)."""
    return [(c, rel) for c, rel in _opposed(d, ctx) if ctx.active(c)]


def any_conflict(d: Dossier, ctx: Context) -> bool:
    return bool(_opposed(d, ctx))


def focal_conflict(d: Dossier, ctx: Context) -> tuple[Conflict, str] | None:
    """The conflict whose ripeness is judged: the heaviest under way between them (form ×
    relation weight of the armed_conflict crack), the newest on a tie."""
    active = active_conflicts(d, ctx)
    if not active:
        return None
    return max(active, key=lambda cr: (FOCAL_FORM[cr[0].form] * FOCAL_RELATION[cr[1]],
                                       cr[0].valid_from))


def stalemate(d: Dossier, ctx: Context) -> Component:
    """Neither side can win: the focal conflict (a war, occupation or clash between them) has run
    STALEMATE_MIN_YEARS or more without ending. The dossier records no front lines, so how long
    the fighting has gone on undecided stands in for them."""
    if not any_conflict(d, ctx):
        return Component("stalemate", None, note="no conflict between them in the dossier")
    focal = focal_conflict(d, ctx)
    note = ("front lines are not recorded in the dossier: the focal conflict counts as stalemated "
            f"once it has run {STALEMATE_MIN_YEARS:g} year(s) without ending")
    if focal is None:
        return Component("stalemate", 0.0, note="no conflict between them is under way")
    c, rel = focal
    years = ctx.years_since(c.valid_from)
    w = STALEMATE_FORM[c.form] * STALEMATE_RELATION[rel]
    w *= 1.0 if years >= STALEMATE_MIN_YEARS else YOUNG_FACTOR
    rows = [item(c, f"{c.name} ({c.form.replace('_', ' ')}, {rel}) running {years:.1f} years "
                    f"since {fmt_date(c.valid_from)}", w)]
    return Component("stalemate", _clip(w), rows, note)


FIGHTING_FORMS = ("war", "proxy_war", "armed_clash")


def _arms_factor(s: ArmsSupply, d: Dossier, ctx: Context) -> float:
    """1 while the supply runs and feeds a war its recipient is fighting against `against` (one
    that began no later than the supply); otherwise fading over ARMS_MEMORY_YEARS from its end
    (or, when its end is not known on the day, its start); 0 for a pause."""
    if s.direction == "pause" or not s.known_on(ctx.as_of):
        return 0.0
    if ctx.active(s) and any(
            isinstance(c, Conflict) and c.form in FIGHTING_FORMS and ctx.active(c)
            and c.valid_from <= s.valid_from and _fights_against(c, s.recipient, s.against)
            for c in d.of_kind(Conflict)):
        return 1.0
    return ctx.recency(s.valid_to or s.valid_from, ARMS_MEMORY_YEARS)


def _fights_against(c: Conflict, x: str, y: str | None) -> bool:
    camp_a, camp_b = set(c.side_a) | set(c.supporters_a), set(c.side_b) | set(c.supporters_b)
    return (x in c.side_a and y in camp_b) or (x in c.side_b and y in camp_a)


def burdens(d: Dossier, ctx: Context) -> tuple[dict[str, float], list[dict]]:
    """Each side's cost of the conflict on the day (capped at 1) and the rows behind it."""
    raw = {ctx.a: 0.0, ctx.b: 0.0}
    rows: list[dict] = []
    for c, _ in _opposed(d, ctx):
        if ctx.active(c):
            factor, when = 1.0, "under way"
        elif c.valid_to is not None:
            factor = ENDED_FACTOR * ctx.recency(c.valid_to, ENDED_MEMORY_YEARS)
            when = f"ended {fmt_date(c.valid_to)}"
        else:
            continue
        for x in (ctx.a, ctx.b):
            fights = x in c.side_a or x in c.side_b
            w = COST_FORM[c.form] * factor * (1.0 if fights else SUPPORTER_SHARE)
            if w > 0:
                raw[x] += w
                rows.append(item(c, f"{x} bears the cost of the {c.name} "
                                    f"({'a party' if fights else 'backing a side'}, {when})", w))
    for s in d.of_kind(Sanction):
        if not (isinstance(s, Sanction) and s.direction == "impose" and ctx.active(s)):
            continue
        for x in (ctx.a, ctx.b):
            if x in s.target and ctx.other(x) in s.imposer:
                w = SANCTION_COST * min(1.0, sum(SANCTION_SCOPE[k] for k in s.scope))
                raw[x] += w
                rows.append(item(s, f"{x} is under {ctx.other(x)} sanctions ({', '.join(s.scope)})",
                                 w))
    arms = {ctx.a: 0.0, ctx.b: 0.0}
    supplied = {ctx.a: 0.0, ctx.b: 0.0}
    for s in d.of_kind(ArmsSupply):
        if not (isinstance(s, ArmsSupply) and s.against in raw):
            continue
        factor = _arms_factor(s, d, ctx)
        if factor == 0:
            continue
        arms[s.against] += ARMS_COST * factor
        rows.append(item(s, f"{s.supplier} arms {s.recipient} against {s.against}: {s.items}",
                         ARMS_COST * factor))
        if s.supplier == ctx.other(s.against):
            supplied[s.supplier] += SUPPLIER_COST * factor
    out = {x: _clip(raw[x] + min(ARMS_CAP, arms[x]) + min(SUPPLIER_CAP, supplied[x]))
           for x in raw}
    return out, rows


def hurting(d: Dossier, ctx: Context) -> tuple[Component, dict[str, float]]:
    """The costs hurt both: the smaller of the two sides' burdens."""
    burden, rows = burdens(d, ctx)
    if not rows and not any_conflict(d, ctx):
        return Component("hurting", None, note="no cost-bearing facts"), burden
    note = f"burden {ctx.a} {burden[ctx.a]:.2f}, {ctx.b} {burden[ctx.b]:.2f}; mutual = the smaller"
    return Component("hurting", min(burden.values()), rows, note), burden


def _shares(counts: dict, family: str) -> float | None:
    n = counts.get("events", 0)
    return (counts.get(family) or 0) / n if n >= MIN_EVENTS else None  # None: not coded


def event_deltas(windows: Any) -> dict[str, float] | None:
    """Change in the share of verbal cooperation and of material conflict among the pair's
    events, year to the day against the year before; None when either year is too thin."""
    if windows is None:
        return None
    out = {}
    for family in ("verbal_cooperation", "material_conflict", "consultations"):
        now, before = _shares(windows.now, family), _shares(windows.before, family)
        if now is None or before is None:
            return None
        out[family] = round(now - before, 4)
    return out


def rising(d: Dossier, ctx: Context, burden_now: dict[str, float],
           deltas: dict[str, float] | None) -> Component:
    """Costs rising: the mean burden against a year earlier, a war or crisis begun in the last
    CATASTROPHE_MEMORY_YEARS, and (with event data) a growing share of material conflict."""
    if not any_conflict(d, ctx):
        return Component("rising", None, note="no conflict between them in the dossier")
    year_ago = ctx.as_of - dt.timedelta(days=365)
    ctx_before = Context(ctx.a, ctx.b, year_ago, ctx.name_a, ctx.name_b)
    burden_before, _ = burdens(d.as_of(year_ago), ctx_before)
    delta = sum(burden_now.values()) / 2 - sum(burden_before.values()) / 2
    score, rows = max(0.0, RISING_PER_BURDEN * delta), []
    if delta:
        rows.append(item(None, f"mean burden {sum(burden_now.values()) / 2:.2f}, a year earlier "
                               f"{sum(burden_before.values()) / 2:.2f}", score))
    for c, rel in _opposed(d, ctx):
        w = (CATASTROPHE_FORM[c.form] * STALEMATE_RELATION[rel]
             * ctx.recency(c.valid_from, CATASTROPHE_MEMORY_YEARS))
        if w > 0:
            score += w
            rows.append(item(c, f"recent catastrophe: {c.name} began {fmt_date(c.valid_from)}", w))
    if deltas is not None and deltas["material_conflict"] > 0:
        w = min(EVENT_RISING_CAP, EVENT_TREND_PER_SHARE * deltas["material_conflict"])
        score += w
        rows.append(item(None, f"event data: material conflict share "
                               f"{deltas['material_conflict'] * 100:+.1f} points on the year before", w))
    return Component("rising", _clip(score), rows)


def _pair_channel(ch: Channel, ctx: Context) -> bool:
    return not ch.parties or ctx.pair() <= set(ch.parties)


def _channel_factor(ch: Channel, ctx: Context, memory: float) -> float:
    if ctx.active(ch):
        return 1.0
    return ctx.recency(ch.valid_to or ch.valid_from, memory) if ch.known_on(ctx.as_of) else 0.0


def talks(d: Dossier, ctx: Context) -> Component:
    """Talks, summits or back channels between the two, held or open (fading after they end);
    talks suspended and still so count against."""
    channels = d.of_kind(Channel)
    if not channels:
        return Component("talks", None, note="no channel facts in the dossier")
    score, rows = 0.0, []
    for ch in channels:
        if ch.channel not in TALKS_WEIGHT or not _pair_channel(ch, ctx):
            continue
        if ch.status in ("held", "open"):
            w = TALKS_WEIGHT[ch.channel] * _channel_factor(ch, ctx, TALKS_MEMORY_YEARS[ch.channel])
        elif ch.status in ("suspended", "closed") and ctx.active(ch):
            w = TALKS_SUSPENDED
        else:
            continue
        if w:
            score += w
            rows.append(item(ch, f"{ch.channel.replace('_', ' ')} {ch.status}: {ch.summary}", w))
    return Component("talks", _clip(score), rows)


def mediation(d: Dossier, ctx: Context) -> Component:
    """A third state in a channel of both: a mediator's summit or talks, a back channel through
    third leaders, a monitoring mission (fading over MEDIATION_MEMORY_YEARS after it ends)."""
    channels = d.of_kind(Channel)
    if not channels:
        return Component("mediation", None, note="no channel facts in the dossier")
    score, rows = 0.0, []
    for ch in channels:
        third = sorted(set(ch.parties) - ctx.pair())
        if (ch.channel not in MEDIATION_WEIGHT or ch.status not in ("held", "open")
                or not third or not ctx.pair() <= set(ch.parties)):
            continue
        w = MEDIATION_WEIGHT[ch.channel] * _channel_factor(ch, ctx, MEDIATION_MEMORY_YEARS)
        if w > 0:
            score += w
            rows.append(item(ch, f"with {', '.join(third)}: {ch.summary}", w))
    return Component("mediation", _clip(score), rows,
                     "" if rows else "no channel with a third state recorded")


def overlap(d: Dossier, ctx: Context) -> tuple[Component, dict]:
    """Positions that meet: of the demands the other side has answered, the share it accepts
    rather than blocks (0 when none is answered yet). A demand is blocked when the other side
    rejects it or demands the opposite; the zone of agreement (no demand blocked, as the
    `negotiation` crack reads it) is reported too."""
    demands, replies = stances(d, ctx)
    n = len(demands)
    rows, bridged, blocked = [], 0, 0
    for camp, issue in demands:
        other = ctx.other(camp)
        reply, rival = replies.get((other, issue)), demands.get((other, issue))
        if reply is not None and reply.kind == "accept":
            bridged += 1
            rows.append(item(reply.fact, f"{other} accepts: {reply.text}", OVERLAP_ROW_WEIGHT / n))
        elif reply is not None or rival is not None:
            blocked += 1
            against = reply or rival
            verb = "rejects" if reply is not None else "demands the opposite"
            rows.append(item(against.fact, f"{other} {verb}: {against.text}", -OVERLAP_ROW_WEIGHT / n))
    zone = None if n == 0 else not blocked
    figures = {"demands": n, "bridged": bridged, "blocked": blocked, "zone_of_agreement": zone}
    if n == 0:
        return Component("overlap", None, note="no stated demands recorded"), figures
    score = _clip(bridged / (bridged + blocked)) if bridged + blocked else 0.0
    note = (f"{bridged} of {n} demands accepted by the other side, {blocked} blocked; zone of "
            f"agreement: {zone}")
    return Component("overlap", score, rows, note), figures


def cooperation_events(deltas: dict[str, float] | None, reason: str | None) -> Component:
    """Event data: the share of verbal cooperation among the pair's events up on the year before."""
    if deltas is None:
        return Component("cooperation_events", None, note=reason or "too few events to compare")
    d = deltas["verbal_cooperation"]
    row = item(None, f"event data: verbal cooperation share {d * 100:+.1f} points, consultations "
                     f"{deltas['consultations'] * 100:+.1f} points on the year before",
               EVENT_TREND_PER_SHARE * d)
    return Component("cooperation_events", _clip(EVENT_TREND_PER_SHARE * d), [row])
