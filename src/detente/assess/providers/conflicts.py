"""Armed conflict between the pair from the datasets: COW inter-state wars, COW-MID disputes
with use of force (threats and displays go to `coercion`), UCDP/PRIO armed conflicts (fighting
each other, or backing opposite sides through the secondary-party columns: proxy) and ICB
crises one state triggered for the other. Each record becomes a `conflict` fact. The GML MID
participant records give the days of the pair's own part in a dispute or a war, where the COW
records code only the dispute's start month or the war's years."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from detente.assess.providers.base import Pair, dataset_source
from detente.assess.providers.records import (
    Derived,
    coverage,
    covers,
    derived_fact,
    dyad_rows,
    records_of,
    year_end,
    year_start,
)
from detente.assess.rules import rules
from detente.core.countries import resolve
from detente.core.dates import fade, fmt_date
from detente.core.errors import DataError, DatasetUnavailable, UsageError
from detente.core.evidence import Evidence

NAME = "conflicts"
CRACK = "armed_conflict"
GRACE_YEARS = 2  # a dataset that ends this many years before the day still vouches for peace
FATALITY = {0: "no deaths", 1: "1–25 deaths", 2: "26–100 deaths", 3: "101–250 deaths",
            4: "251–500 deaths", 5: "501–999 deaths", 6: "over 999 deaths"}
INTENSITY = {1: "25–999 battle deaths a year", 2: "war (1,000+ battle deaths a year)"}
WAR_ACTION = 20  # MID action codes 20 and 21: begin, join an inter-state war
HOSTILITY = {2: "threat to use force", 3: "display of force", 4: "use of force", 5: "war"}


@lru_cache(maxsize=4096)
def iso_of(cow: int) -> str | None:
    """The ISO3-style code detente uses for a COW state, None when it has none."""
    try:
        return resolve(int(cow)).iso3
    except (UsageError, ValueError):
        return None


def _isos(cows) -> list[str]:
    return [i for i in (iso_of(c) for c in cows) if i]


def derive(pair: Pair, day: dt.date) -> Derived:
    """The pair's conflict records known on `day` as facts, and whether the datasets vouch that
    nothing else happened."""
    out = Derived()
    for part in (_wars, _disputes, _ucdp, _crises):
        part(pair, day, out)
    inside = [text for name in ("ucdp_acd", "cow_mid_ddydisps")
              for ok, text in [covers(name, day, GRACE_YEARS)] if ok]
    if inside:
        out.vouches[CRACK] = "; ".join(inside)
    else:
        out.note(CRACK, "no conflict dataset covers the date (COW-MID to 2014, UCDP/PRIO to 2024)")
    return out


def _opposed(r) -> bool:
    """The two states on opposite sides (an unknown side counts as not opposed)."""
    return not (pd.isna(r.sidea1) or pd.isna(r.sidea2)) and r.sidea1 != r.sidea2


def _by(rows, key: str) -> dict:
    """Rows grouped by a column, the groups in key order, each in the table's order."""
    groups: dict = {}
    for r in rows:
        groups.setdefault(getattr(r, key), []).append(r)
    return dict(sorted(groups.items()))


def _top(values) -> int | None:
    known = [v for v in values if not pd.isna(v)]
    return max(known) if known else None


def _wars(pair: Pair, day: dt.date, out: Derived) -> None:
    rows = dyad_rows("cow_war_inter", pair, out, [CRACK])
    if not rows:
        return
    known = [r for r in rows if r.year <= day.year and _opposed(r)]
    wars = [p for p in _participation(pair).values() if p.war] if known else []
    for war, g in _by(known, "warnum").items():
        first, last = int(min(r.year for r in g)), int(max(r.year for r in g))
        deaths = int(_top([max(d, 0) for r in g for d in (r.batdeath1, r.batdeath2)
                           if not pd.isna(d)]) or 0)
        start, end, precision, dated = _war_days(first, last, wars)
        if start > day:
            continue
        out.facts.append(derived_fact(
            NAME, "cow_war_inter", str(war), kind="conflict", name=f"COW inter-state war {war}",
            form="war", side_a=[pair.a.iso3], side_b=[pair.b.iso3], precision=precision,
            valid_from=start, valid_to=end if end < day else None,
            summary=f"COW Inter-State War {war}: {pair.a.iso3} and {pair.b.iso3} fought on "
                    f"opposite sides, {first}–{last} (up to {deaths:,} battle deaths by one side)"
                    f"{dated}."))


