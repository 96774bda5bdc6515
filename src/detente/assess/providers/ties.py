"""Ties between the pair's societies from the datasets: dyadic trade (COW, to 2014) — its share of
the two states' trade and how that share moved over five years — and shared IGO memberships
(COW IGO, to 2014). Measures, read for the last complete year before the day."""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

import pandas as pd

from detente.assess.providers.base import Pair, dataset_source
from detente.assess.providers.records import Derived, covers, dyad_rows, records_of, year_start
from detente.assess.result import Bridge
from detente.assess.rules import rules
from detente.core.dates import last_full_year
from detente.core.errors import DataError, DatasetUnavailable
from detente.core.evidence import Evidence

NAME = "ties"
CRACK = "societal_ties"
GRACE_YEARS = 3


def derive(pair: Pair, day: dt.date) -> Derived:
    out = Derived()
    rule = rules()["societal_ties"]
    _trade(pair, day, out, rule)
    _igos(pair, day, out, rule)
    # the measures and the rule's baseline share one window: the last full year at most
    # GRACE_YEARS past the data's end
    ok, text = covers("cow_trade_dyadic", day, GRACE_YEARS, by_full_year=True)
    if ok and out.items.get(CRACK):
        out.vouches[CRACK] = text
    elif not ok:
        out.note(CRACK, "no trade data for the date (COW dyadic trade 1870–2014)")
    return out


@lru_cache(maxsize=2)
def _state_trade() -> pd.DataFrame:
    """Each state's total trade (imports + exports) by year, COW."""
    from detente.datasets import warehouse

    frame = warehouse.table("cow_trade_sy")
    frame = frame.assign(total=frame["imports"].fillna(0) + frame["exports"].fillna(0))
    return frame.set_index(["ccode", "year"])["total"]


def _flows(row) -> list[float]:
    return [float(f) for f in (row.flow1, row.flow2) if not pd.isna(f)]


def _share(rows: list, pair: Pair, year: int) -> tuple[float, float] | None:
    """(dyadic trade, its share of both states' total trade) in `year`, None when unknown."""
    row = next((r for r in rows if r.year == year), None)
    if row is None or not _flows(row):
        return None
    dyadic = float(sum(_flows(row)))
    totals = _state_trade()
    both = sum(float(totals.get((c, year), 0.0)) for c in pair.cows)
    return (dyadic, dyadic / both) if both > 0 else None


def _trade(pair: Pair, day: dt.date, out: Derived, rule: dict) -> None:
    rows = dyad_rows("cow_trade_dyadic", pair, out, [CRACK])
    if not rows:
        return
    try:
        _state_trade()
    except (DatasetUnavailable, DataError) as exc:
        out.note(CRACK, f"state trade totals unavailable: {exc}")
        return
    known = [r for r in rows if r.year <= last_full_year(day) and _flows(r)]
    if not known:
        return
    year = int(max(r.year for r in known))
    if last_full_year(day) - year > GRACE_YEARS:
        out.note(CRACK, f"the last trade figure for the pair is from {year}")
        return
    now = _share(known, pair, year)
    if now is None:
        return
    value, share = now
    source = dataset_source("cow_trade_dyadic")
    level = rule["trade_level_weight"] * max(-1.0, min(1.0, math.log10(max(share, 1e-6)
                                                                      / rule["trade_typical_share"])))
    claim = (f"COW dyadic trade {year}: US${value:,.0f} million between them, "
             f"{share:.2%} of the two states' trade")
    before = _share(known, pair, year - 5)
    if before is not None and before[1] > 0 and share > 0:
        change = math.log(share / before[1])
        level += rule["measure_trend_weight"] * max(-1.0, min(1.0, change))
        claim += f"; {before[1]:.2%} in {year - 5} ({math.exp(change) - 1:+.0%})"
    out.add(CRACK, Evidence(claim=claim, weight=round(level, 4), source=source, provider=NAME,
                            record=f"COW trade {pair.a.cow}–{pair.b.cow} {year}",
                            start=year_start(year), episode="trade"))
    if share >= rule["trade_bridge_share"]:
        out.bridges.append(Bridge(area="trade", claim=claim, fact_id=f"cow-trade-{year}",
                                  source=source))


def _igos(pair: Pair, day: dt.date, out: Derived, rule: dict) -> None:
    rows = dyad_rows("cow_igo_ndy", pair, out, [CRACK])
    known = [r for r in rows or () if r.year <= last_full_year(day)]
    if not known or last_full_year(day) - int(max(r.year for r in known)) > GRACE_YEARS:
        return
    last = max(known, key=lambda r: r.year)
    year, shared = int(last.year), int(last.dyadigos)
    totals = [r.sum_igo_full for r in records_of("cow_igo_sy", pair.a.cow, pair.b.cow)
              if r.year == year]
    counted = [t for t in totals if not pd.isna(t)]
    smaller = int(min(counted)) if len(totals) == 2 and counted else 0
    if smaller <= 0:
        return
    ratio = shared / smaller
    w = rule["igo_weight"] * max(-1.0, min(1.0, (ratio - rule["igo_typical_ratio"])
                                           / (1 - rule["igo_typical_ratio"])))
    source = dataset_source("cow_igo_ndy")
    claim = (f"COW IGO {year}: they share {shared} intergovernmental organisations, "
             f"{ratio:.0%} of the smaller membership ({smaller})")
    out.add(CRACK, Evidence(claim=claim, weight=round(w, 4), source=source, provider=NAME,
                            record=f"COW IGO {pair.a.cow}–{pair.b.cow} {year}",
                            start=year_start(year), episode="igos"))
    if shared:
        out.bridges.append(Bridge(area="multilateral", claim=claim, fact_id=f"cow-igo-{year}",
                                  source=source))
