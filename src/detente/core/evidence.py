"""One piece of evidence for a crack: a claim, what it rests on, and its signed weight."""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, Field

from detente.core.source import Source

CRACK_IDS = ("armed_conflict", "negotiation", "coercion", "arms_control", "societal_ties",
             "diplomacy")


class Cited(Protocol):
    """Anything with an id and a source (a dossier fact)."""

    id: str
    source: Source


class Evidence(BaseModel):
    """One piece of evidence: a claim, the fact it rests on and that fact's source, and the
    signed contribution it made to the crack's score (before squashing)."""

    claim: str
    source: Source | None = None
    fact_id: str | None = None
    weight: float = 0.0
    computation: str | None = Field(default=None, description=(
        "for evidence computed from data rather than read from a source: the command that "
        "reruns the computation"))

    @classmethod
    def of(cls, fact: Cited, claim: str, weight: float, source: Source | None = None) -> Evidence:
        return cls(claim=claim, source=source or fact.source, fact_id=fact.id,
                   weight=round(weight, 4))
