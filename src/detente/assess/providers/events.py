"""The event store as a provider: evidence for four cracks, `diplomacy` (verbal cooperation,
consultations, visits), `armed_conflict` (material conflict, fighting), `coercion` (threats,
coercion, sanctions) and `negotiation` (talks, agreements, proposals rejected).

For the pair (both directions) the event store is counted over the year up to the as-of date
and the year before (`EventWindows`, loaded by the engine). Each crack gets one evidence item
with the counts, weighted by how the share of its family among all the pair's events moved:
shares, not counts, because event volume grows over time. The weight is
TREND_WEIGHT × (share now − share a year earlier), with the sign set so that more conflict
counts against the crack, clipped to ±MAX_WEIGHT, and 0 when either year has fewer than
MIN_EVENTS events. A second item weighs the year's level: net cooperation (`diplomacy`) and the
share of material conflict (`armed_conflict`). `negotiation` gets the balance of the year's
talks and agreements against proposals rejected (`_negotiation`). Documented in docs/rules.md.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from detente.assess.providers.base import Reading
from detente.assess.rules import rules
from detente.core.context import Context
from detente.core.dates import fmt_date
from detente.core.evidence import Evidence
from detente.core.source import Source
from detente.events.windows import EventWindows, load, windows  # noqa: F401 (re-exported)

_R = rules()["events"]
MIN_EVENTS, TREND_WEIGHT, MAX_WEIGHT = _R["min_events"], _R["trend_weight"], _R["max_weight"]
LEVEL_WEIGHT, CONFLICT_LEVEL_WEIGHT = _R["level_weight"], _R["conflict_level_weight"]
CONFLICT_TYPICAL_SHARE = _R["conflict_typical_share"]
LEVEL_PRIOR_EVENTS = _R["level_prior_events"]
NEGOTIATION_PRIOR_EVENTS = _R["negotiation_prior_events"]
NEGOTIATION_WEIGHT = _R["negotiation_weight"]

DATASETS = {
    "gdelt": ("GDELT Event Database (GDELT 1.0/2.0), as ingested in the local event store",
              "The GDELT Project", "https://www.gdeltproject.org/"),
    "icews": ("ICEWS Coded Event Data, as ingested in the local event store",
              "Lockheed Martin ATL / Harvard Dataverse", "https://doi.org/10.7910/DVN/28075"),
    "plover": ("PLOVER-coded event data, as ingested in the local event store",
               "Open Event Data Alliance (PLOVER)", "https://github.com/openeventdata/PLOVER"),
}

# crack → (families counted in the share, sign of the weight, what the share is called, and the
# sub-counts shown in the claim).
RULES = {
    "diplomacy": (("verbal_cooperation",), +1, "verbal cooperation",
                  (("consultations", "consultations"), ("visits", "visits"))),
    "armed_conflict": (("material_conflict",), -1, "material conflict",
                       (("fighting", "assaults and fighting"),)),
    "coercion": (("threats", "coercion", "sanctions"), -1, "threats, coercion and sanctions",
                 (("threats", "threats"), ("coercion", "coercive acts"), ("sanctions", "sanctions"))),
}


def _n(counts: dict, family: str) -> int:
    """A family's count (0 where the dataset does not code it)."""
    return counts.get(family) or 0


def _share(counts: dict, families: tuple[str, ...]) -> float | None:
    n = counts.get("events", 0)
    return sum(_n(counts, f) for f in families) / n if n else None


def _source(dataset: str, last: object, as_of: dt.date) -> Source:
    """The dataset as a source, dated by the last event counted (the reference WEIS events by
    the registry's citation)."""
    day = pd.Timestamp(last).date() if last is not None and not pd.isna(last) else as_of
    if dataset == "weis":
        from detente.assess.providers.base import dataset_source

        return dataset_source("weis_lai").model_copy(update={"date": day})
    title, publisher, url = DATASETS.get(dataset, DATASETS["gdelt"])
    return Source(title=title, publisher=publisher, date=day, url=url)


