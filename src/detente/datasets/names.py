"""Country names and codes as datasets spell them → COW codes, on `detente.core.countries`.

Datasets name states their own way ('Korea, North', 'East Germany (GDR)', 'Turkiye') and name
actors that are no state at all ('EU', 'United Nations**', 'Hezbollah (Lebanon)*'). `cow_codes`
maps each distinct name once: the spellings below first (historical states country_converter
does not know, or maps to a successor with another COW code), then `countries.resolve`. A name
that is no COW state gets NA: the row stays, and `unresolved` lists the names so readers can count
them. The year fixes the two states whose COW code changed with unification: Germany is 260
(the Federal Republic) from 1949 to 1990, Yemen is 678 (North Yemen) before 1990.
"""

from __future__ import annotations

import pandas as pd

from detente.core.countries import resolve
from detente.core.errors import UsageError

# Spellings of states whose COW code `countries.resolve` cannot give (historical states, or
# predecessors it folds into a successor with another code). Lower case.
_COW_BY_NAME = {
    "czechoslovakia": 315, "german democratic republic": 265, "east germany (gdr)": 265,
    "east germany": 265, "gdr": 265, "ddr": 265, "fry": 345, "yugoslavia": 345,
    "north vietnam": 816, "south vietnam": 817, "republic of vietnam": 817, "vdr": 817,
    "south yemen": 680, "ymd": 680, "yemen people's republic": 680, "north yemen": 678,
    "yemen arab republic (north yemen)": 678, "yemen arab republic": 678, "yemen, north": 678,
    "zanzibar": 511, "zzb": 511, "malaya": 820, "uae": 696,
}
# Names that resolve to a state but mean a territory COW does not code as one.
_NOT_A_STATE = {"cyprus (northern)", "northern cyprus"}


def _by_year(cow: int, year: int | None) -> int:
    """The COW code in `year` of a state whose code changed with unification."""
    if year is None:
        return cow
    if cow == 255 and 1949 <= year <= 1990:
        return 260
    if cow in (679, 678) and year < 1990:
        return 678
    # the Republic of Vietnam ended in 1975; GSDB names the unified Vietnam "South Vietnam"
    if cow == 817 and year >= 1976:
        return 816
    return cow


def _base_code(name: str) -> int | None:
    """The COW code of a name, before the year rule; None when it names no COW state."""
    text = name.strip()
    key = text.lower()
    if not text or text.endswith("*") or key.startswith("unknown") or key in _NOT_A_STATE:
        return None  # SIPRI marks non-state actors with *, organisations with **
    if key in _COW_BY_NAME:
        return _COW_BY_NAME[key]
    try:
        return resolve(text).cow
    except UsageError:
        return None


def cow_code(name: str, year: int | None = None) -> int | None:
    """The COW code of a state as a dataset names it (name, ISO2/ISO3 code), in `year`."""
    base = _base_code(name)
    return None if base is None else _by_year(base, year)


def cow_codes(names: pd.Series, years: pd.Series | None = None) -> pd.Series:
    """`cow_code` of each name (in the year beside it) as an Int64 Series; each distinct name
    is resolved once."""
    base = {n: _base_code(n) for n in names.dropna().unique()}
    codes = [base.get(n) if isinstance(n, str) else None for n in names]
    if years is not None:
        codes = [None if c is None else _by_year(c, None if pd.isna(y) else int(y))
                 for c, y in zip(codes, years, strict=True)]
    return pd.Series(codes, index=names.index, dtype="float64").astype("Int64")


def unresolved(names: pd.Series, codes: pd.Series) -> dict[str, int]:
    """Rows per name left without a COW code, most frequent first."""
    missing = names[codes.isna().to_numpy() & names.notna().to_numpy()]
    return {str(k): int(v) for k, v in missing.value_counts().items()}


def iso3_codes(codes: pd.Series) -> pd.Series:
    """The ISO3 code of each COW code (NA where `countries.resolve` knows none), as strings."""
    lookup: dict[int, str | None] = {}
    for code in codes.dropna().unique():
        try:
            lookup[int(code)] = resolve(int(code)).iso3
        except UsageError:
            lookup[int(code)] = None
    return codes.map(lookup).astype("string")


# Gleditsch–Ward codes that differ from COW's (Gleditsch & Ward 1999; COW State List 2016).
_GW_TO_COW = {340: 345, 970: 946, 973: 947, 972: 955, 971: 970}


def cow_from_gw(gw: int, year: int | None = None) -> int:
    """The COW code of a Gleditsch–Ward code in `year`: GW keeps 260 for united Germany (COW 255
    from 1991) and 678 for united Yemen (COW 679 from 1990); Serbia and four Pacific states have
    other numbers."""
    if gw == 260 and year is not None and year >= 1991:
        return 255
    if gw == 678 and year is not None and year >= 1990:
        return 679
    return _GW_TO_COW.get(gw, gw)
