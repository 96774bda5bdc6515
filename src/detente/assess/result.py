"""The typed results of an assessment, rendered alike by the CLI, the HTML report and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, Field

from detente.core.evidence import Evidence
from detente.core.finding import DynamicsFinding
from detente.core.source import Source

Status = Literal["closed", "ajar", "open", "unknown"]
Trend = Literal["improving", "worsening", "steady", "unknown"]


class Door(BaseModel):
    """The concrete step that would open a crack, and the scenario that applies it."""

    step: str
    scenario: str | None = None


class Crack(BaseModel):
    id: str
    question: str
    status: Status
    score: float | None = Field(ge=-1, le=1, description="None when the crack is unknown")
    trend: Trend = "unknown"
    trend_delta: float | None = None
    explanation: str
    evidence: list[Evidence] = []
    indicators: dict[str, Any] = {}
    door: Door
    coverage: list[str] = Field(default=[], description=(
        "what the providers could not see on the date (a dataset's years, a dossier's span)"))


class Bridge(BaseModel):
    area: str
    claim: str
    fact_id: str
    source: Source


class Horizon(BaseModel):
    probability: float = Field(ge=0, le=1)
    low: float = Field(ge=0, le=1)
    high: float = Field(ge=0, le=1)
    base: float = Field(ge=0, le=1, description="from the panel alone, before the dossier's news")


class Outlook(BaseModel):
    """P(the strategic rivalry ends within h years), h = 1, 5, 10."""

    horizons: dict[str, Horizon] | None = None
    method: str
    base_rate: float | None = None
    rivalry: dict[str, Any] | None = None
    shift: dict[str, Any] | None = None
    drivers: list[dict[str, Any]] = Field(default=[], description=(
        "what pushes the annual end probability up or down (factor, says, direction, log_odds)"))
    note: str = ""
    missing: list[dict[str, str]] = []


class TreatyPhase(BaseModel):
    """A stretch of a treaty's life (or of its inspection regime) in one state; `end` None =
    still so on the as-of date."""

    status: str
    start: dt.date
    end: dt.date | None = None


class InspectionYear(BaseModel):
    """Inspections in one calendar year: allowed while the regime ran, held as reported."""

    year: int
    allowed: int | None = None
    held: int | None = None
    events: list[str] = []


class TreatyLifecycle(BaseModel):
    """One arms-control treaty of the pair as known on the as-of date: signed → in force →
    suspended → ended, and its inspections (from the treaty's dated milestones)."""

    fact_id: str
    name: str
    category: str
    status: str
    phases: list[TreatyPhase]
    inspections_allowed_per_year: int | None = None
    inspection_phases: list[TreatyPhase] = []
    inspections_by_year: list[InspectionYear] = []


class Dynamics(BaseModel):
    """The three dynamics findings the assessment carries under `dynamics`."""

    escalation: DynamicsFinding
    reciprocity: DynamicsFinding
    ripeness: DynamicsFinding


class Assessment(BaseModel):
    dyad: list[str]
    names: list[str]
    as_of: dt.date
    headline: str
    overall: float | None = Field(description="mean score of the known cracks; None when none is")
    cracks: list[Crack]
    bridges: list[Bridge] = []
    outlook: Outlook
    dynamics: Dynamics | None = None
    scenarios: list[ScenarioResult] = []
    history: list[dict[str, Any]] = []
    treaties: list[TreatyLifecycle] = []
    datasets: list[str] = []
    dossier: dict[str, Any] = {}
    warnings: list[str] = []

    def crack(self, crack_id: str) -> Crack:
        return next(c for c in self.cracks if c.id == crack_id)

    def to_frame(self) -> pd.DataFrame:
        """One row per crack: id, status, score, trend, and the number of evidence items."""
        return pd.DataFrame([
            {"dyad": "-".join(self.dyad), "as_of": self.as_of, "crack": c.id,
             "status": c.status, "score": c.score, "trend": c.trend,
             "trend_delta": c.trend_delta, "evidence": len(c.evidence)}
            for c in self.cracks
        ])

    def dynamics_frame(self) -> pd.DataFrame:
        """One row per dynamics model: kind, method, span, verdict (or the reason for none)."""
        kinds = ("escalation", "reciprocity", "ripeness")
        return pd.DataFrame([
            {"dyad": "-".join(self.dyad), "as_of": self.as_of, "model": k,
             "method": (f := getattr(self.dynamics, k)).method,
             "span_from": f.span[0] if f.span else None, "span_to": f.span[1] if f.span else None,
             "verdict": f.verdict, "reason": f.reason}
            for k in (kinds if self.dynamics is not None else ())
        ], columns=["dyad", "as_of", "model", "method", "span_from", "span_to", "verdict", "reason"])

    def evidence_frame(self) -> pd.DataFrame:
        """One row per evidence item, with its source."""
        return pd.DataFrame([
            {"crack": c.id, "claim": e.claim, "weight": e.weight, "fact_id": e.fact_id,
             "source_title": e.source.title if e.source else None,
             "source_publisher": e.source.publisher if e.source else None,
             "source_date": e.source.date if e.source else None,
             "source_url": str(e.source.url) if e.source else None,
             "computation": e.computation}
            for c in self.cracks for e in c.evidence
        ])


class ScenarioResult(BaseModel):
    name: str
    description: str
    assessment: Assessment
    delta: dict[str, Any]
    simulation: dict[str, Any] | None = Field(default=None, description=(
        "a simulated scenario's figures (GRIT: steps, p_reach, exploitation_risk, paths)"))


Assessment.model_rebuild()
