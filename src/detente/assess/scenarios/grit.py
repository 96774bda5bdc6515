"""`grit:<country>:<n>`: Osgood's GRIT as a scenario — n announced, verifiable unilateral
conciliatory steps by one state of the pair, and the other side's answers where the pair's
fitted reciprocity model says it reciprocates.

On `apply(dossier)` the pair's reciprocity VAR is fitted on what was known on the as-of day
(`detente.models.reciprocity_finding.fit_pair`) and the steps simulated (`detente.models.grit`). Facts
added (all hypothetical, sourced to this scenario, valid from the as-of day):

* each step k: a `position` fact of the initiator accepting issue `grit_step_k` (the gesture,
  stated). No other side demands that issue, so by the crack rules a unilateral gesture alone
  opens no door: its effect runs through the answers;
* the responder's answer to step k, when P(its response by then is positive) exceeds
  RECIPROCATE_P and the expected response returns at least RECIPROCAL_SHARE of a gesture
  (response ≥ RECIPROCAL_SHARE × STEP_SD × the responder's SD): a `channel` fact
  (deconfliction, open, both sides);
* when the simulation reaches the cooperation threshold in more than RECIPROCATE_P of the
  draws: a `cooperation` fact (risk reduction, active) — a bridge.

Nothing else is fixed: with no data the scenario adds the steps alone and says why in
`.simulation`. The simulation's figures stay on the object as `.simulation` (a dict).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.assess.scenarios.base import Applied
from detente.core.countries import State, resolve
from detente.core.errors import DataError, DatasetUnavailable, UsageError
from detente.core.source import Source
from detente.dossier.load import Dossier, parse_fact
from detente.dossier.schema import Fact

FORMAT = "grit:<country>:<n> (e.g. grit:USA:3: a state of the pair, n = 1–12 steps)"
MAX_STEPS = 12
RECIPROCATE_P = 0.5
RECIPROCAL_SHARE = 0.25
_SPEC = re.compile(r"^grit:([^:]+):([^:]+)$", re.IGNORECASE)


@dataclass(frozen=True)
class GritScenario:
    """`apply(dossier)` adds the steps and the simulated answers, and returns the simulation."""

    name: str
    description: str
    initiator: State
    n: int = 1

    def check_pair(self, a: str, b: str) -> None:
        """A UsageError when the initiator is not one of the pair (checked before any work)."""
        if self.initiator.iso3 not in (a, b):
            raise UsageError(f"scenario {self.name}: {self.initiator.iso3} is not one of the pair "
                             f"{a}–{b}; use {FORMAT}")

    def apply(self, d: Dossier) -> Applied:
        if d.as_of_date is None:
            raise ValueError("apply a scenario to a dossier cut with .as_of(day)")
        self.check_pair(d.a, d.b)
        day = d.as_of_date
        responder = d.b if self.initiator.iso3 == d.a else d.a
        simulation = _simulate(resolve(d.a), resolve(d.b), day, self.initiator.iso3, self.n)
        source = Source(title=f"Scenario '{self.name}': {self.description}",
                        publisher="detente scenario (hypothetical)", date=day,
                        date_kind="accessed", url=Path(__file__).resolve().as_uri())
        added = self._facts(responder, day, source, simulation)
        simulation["facts"] = [f.id for f in added]
        return Applied(Dossier(d.a, d.b, [*d.facts, *added], d.info, d.folder, day), simulation)

    def _facts(self, responder: str, day: dt.date, source: Source, sim: dict[str, Any]
               ) -> list[Fact]:
        from detente.models.grit import STEP_SD

        me, stem = self.initiator.iso3, f"scenario-grit-{self.initiator.iso3.lower()}-{self.n}"
        bar = RECIPROCAL_SHARE * STEP_SD * (sim.get("responder_sd") or 0.0)
        steps = {s["step"]: s for s in sim.get("per_step", [])}
        out = []
        for k in range(1, self.n + 1):
            out.append(parse_fact({
                "id": f"{stem}-step-{k}", "kind": "position", "holder": me, "valid_from": day,
                "source": source.model_dump(),
                "accepts": [{"issue": f"grit_step_{k}",
                             "text": f"GRIT step {k} of {self.n}, taken unilaterally"}],
                "summary": f"{me} takes GRIT step {k} of {self.n}: an announced, verifiable "
                           f"unilateral conciliatory step, inviting {responder} to reciprocate."}))
            s = steps.get(k)
            if s and s["p_positive"] > RECIPROCATE_P and s["expected_response"] >= bar:
                out.append(_answer(f"{stem}-answer-{k}", [me, responder], source, day,
                                 f"{responder} reciprocates {me}'s GRIT step {k} (simulated: "
                                 f"P = {s['p_positive']:.0%} its response is cooperative)."))
        if sim.get("p_reach", 0.0) > RECIPROCATE_P:
            out.append(parse_fact({
                "id": f"{stem}-bridge", "kind": "cooperation", "area": "risk_reduction",
                "status": "active", "valid_from": day, "source": source.model_dump(),
                "summary": f"{me} and {responder} sustain reciprocal tension-reduction steps "
                           f"(simulated: P = {sim['p_reach']:.0%} of reaching the cooperation "
                           f"threshold)."}))
        return out


def _answer(fid: str, parties: list[str], source: Source, day: dt.date, summary: str) -> Fact:
    return parse_fact({"id": fid, "kind": "channel", "channel": "deconfliction", "status": "open",
                       "parties": parties, "valid_from": day, "source": source.model_dump(),
                       "summary": summary})


def _simulate(a: State, b: State, day: dt.date, initiator: str, n: int) -> dict[str, Any]:
    """The GRIT simulation's figures, or {"error": reason} when no model can be fitted."""
    from detente.models.grit import simulate_grit
    from detente.models.reciprocity_finding import fit_pair, named

    try:
        fit = fit_pair(a, b, day)
    except DatasetUnavailable as exc:
        return {"error": str(exc)}
    except DataError as exc:
        return {"error": exc.message}
    side = 0 if initiator == a.iso3 else 1
    period = "month" if fit.series.kind == "monthly" else "year"
    result = simulate_grit(fit.results, side, n, period=period)
    sd = float(fit.series.frame.iloc[:, 1 - side].std())
    return {"data": fit.series.kind, "span": fit.series.span, "unit": fit.series.unit,
            "responder_sd": round(sd, 4), "reciprocity_verdict": named(fit.results.verdict, (a.iso3, b.iso3)),
            **result.as_dict()}


def parse_grit(spec: str) -> GritScenario | None:
    """The GRIT scenario a `grit:...` spec names; None when `spec` is not a GRIT spec."""
    if not spec.lower().startswith("grit:"):
        return None
    match = _SPEC.match(spec.strip())
    if match is None:
        raise UsageError(f"bad GRIT scenario {spec!r}; expected {FORMAT}")
    who, count = match.group(1).strip(), match.group(2).strip()
    if not count.isdecimal() or not 1 <= int(count) <= MAX_STEPS:
        raise UsageError(f"bad GRIT scenario {spec!r}: n must be a whole number 1–{MAX_STEPS}; "
                         f"expected {FORMAT}")
    try:
        state = resolve(who)
    except UsageError:
        raise UsageError(f"bad GRIT scenario {spec!r}: unknown country {who!r}; expected "
                         f"{FORMAT}") from None
    n = int(count)
    name = f"grit:{state.iso3}:{n}"
    return GritScenario(name=name, description=f"{state.iso3} takes {n} announced, verifiable "
                                               f"unilateral conciliatory step(s) (Osgood's GRIT).",
                        initiator=state, n=n)
