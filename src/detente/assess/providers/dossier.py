"""The dossier as a provider: the curated facts, with the datasets' records merged in as facts
(`records`, `merge`), weighed by the six evaluators (`assess/cracks.py`). Each crack's reading
carries the evaluator's items (each naming its provider: the dossier or a dataset family), its
baseline as one item, its explanation, indicators and door.

When a crack reading counts as known: it has evidence (a fact, or a weighed measure), or a
source that covers the day vouches that nothing happened — the curated dossier for
`armed_conflict` and `coercion` inside its coverage, a conflict or sanctions dataset inside its
years. `arms_control` is weighed against a working regime only where there is an arms-control
relation to regulate: both states nuclear-armed (`nuclear.py`), or the curated dossier lists a
security treaty between them; with neither and no treaty it is unknown, "not applicable"."""

from __future__ import annotations

from dataclasses import dataclass

from detente.assess import cracks as evaluators
from detente.assess.providers.base import Reading, informative
from detente.assess.providers.merge import Duplicate
from detente.assess.providers.nuclear import relation
from detente.assess.providers.records import provider_of, record_of
from detente.assess.rules import rules
from detente.core.context import Context
from detente.core.dates import fmt_date
from detente.core.evidence import Evidence
from detente.dossier.load import Dossier
from detente.dossier.schema import Conflict, Fact, Treaty

VOUCHED_BY_DOSSIER = ("armed_conflict", "coercion")


@dataclass(frozen=True)
class Sources:
    """What stands behind the merged dossier on the day: whether a curated dossier covers it,
    the datasets that vouch for a crack, and the facts counted once."""

    curated_covers: bool
    vouches: dict[str, str]
    duplicates: list[Duplicate]


def _tagged(item: Evidence, facts: dict[str, Fact]) -> Evidence:
    fact = facts.get(item.fact_id or "")
    if fact is None:
        return item.model_copy(update={"provider": item.provider or "dossier"})
    record = record_of(fact)
    return item.model_copy(update={
        "provider": provider_of(fact), "record": record.split(":", 1)[1] if record else None,
        "start": fact.valid_from, "end": fact.valid_to,
        "episode": fact.kind if record else item.episode})


def _duplicate_items(crack: str, dups: list[Duplicate]) -> list[Evidence]:
    kinds = {"armed_conflict": "conflict", "coercion": ("sanction", "arms_supply"),
             "arms_control": "treaty", "negotiation": "channel"}
    want = kinds.get(crack, ())
    out = []
    for d in dups:
        if d.fact.kind in (want if isinstance(want, tuple) else (want,)):
            record = record_of(d.fact)
            out.append(Evidence(
                claim=f"{d.fact.summary} Counted once: the same episode as "
                      f"{getattr(d.kept, 'name', d.kept.id)} (same kind and parties, overlapping "
                      f"dates).", source=d.fact.source, fact_id=d.fact.id, weight=0.0,
                provider=provider_of(d.fact), record=record.split(":", 1)[1] if record else None,
                start=d.fact.valid_from, end=d.fact.valid_to, same_as=d.kept.id))
    return out


def _wars(d: Dossier, ctx: Context) -> list[Evidence]:
    """Diplomacy at war: each war the two fight against each other, under way on the day."""
    w = rules()["diplomacy"]["war_weight"]
    return [Evidence(claim=f"At war: {c.name} under way since {fmt_date(c.valid_from)}",
                     source=c.source, fact_id=c.id, weight=w, provider=provider_of(c),
                     start=c.valid_from, end=c.valid_to, episode="war")
            for c in d.of_kind(Conflict)
            if c.form == "war" and ctx.active(c) and c.relation(ctx.a, ctx.b) == "direct"]


def _rule(crack_id: str) -> str:
    return f"the [{crack_id}] table of src/detente/assess/rules.toml (docs/rules.md)"


def _security_treaty(d: Dossier, a: str, b: str) -> bool:
    return any(provider_of(t) == "dossier" and t.category in rules()["arms_control"]["category_weight"]
               and {a, b} <= set(t.parties) for t in d.of_kind(Treaty))


def readings(merged: Dossier, ctx: Context, src: Sources) -> list[Reading]:
    """One reading per crack from the merged dossier (those with nothing to say are left out)."""
    facts = {f.id: f for f in merged.facts}
    nuclear = relation(ctx.a, ctx.b, ctx.as_of)
    out = []
    for crack_id, evaluate in evaluators.EVALUATORS.items():
        crack = evaluate(merged, ctx)
        items = [_tagged(e, facts) for e in crack.evidence]
        raw = crack.indicators.get("raw", 0.0)
        base = round(raw - sum(e.weight for e in items), 4)
        vouch = src.vouches.get(crack_id)
        if src.curated_covers and crack_id in VOUCHED_BY_DOSSIER:
            vouch = vouch or "the dossier covers the date"
        coverage: list[str] = []
        if crack_id == "arms_control":
            if nuclear.applies or (src.curated_covers and _security_treaty(merged, ctx.a, ctx.b)):
                vouch = nuclear.reason if nuclear.applies else "the dossier lists security treaties"
                vouch = vouch if src.curated_covers or items else None
            else:
                base = 0.0
                coverage.append(f"arms control not applicable: {nuclear.reason}")
        baseline = None
        if base and (vouch or any(informative(e) for e in items)):
            baseline = Evidence(
                claim=f"Baseline of the {crack_id} rule (docs/rules.md): {base:+.2f} before "
                      f"evidence{'; ' + vouch if vouch else ''}", weight=base, provider="rules",
                computation=_rule(crack_id))
        elif vouch and not items:
            baseline = Evidence(claim=f"Nothing recorded: {vouch}", weight=0.0, provider="rules",
                                computation=_rule(crack_id))
        if crack_id == "diplomacy":
            items += _wars(merged, ctx)
        out.append(Reading(
            crack=crack_id, provider="dossier", items=items + _duplicate_items(crack_id,
                                                                              src.duplicates),
            baseline=baseline, explanation=crack.explanation,
            indicators={k: v for k, v in crack.indicators.items() if k != "raw"},
            door=crack.door, coverage=coverage))
    return out