def _war_days(first: int, last: int, wars: list[Part]) -> tuple[dt.date, dt.date, str, str]:
    """A COW war's first and last day for the pair. The war list codes years; the days come from
    the pair's MIDs of war (both states' highest action 'begin' or 'join interstate war' in the
    GML participant records): the earliest that begins in the war's first year gives its start,
    the latest that ends in its last year its end."""
    begins = [p for p in wars if p.start.year == first]
    ends = [p.end for p in wars if p.end.year == last and p.start.year <= last]
    start, precision, words = year_start(first), "year", []
    if begins:
        begun = min(begins, key=lambda p: p.start)
        start, precision = begun.start, begun.precision
        words.append(f"from {fmt_date(start)}")
    end = max(ends) if ends else year_end(last)
    if ends:
        words.append(f"to {fmt_date(end)}")
    dated = f"; the pair's war {' '.join(words)} (GML MID participants)" if words else ""
    return start, end, precision, dated


@dataclass(frozen=True)
class Part:
    """The days two states were on opposite sides of one dispute, from the GML participant
    records (each state's own start and end day; the day may be uncoded)."""

    start: dt.date
    end: dt.date
    precision: str
    war: bool  # both states' highest action: begin or join an inter-state war


def _participation(pair: Pair) -> dict[int, Part]:
    """Per GML dispute number, the span in which the pair's participations overlap on
    opposite sides. A state can hold several spells in one dispute (Italy changed sides in
    1943); the span runs from the first overlap to the last. COW-MID 5.0 and GML share their
    dispute numbers, and a span is used only where it meets the COW record's own window.
    Computed once per pair and data location: the history reads the pair year by year."""
    from detente.datasets.registry import data_locations
    from detente.datasets.warehouse import path

    ca, cb = pair.cows
    if ca is None or cb is None:
        return {}
    return _spans(ca, cb, data_locations(), str(path()))


@lru_cache(maxsize=2048)
def _spans(ca: int, cb: int, _locations: tuple, _warehouse: str) -> dict[int, Part]:
    try:
        rows = records_of("gml_part", ca, cb)
    except (DatasetUnavailable, DataError):
        return {}
    spells: dict[int, dict[int, list]] = {}
    for r in rows:
        spells.setdefault(int(r.dispnum), {}).setdefault(int(r.ccode), []).append(r)
    parts = {}
    for dispute, by_state in spells.items():
        overlaps = [(max(_part_start(x), _part_start(y)), min(_part_end(x), _part_end(y)), x, y)
                    for x in by_state.get(ca, []) for y in by_state.get(cb, [])
                    if x.sidea != y.sidea]
        overlaps = [o for o in overlaps if o[0] <= o[1]]
        if overlaps:
            start, _, x, y = min(overlaps, key=lambda o: o[0])
            exact = all(_day(r.stday) for r in (x, y) if _part_start(r) == start)
            war = any(min(_int(o[2].hiact), _int(o[3].hiact)) >= WAR_ACTION for o in overlaps)
            parts[dispute] = Part(start, max(o[1] for o in overlaps), "day" if exact else "month",
                                  war)
    return parts


def _int(value) -> int:
    return -1 if pd.isna(value) else int(value)


def _day(value) -> int | None:
    return None if pd.isna(value) or value < 1 else int(value)


def _part_start(r) -> dt.date:
    """A participation's first day; its month's first day when the day is not coded."""
    return dt.date(int(r.styear), int(r.stmon), _day(r.stday) or 1)


def _part_end(r) -> dt.date:
    """A participation's last day; its month's last day when the day is not coded."""
    year, month = int(r.endyear), int(r.endmon)
    return dt.date(year, month, _day(r.endday) or calendar.monthrange(year, month)[1])


