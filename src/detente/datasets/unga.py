"""Readers for UN General Assembly data: roll-call votes (Voeten et al., via the unvotes R
package) and yearly ideal points (Bailey–Strezhnev–Voeten, July 2025 release)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from detente.core.countries import resolve
from detente.core.errors import DataError, UsageError
from detente.datasets.registry import ensure
from detente.datasets.tidy import Spec, columns, read_raw, tidy

# Votes listed under a name with no (or a reused) ISO code: their COW code.
_COW_BY_NAME = {"Czechoslovakia": 315, "German Democratic Republic": 265,
                "Federal Republic of Germany": 260, "Yemen Arab Republic": 678,
                "Yemen People's Republic": 680, "Yugoslavia": 345, "Zanzibar": 511}

VOTES: Spec = columns("un_votes")
ROLL_CALLS: Spec = columns("un_roll_calls")
ISSUES: Spec = columns("un_roll_call_issues")
IDEAL_POINTS: Spec = columns("unga_ideal_points")


def _cow_code(country: str, iso2: object) -> int | None:
    if country in _COW_BY_NAME:
        return _COW_BY_NAME[country]
    if not isinstance(iso2, str):
        return None
    try:
        return resolve(iso2).cow
    except UsageError:
        return None


def un_votes(path: Path | None = None) -> pd.DataFrame:
    """One row per vote cast: `VOTES` columns plus `ccode`, the voter's COW code (Int64)."""
    source = path or ensure("un_votes")
    raw = tidy(read_raw(source), VOTES, source)
    pairs = raw[["country", "country_code"]].drop_duplicates()
    codes = {(c, i): _cow_code(c, i) for c, i in pairs.itertuples(index=False)}
    unknown = [c for (c, _), code in codes.items() if code is None]
    if unknown:
        raise DataError(f"no COW code for {unknown[0]!r}", file=source, field="country")
    lookup = pd.DataFrame([(c, i, code) for (c, i), code in codes.items()],
                          columns=["country", "country_code", "ccode"])
    lookup = lookup.astype({"country": "string", "country_code": "string"})
    out = raw.merge(lookup, on=["country", "country_code"], how="left", validate="many_to_one")
    out["ccode"] = out["ccode"].astype("int64")
    return out


def un_roll_calls(path: Path | None = None) -> pd.DataFrame:
    """One row per roll call (`ROLL_CALLS` columns)."""
    source = path or ensure("un_roll_calls")
    return tidy(read_raw(source), ROLL_CALLS, source)


def un_roll_call_issues(path: Path | None = None) -> pd.DataFrame:
    """Issue codes of roll calls (`ISSUES` columns); a roll call can carry several."""
    source = path or ensure("un_roll_call_issues")
    return tidy(read_raw(source), ISSUES, source)


def unga_ideal_points(path: Path | None = None) -> pd.DataFrame:
    """One row per country-year, 1946–2024 (`IDEAL_POINTS` columns)."""
    source = path or ensure("unga_ideal_points")
    return tidy(read_raw(source), IDEAL_POINTS, source)


@lru_cache(maxsize=2)
def _cached_votes_by_year(path: str) -> pd.DataFrame:
    votes = un_votes(Path(path))
    calls = un_roll_calls(ensure("un_roll_calls"))
    out = votes.merge(calls[["rcid", "date"]], on="rcid", how="left", validate="many_to_one")
    out["year"] = out["date"].dt.year.astype("int64")
    return out[["rcid", "year", "ccode", "vote"]]


def votes_by_year() -> pd.DataFrame:
    """Every vote with its calendar year: rcid, year, ccode, vote (a cached copy)."""
    return _cached_votes_by_year(str(ensure("un_votes"))).copy()
