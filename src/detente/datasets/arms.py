"""Reader for the SIPRI Arms Transfers Database trade register (exported 13 March 2025): one row
per deal, supplier and recipient with COW codes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from detente.core.errors import DataError
from detente.datasets.names import cow_codes, unresolved
from detente.datasets.registry import ensure
from detente.datasets.tidy import Spec, columns, read_csv_text, tidy

_PREAMBLE_LINES = 11  # SIPRI's notes above the header (kept in the original file)
_FIELDS = 16
COLUMNS = ["recipient", "supplier", "year_of_order", "year_of_order_uncertain", "number_ordered",
           "number_ordered_uncertain", "weapon_designation", "weapon_description",
           "number_delivered", "number_delivered_uncertain", "years_of_delivery", "status",
           "comments", "tiv_per_unit", "tiv_total_order", "tiv_delivered"]

REGISTER: Spec = columns("sipri_arms_transfers")


def _repaired_text(path: Path) -> str:
    """The register's records as CSV text: Latin-1 decoded, preamble dropped, and the records
    SIPRI's export split over two lines (a comment ending in a line break) joined again."""
    text = path.read_bytes().decode("latin-1")
    lines = text.splitlines()[_PREAMBLE_LINES:]
    rows = list(csv.reader(lines))
    if not rows or rows[0][:2] != ["Recipient", "Supplier"]:
        raise DataError("not a SIPRI trade register: no 'Recipient,Supplier' header after the "
                        f"{_PREAMBLE_LINES} preamble lines", file=path, line=_PREAMBLE_LINES + 1)
    joined: list[list[str]] = [COLUMNS]
    pending: list[str] | None = None
    for number, row in enumerate(rows[1:], start=_PREAMBLE_LINES + 2):
        if pending is not None:
            row = pending[:-1] + [pending[-1] + row[0]] + row[1:]
            pending = None
        if len(row) < _FIELDS and row and row[0]:
            pending = row
            continue
        if len(row) != _FIELDS:
            raise DataError(f"expected {_FIELDS} fields, found {len(row)}", file=path, line=number)
        joined.append(row)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(joined)
    return out.getvalue()


def _kind(name: pd.Series) -> pd.Series:
    text = name.fillna("")
    kind = pd.Series("state", index=name.index, dtype="object")
    kind[text.str.endswith("*")] = "non-state"
    kind[text.str.endswith("**")] = "organisation"
    kind[text.str.lower().str.startswith("unknown")] = "unknown"
    return kind.astype("category")


def _years(listed: str | None) -> list[int]:
    return [int(y) for y in str(listed).split(";") if y.strip()] if isinstance(listed, str) else []


def sipri_arms_transfers(path: Path | None = None) -> pd.DataFrame:
    """One row per deal (`REGISTER` columns, in register order), plus: `deal` (1-based row
    number in the register), `supplier_ccode`, `recipient_ccode` (COW codes in the order year;
    NA for a non-state actor, an organisation, an unknown party or a territory),
    `supplier_kind`/`recipient_kind` (state, non-state, organisation, unknown), the three
    uncertainty flags (`*_uncertain`, SIPRI's '?'), `delivery_years` (list of years),
    `first_delivery`, `last_delivery`. `attrs['unresolved']` counts rows per unmapped name."""
    source = path or ensure("sipri_arms_transfers")
    raw = read_csv_text(source, text=_repaired_text(source))
    out = tidy(raw, REGISTER, source, first_line=_PREAMBLE_LINES + 2)
    out.insert(0, "deal", range(1, len(out) + 1))
    for col in ("year_of_order", "number_ordered", "number_delivered"):
        out[f"{col}_uncertain"] = raw[f"{col}_uncertain"].eq("?").to_numpy()
    out["supplier_ccode"] = cow_codes(out["supplier"], out["year_of_order"])
    out["recipient_ccode"] = cow_codes(out["recipient"], out["year_of_order"])
    out["supplier_kind"] = _kind(out["supplier"])
    out["recipient_kind"] = _kind(out["recipient"])
    years = out["years_of_delivery"].map(_years)
    out["delivery_years"] = years
    out["first_delivery"] = years.map(lambda ys: min(ys) if ys else None).astype("Int64")
    out["last_delivery"] = years.map(lambda ys: max(ys) if ys else None).astype("Int64")
    out.attrs["unresolved"] = {
        "supplier": unresolved(out["supplier"], out["supplier_ccode"]),
        "recipient": unresolved(out["recipient"], out["recipient_ccode"]),
    }
    return out
