"""One piece of evidence for a crack: a claim, what it rests on, and its signed weight."""

from __future__ import annotations

import datetime as dt
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
    """One piece of evidence: a claim, the fact or dataset record it rests on and its source,
    and the signed contribution it made to the crack's score (before squashing)."""

    claim: str
    source: Source | None = None
    fact_id: str | None = None
    weight: float = 0.0
    computation: str | None = Field(default=None, description=(
        "for evidence computed from data rather than read from a source: the command that "
        "reruns the computation"))
    provider: str | None = Field(default=None, description=(
        "who gave it: dossier, a dataset family (conflicts, coercion, ties, alignment, "
        "agreements), events or dynamics"))
    record: str | None = Field(default=None, description=(
        "the dataset record it reads, as the dataset names it (e.g. 'COW-MID dispute 4339')"))
    start: dt.date | None = Field(default=None, description="when what it describes began")
    end: dt.date | None = Field(default=None, description="when it ended (None: still so)")
    episode: str | None = Field(default=None, description=(
        "what kind of episode it records (war, dispute, sanction, …): items of one kind whose "
        "spans overlap are the same episode and count once"))
    same_as: str | None = Field(default=None, description=(
        "set when another item records the same episode: this one is shown, weighs 0"))

    @classmethod
    def of(cls, fact: Cited, claim: str, weight: float, source: Source | None = None) -> Evidence:
        return cls(claim=claim, source=source or fact.source, fact_id=fact.id,
                   weight=round(weight, 4))
