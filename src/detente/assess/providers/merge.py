"""The dossier and the datasets' records of the same thing count once.

A derived fact (from a dataset) matches a curated dossier fact, or another derived fact, when
both are of the same kind, set the pair against each other the same way, and their spans of
days overlap (year-precise records span their whole years): a conflict both record, a sanction
with the same imposer and target, arms from the same supplier against the same state, an
agreement signed within 31 days of the other. Two cases of one sanctions dataset are two
sanctions, not one. The dossier's fact wins; among derived facts the heavier conflict form, then
the dataset listed first in PRECEDENCE, then the fact that runs latest (still in force on the
day rather than over), wins. The other is kept aside as a duplicate, shown in the evidence with
weight 0 and the fact it duplicates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from detente.assess.providers.records import record_of
from detente.dossier.schema import ArmsSupply, Channel, Conflict, Fact, Sanction, Treaty

PRECEDENCE = ("dossier", "ucdp_acd", "cow_war_inter", "cow_mid_ddydisps", "icb_actors", "gsdb",
              "sipri_arms_transfers", "pax")
FORM_RANK = {"war": 5, "proxy_war": 4, "occupation": 3, "armed_clash": 3, "crisis": 2, "incident": 1}
FAR = dt.date(9999, 12, 31)


@dataclass(frozen=True)
class Duplicate:
    """A fact counted once: `fact` records the same thing as `kept`."""

    fact: Fact
    kept: Fact


def _span(f: Fact) -> tuple[dt.date, dt.date]:
    start = f.valid_from.replace(month=1, day=1) if f.precision == "year" else f.valid_from
    end = f.valid_to or FAR
    if f.precision == "year" and f.valid_to is not None:
        end = f.valid_to.replace(month=12, day=31)
    return start, end


def _overlap(x: Fact, y: Fact) -> bool:
    (s1, e1), (s2, e2) = _span(x), _span(y)
    return s1 <= e2 and s2 <= e1


def _opposed(c: Conflict, a: str, b: str) -> bool:
    return c.relation(a, b) is not None


def same(x: Fact, y: Fact, a: str, b: str) -> bool:
    """True when two facts record the same thing about the pair a–b."""
    if type(x) is not type(y):
        return False
    if isinstance(x, Conflict):
        return _opposed(x, a, b) and _opposed(y, a, b) and _overlap(x, y)
    if isinstance(x, Sanction):
        if _cases_of_one_dataset(x, y):
            return False
        return (set(x.imposer) & set(y.imposer) and set(x.target) & set(y.target)
                and x.direction == y.direction and _overlap(x, y))
    if isinstance(x, ArmsSupply):
        return x.supplier == y.supplier and x.against == y.against and _overlap(x, y)
    if isinstance(x, Treaty | Channel):
        return abs((x.valid_from - y.valid_from).days) <= 31 and (
            not isinstance(x, Channel) or x.channel == y.channel)
    return False


def _dataset_of(f: Fact) -> str:
    """The dataset a derived fact comes from, "dossier" for a curated one."""
    return (record_of(f) or "dossier").split(":", 1)[0]


def _cases_of_one_dataset(x: Fact, y: Fact) -> bool:
    """Two different records of the same dataset (two GSDB cases)."""
    rx, ry = record_of(x), record_of(y)
    return rx is not None and ry is not None and rx != ry and _dataset_of(x) == _dataset_of(y)


def _rank(f: Fact) -> tuple[int, int, int]:
    """The order in which derived facts claim an episode: heavier form, then PRECEDENCE, then
    the one that runs latest (an arms supply still under way before one long over)."""
    dataset = _dataset_of(f)
    form = FORM_RANK.get(getattr(f, "form", ""), 0)
    return (-form, PRECEDENCE.index(dataset) if dataset in PRECEDENCE else len(PRECEDENCE),
            -_span(f)[1].toordinal())


def merge(curated: list[Fact], derived: list[Fact], a: str, b: str
          ) -> tuple[list[Fact], list[Duplicate]]:
    """The curated facts plus the derived facts that record something new, and the duplicates."""
    kept: list[Fact] = list(curated)
    duplicates: list[Duplicate] = []
    for f in sorted(derived, key=_rank):
        match = next((k for k in kept if same(f, k, a, b)), None)
        if match is None:
            kept.append(f)
        else:
            duplicates.append(Duplicate(f, match))
    return kept, duplicates
