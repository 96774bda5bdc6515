"""The result every dynamics model (escalation, reciprocity, ripeness) hands to the assessment."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Validation(BaseModel):
    """How well the score behind a verdict separates its validation cases: ROC AUC with a 95%
    interval over `n` cases, and what the score and the cases are."""

    score: str
    auc: float | None
    low: float | None
    high: float | None
    n: int
    cases: str


class DynamicsFinding(BaseModel):
    """One dynamics model's result for the pair (escalation, reciprocity or ripeness): how it was
    computed, over which span, its figures, and a plain verdict — or `verdict` None and the
    `reason` the data cannot support one. `validation` says how well the score behind the
    verdict separates its validation cases (None, with `validation_note`, where there are none)."""

    method: str
    span: list[str] | None = Field(default=None, description="[first, last] period fitted")
    figures: dict[str, Any] = {}
    verdict: str | None = None
    reason: str | None = None
    explanation: str = ""
    series: dict[str, Any] = Field(default={}, description="data behind the chart")
    datasets: list[str] = []
    validation: Validation | None = None
    validation_note: str | None = Field(default=None, description="why there is no validation")
