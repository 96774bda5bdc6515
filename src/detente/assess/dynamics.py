"""The assessment's `dynamics`: the security-dilemma (Richardson) fit, reciprocity (VAR) and
ripeness (Zartman) for the pair on the as-of day, and the evidence each adds to its crack:
escalation → `armed_conflict`, reciprocity → `diplomacy`, ripeness → `negotiation`.

A model that cannot run (a dataset missing, too short a series) gives `verdict: None` and the
reason; its crack is then left as the dossier has it. The weights are in VERDICT_WEIGHT and
docs/dynamics.md."""

from __future__ import annotations

import datetime as dt
import functools

import numpy as np

from detente.assess.providers.base import Reading
from detente.assess.result import Dynamics
from detente.assess.rules import rules
from detente.core.countries import State
from detente.core.errors import DataError, DatasetUnavailable
from detente.core.evidence import Evidence
from detente.core.finding import DynamicsFinding
from detente.dossier.load import Dossier

CRACK_OF = {"escalation": "armed_conflict", "reciprocity": "diplomacy", "ripeness": "negotiation"}

# verdict → signed weight on its crack's raw score (before squashing; every crack here has scale 1).
# Reciprocity's one-way verdicts name the sides ("USA answers RUS only"): matched by "answers".
VERDICT_WEIGHT = rules()["dynamics"]["verdict_weight"]


def verdict_weight(kind: str, verdict: str) -> float:
    """The weight of a verdict on its crack (0 for a verdict the table does not know)."""
    table = VERDICT_WEIGHT[kind]
    if verdict in table:
        return table[verdict]
    return next((w for key, w in table.items() if key in verdict), 0.0)


def _guarded(kind: str, method: str, compute) -> DynamicsFinding:
    """The model's finding, or verdict None with the reason it could not run."""
    try:
        return compute()
    except DatasetUnavailable as exc:
        reason = str(exc)  # names the dataset, why, and the command that fetches it
    except DataError as exc:
        reason = exc.message
    except (ValueError, ArithmeticError, np.linalg.LinAlgError) as exc:  # the fit itself failed
        reason = f"the model could not be fitted on these data ({exc})"
    return DynamicsFinding(method=method, verdict=None, reason=reason,
                           explanation=f"No {kind} finding: {reason}.")


def _data_findings(a: State, b: State, day: dt.date) -> tuple[DynamicsFinding, DynamicsFinding]:
    """Escalation and reciprocity rest on datasets and the event store, not on the dossier, so
    a scenario does not change them: computed once per pair and day while the data and the
    models' code stay as they are, and kept on disk for the next process."""
    from detente.datasets.registry import data_locations
    from detente.events.stamp import store_stamp

    return _findings(a, b, day, data_locations(), store_stamp())


@functools.lru_cache(maxsize=32)
def _findings(a: State, b: State, day: dt.date, locations: tuple, store: tuple
              ) -> tuple[DynamicsFinding, DynamicsFinding]:
    from detente.datasets.cache import remembered, source_stamp

    code = source_stamp(*_CODE)
    return remembered("dynamics", [a.iso3, b.iso3, day, locations, store, code],
                      lambda: _fitted(a, b, day))


# the code the escalation and reciprocity findings come from (the key of the kept findings)
_CODE = ("models", "events", "datasets", "core", "assess/dynamics.py")


def _fitted(a: State, b: State, day: dt.date) -> tuple[DynamicsFinding, DynamicsFinding]:
    from detente.models.escalation_finding import escalation_finding
    from detente.models.reciprocity_finding import reciprocity_finding

    return (_guarded("escalation", "Richardson model", lambda: escalation_finding(a, b, day)),
            _guarded("reciprocity", "VAR reciprocity", lambda: reciprocity_finding(a, b, day)))


def dynamics(a: State, b: State, day: dt.date, cut: Dossier, charts: bool = True) -> Dynamics:
    """The three findings for the pair on `day`; `cut` is the dossier as known then (and as a
    scenario changed it — ripeness reads it). `charts=False` skips ripeness's yearly series
    (for the evaluations behind trends, which show no chart)."""
    from detente.models.ripeness import ripeness_finding

    escalation, reciprocity = _data_findings(a, b, day)
    ripeness = _guarded("ripeness", "Zartman ripeness",
                        lambda: ripeness_finding(a, b, day, dossier=cut, chart=charts))
    return Dynamics(escalation=escalation, reciprocity=reciprocity, ripeness=ripeness)


def rerun(a: State, b: State, day: dt.date) -> str:
    """The command that reruns the dynamics models behind a piece of evidence."""
    return f"detente models dynamics {a.iso3} {b.iso3} --as-of {day.isoformat()}"


def _evidence(kind: str, f: DynamicsFinding, command: str) -> list[Evidence]:
    if kind == "ripeness":
        from detente.models.ripeness import ripeness_evidence

        items = ripeness_evidence(f)
    elif f.verdict is None:
        items = []
    else:
        span = f"{f.span[0]}–{f.span[1]}" if f.span else "the data"
        items = [Evidence(claim=f"{f.method} over {span}: {f.verdict}. {f.explanation}".strip(),
                          weight=verdict_weight(kind, f.verdict))]
    return [e if e.source is not None else e.model_copy(update={"computation": command})
            for e in items]


def readings(dyn: Dynamics, command: str) -> list[Reading]:
    """Each finding's evidence on its crack (a model without a verdict gives none, but its
    verdict — or None — is kept as an indicator)."""
    out = []
    for kind, crack_id in CRACK_OF.items():
        finding: DynamicsFinding = getattr(dyn, kind)
        items = [e.model_copy(update={"provider": "dynamics"}) for e in _evidence(kind, finding, command)]
        out.append(Reading(crack=crack_id, provider="dynamics", items=items,
                           indicators={kind: finding.verdict}))
    return out
