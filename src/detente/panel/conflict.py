"""Steps that add rivalry and conflict columns: rivalries, common rivals, disputes, wars.

Each keeps the row count, records its datasets and coverage, and is NA past that coverage.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from detente.datasets import cow_states
from detente.panel import sources
from detente.panel.frame import attach, within

_TSS_FLAGS = ("positional", "spatial", "ideological", "interventionary", "principal", "aprin")


def add_rivalries(frame: pd.DataFrame) -> pd.DataFrame:
    """TSS strategic rivalries (to 2020) and Thompson–Dreyer rivalries (to 2010).

    Adds tss_rival (the pair is in a TSS rivalry that year), tssr_id, tss_start, tss_age
    (years since the rivalry began), tss_positional … tss_aprin (the rivalry's elements), and
    td_rival. A TSS rivalry coded to 2020 is still running at the data's end.
    """
    tss, cov = sources.tss_years()
    td, td_cov = sources.td_years()
    flags = ", ".join(f"t.{f} AS tss_{f}" for f in _TSS_FLAGS)
    sql = f"""
        SELECT p.row, {within('t.tssr_id IS NOT NULL', cov)} AS tss_rival,
               t.tssr_id, t.start AS tss_start, p.year - t.start AS tss_age, {flags},
               {within('d.rivalryno IS NOT NULL', td_cov)} AS td_rival
        FROM p LEFT JOIN tss t ON t.lo = p.lo AND t.hi = p.hi AND t.year = p.year
               LEFT JOIN td d ON d.lo = p.lo AND d.hi = p.hi AND d.year = p.year"""
    return attach(frame, step="add_rivalries", sql=sql, sources={"tss": tss, "td": td},
                  datasets=["tss_rivalries", "td_rivalries"], coverage=cov)


def add_common_rival(frame: pd.DataFrame) -> pd.DataFrame:
    """common_rivals: how many third states are TSS rivals of both states that year (to 2020);
    common_rival_disputes: dyad-years with a COW MID ongoing between either state and such a
    common rival in the last five years, this one included (to 2014) — the common threat."""
    _, cov = sources.tss_years()
    mids, mcov = sources.disputes("cow")
    sql = f"""
        WITH cr AS (
            SELECT a.ccode AS lo, b.ccode AS hi, a.year, a.rival
            FROM sr a JOIN sr b ON a.rival = b.rival AND a.year = b.year AND a.ccode < b.ccode),
        hot AS (SELECT lo, hi, year FROM mids WHERE ongoing),
        sides AS (SELECT lo, hi, year, rival, lo AS side FROM cr
                  UNION ALL SELECT lo, hi, year, rival, hi AS side FROM cr),
        fights AS (
            SELECT s.lo, s.hi, s.year, count(*)::BIGINT AS n FROM sides s JOIN hot h
            ON h.lo = least(s.side, s.rival) AND h.hi = greatest(s.side, s.rival)
               AND h.year BETWEEN s.year - 4 AND s.year
            GROUP BY ALL),
        common AS (SELECT lo, hi, year, count(*)::BIGINT AS n FROM cr GROUP BY ALL)
        SELECT p.row, {within('c.n', cov, '0')} AS common_rivals,
               {within('f.n', (max(cov[0], mcov[0]), mcov[1]), '0')} AS common_rival_disputes
        FROM p LEFT JOIN common c ON c.lo = p.lo AND c.hi = p.hi AND c.year = p.year
               LEFT JOIN fights f ON f.lo = p.lo AND f.hi = p.hi AND f.year = p.year"""
    return attach(frame, step="add_common_rival", sql=sql,
                  sources={"sr": sources.state_rivals(), "mids": mids},
                  datasets=["tss_rivalries", "cow_mid_ddydisps"], coverage=cov,
                  column_coverage={"common_rival_disputes": (max(cov[0], mcov[0]), mcov[1])})


@lru_cache(maxsize=1)
def _first_years() -> pd.DataFrame:
    states = cow_states()
    return (states.assign(first=[d.year for d in states["stdate"]])
            .groupby("ccode", as_index=False)["first"].min())


def add_disputes(frame: pd.DataFrame, source: str = "cow") -> pd.DataFrame:
    """Militarised interstate disputes, COW-MID 5 (to 2014) or GML 2.2.1 (`source="gml"`, to 2010).

    Adds mid_onset, mid_ongoing, mid_hostlev (highest hostility, 1–5), mid_peaceyears (years
    since the last year with a dispute ongoing, 0 in such a year; with none, years since both
    states were first in the system) and mid_onsets_10y (years with an onset in the last ten,
    this one included).
    """
    mids, cov = sources.disputes(source)
    sql = f"""
        WITH q AS (SELECT p.*, p.year - 10 AS y10, greatest(f1.first, f2.first) AS since
                   FROM p JOIN firsts f1 ON f1.ccode = p.lo JOIN firsts f2 ON f2.ccode = p.hi),
             hot AS (SELECT lo, hi, year FROM mids WHERE ongoing),
             cum AS (SELECT lo, hi, year,
                            sum(onset::INT) OVER (PARTITION BY lo, hi ORDER BY year)::BIGINT AS n FROM mids)
        SELECT q.row AS row,
               {within('m.onset', cov, 'false', year='q.year')} AS mid_onset,
               {within('m.ongoing', cov, 'false', year='q.year')} AS mid_ongoing,
               {within('m.hostlev', cov, year='q.year')} AS mid_hostlev,
               {within('q.year - coalesce(h.year, q.since)', cov, year='q.year')}
                   AS mid_peaceyears,
               {within('coalesce(c0.n, 0) - coalesce(c10.n, 0)', cov, year='q.year')}
                   AS mid_onsets_10y
        FROM q LEFT JOIN mids m ON m.lo = q.lo AND m.hi = q.hi AND m.year = q.year
             ASOF LEFT JOIN hot h ON h.lo = q.lo AND h.hi = q.hi AND q.year >= h.year
             ASOF LEFT JOIN cum c0 ON c0.lo = q.lo AND c0.hi = q.hi AND q.year >= c0.year
             ASOF LEFT JOIN cum c10 ON c10.lo = q.lo AND c10.hi = q.hi AND q.y10 >= c10.year"""
    name = {"cow": "cow_mid_ddydisps", "gml": "gml_mid_ddydisps"}[source]
    return attach(frame, step=f"add_disputes[{source}]", sql=sql,
                  sources={"mids": mids, "firsts": _first_years()}, datasets=[name, "cow_states"],
                  coverage=cov)


def add_wars(frame: pd.DataFrame) -> pd.DataFrame:
    """COW inter-state wars (to 2007): war_onset, war_ongoing."""
    wars, cov = sources.wars()
    sql = f"""
        SELECT p.row, {within('w.onset', cov, 'false')} AS war_onset,
               {within('w.ongoing', cov, 'false')} AS war_ongoing
        FROM p LEFT JOIN wars w ON w.lo = p.lo AND w.hi = p.hi AND w.year = p.year"""
    return attach(frame, step="add_wars", sql=sql, sources={"wars": wars},
                  datasets=["cow_war_inter"], coverage=cov)
