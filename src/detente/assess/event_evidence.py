"""Event-data evidence for three cracks: `diplomacy` (verbal cooperation, consultations, visits),
`armed_conflict` (material conflict, fighting) and `coercion` (threats, coercion, sanctions).

For the pair (both directions) the event store is counted over the year up to the as-of date
and the year before (`EventWindows`, loaded by the engine). Each crack gets one evidence item
with the counts, weighted by how the share of its family among all the pair's events moved:
shares, not counts, because event volume grows over time. The weight is
TREND_WEIGHT × (share now − share a year earlier), with the sign set so that more conflict
counts against the crack, clipped to ±MAX_WEIGHT, and 0 when either year has fewer than
MIN_EVENTS events. Documented in docs/rules.md.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from detente.assess.result import Crack
from detente.core.context import Context
from detente.core.dates import fmt_date
from detente.core.evidence import Evidence
from detente.core.scoring import squash, status_of
from detente.core.source import Source
from detente.events.windows import EventWindows, load, windows  # noqa: F401 (re-exported)

MIN_EVENTS = 20
TREND_WEIGHT = 1.0
MAX_WEIGHT = 0.3
SCALE = 1.0  # the three cracks are squashed with scale 1 (cracks.py)

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


def _share(counts: dict, families: tuple[str, ...]) -> float | None:
    n = counts.get("events", 0)
    return sum(counts.get(f, 0) for f in families) / n if n else None


def _source(dataset: str, last: object, as_of: dt.date) -> Source:
    """The dataset as a source, dated by the last event counted."""
    title, publisher, url = DATASETS.get(dataset, DATASETS["gdelt"])
    day = pd.Timestamp(last).date() if last is not None and not pd.isna(last) else as_of
    return Source(title=title, publisher=publisher, date=day, url=url)


def evidence(crack_id: str, w: EventWindows, ctx: Context) -> Evidence:
    """The event-data evidence item of one crack."""
    families, sign, label, parts = RULES[crack_id]
    now, before = w.now, w.before
    share_now, share_before = _share(now, families), _share(before, families)
    n_now, n_before = now.get("events", 0), before.get("events", 0)
    family_now = sum(now.get(f, 0) for f in families)
    detail = ", ".join(f"{name} {now.get(key, 0):,}" for key, name in parts)
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


def apply(cracks: list[Crack], w: EventWindows | None, ctx: Context) -> list[Crack]:
    """The cracks with event evidence added to `diplomacy`, `armed_conflict` and `coercion`
    (score, status and explanation updated); unchanged when there are no events."""
    if w is None or (w.now.get("events", 0) == 0 and w.before.get("events", 0) == 0):
        return cracks
    out = []
    for crack in cracks:
        if crack.id not in RULES:
            out.append(crack)
            continue
        item = evidence(crack.id, w, ctx)
        raw = crack.indicators.get("raw", 0.0) + item.weight
        score = squash(raw, SCALE)
        items = sorted([*crack.evidence, item], key=lambda e: -abs(e.weight))
        events = {"dataset": w.dataset, "weight": item.weight,
                  "now": _plain(w.now), "year_before": _plain(w.before)}
        out.append(crack.model_copy(update={
            "score": score, "status": status_of(score), "evidence": items,
            "explanation": f"{crack.explanation} {summary(crack.id, w)}",
            "indicators": {**crack.indicators, "raw": round(raw, 4), "events": events}}))
    return out


def _plain(counts: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in counts.items()}


def missing_note(a: str, b: str, reason: str) -> str:
    """The plain sentence the report shows when there is no event data for the pair."""
    return (f"No event data for {a}–{b} ({reason}): the diplomacy, armed_conflict and coercion "
            "cracks rest on the dossier alone. Add events with `detente events pull gdelt --since "
            "DATE --until DATE` or `detente events ingest FILE...`.")


def with_events(cracks: list[Crack], ctx: Context) -> list[Crack]:
    """`apply` with the pair's windows loaded from the store (cached per pair and day)."""
    w, _ = load(ctx.a, ctx.b, ctx.as_of)
    return apply(cracks, w, ctx)


def note(ctx: Context) -> str | None:
    """The report's sentence when there is no event data for the pair, else None."""
    w, reason = load(ctx.a, ctx.b, ctx.as_of)
    return None if w is not None else missing_note(ctx.a, ctx.b, reason or "none")
