"""Agreements between the pair from PA-X (interstate peace agreements, 1990–2023): every
agreement both signed or agreed to counts as talks held (`negotiation`), named with its stage
(pre-negotiation, partial or comprehensive agreement, implementation, ceasefire). PA-X does not
say how long an agreement held, so none is read as a treaty still in force; and once its talks have
faded from both cracks that read them (`talks_memory_years` of `negotiation`, the talks memory of
`diplomacy`) an agreement says nothing more about the day, so it is not read: an agreement of
1996 does not keep `negotiation` known, at 0, in 2010."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from detente.assess.providers.base import Pair
from detente.assess.providers.records import Derived, derived_fact, dyad_rows
from detente.assess.rules import rules

NAME = "agreements"
STAGES = {"Pre": "pre-negotiation", "SubPar": "partial agreement", "SubComp": "comprehensive "
          "agreement", "Imp": "implementation", "Ren": "renewal", "Cea": "ceasefire", "Oth": "other"}


def memory() -> dt.timedelta:
    """How long after its signing an agreement still weighs in a crack that reads it."""
    years = max(rules()["negotiation"]["talks_memory_years"],
                rules()["diplomacy"]["event_memory_years"]["talks"])
    return dt.timedelta(days=round(365.25 * years))


def derive(pair: Pair, day: dt.date) -> Derived:
    out = Derived()
    oldest = day - memory()
    for r in dyad_rows("pax", pair, out, ["negotiation"]) or ():
        if pd.isna(r.status) or r.status == "Unilateral document" or pd.isna(r.date):
            continue
        signed = pd.Timestamp(r.date).date()
        if signed > day or signed < oldest:
            continue
        stage = STAGES.get(r.stage, str(r.stage))
        words = f"PA-X agreement {r.agreement_id}, {r.name!s:.120} ({signed}; stage: {stage})"
        out.facts.append(derived_fact(
            NAME, "pax", f"{r.agreement_id}-talks", kind="channel", channel="talks",
            status="held", parties=list(pair.iso), valid_from=signed, valid_to=signed,
            summary=f"{words}: both signed or agreed to it."))
    return out
