"""Source quality as data: how many of a dossier's facts rest on a reprint, a mirror or a
reference work alone (every source of the fact, milestones included, of those kinds)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from detente.core.source import Source
from detente.dossier.schema import Fact, Treaty

WEAK_KINDS = frozenset({"reprint", "reference"})
MAX_WEAK_SHARE = 0.15


def sources_of(fact: Fact) -> list[Source]:
    """The fact's source and its milestones' own sources."""
    out = [fact.source]
    if isinstance(fact, Treaty):
        out += [m.source for m in fact.milestones if m.source is not None]
    return out


def rests_on_weak_sources(fact: Fact) -> bool:
    """True when every source of the fact is a reprint or a reference work (or unclassified)."""
    return all(s.kind in WEAK_KINDS or s.kind is None for s in sources_of(fact))


@dataclass(frozen=True)
class Lint:
    """One dossier's source kinds: the facts that rest on weak sources alone, and the mix."""

    folder: str
    facts: int
    weak: tuple[str, ...]
    kinds: dict[str, int]

    @property
    def share(self) -> float:
        return len(self.weak) / self.facts if self.facts else 0.0

    @property
    def ok(self) -> bool:
        return self.share <= MAX_WEAK_SHARE


def lint(folder: str, facts: list[Fact]) -> Lint:
    kinds = Counter(s.kind or "unclassified" for f in facts for s in sources_of(f))
    return Lint(folder, len(facts), tuple(f.id for f in facts if rests_on_weak_sources(f)),
                dict(kinds.most_common()))
