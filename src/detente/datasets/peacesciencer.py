"""Readers for the peacesciencer tables: the original `.rda` file in, a tidy frame out.

Every table's columns are documented in `SPECS` (kind and meaning); `read(name)` returns exactly
those columns, typed (`detente.datasets.tidy`). COW codes are `ccode*`, Gleditsch–Ward codes
`gwcode*`. Directed tables hold both orders of a dyad; non-directed ones have ccode1 < ccode2.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from detente.core.errors import UsageError
from detente.datasets.registry import ensure
from detente.datasets.tidy import Spec, read_raw, tidy

_DYAD_YEAR: Spec = {"ccode1": ("id", "COW code of the first state"),
                    "ccode2": ("id", "COW code of the second state"),
                    "year": ("id", "year")}
_MID_DIRECTED: Spec = {
    "sidea1": ("flag", "state 1 on side A (the side that took the first militarised action)"),
    "sidea2": ("flag", "state 2 on side A"),
    "fatality1": ("int", "fatality level of state 1 (0 none … 6 > 999; −9 unknown)"),
    "fatality2": ("int", "fatality level of state 2"),
    "hiact1": ("int", "highest action of state 1 (COW 0–23 scale)"),
    "hiact2": ("int", "highest action of state 2"),
    "hostlev1": ("int", "hostility level of state 1 (1 none … 5 war)"),
    "hostlev2": ("int", "hostility level of state 2"),
    "orig1": ("flag", "state 1 an originator (not a joiner)"),
    "orig2": ("flag", "state 2 an originator"),
}
_DISPUTE: Spec = {
    "dispnum": ("id", "dispute number"), "styear": ("id", "start year"),
    "stmon": ("int", "start month"), "outcome": ("int", "outcome code"),
    "settle": ("int", "settlement type"), "fatality": ("int", "fatality level (ordinal)"),
    "mindur": ("int", "minimum duration, days"), "maxdur": ("int", "maximum duration, days"),
    "hiact": ("int", "highest action (COW 0–23)"), "hostlev": ("int", "hostility level 1–5"),
    "recip": ("flag", "side B also took militarised action"),
}

SPECS: dict[str, Spec] = {
    "td_rivalries": {
        "rivalryno": ("id", "rivalry number"), "rivalryname": ("str", "rivalry name"),
        "ccode1": ("id", "COW code, first rival"), "ccode2": ("id", "COW code, second rival"),
        "styear": ("id", "first year"), "endyear": ("id", "last year (2010 = data end)"),
        "region": ("str", "region"), "type1": ("str", "first rivalry type"),
        "type2": ("str", "second rivalry type"), "type3": ("str", "third rivalry type"),
    },
    "grh_arms_races": {
        "race_id": ("id", "arms race number"), "ccode1": ("id", "COW code"),
        "ccode2": ("id", "COW code"), "styear": ("id", "first year"), "endyear": ("id", "last year"),
    },
    "cow_ddy": {**_DYAD_YEAR},
    "gw_states": {
        "gwcode": ("id", "Gleditsch–Ward code"), "stateabb": ("str", "abbreviation"),
        "statename": ("str", "name"), "startdate": ("date", "start of independence"),
        "enddate": ("date", "end (2017-12-31 = data end)"),
    },
    "cow_majors": {
        "ccode": ("id", "COW code"), "styear": ("id", "start year of major-power status"),
        "stmonth": ("id", "start month"), "stday": ("id", "start day"),
        "endyear": ("id", "end year (2016 = data end)"), "endmonth": ("id", "end month"),
        "endday": ("id", "end day"),
    },
    "maoz_powers": {
        "ccode": ("id", "COW code"), "regstdate": ("date", "start as a regional power"),
        "regenddate": ("date", "end as a regional power"),
        "globstdate": ("date", "start as a global power"),
        "globenddate": ("date", "end as a global power"),
    },
    "cow_nmc": {
        "ccode": ("id", "COW code"), "year": ("id", "year"),
        "milex": ("float", "military expenditure, thousands (£ before 1914, US$ after)"),
        "milper": ("float", "military personnel, thousands"),
        "irst": ("float", "iron and steel production, thousand tons"),
        "pec": ("float", "primary energy consumption, thousand coal-ton equivalents"),
        "tpop": ("float", "total population, thousands"), "upop": ("float", "urban population, thousands"),
        "cinc": ("float", "Composite Index of National Capability: share of the system total"),
    },
    "cow_trade_sy": {
        "ccode": ("id", "COW code"), "year": ("id", "year"),
        "imports": ("float", "total imports, current million US$"),
        "exports": ("float", "total exports, current million US$"),
    },
    "cow_mid_disps": _DISPUTE,
    "gml_mid_disps": _DISPUTE,
    "cow_mid_dirdisps": {
        "dispnum": ("id", "dispute number"), **_DYAD_YEAR,
        "dispongoing": ("flag", "a dispute is ongoing in the year"),
        "disponset": ("flag", "a dispute begins in the year"), **_MID_DIRECTED,
    },
    "cow_mid_ddydisps": {
        "dispnum": ("id", "dispute number (one per dyad-year, by the package's rules)"),
        **_DYAD_YEAR,
        "cowmidongoing": ("flag", "a COW MID is ongoing in the dyad-year"),
        "cowmidonset": ("flag", "a COW MID begins in the dyad-year"), **_MID_DIRECTED,
        "fatality": ("int", "dispute fatality level"), "hostlev": ("int", "dispute hostility level"),
        "mindur": ("int", "minimum duration, days"), "maxdur": ("int", "maximum duration, days"),
        "recip": ("flag", "reciprocated"), "stmon": ("int", "start month"),
    },
    "gml_dirdisp": {
        "dispnum": ("id", "dispute number"), **_DYAD_YEAR,
        "midongoing": ("flag", "a dispute is ongoing in the year"),
        "midonset": ("flag", "a dispute begins in the year"), **_MID_DIRECTED,
        "revstate1": ("int", "state 1 a revisionist (1 yes, 0 no, −9 unknown)"),
        "revstate2": ("int", "state 2 a revisionist"),
        "revtype11": ("int", "state 1's first revision type"),
        "revtype21": ("int", "state 2's first revision type"),
        "hostlev": ("int", "dispute hostility level"), "recip": ("flag", "reciprocated"),
    },
    "gml_mid_ddydisps": {
        "dispnum": ("id", "dispute number (one per dyad-year)"), **_DYAD_YEAR,
        "gmlmidongoing": ("flag", "a GML MID is ongoing in the dyad-year"),
        "gmlmidonset": ("flag", "a GML MID begins in the dyad-year"), **_MID_DIRECTED,
        "fatality": ("int", "dispute fatality level"), "hostlev": ("int", "dispute hostility level"),
        "recip": ("flag", "reciprocated"), "mindur": ("int", "minimum duration, days"),
        "maxdur": ("int", "maximum duration, days"), "stmon": ("int", "start month"),
    },
    "gml_part": {
        "dispnum": ("id", "dispute number"), "ccode": ("id", "COW code"),
        "styear": ("id", "start year of participation"), "stmon": ("int", "start month"),
        "endyear": ("id", "end year"), "endmon": ("int", "end month"),
        "sidea": ("flag", "on side A"), "hiact": ("int", "highest action"),
        "orig": ("flag", "originator"), "obsid_start": ("str", "Archigos leader at the start"),
        "obsid_end": ("str", "Archigos leader at the end"),
    },
    "cow_war_inter": {
        "warnum": ("id", "war number"), **_DYAD_YEAR,
        "cowinterongoing": ("flag", "an inter-state war is ongoing in the year"),
        "cowinteronset": ("flag", "the war begins in the year"),
        "sidea1": ("int", "side of state 1 (1 = A, 2 = B)"), "sidea2": ("int", "side of state 2"),
        "initiator1": ("flag", "state 1 initiated"), "initiator2": ("flag", "state 2 initiated"),
        "outcome1": ("int", "outcome for state 1 (1 win, 2 loss, 3 compromise, …)"),
        "outcome2": ("int", "outcome for state 2"),
        "batdeath1": ("int", "battle deaths of state 1 (−9 unknown)"),
        "batdeath2": ("int", "battle deaths of state 2"), "resume": ("flag", "war resumed"),
    },
    "cow_igo_sy": {
        "ccode": ("id", "COW code"), "year": ("id", "year"),
        "sum_igo_full": ("int", "IGOs with full membership"),
        "sum_igo_associate": ("int", "IGOs with associate membership"),
        "sum_igo_observer": ("int", "IGOs with observer status"),
        "sum_igo_anytype": ("int", "IGOs with any membership"),
    },
    "cow_igo_ndy": {**_DYAD_YEAR, "dyadigos": ("int", "IGOs in which both are full members")},
    "cow_contdir": {
        "ccode1": ("id", "COW code"), "ccode2": ("id", "COW code"),
        "conttype": ("id", "1 land border; 2/3/4/5 separated by ≤ 12/24/150/400 miles of water"),
        "stdate": ("date", "start"), "enddate": ("date", "end (2016-12-01 = data end)"),
    },
    "cow_capitals": {
        "ccode": ("id", "COW code"), "statenme": ("str", "state"), "capital": ("str", "capital"),
        "stdate": ("date", "capital from"), "enddate": ("date", "capital to"),
        "lat": ("float", "latitude"), "lng": ("float", "longitude"),
    },
    "cow_mindist": {**_DYAD_YEAR, "mindist": ("float", "minimum distance between borders, km")},
    "atop_alliance": {
        **_DYAD_YEAR,
        "atop_defense": ("flag", "a defence pledge in force"),
        "atop_offense": ("flag", "an offence pledge in force"),
        "atop_neutral": ("flag", "a neutrality pledge in force"),
        "atop_nonagg": ("flag", "a non-aggression pledge in force"),
        "atop_consul": ("flag", "a consultation pledge in force"),
    },
    "archigos": {
        "obsid": ("str", "leader-spell id"), "gwcode": ("id", "Gleditsch–Ward code"),
        "leader": ("str", "leader"), "yrborn": ("int", "year born"), "gender": ("str", "M/W"),
        "startdate": ("date", "took office"), "enddate": ("date", "left office"),
        "entry": ("str", "manner of entry"), "exit": ("str", "manner of exit"),
        "exitcode": ("str", "detailed manner of exit"),
    },
    "archigossums": {
        "gwcode": ("id", "Gleditsch–Ward code"), "year": ("id", "year"),
        "leadertransition": ("flag", "any change of leader in the year"),
        "irregular": ("flag", "an irregular change of leader in the year"),
        "n_leaders": ("id", "leaders in office during the year"),
        "jan1obsid": ("str", "leader in office on 1 January"),
        "dec31obsid": ("str", "leader in office on 31 December"),
    },
    "terrthreat": {
        "ccode": ("id", "COW code"), "year": ("id", "year"),
        "lterrthreat": ("float", "latent external territorial threat (higher = more threatened)"),
        "sd": ("float", "its posterior standard deviation"),
        "lwr": ("float", "lower bound"), "upr": ("float", "upper bound"),
    },
    "ucdp_acd": {
        "conflict_id": ("id", "UCDP conflict id"), "year": ("id", "year"),
        "gwno_a": ("int", "GW code of the side A state"),
        "gwno_a_2nd": ("int", "GW code of a secondary side A state"),
        "gwno_b": ("int", "GW code of the side B state (NA for a non-state opponent)"),
        "gwno_b_2nd": ("int", "GW code of a secondary side B state"),
        "incompatibility": ("str", "territory / government / both"),
        "intensity_level": ("id", "1 minor (25–999 deaths), 2 war (≥ 1000)"),
        "type_of_conflict": ("str", "extrasystemic / interstate / intrastate / internationalized"),
        "start_date": ("date", "first fatality of the conflict"),
        "ep_end": ("flag", "the episode ended in the year"),
        "ep_end_date": ("date", "end of the episode"),
    },
}


def read(name: str, path: Path | None = None) -> pd.DataFrame:
    """The peacesciencer table `name` as a tidy frame (columns: `SPECS[name]`)."""
    if name not in SPECS:
        raise UsageError(f"no peacesciencer reader for {name!r}; known: {', '.join(sorted(SPECS))}")
    source = path or ensure(name)
    return tidy(read_raw(source), SPECS[name], source)
