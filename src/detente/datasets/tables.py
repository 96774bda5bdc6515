"""What the dataset warehouse holds: one declaration per table, in one place.

Each table names the reader that builds it, the registry datasets it reads (their pinned sha256
and `version` key the stored copy: bump `version` whenever the reader's output changes), how a
row is about a pair of states (`pair`), and which columns give its years (`years`).

Pair kinds:
- `Columns(a, b)`: the row's two states are in columns a and b (either order; a directed table
  returns both directions).
- `Members(lists)`: list columns of states; the row is about the pair when both states are in
  them (ICB crisis actors, PA-X parties, UCDP sides).
- `Group(group, member)`: one state per row; rows of the pair's shared groups (ICB crisis actors
  of crises both were actors in).
- `Monadic(column)`: one state per row; rows about either state.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import pandas as pd

from detente.core.errors import UsageError


@dataclass(frozen=True)
class Columns:
    a: str
    b: str


@dataclass(frozen=True)
class Members:
    lists: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    group: str
    member: str


@dataclass(frozen=True)
class Monadic:
    column: str


Pair = Columns | Members | Group | Monadic | None


@dataclass(frozen=True)
class Table:
    """One warehouse table."""

    name: str
    reader: str  # "module:function", imported only when the table is built
    datasets: tuple[str, ...]
    pair: Pair
    years: tuple[str, str]  # columns of the first and last year a row covers (years or dates)
    version: str = "1"
    args: tuple = ()

    def read(self) -> pd.DataFrame:
        """The reader's frame (reading the datasets: slow, done once per build)."""
        module, function = self.reader.split(":")
        return getattr(importlib.import_module(module), function)(*self.args)


_DYAD = Columns("ccode1", "ccode2")
_YEAR = ("year", "year")


_M = "detente.datasets."


def _ps(name: str, pair: Pair, years: tuple[str, str] = _YEAR, version: str = "1") -> Table:
    return Table(name, _M + "peacesciencer:read", (name,), pair, years, version, args=(name,))


TABLES: dict[str, Table] = {t.name: t for t in [
    Table("cow_states", _M + "readers:cow_states", ("cow_states",), Monadic("ccode"), ("stdate", "enddate")),
    _ps("gw_states", Monadic("gwcode"), ("startdate", "enddate")),
    Table("tss_rivalries", _M + "readers:tss_rivalries", ("tss_rivalries",), _DYAD, ("start", "end")),
    _ps("td_rivalries", _DYAD, ("styear", "endyear")),
    _ps("cow_war_inter", _DYAD),
    _ps("cow_mid_disps", None, ("styear", "styear")),
    _ps("cow_mid_dirdisps", _DYAD),
    _ps("cow_mid_ddydisps", _DYAD),
    _ps("gml_mid_ddydisps", _DYAD),
    _ps("gml_dirdisp", _DYAD),
    _ps("gml_part", Monadic("ccode"), ("styear", "endyear")),
    Table("ucdp_acd", _M + "ucdp:ucdp_conflict_years", ("ucdp_acd",),
          Members(("side_a", "side_b", "side_a_2nd", "side_b_2nd")), _YEAR),
    _ps("atop_alliance", _DYAD),
    _ps("cow_igo_ndy", _DYAD),
    _ps("cow_igo_sy", Monadic("ccode")),
    _ps("cow_trade_sy", Monadic("ccode")),
    Table("unga_ideal_points", _M + "unga:unga_ideal_points", ("unga_ideal_points",), Monadic("ccode"),
          _YEAR),
    Table("cow_trade_dyadic", _M + "trade:cow_trade_dyadic", ("cow_trade_dyadic",), _DYAD, _YEAR),
    Table("gsdb", _M + "sanctions:gsdb", ("gsdb",), Columns("sender_ccode", "target_ccode"),
          ("begin", "end"), version="4"),
    Table("sipri_arms_transfers", _M + "arms:sipri_arms_transfers", ("sipri_arms_transfers",),
          Columns("supplier_ccode", "recipient_ccode"), ("year_of_order", "last_delivery"),
          version="2"),
    Table("icb_crises", _M + "crises:icb_crises", ("icb_crises", "icb_actors"), Members(("actors",)),
          ("yrtrig", "yrterm")),
    Table("icb_actors", _M + "crises:icb_actors", ("icb_actors",), Group("crisno", "ccode"),
          ("yrtrig", "yrterm")),
    Table("vdem_polyarchy", _M + "democracy:vdem_polyarchy", ("vdem_polyarchy",), Monadic("ccode"), _YEAR,
          version="2"),
    Table("weis_lai", _M + "weis:weis_lai", ("weis_lai",), Columns("actor", "target"), _YEAR),
    Table("pax", _M + "agreements:pax", ("pax",), Members(("parties",)), _YEAR, version="2"),
]}


def table_spec(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        known = ", ".join(sorted(TABLES))
        raise UsageError(f"no warehouse table {name!r}; known: {known}") from None
