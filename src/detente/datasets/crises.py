"""Readers for International Crisis Behavior v14: crises (icb1) and crisis actors (icb2).

ICB codes days it does not know as 66/77/88 (and some dates are blank): a date here is built from
year, month and day, with an unknown day read as the 1st and an unknown month as January; the
`*_approx` flag marks every date so built. The raw year/month/day columns stay beside it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from detente.datasets.registry import ensure
from detente.datasets.tidy import Spec, read_csv_text, tidy

_DATE_PARTS = {"trigger": ("yrtrig", "motrig", "datrig"),
               "termination": ("yrterm", "moterm", "daterm")}

CRISES: Spec = {
    "crisno": ("id", "crisis number (join key to the actors)"),
    "crisname": ("str", "crisis name (upper case, abbreviated)"),
    "yrtrig": ("int", "year of the trigger"), "motrig": ("int", "month"),
    "datrig": ("int", "day (66/77/88 = unknown)"),
    "yrterm": ("int", "year the crisis ended"), "moterm": ("int", "month"),
    "daterm": ("int", "day (66/77/88 = unknown)"),
    "trigent": ("int", "triggering entity, COW-style code (995–997 ICB's own codes)"),
    "break": ("int", "type of trigger (breakpoint): 1 verbal … 9 violent act — not a break of "
                     "diplomatic relations, which ICB does not code"),
    "viol": ("int", "violence in the crisis: 1 none, 2 minor clashes, 3 serious clashes, 4 war"),
    "cenviosy": ("int", "centrality of violence in crisis management (system)"),
    "sevviosy": ("int", "severity of violence (system)"),
    "noactr": ("int", "number of crisis actors"),
    "usinv": ("int", "level of US involvement (ICB codes; 1 = none)"),
    "suinv": ("int", "level of USSR/Russia involvement (ICB codes)"),
    "outesr": ("int", "escalation or reduction of tension after the crisis (ICB codes)"),
    "forout": ("int", "form of outcome (ICB codes: agreement, tacit, unilateral, …)"),
    "subout": ("int", "substance of outcome (ICB codes)"),
}
ACTORS: Spec = {
    "crisno": ("id", "crisis number"), "cracno": ("id", "crisis-actor number (unique)"),
    "cracid": ("id", "COW code of the actor (Russia/USSR = 365)"),
    "actor": ("str", "ICB/COW three-letter abbreviation"),
    "crisname": ("str", "crisis name"),
    "yrtrig": ("int", "year this actor's crisis was triggered"), "motrig": ("int", "month"),
    "datrig": ("int", "day (66/77/88 = unknown)"),
    "trigent": ("int", "COW-style code of the entity that triggered this actor's crisis"),
    "triggr": ("int", "type of trigger for this actor (1 verbal … 9 violent)"),
    "majres": ("int", "type of major response (ICB codes)"),
    "yerres": ("int", "year of the major response"), "monres": ("int", "month"),
    "dayres": ("int", "day"),
    "yrterm": ("int", "year the crisis ended for this actor"), "moterm": ("int", "month"),
    "daterm": ("int", "day (66/77/88 = unknown)"),
    "outcom": ("int", "outcome for the actor: 1 victory, 2 compromise, 3 stalemate, 4 defeat, "
                        "5 other"),
    "outfor": ("int", "form of outcome (ICB codes)"),
    "viol": ("int", "violence used by the actor: 1 none … 4 war"),
    "cenvio": ("int", "centrality of violence for the actor"),
    "sevvio": ("int", "severity of violence for the actor"),
}


def _dates(frame: pd.DataFrame, year: str, month: str, day: str) -> tuple[pd.Series, pd.Series]:
    """A date per row (NaT without a year) and whether it was approximated."""
    y, m, d = frame[year], frame[month], frame[day]
    day_known = d.notna() & (d >= 1) & (d <= 31)
    month_known = m.notna() & (m >= 1) & (m <= 12)
    parts = pd.DataFrame({"year": y.fillna(1).astype("int64"),
                          "month": m.where(month_known, 1).fillna(1).astype("int64"),
                          "day": d.where(day_known & month_known, 1).fillna(1).astype("int64")})
    exact = pd.to_datetime(parts, errors="coerce")
    first = pd.to_datetime(parts.assign(day=1), errors="coerce")
    valid = exact.notna()
    date = exact.where(valid, first).where(y.notna())
    approx = (~(day_known & month_known) | ~valid) & y.notna()
    return date, approx.astype("boolean").where(y.notna(), pd.NA)


def _with_dates(frame: pd.DataFrame, parts: dict[str, tuple[str, str, str]]) -> pd.DataFrame:
    for name, (y, m, d) in parts.items():
        frame[f"{name}_date"], frame[f"{name}_approx"] = _dates(frame, y, m, d)
    return frame


def icb_actors(path: Path | None = None) -> pd.DataFrame:
    """One row per crisis actor (`ACTORS` columns) plus `ccode` (= cracid), `trigger_date`,
    `response_date`, `termination_date` and their `*_approx` flags."""
    source = path or ensure("icb_actors")
    out = tidy(read_csv_text(source), ACTORS, source, first_line=2)
    out.insert(3, "ccode", out["cracid"])
    return _with_dates(out, {**_DATE_PARTS, "response": ("yerres", "monres", "dayres")})


def icb_crises(path: Path | None = None, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per crisis (`CRISES` columns) plus `trigger_date`, `termination_date` and their
    `*_approx` flags, and `actors`: the COW codes of the crisis actors (from icb2, sorted)."""
    source = path or ensure("icb_crises")
    out = tidy(read_csv_text(source), CRISES, source, first_line=2)
    out = _with_dates(out, _DATE_PARTS)
    actors = icb_actors() if actors is None else actors
    members = actors.groupby("crisno")["ccode"].agg(lambda s: sorted(set(map(int, s))))
    out["actors"] = out["crisno"].map(members).map(lambda v: v if isinstance(v, list) else [])
    out["actors"] = out["actors"].map(lambda v: np.asarray(v, dtype="int64").tolist())
    return out
