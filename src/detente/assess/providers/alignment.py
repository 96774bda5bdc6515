"""Alignment from the datasets: how far apart the two states vote in the UN General Assembly
(ideal points from all votes, 1946–2023; the distance ranked among all pairs that year, and its
move over five years) and the alliance pledges between them (ATOP, to 2018)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np
import pandas as pd

from detente.assess.providers.base import Pair, dataset_source
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
