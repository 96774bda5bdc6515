"""Reader for the Global Sanctions Data Base (GSDB), Release 3: one row per sender–target pair of a
sanction case, with COW codes."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from detente.datasets.blocs import BLOCS, members, spans
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
    organisation, a group or a territory), `ongoing` (an objective still 'ongoing' in 2022),
    `via` and `via_role` (NA, or the bloc a member state sanctions or is sanctioned through, and
    its side: see `bloc_members`).
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
    rows["via"] = pd.Series(pd.NA, index=rows.index, dtype="string")
    rows["via_role"] = pd.Series(pd.NA, index=rows.index, dtype="string")
    unread = {"sender": unresolved(rows["sender"], rows["sender_ccode"]),
              "target": unresolved(rows["target"], rows["target_ccode"])}
    rows = pd.concat([rows, bloc_members(rows)], ignore_index=True)
    rows.attrs["unresolved"] = unread
    lead = ["case_id", "sender", "target", "sender_ccode", "target_ccode", "begin", "end"]
    return rows[lead + [c for c in rows.columns if c not in lead]]


def bloc_members(rows: pd.DataFrame) -> pd.DataFrame:
    """A row per member state of a bloc (`blocs.BLOCS`: the EU, the EEC) that sends or is the
    target of a sanction, for the years of the case it was a member and the state on the other
    side was not (a measure of the Union against one of its members is not each member's against
    it), with `via` naming the bloc and `via_role` its side ("sender" or "target"). A member the
    case also lists by name keeps its own row only. The bloc's row stays as it is."""
    listed = {(c, s, t) for c, s, t in zip(rows["case_id"], rows["sender_ccode"], rows["target_ccode"],
                                           strict=True) if not pd.isna(s) and not pd.isna(t)}
    out = []
    for role, other in (("sender", "target"), ("target", "sender")):
        blocs = rows[rows[role].isin(list(BLOCS)) & rows[f"{other}_ccode"].notna()]
        for r in blocs.itertuples(index=False):
            bloc, partner = str(getattr(r, role)), int(getattr(r, f"{other}_ccode"))
            for name, code, first, last in spans(bloc, int(r.begin), int(r.end)):
                key = (r.case_id, code, partner) if role == "sender" else (r.case_id, partner, code)
                if key in listed or code == partner:
                    continue
                years = [y for y in range(first, last + 1) if partner not in members(bloc, y)]
                if years:
                    out.append({**r._asdict(), role: name, f"{role}_ccode": code, "begin": years[0],
                                "end": years[-1], "ongoing": bool(r.ongoing) and years[-1] == int(r.end),
                                "via": bloc, "via_role": role})
    frame = pd.DataFrame(out, columns=rows.columns)
    return frame.astype({c: rows[c].dtype for c in ("sender", "target", "sender_ccode", "target_ccode",
                                                     "via", "via_role")})


SANCTION_KINDS = _KINDS
