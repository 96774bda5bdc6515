"""Coercion between the pair from the datasets: sanctions one imposes on the other (GSDB),
arms one delivers to the other's adversary (SIPRI; an adversary is a state the other fights in
UCDP/PRIO or a TSS strategic rival that year), and backing the other's armed opponents (UCDP
secondary parties). Sanctions and deliveries become `sanction` and `arms_supply` facts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache

import pandas as pd

from detente.assess.providers.base import Pair, dataset_source
from detente.assess.providers.conflicts import iso_of
from detente.assess.providers.records import (
    Derived,
    covers,
    derived_fact,
    dyad_rows,
    records_of,
    year_end,
    year_start,
)
from detente.assess.rules import rules
from detente.core.dates import fade
from detente.core.errors import DataError, DatasetUnavailable
from detente.core.evidence import Evidence
from detente.datasets.blocs import BLOC_SOURCE

NAME = "coercion"
CRACK = "coercion"
GRACE_YEARS = 2


def derive(pair: Pair, day: dt.date) -> Derived:
    out = Derived()
    _sanctions(pair, day, out)
    _arms(pair, day, out)
    _backing(pair, day, out)
    ok, text = covers("gsdb", day, GRACE_YEARS)
    if ok:
        out.vouches[CRACK] = text
    else:
        out.note(CRACK, "no sanctions dataset covers the date (GSDB 1949–2022)")
    return out


def _scope(row) -> list[str]:
    """GSDB's sanction types as the dossier's scopes."""
    scope = []
    if bool(row.trade):
        full = "compl" in str(row.descr_trade or "")
        scope.append("comprehensive" if full else "trade")
    for col, name in (("financial", "financial"), ("arms", "technology"), ("military", "sectoral"),
                      ("travel", "travel"), ("other", "diplomatic")):
        if bool(getattr(row, col)):
            scope.append(name)
    return scope or ["diplomatic"]


def _sanctions(pair: Pair, day: dt.date, out: Derived) -> None:
    rows = dyad_rows("gsdb", pair, out, [CRACK])
    for r in [r for r in rows or () if r.begin <= day.year]:
        sender, target = iso_of(r.sender_ccode), iso_of(r.target_ccode)
        if sender not in pair.iso or target not in pair.iso or sender == target:
            continue
        end_year = None if bool(r.ongoing) or pd.isna(r.end) else int(r.end)
        ended = year_end(end_year) if end_year is not None and end_year < day.year else None
        scope = _scope(r)
        until = "still in force when the data end (2022)" if bool(r.ongoing) else f"to {end_year}"
        out.facts.append(derived_fact(
            NAME, "gsdb", str(r.case_id), kind="sanction", imposer=[sender], target=[target],
            extra_tags=() if pd.isna(r.via) else (f"via:{r.via_role}:{r.via}",),
            scope=scope, direction="impose", valid_from=year_start(int(r.begin)), valid_to=ended,
            precision="year",
            summary=_summary(r, until, scope)))


def _summary(r, until: str, scope: list[str]) -> str:
    """What a GSDB row says, in words; a row read through a bloc names it and the membership."""
    what = f"({', '.join(scope)}; objective: {r.objective})"
    if pd.isna(r.via):
        return f"GSDB case {r.case_id}: {r.sender} sanctions {r.target} from {int(r.begin)} {until} {what}."
    years = (f"member state from {int(r.begin)} {until} (membership years: {BLOC_SOURCE[1]}, "
             f"\"{BLOC_SOURCE[0]}\", {BLOC_SOURCE[2]})")
    case = f"GSDB case {r.case_id}:"
    if r.via_role == "target":
        return f"{case} {r.sender} sanctions the {r.via} {what}; {r.target} is hit as a {years}."
    return f"{case} the {r.via} sanctions {r.target} {what}; {r.sender} applies it as a {years}."


def allied_years(ca: int, cb: int) -> Callable[[int], bool]:
    """Whether the pair had an ATOP defence pact in a year (after ATOP's last year, as in it):
    arms an ally sells to the other's rival are trade within an alliance, not pressure."""
    try:
        rows = records_of("atop_alliance", ca, cb)
    except (DatasetUnavailable, DataError):
        return lambda year: False
    years = {int(r.year) for r in rows if not pd.isna(r.atop_defense) and bool(r.atop_defense)}
    last = max((int(r.year) for r in rows), default=None)
    return lambda year: year in years or (last is not None and year > last and last in years)


@lru_cache(maxsize=512)
def adversaries(cow: int) -> dict[int, set[int]]:
    """Year → the states `cow` fights (opposite primary sides in UCDP/PRIO) or is a TSS rival of.
    Reads only the rows about `cow` from the store."""
    from detente.datasets import warehouse

    found: dict[int, set[int]] = {}
    for r in warehouse.state("ucdp_acd", cow, ["year", "side_a", "side_b"]).itertuples():
        if cow in r.side_a:
            found.setdefault(int(r.year), set()).update(r.side_b)
        elif cow in r.side_b:
            found.setdefault(int(r.year), set()).update(r.side_a)
    for r in warehouse.state("tss_rivalries", cow, ["ccode1", "ccode2", "start", "end"]).itertuples():
        other = r.ccode2 if r.ccode1 == cow else r.ccode1 if r.ccode2 == cow else None
        if other is not None:
            for year in range(int(r.start), int(r.end) + 1):
                found.setdefault(year, set()).add(int(other))
    return found


def _deliveries(supplier: int) -> pd.DataFrame:
    """The supplier's deals with a first delivery, from the store."""
    from detente.datasets import warehouse

    frame = warehouse.state("sipri_arms_transfers", supplier,
                            ["supplier_ccode", "recipient_ccode", "first_delivery", "delivery_years"])
    return frame[frame["first_delivery"].notna() & (frame["supplier_ccode"] == supplier)]


def _years_by(pairs: tuple[tuple[int, int], ...], last_year: int) -> dict[int, list[int]]:
    """(key, year) pairs up to `last_year` as key → its years, keys in order of first appearance."""
    found: dict[int, list[int]] = {}
    for key, year in pairs:
        if year <= last_year:
            found.setdefault(key, []).append(year)
    return found


@lru_cache(maxsize=1024)
def _supplies_to_foes(supplier: int, against: int, pair: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    """(recipient, year) of each year `supplier` delivered major arms to a state that was an
    adversary of `against` in that year (the pair's own states left out), in register order.
    Years in which `supplier` also delivered major arms to `against` itself are left out: arming
    both sides is not pressure on one of them."""
    mine, foes = _deliveries(supplier), adversaries(against)
    to_against = {int(y) for years in mine.loc[mine["recipient_ccode"] == against, "delivery_years"]
                  for y in years}
    found = []
    for recipient, years in zip(mine["recipient_ccode"], mine["delivery_years"], strict=True):
        if pd.isna(recipient) or recipient in pair:
            continue
        found += [(int(recipient), int(y)) for y in years
                  if recipient in foes.get(int(y), ()) and int(y) not in to_against]
    return tuple(found)


def _arms(pair: Pair, day: dt.date, out: Derived) -> None:
    ca, cb = pair.cows
    if ca is None or cb is None:
        return
    allied = allied_years(ca, cb)
    for supplier, against in ((ca, cb), (cb, ca)):
        try:
            supplies = _supplies_to_foes(supplier, against, (ca, cb))
        except (DatasetUnavailable, DataError) as exc:
            out.note(CRACK, f"arms transfers unavailable: {exc}")
            return
        supplies = tuple((r, y) for r, y in supplies if not allied(y))
        for recipient, years in _years_by(supplies, day.year).items():
            who = iso_of(recipient)
            if who is None:
                continue
            first, last = min(years), max(years)
            ended = year_end(last) if last < day.year else None
            out.facts.append(derived_fact(
                NAME, "sipri_arms_transfers", f"{supplier}-{recipient}-{first}", kind="arms_supply",
                supplier=iso_of(supplier), recipient=who, against=iso_of(against),
                items=f"{len(years)} delivery-year(s) of major arms", precision="year",
                valid_from=year_start(first), valid_to=ended, ongoing=ended is None,
                summary=f"SIPRI trade register: {iso_of(supplier)} delivered major arms to {who}, "
                        f"an adversary of {iso_of(against)}, in {first}–{last}."))


@lru_cache(maxsize=1024)
def _backed(backer: int, target: int) -> tuple[tuple[int, int], ...]:
    """(conflict, year) of each UCDP conflict-year in which `backer` is a secondary party of the
    side fighting `target`."""
    from detente.datasets import warehouse

    rows = warehouse.dyad("ucdp_acd", backer, target,
                          ["conflict_id", "year", "side_a", "side_b", "side_a_2nd", "side_b_2nd"])
    return tuple((int(r.conflict_id), int(r.year)) for r in rows.itertuples()
                 if (target in r.side_a and backer in r.side_b_2nd)
                 or (target in r.side_b and backer in r.side_a_2nd))


def _backing(pair: Pair, day: dt.date, out: Derived) -> None:
    """One of the pair backs, as a UCDP secondary party, the side fighting the other."""
    ca, cb = pair.cows
    if ca is None or cb is None:
        return
    rule = rules()["coercion"]
    for backer, target in ((ca, cb), (cb, ca)):
        try:
            backed = _backed(backer, target)
        except (DatasetUnavailable, DataError):
            return
        for conflict, ys in _years_by(backed, day.year).items():
            last = max(ys)
            if year_start(min(ys)) > day:
                continue
            w = rule["backing_weight"] * (1.0 if last >= day.year - 1 else
                                          fade(day, year_end(last), rule["arms_memory_years"]))
            if w <= 0:
                continue
            out.add(CRACK, Evidence(
                claim=f"UCDP/PRIO ACD conflict {conflict}: {iso_of(backer)} backs the side fighting "
                      f"{iso_of(target)} as a secondary party ({min(ys)}–{last})",
                weight=round(-rule["per_weight"] * w, 4), source=dataset_source("ucdp_acd"),
                provider=NAME, record=f"UCDP conflict {conflict}", start=year_start(min(ys)),
                end=year_end(last) if last < day.year else None, episode="backing"))
