"""Steps that add state-level columns for both sides (suffix 1 = ccode1, 2 = ccode2):
capabilities and their shifts, major-power status, leader changes, territorial threat."""

from __future__ import annotations

import pandas as pd

from detente.panel import sources
from detente.panel.frame import attach, within


def add_capabilities(frame: pd.DataFrame) -> pd.DataFrame:
    """COW National Material Capabilities (to 2022).

    Adds cinc1, cinc2; cap_share1 = cinc1 / (cinc1 + cinc2); cap_ratio = stronger / weaker
    CINC (NA when the weaker is 0); cap_shift5 and cap_shift10 = the change in cap_share1 over
    the last 5 and 10 years (NA when either year is missing).
    """
    nmc, cov = sources.nmc()
    share = "n1{s}.cinc / nullif(n1{s}.cinc + n2{s}.cinc, 0)"
    joins = " ".join(
        f"LEFT JOIN nmc n1{s} ON n1{s}.ccode = p.ccode1 AND n1{s}.year = p.year - {lag} "
        f"LEFT JOIN nmc n2{s} ON n2{s}.ccode = p.ccode2 AND n2{s}.year = p.year - {lag}"
        for s, lag in (("", 0), ("_5", 5), ("_10", 10)))
    sql = f"""
        SELECT p.row, n1.cinc AS cinc1, n2.cinc AS cinc2, {share.format(s='')} AS cap_share1,
               greatest(n1.cinc, n2.cinc) / nullif(least(n1.cinc, n2.cinc), 0) AS cap_ratio,
               {share.format(s='')} - {share.format(s='_5')} AS cap_shift5,
               {share.format(s='')} - {share.format(s='_10')} AS cap_shift10
        FROM p {joins}"""
    return attach(frame, step="add_capabilities", sql=sql, sources={"nmc": nmc},
                  datasets=["cow_nmc"], coverage=cov)


def add_major_powers(frame: pd.DataFrame) -> pd.DataFrame:
    """COW major powers (to 2016): major1, major2."""
    majors, cov = sources.majors()
    flag = "EXISTS (SELECT 1 FROM majors m WHERE m.ccode = p.ccode{i} AND p.year BETWEEN m.first AND m.last)"
    sql = f"""SELECT p.row, {within(flag.format(i=1), cov)} AS major1,
                     {within(flag.format(i=2), cov)} AS major2 FROM p"""
    return attach(frame, step="add_major_powers", sql=sql, sources={"majors": majors},
                  datasets=["cow_majors"], coverage=cov)


def add_leader_changes(frame: pd.DataFrame) -> pd.DataFrame:
    """Archigos (1870–2015): leader_change1/2 (any change of leader that year) and
    irregular1/2 (an irregular one). NA where Archigos has no row for the state-year."""
    leaders, cov = sources.leader_changes()
    sql = f"""
        SELECT p.row, {within('l1.leadertransition', cov)} AS leader_change1,
               {within('l2.leadertransition', cov)} AS leader_change2,
               {within('l1.irregular', cov)} AS irregular1, {within('l2.irregular', cov)} AS irregular2
        FROM p LEFT JOIN leaders l1 ON l1.ccode = p.ccode1 AND l1.year = p.year
               LEFT JOIN leaders l2 ON l2.ccode = p.ccode2 AND l2.year = p.year"""
    return attach(frame, step="add_leader_changes", sql=sql, sources={"leaders": leaders},
                  datasets=["archigossums"], coverage=cov)


def add_territorial_threat(frame: pd.DataFrame) -> pd.DataFrame:
    """Miller's latent external territorial threat (to 2010): terrthreat1, terrthreat2."""
    threat, cov = sources.territorial_threat()
    sql = f"""
        SELECT p.row, {within('t1.lterrthreat', cov)} AS terrthreat1,
               {within('t2.lterrthreat', cov)} AS terrthreat2
        FROM p LEFT JOIN threat t1 ON t1.ccode = p.ccode1 AND t1.year = p.year
               LEFT JOIN threat t2 ON t2.ccode = p.ccode2 AND t2.year = p.year"""
    return attach(frame, step="add_territorial_threat", sql=sql, sources={"threat": threat},
                  datasets=["terrthreat"], coverage=cov)
