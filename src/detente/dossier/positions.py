"""The pair's stated positions on a day: each side's latest demand per issue and its latest
answer (reject or accept) per issue. Read by the `negotiation` crack and by ripeness."""

from __future__ import annotations

from dataclasses import dataclass

from detente.core.context import Context
from detente.dossier.load import Dossier
from detente.dossier.schema import Position


@dataclass
class Stance:
    """One side's stance on one issue: the position fact, its text, and its kind."""

    fact: Position
    text: str
    kind: str  # demand / reject / accept


def stances(d: Dossier, ctx: Context) -> tuple[dict[tuple[str, str], Stance], dict[tuple[str, str], Stance]]:
    """Latest demand per (camp, issue), and latest reject-or-accept per (camp, issue), of the
    positions in force on ctx.as_of held by either side of the pair."""
    demands: dict[tuple[str, str], Stance] = {}
    replies: dict[tuple[str, str], Stance] = {}
    positions = sorted((p for p in d.of_kind(Position) if ctx.active(p)),
                       key=lambda p: p.valid_from)
    for p in positions:
        assert isinstance(p, Position)
        if p.side not in ctx.pair():
            continue
        for claim in p.demands:
            demands[(p.side, claim.issue)] = Stance(p, claim.text, "demand")
        for claim in p.rejects:
            replies[(p.side, claim.issue)] = Stance(p, claim.text, "reject")
        for claim in p.accepts:
            replies[(p.side, claim.issue)] = Stance(p, claim.text, "accept")
    return demands, replies
