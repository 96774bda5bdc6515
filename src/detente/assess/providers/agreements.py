"""Agreements between the pair from PA-X (interstate peace agreements, 1990–2023): every
agreement both signed or agreed to counts as talks held (`negotiation`), named with its stage
(pre-negotiation, partial or comprehensive agreement, implementation, ceasefire). PA-X does not
say how long an agreement held, so none is read as a treaty still in force."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from detente.assess.providers.base import Pair
from detente.assess.providers.records import Derived, derived_fact, dyad_rows

NAME = "agreements"
STAGES = {"Pre": "pre-negotiation", "SubPar": "partial agreement", "SubComp": "comprehensive "
          "agreement", "Imp": "implementation", "Ren": "renewal", "Cea": "ceasefire", "Oth": "other"}


def derive(pair: Pair, day: dt.date) -> Derived:
    out = Derived()
    for r in dyad_rows("pax", pair, out, ["negotiation"]) or ():
        if pd.isna(r.status) or r.status == "Unilateral document" or pd.isna(r.date):
            continue
        signed = pd.Timestamp(r.date).date()
        if signed > day:
            continue
        stage = STAGES.get(r.stage, str(r.stage))
        words = f"PA-X agreement {r.agreement_id}, {r.name!s:.120} ({signed}; stage: {stage})"
        out.facts.append(derived_fact(
            NAME, "pax", f"{r.agreement_id}-talks", kind="channel", channel="talks",
            status="held", parties=list(pair.iso), valid_from=signed, valid_to=signed,
            summary=f"{words}: both signed or agreed to it."))
    return out