def _disputes(pair: Pair, day: dt.date, out: Derived) -> None:
    rows = dyad_rows("cow_mid_ddydisps", pair, out, [CRACK, "coercion"])
    if not rows:
        return
    known = [r for r in rows if r.year <= day.year and _opposed(r)]
    _, last_coded = coverage("cow_mid_ddydisps") or (None, 9999)
    on_record = {d: max(int(r.year) for r in g) for d, g in _by(rows, "dispnum").items()}
    parts = _participation(pair) if known else {}
    for dispute, g in _by(known, "dispnum").items():
        hostility = int(_top([_dyadic(r.hostlev1, r.hostlev2, r) for r in g]) or 1)
        fatality = int(_top([_dyadic(r.fatality1, r.fatality2, r) for r in g]) or 0)
        first, last = int(min(r.year for r in g)), int(max(r.year for r in g))
        month = int(g[0].stmon) if not pd.isna(g[0].stmon) else None
        start = year_start(first, month)
        ended = _dispute_end(first, month, g, on_record[dispute])
        precision, dated = "month" if month else "year", ""
        part = parts.get(int(dispute))
        if part is not None and part.start <= ended and part.end >= start:
            if part.start > start:
                start, precision = part.start, part.precision
            if part.end.year >= last:  # the COW record does not run on past it
                ended = min(ended, part.end)
            dated = (f"; the pair's part {fmt_date(part.start)} to {fmt_date(part.end)} "
                     f"(GML MID participants)")
        if last >= max(day.year, last_coded) and ended >= year_end(last):
            ended = None  # in the data's last year and lasting to its end: it may run on
        words = (f"COW-MID 5.0, dispute {dispute}, {first}"
                 f"{'–' + str(last) if last > first else ''}: hostility level {hostility}, "
                 f"{HOSTILITY.get(hostility, 'no militarized action')}; "
                 f"{FATALITY.get(fatality, 'deaths unknown')}{dated}")
        if start > day:
            continue  # the pair's part began later in the year
        if hostility >= 4:
            form = "war" if hostility == 5 else "armed_clash" if fatality > 0 else "incident"
            out.facts.append(derived_fact(
                NAME, "cow_mid_ddydisps", str(dispute), kind="conflict",
                name=f"COW-MID dispute {dispute}", form=form, side_a=[pair.a.iso3],
                side_b=[pair.b.iso3], precision=precision, valid_from=start,
                valid_to=None if ended is None or ended >= day else ended,
                summary=words + "."))
        elif hostility >= 2:
            _threat(pair, day, out, str(dispute), hostility, start, ended, words)


def _dyadic(level1, level2, r) -> int | None:
    """A dispute level (hostility, fatality) for the pair in one year: the higher of the two
    states' when both began the dispute; the lower when one joined it, whose actions need not
    have been aimed at this opponent (the USSR joined the Vietnam dispute, 611, with a threat;
    the US war there was with North Vietnam)."""
    levels = [int(v) for v in (level1, level2) if not pd.isna(v) and v >= 0]
    if not levels:
        return None
    joined = not (pd.isna(r.orig1) or pd.isna(r.orig2)) and not (r.orig1 and r.orig2)
    return min(levels) if joined else max(levels)


def _dispute_end(first: int, month: int | None, rows: list, last: int) -> dt.date:
    """The latest day the record allows for the end of the pair's part in a dispute: the last
    day it may have begun (the end of its start month, or of its start year when the month is
    not coded; the day is never coded) plus its coded longest duration (`maxdur`, days), at most
    the end of the pair's last year on record. Goa (dispute 1074: August 1961, 125 days) thus
    runs to 3 January 1962, not 4 December 1961, two weeks before the invasion."""
    days = _top([r.maxdur for r in rows])
    if days is None or days <= 0:
        return year_end(last)
    begun = (dt.date(first, month, calendar.monthrange(first, month)[1]) if month
             else year_end(first))
    return min(begun + dt.timedelta(days=int(days)), year_end(last))


def _threat(pair: Pair, day: dt.date, out: Derived, dispute: str, hostility: int,
            start: dt.date, ended: dt.date | None, words: str) -> None:
    """A MID threat or display of force: pressure on `coercion` while it lasts, fading after."""
    if start > day:
        return
    rule = rules()["coercion"]
    w = rule["mid_pressure"][str(hostility)]
    if ended is not None and ended < day:
        w *= fade(day, ended, rule["mid_memory_years"])
    if w > 0:
        out.add("coercion", Evidence(
            claim=words + ("" if ended is None or ended >= day else f" (over since {ended.year})"),
            weight=round(-rule["per_weight"] * w, 4), source=dataset_source("cow_mid_ddydisps"),
            provider=NAME, record=f"COW-MID dispute {dispute}", start=start, end=ended,
            episode="dispute"))


