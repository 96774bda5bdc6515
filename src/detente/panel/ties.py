"""Steps that add the ties between the two states: alliances, shared IGOs, contiguity,
distance, and UN General Assembly agreement."""

from __future__ import annotations

import pandas as pd

from detente.panel import sources
from detente.panel.frame import attach, within

_ATOP = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")
EARTH_RADIUS_KM = 6371.0


def add_alliances(frame: pd.DataFrame) -> pd.DataFrame:
    """ATOP 5.1 (to 2018): one flag per pledge in force (atop_defense … atop_consul) and
    atop_any (any pledge)."""
    atop, cov = sources.alliances()
    cols = ", ".join(f"{within('a.' + k, cov, 'false')} AS {k}" for k in _ATOP)
    sql = f"""SELECT p.row, {cols}, {within('a.lo IS NOT NULL', cov)} AS atop_any
              FROM p LEFT JOIN atop a ON a.lo = p.lo AND a.hi = p.hi AND a.year = p.year"""
    return attach(frame, step="add_alliances", sql=sql, sources={"atop": atop},
                  datasets=["atop_alliance"], coverage=cov)


def add_igos(frame: pd.DataFrame) -> pd.DataFrame:
    """COW IGO 3.0 (to 2014): dyadigos, the IGOs both are full members of (NA where the
    dataset has no row for the pair)."""
    igo, cov = sources.igos()
    sql = f"""SELECT p.row, {within('i.dyadigos', cov)} AS dyadigos
              FROM p LEFT JOIN igo i ON i.lo = p.lo AND i.hi = p.hi AND i.year = p.year"""
    return attach(frame, step="add_igos", sql=sql, sources={"igo": igo},
                  datasets=["cow_igo_ndy"], coverage=cov)


def add_contiguity(frame: pd.DataFrame) -> pd.DataFrame:
    """COW direct contiguity 3.2 (to 2016): conttype, the closest contiguity that year
    (1 land border; 2–5 separated by up to 12, 24, 150, 400 miles of water; 0 none)."""
    cont, cov = sources.contiguity()
    sql = f"""
        SELECT p.row, {within('min(c.conttype)', cov, '0')} AS conttype
        FROM p LEFT JOIN cont c ON c.lo = p.lo AND c.hi = p.hi AND p.year BETWEEN c.first AND c.last
        GROUP BY p.row, p.year"""
    return attach(frame, step="add_contiguity", sql=sql, sources={"cont": cont},
                  datasets=["cow_contdir"], coverage=cov)


def add_distance(frame: pd.DataFrame) -> pd.DataFrame:
    """mindist: minimum distance between the borders in km (CShapes 2.0, 1886–2019), and
    capdist: great-circle distance between the capitals in km (any year both are known)."""
    dist, cov = sources.mindist()
    hav = (f"2 * {EARTH_RADIUS_KM} * asin(sqrt(pow(sin(radians(c2.lat - c1.lat) / 2), 2) + "
           "cos(radians(c1.lat)) * cos(radians(c2.lat)) * pow(sin(radians(c2.lng - c1.lng) / 2), 2)))")
    sql = f"""
        WITH cap AS (
            SELECT p.row, min({hav}) AS capdist FROM p
            JOIN caps c1 ON c1.ccode = p.ccode1 AND p.year BETWEEN c1.first AND c1.last
            JOIN caps c2 ON c2.ccode = p.ccode2 AND p.year BETWEEN c2.first AND c2.last
            GROUP BY p.row)
        SELECT p.row, {within('d.mindist', cov)} AS mindist, cap.capdist
        FROM p LEFT JOIN dist d ON d.lo = p.lo AND d.hi = p.hi AND d.year = p.year
               LEFT JOIN cap ON cap.row = p.row"""
    caps = sources.capitals()
    return attach(frame, step="add_distance", sql=sql, sources={"dist": dist, "caps": caps},
                  datasets=["cow_mindist", "cow_capitals"], coverage=cov,
                  column_coverage={"capdist": (1816, int(caps["last"].max()))})


def add_un_agreement(frame: pd.DataFrame) -> pd.DataFrame:
    """UN General Assembly voting: un_joint (roll calls both voted on), un_agree (share of
    identical votes), un_agree3 (abstention = half agreement), un_agree_change5 (un_agree now
    minus five years before) — votes 1946–2019; ideal1/ideal2 (final-passage ideal points),
    ideal_distance = |ideal1 − ideal2| and ideal_distance_change5 — 1946–2024."""
    votes, vcov = sources.un_agreement()
    ideal, icov = sources.ideal_points()
    dist = "abs(i1{s}.idealpointfp - i2{s}.idealpointfp)"
    sql = f"""
        SELECT p.row, {within('v.un_joint', vcov, '0')} AS un_joint, v.un_agree, v.un_agree3,
               v.un_agree - v5.un_agree AS un_agree_change5,
               i1.idealpointfp AS ideal1, i2.idealpointfp AS ideal2, {dist.format(s='')} AS ideal_distance,
               {dist.format(s='')} - {dist.format(s='_5')} AS ideal_distance_change5
        FROM p LEFT JOIN votes v ON v.lo = p.lo AND v.hi = p.hi AND v.year = p.year
               LEFT JOIN votes v5 ON v5.lo = p.lo AND v5.hi = p.hi AND v5.year = p.year - 5
               LEFT JOIN ideal i1 ON i1.ccode = p.ccode1 AND i1.year = p.year
               LEFT JOIN ideal i2 ON i2.ccode = p.ccode2 AND i2.year = p.year
               LEFT JOIN ideal i1_5 ON i1_5.ccode = p.ccode1 AND i1_5.year = p.year - 5
               LEFT JOIN ideal i2_5 ON i2_5.ccode = p.ccode2 AND i2_5.year = p.year - 5"""
    ideal_cols = ("ideal1", "ideal2", "ideal_distance", "ideal_distance_change5")
    return attach(frame, step="add_un_agreement", sql=sql, sources={"votes": votes, "ideal": ideal},
                  datasets=["un_votes", "un_roll_calls", "unga_ideal_points"], coverage=vcov,
                  column_coverage=dict.fromkeys(ideal_cols, icov))
