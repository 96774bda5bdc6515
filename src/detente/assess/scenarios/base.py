"""The one protocol every scenario follows: check the pair, then apply to a dossier cut to a day."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from detente.dossier.load import Dossier


@dataclass(frozen=True)
class Applied:
    """What a scenario did: the changed dossier, and the simulation's figures when it ran one
    (GRIT: steps, p_reach, exploitation_risk, paths)."""

    dossier: Dossier
    simulation: dict[str, Any] | None = None


class Scenario(Protocol):
    """A what-if: `name`, `description`; `check_pair` refuses a pair it cannot apply to (before
    any work); `apply` changes a dossier cut with `.as_of(day)` on that day."""

    name: str
    description: str

    def check_pair(self, a: str, b: str) -> None: ...

    def apply(self, d: Dossier) -> Applied: ...
