"""Alignment from the datasets: how far apart the two states vote in the UN General Assembly
(ideal points from all votes, 1946–2023; the distance ranked among all pairs that year, and its
move over five years), the alliance pledges between them (ATOP, to 2018) and whether they are
strategic rivals (TSS, 1494–2020: each treats the other as a competitor, a threat and an
enemy)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np
import pandas as pd

from detente.assess.providers.base import Pair, dataset_source
from detente.assess.providers.coercion import adversaries, allied_years
from detente.assess.providers.conflicts import iso_of
from detente.assess.providers.records import Derived, coverage, dyad_rows, year_start
from detente.assess.result import Bridge
from detente.assess.rules import rules
from detente.core.dates import last_full_year
from detente.core.errors import DataError, DatasetUnavailable
from detente.core.evidence import Evidence

NAME = "alignment"
CRACK = "diplomacy"
GRACE_YEARS = 2
PLEDGES = (("atop_defense", "defence pact"), ("atop_offense", "offence pact"),
           ("atop_neutral", "neutrality pact"), ("atop_nonagg", "non-aggression pact"),
           ("atop_consul", "consultation pact"))


def derive(pair: Pair, day: dt.date) -> Derived:
    out = Derived()
    rule = rules()["diplomacy"]
    _votes(pair, day, out, rule)
    _alliances(pair, day, out, rule)
    _rivalry(pair, day, out, rule)
    _allied_with_foes(pair, day, out, rule)
    if out.items.get(CRACK) and not any(e.weight for e in out.items[CRACK]):
        # the measures were read and weigh 0 (a distance at the median): still known
        out.vouches[CRACK] = "UN General Assembly ideal points at the median distance"
    return out


@lru_cache(maxsize=2)
def _points() -> pd.DataFrame:
    from detente.datasets import warehouse

    frame = warehouse.table("unga_ideal_points", ["ccode", "year", "idealpointall"])
    return frame.dropna()


@lru_cache(maxsize=128)
def _distances(year: int) -> np.ndarray:
    """Every pair's ideal-point distance in `year`, sorted (to rank one pair among them)."""
    x = _points()
    x = x[x["year"] == year]["idealpointall"].to_numpy()
    d = np.abs(x[:, None] - x[None, :])[np.triu_indices(len(x), 1)]
    return np.sort(d)


@lru_cache(maxsize=2)
def _point_of() -> dict[tuple[int, int], float]:
    """Each state's ideal point by (COW code, year)."""
    x = _points()
    return {(int(c), int(y)): float(v)
            for c, y, v in zip(x["ccode"], x["year"], x["idealpointall"], strict=True)}


def _rank(pair: Pair, year: int) -> tuple[float, float] | None:
    """(distance, its percentile among all pairs that year) or None."""
    points = [_point_of().get((c, year)) for c in pair.cows if c is not None]
    if len(points) != 2 or None in points:
        return None
    d = abs(points[0] - points[1])
    all_d = _distances(year)
    return d, float(np.searchsorted(all_d, d) / max(len(all_d), 1))


def _votes(pair: Pair, day: dt.date, out: Derived, rule: dict) -> None:
    try:
        span = coverage("unga_ideal_points")
        points = _points()
    except (DatasetUnavailable, DataError) as exc:
        out.note(CRACK, f"UN ideal points unavailable: {exc}")
        return
    if span is None or points.empty:
        return
    # the file runs to 2024, the all-votes estimate read here to 2023 (2024 is NA for everyone)
    last = min(span[1], int(points["year"].max()))
    year = min(last_full_year(day), last)
    if last_full_year(day) - last > GRACE_YEARS:
        out.note(CRACK, f"UN ideal points end in {last}")
        return
    now = _rank(pair, year)
    if now is None:
        return
    d, pct = now
    w = rule["votes_weight"] * (1 - 2 * pct)
    claim = (f"UN General Assembly votes {year}: ideal points {d:.2f} apart, farther apart than "
             f"{pct:.0%} of all pairs of members")
    before = _rank(pair, year - 5)
    if before is not None:
        move = pct - before[1]
        w += -rule["votes_change_weight"] * max(-1.0, min(1.0, 2 * move))
        claim += f" ({before[1]:.0%} in {year - 5})"
    out.add(CRACK, Evidence(claim=claim, weight=round(w, 4), source=dataset_source("unga_ideal_points"),
                            provider=NAME, record=f"UNGA ideal points {year}", start=year_start(year),
                            episode="un_votes"))


def _pledged(flag) -> bool:
    return not pd.isna(flag) and bool(flag)


