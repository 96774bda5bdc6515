"""The result every dynamics model (escalation, reciprocity, ripeness) hands to the assessment."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class DynamicsFinding(BaseModel):
    """One dynamics model's result for the pair (escalation, reciprocity or ripeness): how it was
    computed, over which span, its figures, and a plain verdict — or `verdict` None and the
    `reason` the data cannot support one."""

    method: str
    span: list[str] | None = Field(default=None, description="[first, last] period fitted")
    figures: dict[str, Any] = {}
    verdict: str | None = None
    reason: str | None = None
    explanation: str = ""
    series: dict[str, Any] = Field(default={}, description="data behind the chart")
    datasets: list[str] = []