def _ucdp(pair: Pair, day: dt.date, out: Derived) -> None:
    rows = dyad_rows("ucdp_acd", pair, out, [CRACK])
    if not rows:
        return
    ca, cb = pair.cows
    _, last_coded = coverage("ucdp_acd") or (None, 9999)
    known = [r for r in rows if r.year <= day.year]
    for conflict, g in _by(known, "conflict_id").items():
        years = []
        for r in sorted(g, key=lambda r: r.year):
            a_side = set(r.side_a) | set(r.side_a_2nd)
            b_side = set(r.side_b) | set(r.side_b_2nd)
            if (ca in a_side and cb in b_side) or (cb in a_side and ca in b_side):
                years.append(r)
        for run in _runs(years):
            _ucdp_run(pair, day, out, conflict, run, last_coded)


def _runs(years: list) -> list[list]:
    """Conflict-years split into runs of consecutive years (an episode each)."""
    runs: list[list] = []
    for r in years:
        if runs and int(r.year) == int(runs[-1][-1].year) + 1:
            runs[-1].append(r)
        else:
            runs.append([r])
    return runs


def _ucdp_run(pair: Pair, day: dt.date, out: Derived, conflict: int, years: list,
              last_coded: int) -> None:
    ca, cb = pair.cows
    first, last = years[0], years[-1]
    intensity = int(last.intensity_level)  # the intensity of its latest year known on the day
    start = year_start(first.year)
    if pd.notna(first.start_date) and pd.Timestamp(first.start_date).year == int(first.year):
        start = pd.Timestamp(first.start_date).date()
    if last.year >= last_coded and not bool(last.ep_end):
        end, note = None, f"; active when the data end ({last_coded})"
    elif bool(last.ep_end) and pd.notna(last.ep_end_date):
        end, note = pd.Timestamp(last.ep_end_date).date(), ""
    else:
        end, note = year_end(last.year), ""
    if end is not None and end < start:  # ended within its first year, before mid-year
        start = end.replace(month=1, day=1) if end.year == first.year else start
    if start > day:
        return
    if end is not None and end >= day:  # still fought on the day
        end = None
    sides = [list(last.side_a), list(last.side_b)]
    seconds = [list(last.side_a_2nd), list(last.side_b_2nd)]
    a_first = ca in set(last.side_a) | set(last.side_a_2nd)
    side_a, side_b = (sides if a_first else sides[::-1])
    sup_a, sup_b = (seconds if a_first else seconds[::-1])
    direct = (ca in side_a and cb in side_b)
    kind = last.type_of_conflict
    out.facts.append(derived_fact(
        NAME, "ucdp_acd", f"{conflict}-{first.year}", kind="conflict",
        name=f"UCDP conflict {conflict}",
        form="war" if intensity == 2 else "armed_clash",
        side_a=_isos(side_a) or [pair.a.iso3], side_b=_isos(side_b) or [pair.b.iso3],
        supporters_a=[i for i in _isos(sup_a) if i in pair.iso],
        supporters_b=[i for i in _isos(sup_b) if i in pair.iso],
        valid_from=start, valid_to=end, precision="day",
        summary=f"UCDP/PRIO ACD conflict {conflict} ({kind}, {last.incompatibility}), "
                f"{first.year}–{last.year}: {pair.a.iso3} and {pair.b.iso3} "
                f"{'fight each other' if direct else 'back opposite sides'}; "
                f"{INTENSITY[intensity]}{note}."))


def _crises(pair: Pair, day: dt.date, out: Derived) -> None:
    rows = dyad_rows("icb_actors", pair, out, [CRACK])
    if not rows:
        return
    ca, cb = pair.cows
    mine = [r for r in rows if not pd.isna(r.trigger_date) and pd.Timestamp(r.trigger_date).date() <= day
            and not pd.isna(r.trigent) and {int(r.ccode), int(r.trigent)} == {ca, cb}]
    for crisis, g in _by(mine, "crisno").items():
        start = pd.Timestamp(min(r.trigger_date for r in g)).date()
        ends = [r.termination_date for r in g if not pd.isna(r.termination_date)]
        end = pd.Timestamp(max(ends)).date() if ends else None
        name = str(g[0].crisname).title()
        top = _top([r.viol for r in g])
        violence = int(top) if top is not None else 1
        out.facts.append(derived_fact(
            NAME, "icb_actors", str(crisis), kind="conflict", name=f"ICB crisis {crisis} ({name})",
            form="crisis", side_a=[pair.a.iso3], side_b=[pair.b.iso3],
            valid_from=start, valid_to=end if end is not None and end < day else None,
            summary=f"ICB crisis {crisis}, {name} ({start.year}): triggered by one of the pair "
                    f"for the other; violence level {violence} of 4."))