def _alliances(pair: Pair, day: dt.date, out: Derived, rule: dict) -> None:
    rows = dyad_rows("atop_alliance", pair, out, [CRACK])
    if not rows:
        return
    span = coverage("atop_alliance")
    year = last_full_year(day) if span is None else min(last_full_year(day), span[1])
    row = next((r for r in rows if r.year == year), None)
    if row is None:
        return
    pledges = [label for col, label in PLEDGES if _pledged(getattr(row, col, False))]
    if not pledges:
        return
    w = rule["alliance_weight"] if "defence pact" in pledges else rule["pledge_weight"]
    source = dataset_source("atop_alliance")
    claim = f"ATOP {year}: they are allied ({', '.join(pledges)})"
    if year < last_full_year(day):  # past the data's end: a pledge in force then is read as in force
        claim += f"; in force when the data end ({year}), nothing newer on record"
    out.add(CRACK, Evidence(claim=claim, weight=w, source=source, provider=NAME,
                            record=f"ATOP {pair.a.cow}–{pair.b.cow} {year}", start=year_start(year),
                            episode="alliance"))
    out.bridges.append(Bridge(area="alliance", claim=claim, fact_id=f"atop-{year}", source=source))


ELEMENTS = ("positional", "spatial", "ideological", "interventionary")


def _rivalry(pair: Pair, day: dt.date, out: Derived, rule: dict) -> None:
    """A TSS strategic rivalry running on `day` (from 1 July of its first year to 1 July of its
    last, as year-coded records are read; one still running when coding stopped keeps weighing,
    flagged, as an alliance in force when ATOP ends does)."""
    rows = dyad_rows("tss_rivalries", pair, out, [CRACK])
    if not rows:
        return
    for r in rows:
        ongoing = bool(getattr(r, "ongoing", False))
        if not (year_start(r.start) <= day and (ongoing or day < year_start(r.end))):
            continue
        kinds = [k for k in ELEMENTS if getattr(r, k, False)]
        claim = (f"TSS strategic rivalry {r.rivalry} since {r.start}"
                 + (f" ({', '.join(kinds)})" if kinds else "")
                 + ": each side treats the other as a competitor, a threat and an enemy")
        if ongoing and day.year > r.end:
            claim += f"; running when the data end ({r.end}), nothing newer on record"
        out.add(CRACK, Evidence(claim=claim, weight=rule["rivalry_weight"],
                                source=dataset_source("tss_rivalries"), provider=NAME,
                                record=f"TSS rivalry {r.tssr_id}", start=year_start(r.start),
                                episode="rivalry"))


@lru_cache(maxsize=512)
def _defence_partners(cow: int) -> dict[int, frozenset[int]]:
    """Year → the states `cow` had an ATOP defence pact with (rows about `cow` only)."""
    from detente.datasets import warehouse

    found: dict[int, set[int]] = {}
    for r in warehouse.state("atop_alliance", cow, ["ccode1", "ccode2", "year", "atop_defense"]).itertuples():
        if _pledged(r.atop_defense):
            found.setdefault(int(r.year), set()).add(int(r.ccode2 if r.ccode1 == cow else r.ccode1))
    return {y: frozenset(v) for y, v in found.items()}


def _allied_with_foes(pair: Pair, day: dt.date, out: Derived, rule: dict) -> None:
    """One side holds a defence pact with a state the other fights (UCDP/PRIO) or is a TSS rival
    of, in the year (ATOP's last year after its end, as the pledges are read). Not read between
    two allies (a multilateral pact binds them all), nor for a partner the side itself fights or
    rivals (a pact on paper)."""
    ca, cb = pair.cows
    if ca is None or cb is None:
        return
    span = coverage("atop_alliance")
    if span is None:
        return
    year = min(last_full_year(day), span[1])
    try:
        if allied_years(ca, cb)(year):
            return  # allies themselves: members of one multilateral pact, not aligned against each other
        for ally, other in ((ca, cb), (cb, ca)):
            foes = adversaries(other).get(year, set())
            own = adversaries(ally).get(year, set())  # a pact on paper with its own rival is no alignment
            shared = sorted(s for s in _defence_partners(ally).get(year, frozenset()) & foes
                            if s not in (ca, cb) and s not in own)
            if not shared:
                continue
            names = ", ".join(iso_of(s) or f"COW {s}" for s in shared)
            claim = (f"ATOP {year}: {iso_of(ally)} holds a defence pact with {names}, which "
                     f"{iso_of(other)} fights or is a strategic rival of (UCDP/PRIO, TSS)")
            if year < last_full_year(day):
                claim += f"; the pact as in force when ATOP ends ({year}), nothing newer on record"
            out.add(CRACK, Evidence(
                claim=claim,
                weight=rule["allied_with_foe_weight"],
                source=dataset_source("atop_alliance"), provider=NAME,
                record=f"ATOP {ally} {year}", start=year_start(year), episode="allied_with_foe"))
    except (DatasetUnavailable, DataError) as exc:
        out.note(CRACK, f"alliances unavailable: {exc}")
