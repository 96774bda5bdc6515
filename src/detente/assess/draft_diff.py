"""What a draft's candidate facts would change in the six cracks: each crack read from the dossier
alone on a day, before and after the valid candidates are added, and which candidates moved it
(their facts among the evidence after, or the crack changing when that candidate alone is added).
The datasets and the event store are left out: a draft changes only the dossier."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from detente.assess.cracks import evaluate_all
from detente.assess.result import Crack
from detente.core.context import Context
from detente.core.countries import resolve
from detente.core.errors import UsageError
from detente.dossier.drafts import Candidate
from detente.dossier.load import Dossier
from detente.dossier.schema import Fact


@dataclass(frozen=True)
class CrackChange:
    """One crack before and after the candidates, and the candidates that moved it."""

    id: str
    status_before: str
    status_after: str
    score_before: float | None
    score_after: float | None
    moved_by: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.status_before != self.status_after or self.score_before != self.score_after

    def as_dict(self) -> dict:
        return {"crack": self.id, "changed": self.changed,
                "status": {"before": self.status_before, "after": self.status_after},
                "score": {"before": self.score_before, "after": self.score_after},
                "moved_by": list(self.moved_by)}


@dataclass(frozen=True)
class DraftDiff:
    """The cracks on `as_of` with and without the draft, and the candidates left out (with why)."""

    dyad: tuple[str, str]
    as_of: dt.date
    cracks: list[CrackChange]
    added: tuple[str, ...]
    not_yet: tuple[str, ...]
    invalid: tuple[Candidate, ...]

    def as_dict(self) -> dict:
        return {"dyad": list(self.dyad), "as_of": self.as_of.isoformat(),
                "cracks": [c.as_dict() for c in self.cracks],
                "candidates_added": list(self.added),
                "candidates_after_as_of": list(self.not_yet),
                "candidates_invalid": [{"id": c.id, "problems": [str(p) for p in c.problems]}
                                       for c in self.invalid]}


def _context(a: str, b: str, day: dt.date) -> Context:
    sa, sb = resolve(a), resolve(b)
    return Context(sa.iso3, sb.iso3, day, sa.name_on(day), sb.name_on(day))


def _score(c: Crack) -> float | None:
    return None if c.score is None else round(c.score, 4)


def diff(dossier: Dossier, candidates: list[Candidate], as_of: dt.date) -> DraftDiff:
    """The six cracks of `dossier` on `as_of` before and after adding the valid candidates."""
    valid = [c for c in candidates if c.fact is not None]
    taken = {f.id for f in dossier.facts}
    clash = [c.id for c in valid if c.id in taken]
    if clash:
        raise UsageError(f"candidate id(s) already in the dossier: {', '.join(clash)}; rename them")
    facts: list[Fact] = [c.fact for c in valid if c.fact is not None]
    added = tuple(f.id for f in facts if f.valid_from <= as_of)
    not_yet = tuple(f.id for f in facts if f.valid_from > as_of)
    ctx = _context(dossier.a, dossier.b, as_of)
    before = evaluate_all(dossier, ctx)
    after = evaluate_all(Dossier(dossier.a, dossier.b, dossier.facts + facts, dossier.info), ctx)
    alone = {f.id: evaluate_all(Dossier(dossier.a, dossier.b, dossier.facts + [f], dossier.info), ctx)
             for f in facts if f.id in added}
    changes = []
    for i, (old, new) in enumerate(zip(before, after, strict=True)):
        cited = {e.fact_id for e in new.evidence}
        moved: tuple[str, ...] = ()
        if (_score(old), old.status) != (_score(new), new.status):
            moved = tuple(fid for fid in added
                          if fid in cited or (_score(alone[fid][i]), alone[fid][i].status)
                          != (_score(old), old.status))
        changes.append(CrackChange(old.id, old.status, new.status, _score(old), _score(new), moved))
    return DraftDiff((ctx.a, ctx.b), as_of, changes, added, not_yet,
                     tuple(c for c in candidates if c.fact is None))
