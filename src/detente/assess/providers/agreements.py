"""Agreements between the pair from PA-X (interstate peace agreements, 1990–2023): every
agreement both signed counts as talks held (`negotiation`); ceasefires, partial and comprehensive
agreements and their implementation become treaties (`arms_control`: a peace or ceasefire
regime between them)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from detente.assess.providers.base import Pair
from detente.assess.providers.records import Derived, derived_fact, dyad

NAME = "agreements"
STAGES = {"Pre": "pre-negotiation", "SubPar": "partial agreement", "SubComp": "comprehensive "
          "agreement", "Imp": "implementation", "Ren": "renewal", "Cea": "ceasefire", "Oth": "other"}
# stage → treaty category (stages that set up a regime between them)
CATEGORY = {"Cea": "armistice", "SubPar": "disengagement", "SubComp": "peace",
            "Imp": "confidence_building", "Ren": "confidence_building"}


def derive(pair: Pair, day: dt.date) -> Derived:
    out = Derived()
    rows = dyad("pax", pair, out, ["negotiation", "arms_control"])
    if rows is None or rows.empty:
        return out
    rows = rows[rows["status"] != "Unilateral document"]
    rows = rows[pd.to_datetime(rows["date"]).dt.date <= day]
    for r in rows.itertuples():
        signed = pd.Timestamp(r.date).date()
        stage = STAGES.get(r.stage, str(r.stage))
        words = f"PA-X agreement {r.agreement_id}, {r.name!s:.120} ({signed}; stage: {stage})"
        out.facts.append(derived_fact(
            NAME, "pax", f"{r.agreement_id}-talks", kind="channel", channel="talks",
            status="held", parties=list(pair.iso), valid_from=signed, valid_to=signed,
            summary=f"{words}: both signed or agreed to it."))
        if r.stage in CATEGORY:
            out.facts.append(derived_fact(
                NAME, "pax", str(r.agreement_id), kind="treaty", name=f"PA-X {r.agreement_id}",
                category=CATEGORY[r.stage], parties=list(pair.iso), valid_from=signed,
                milestones=[{"date": signed, "event": "in_force"}],
                summary=f"{words}: in force from signature as PA-X records it."))
    return out
