"""The six evaluators' last step: one crack from every provider's reading of it.

raw = Σ the weights of every item (the dossier's baseline is one of them); score =
tanh(raw / scale); status from the score. A crack no provider knows anything about on the day
— no fact, no weighed measure, no source that covers the day — is `unknown`, score None, with
the coverage notes that say why. Items weighing 0 (context, duplicates) are kept for the reader
but make a crack known only when they are the dossier's own facts."""

from __future__ import annotations

from detente.assess.providers.base import Reading
from detente.assess.result import Crack, Door
from detente.assess.rules import rules
from detente.core.context import Context
from detente.core.dates import fmt_date
from detente.core.scoring import squash, status_of

QUESTIONS = {
    "armed_conflict": "Is there a war or proxy war between them?",
    "negotiation": "Do the sides' stated preconditions leave any zone of agreement?",
    "coercion": "Sanctions, export controls, arms to the other's adversary?",
    "arms_control": "Which treaties are in force, suspended or lapsed; are inspections held?",
    "societal_ties": "Do people still study, travel and trade across the line?",
    "diplomacy": "Are channels open: embassies, talks, summits, hotlines?",
}
UNKNOWN_DOOR = {
    "armed_conflict": Door(step="Find out: no source covers armed conflict between them on this date"),
    "negotiation": Door(step="Find out: no stated positions or talks are on record",
                        scenario="talks-resumed"),
    "coercion": Door(step="Find out: no source covers sanctions or arms supplies on this date"),
    "arms_control": Door(step="Find out whether an arms-control relation exists between them"),
    "societal_ties": Door(step="Find out: no trade or exchange figures cover this date",
                          scenario="exchanges-restored"),
    "diplomacy": Door(step="Find out: no channel, vote or event data cover this date",
                      scenario="talks-resumed"),
}


def combine(crack_id: str, readings: list[Reading], ctx: Context) -> Crack:
    """The crack on ctx.as_of from the readings of every provider (dossier first)."""
    coverage = list(dict.fromkeys(n for r in readings for n in r.coverage))
    indicators: dict = {}
    for r in readings:
        indicators.update(r.indicators)
    known = [r for r in readings if r.knows]
    context = [e for r in readings for e in r.items]
    if not known:
        why = "; ".join(coverage) or "no provider holds evidence on it"
        return Crack(id=crack_id, question=QUESTIONS[crack_id], status="unknown", score=None,
                     explanation=f"Unknown on {fmt_date(ctx.as_of)}: {why}.",
                     evidence=sorted(context, key=lambda e: -abs(e.weight)),
                     indicators={"raw": None, **indicators}, door=UNKNOWN_DOOR[crack_id],
                     coverage=coverage)
    items = [e for r in readings for e in ([r.baseline] if r.baseline else []) + r.items]
    raw = round(sum(e.weight for e in items), 4)
    score = squash(raw, rules()[crack_id]["scale"])
    explanation = " ".join(r.explanation for r in readings if r.explanation and r.knows)
    if explanation and len({r.provider for r in known}) > 1:  # each explanation tells only its part
        by = ", ".join(dict.fromkeys(e.provider or "dossier" for e in items))
        explanation += (f" With every item ({len(items)}, from {by}) the crack sums to {raw:+.2f}, "
                        f"which reads {score:+.2f}.")
    door = next((r.door for r in readings if r.door is not None and r.provider == "dossier"
                 and r.knows), None) or _door(crack_id, score)
    return Crack(id=crack_id, question=QUESTIONS[crack_id], status=status_of(score), score=score,
                 explanation=explanation or _sentence(crack_id, score, known),
                 evidence=sorted(items, key=lambda e: -abs(e.weight)),
                 indicators={"raw": raw, **indicators}, door=door, coverage=coverage)


def _door(crack_id: str, score: float) -> Door:
    if score >= 0.33:
        return Door(step="Already open: keep it so")
    return {"armed_conflict": Door(step="A ceasefire and a settlement of what the fighting is "
                                        "about", scenario="ceasefire"),
            "negotiation": Door(step="Direct talks on the issues in dispute", scenario="talks-resumed"),
            "coercion": Door(step="Ease the sanctions in step with a verified de-escalation",
                             scenario="sanctions-eased"),
            "arms_control": Door(step="Verified limits and confidence-building measures",
                                 scenario="arms-control-restored"),
            "societal_ties": Door(step="Reopen trade, travel and exchanges",
                                  scenario="exchanges-restored"),
            "diplomacy": Door(step="Regular high-level talks and open embassies",
                              scenario="talks-resumed")}[crack_id]


def _sentence(crack_id: str, score: float, known: list[Reading]) -> str:
    by = ", ".join(dict.fromkeys(r.provider for r in known))
    return f"{crack_id.replace('_', ' ').capitalize()} reads {score:+.2f} from {by}."