def evidence(crack_id: str, w: EventWindows, ctx: Context) -> Evidence:
    """The event-data evidence item of one crack."""
    families, sign, label, parts = RULES[crack_id]
    now, before = w.now, w.before
    share_now, share_before = _share(now, families), _share(before, families)
    n_now, n_before = now.get("events", 0), before.get("events", 0)
    family_now = sum(_n(now, f) for f in families)
    detail = ", ".join(f"{name} {now[key]:,}" if now.get(key) is not None
                       else f"{name} not coded by {(w.dataset or 'gdelt').upper()}"
                       for key, name in parts)
    dataset = (w.dataset or "gdelt").upper()
    claim = (f"Event data ({dataset}): {n_now:,} events between {ctx.a} and {ctx.b} in the year to "
             f"{fmt_date(w.as_of)}; {label} {family_now:,}"
             + (f" ({share_now:.0%})" if share_now is not None else "") + f" — {detail}")
    weight = 0.0
    if n_now >= MIN_EVENTS and n_before >= MIN_EVENTS:
        assert share_now is not None and share_before is not None
        delta = share_now - share_before
        weight = max(-MAX_WEIGHT, min(MAX_WEIGHT, sign * TREND_WEIGHT * delta))
        claim += (f"; a year earlier {share_before:.0%} of {n_before:,} events "
                  f"({'+' if delta >= 0 else '−'}{abs(delta) * 100:.1f} points)")
    else:
        claim += (f"; a year earlier {n_before:,} events — too few (under {MIN_EVENTS} in a "
                  "year) to weigh a trend")
    return Evidence(claim=claim + ".", source=_source(w.dataset or "gdelt", now.get("last"),
                                                      w.as_of), weight=round(weight, 4))


def summary(crack_id: str, w: EventWindows) -> str:
    """One sentence for the crack's explanation: the family's share now and a year earlier."""
    families, _, label, _ = RULES[crack_id]
    now, before = _share(w.now, families), _share(w.before, families)
    text = f"Event data ({(w.dataset or 'gdelt').upper()}): {w.now.get('events', 0):,} events"
    if now is not None:
        text += f", {label} {now:.0%}"
    if before is not None:
        text += f" (a year earlier {before:.0%} of {w.before.get('events', 0):,})"
    return text + "."


def _plain(counts: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in counts.items()}


def missing_note(a: str, b: str, reason: str) -> str:
    """The plain sentence the report shows when there is no event data for the pair."""
    return (f"No event data for {a}–{b} ({reason}): the diplomacy, armed_conflict and coercion "
            "cracks rest on the dossier alone (the WEIS events that come with detente cover "
            "1966–1992). Add events with `detente events pull gdelt --since DATE --until DATE` "
            "or `detente events ingest FILE...`.")




def note(ctx: Context) -> str | None:
    """The report's sentence when there is no event data for the pair, else None."""
    w, reason = load(ctx.a, ctx.b, ctx.as_of)
    return None if w is not None else missing_note(ctx.a, ctx.b, reason or "none")


def _pooled(count_now: float, n_now: int, count_before: float, n_before: int, neutral: float,
            prior_events: float = LEVEL_PRIOR_EVENTS) -> float:
    """A year's rate (net cooperation, a share) read with the year before as its prior: each year
    counts as if `prior_events` more events at the rate of the year before (itself drawn to
    `neutral` the same way), so a year of few events reads near the pair's recent level rather
    than swinging on a handful of events or being left out."""
    prior = (count_before + prior_events * neutral) / (n_before + prior_events)
    return (count_now + prior_events * prior) / (n_now + prior_events)


def _level(crack_id: str, w: EventWindows, ctx: Context) -> Evidence | None:
    """How cooperative or violent the pair's events of the past year were (not their trend):
    net cooperation for `diplomacy`, the share of material conflict for `armed_conflict`, each
    pooled with the year before (`_pooled`)."""
    now, before = w.now, w.before
    n, nb = now.get("events", 0), before.get("events", 0)
    if n == 0 or crack_id not in ("diplomacy", "armed_conflict"):
        return None
    dataset = (w.dataset or "gdelt").upper()
    pooled = (f"pooled with the year before's {nb:,} events, worth {LEVEL_PRIOR_EVENTS} events at "
              "their rate" if n < 10 * LEVEL_PRIOR_EVENTS else "")
    if crack_id == "diplomacy":
        coop = lambda c: _n(c, "verbal_cooperation") + _n(c, "material_cooperation")  # noqa: E731
        conflict = lambda c: _n(c, "verbal_conflict") + _n(c, "material_conflict")  # noqa: E731
        net = _pooled(coop(now) - conflict(now), n, coop(before) - conflict(before), nb, 0.0)
        weight = LEVEL_WEIGHT * net
        claim = (f"Event data ({dataset}): of {n:,} events between {ctx.a} and {ctx.b} in the year "
                 f"to {fmt_date(w.as_of)}, {coop(now):,} cooperative and {conflict(now):,} conflictual "
                 f"(net {(coop(now) - conflict(now)) / n:+.0%}"
                 + (f"; {pooled}: {net:+.0%}" if pooled else "") + ")")
    else:
        share = _pooled(_n(now, "material_conflict"), n, _n(before, "material_conflict"), nb,
                        CONFLICT_TYPICAL_SHARE)
        weight = -CONFLICT_LEVEL_WEIGHT * max(0.0, min(1.0, (share - CONFLICT_TYPICAL_SHARE)
                                                       / (1 - CONFLICT_TYPICAL_SHARE)))
        claim = (f"Event data ({dataset}): {_n(now, 'material_conflict') / n:.0%} of {n:,} events "
                 f"between {ctx.a} and {ctx.b} in the year to {fmt_date(w.as_of)} are material "
                 "conflict" + (f" ({pooled}: {share:.0%})" if pooled else ""))
    return Evidence(claim=claim + ".", source=_source(w.dataset or "gdelt", now.get("last"), w.as_of),
                    weight=round(weight, 4), provider="events", episode=f"events-level-{crack_id}")


