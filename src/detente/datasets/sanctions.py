"""Reader for the Global Sanctions Data Base (GSDB), Release 3: one row per sender–target pair of a
sanction case, with COW codes."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from detente.datasets.names import cow_codes, unresolved
from detente.datasets.registry import ensure
from detente.datasets.tidy import Spec, columns, read_csv_text, tidy

# Names with a comma of their own: never split there (GSDB's SOURCE.md, "Odd things").
_COMMA_NAMES = ("Korea, North", "Korea, South", "Egypt, Arab Rep.", "Yemen, North",
                "Congo, Democratic Republic of the", "Gambia, The")
_KINDS = ("trade", "arms", "military", "financial", "travel", "other")

CASES: Spec = columns("gsdb")


def split_names(listed: str) -> list[str]:
    """The names in a GSDB list ('Korea, North, Japan' → ['Korea, North', 'Japan'])."""
    protected = listed
    for name in _COMMA_NAMES:
        protected = protected.replace(name, name.replace(", ", "\x00"))
    parts = [p.strip().replace("\x00", ", ") for p in re.split(r",", protected)]
    return [p for p in parts if p]


def gsdb(path: Path | None = None) -> pd.DataFrame:
    """One row per (case, sender, target): the `CASES` columns, plus `sender` and `target` (one
    name each), `sender_ccode` and `target_ccode` (COW codes in the case's first year; NA for an
    organisation, a group or a territory) and `ongoing` (an objective still 'ongoing' in 2022).
    A case with several senders or targets has one row per pair; count cases by `case_id`.
    `attrs['unresolved']` gives the rows per name left without a COW code."""
    source = path or ensure("gsdb")
    cases = tidy(read_csv_text(source), CASES, source, first_line=2)
    cases["sender"] = cases["sanctioning_state"].fillna("").map(split_names)
    cases["target"] = cases["sanctioned_state"].fillna("").map(split_names)
    rows = cases.explode("sender").explode("target").reset_index(drop=True)
    rows["sender"] = rows["sender"].astype("string")
    rows["target"] = rows["target"].astype("string")
    rows["sender_ccode"] = cow_codes(rows["sender"], rows["begin"])
    rows["target_ccode"] = cow_codes(rows["target"], rows["begin"])
    rows["ongoing"] = rows["success"].fillna("").str.contains("ongoing")
    rows.attrs["unresolved"] = {
        "sender": unresolved(rows["sender"], rows["sender_ccode"]),
        "target": unresolved(rows["target"], rows["target_ccode"]),
    }
    lead = ["case_id", "sender", "target", "sender_ccode", "target_ccode", "begin", "end"]
    return rows[lead + [c for c in rows.columns if c not in lead]]


SANCTION_KINDS = _KINDS