def _negotiation(w: EventWindows, ctx: Context) -> Reading | None:
    """`negotiation` from the year's talks (intent to negotiate, negotiations held, proposals),
    agreements signed and proposals rejected: NEGOTIATION_WEIGHT × their balance, (talks +
    agreements − rejections) / all three, pooled with the year before (`_pooled`, as if
    NEGOTIATION_PRIOR_EVENTS more: a handful of talks is weak evidence). None when the
    dataset does not code them or the year holds none."""
    now, before = w.now, w.before
    if any(now.get(f) is None for f in ("talks", "agreements", "rejections")):
        return None
    pos = lambda c: _n(c, "talks") + _n(c, "agreements")  # noqa: E731
    n_now, n_before = pos(now) + _n(now, "rejections"), pos(before) + _n(before, "rejections")
    if n_now == 0:
        return None
    net_now = pos(now) - _n(now, "rejections")
    balance = _pooled(net_now, n_now, pos(before) - _n(before, "rejections"), n_before, 0.0,
                      NEGOTIATION_PRIOR_EVENTS)
    dataset = (w.dataset or "gdelt").upper()
    claim = (f"Event data ({dataset}): in the year to {fmt_date(w.as_of)}, {_n(now, 'talks'):,} "
             f"events of talks or proposals between {ctx.a} and {ctx.b}, {_n(now, 'agreements'):,} "
             f"agreements and {_n(now, 'rejections'):,} proposals rejected (balance "
             f"{net_now / n_now:+.0%}; pooled with the year before's "
             f"{n_before:,}: {balance:+.0%}).")
    item = Evidence(claim=claim, source=_source(w.dataset or "gdelt", now.get("last"), w.as_of),
                    weight=round(NEGOTIATION_WEIGHT * balance, 4), provider="events",
                    episode="events-negotiation")
    return Reading(crack="negotiation", provider="events", items=[item],
                   explanation=f"Event data ({dataset}): {n_now:,} negotiation events in the year.",
                   indicators={"events_negotiation": {"talks": _n(now, "talks"),
                                                      "agreements": _n(now, "agreements"),
                                                      "rejections": _n(now, "rejections")}})


def readings(ctx: Context) -> list[Reading]:
    """The event store's readings of `diplomacy`, `armed_conflict`, `coercion` and, when the year
    holds talks, agreements or rejections, `negotiation` (none when the store holds no events
    between the pair in the two years to the day)."""
    w, _ = load(ctx.a, ctx.b, ctx.as_of)
    if w is None or (w.now.get("events", 0) == 0 and w.before.get("events", 0) == 0):
        return []
    out = []
    for crack_id in RULES:
        items = [evidence(crack_id, w, ctx).model_copy(update={"provider": "events",
                                                                 "episode": f"events-{crack_id}"})]
        if (level := _level(crack_id, w, ctx)) is not None:
            items.append(level)
        out.append(Reading(crack=crack_id, provider="events", items=items,
                           explanation=summary(crack_id, w),
                           indicators={"events": {"dataset": w.dataset, "now": _plain(w.now),
                                                  "year_before": _plain(w.before)}}))
    if (talks := _negotiation(w, ctx)) is not None:
        out.append(talks)
    return out
