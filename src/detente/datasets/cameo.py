"""Readers for the CAMEO codebook files: GDELT's event-code and Goldstein lookups, the ICEWS
packaging of the codebook, and PLOVER's CAMEO→PLOVER table. Codes stay text (leading zeros)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pandas as pd

from detente.datasets.registry import ensure
from detente.errors import DataError

# GDELT's CAMEO.eventcodes.txt lacks a line break before code 106: its line for 1056 reads
# "Demand de-escalation of military engagement106:[-5.0] Demand withdrawal". The reader splits
# such a run-on back into its own code (the bracketed Goldstein value is dropped: the Goldstein
# table is the authority for weights).
_RUN_ON = re.compile(r"^(?P<text>.*?)(?P<code>\d{3,4}):\[-?\d+(?:\.\d+)?\]\s*(?P<next>.+)$")


def _level(code: str) -> str:
    return {2: "root", 3: "base", 4: "sub"}[len(code)]


def cameo_eventcodes(path: Path | None = None) -> pd.DataFrame:
    """GDELT's CAMEO event codes: `code` (text, 2–4 digits), `root` (its first two digits),
    `level` (root/base/sub) and `description`. The four QuadClass header lines (`1`–`4`) are not
    codes; `quad_class_names()` reads them."""
    path = path or ensure("cameo_eventcodes")
    rows = []
    for code, text in _tab_lines(path, "CAMEOEVENTCODE"):
        if len(code) == 1:
            continue
        match = _RUN_ON.match(text)
        if match:
            rows.append((code, match["text"].strip()))
            rows.append((match["code"], match["next"].strip()))
        else:
            rows.append((code, text.strip()))
    out = pd.DataFrame(rows, columns=["code", "description"])
    out["root"] = out["code"].str[:2]
    out["level"] = out["code"].map(_level)
    return out[["code", "root", "level", "description"]].sort_values("code", ignore_index=True)


def quad_class_names(path: Path | None = None) -> dict[int, str]:
    """GDELT's names of the four quad classes, from the header lines of CAMEO.eventcodes.txt."""
    path = path or ensure("cameo_eventcodes")
    return {int(code): text.strip() for code, text in _tab_lines(path, "CAMEOEVENTCODE")
            if len(code) == 1}


def cameo_goldstein(path: Path | None = None) -> pd.DataFrame:
    """GDELT's Goldstein weight per CAMEO code: `code` (text), `goldstein` (−10…+10). These are
    the exact values GDELT writes in its GoldsteinScale field."""
    path = path or ensure("cameo_goldstein")
    rows = []
    for number, (code, value) in enumerate(_tab_lines(path, "CAMEOEVENTCODE"), start=2):
        try:
            rows.append((code, float(value)))
        except ValueError:
            raise DataError(f"not a number: {value!r}", file=path, line=number,
                            field="GOLDSTEINSCALE") from None
    return pd.DataFrame(rows, columns=["code", "goldstein"])


def cameo_icews(path: Path | None = None) -> pd.DataFrame:
    """The CAMEO codebook as ICEWS packages it: `code`, `root`, `name`, `quad_class` (1–4 by
    ICEWS's own grouping, which differs from GDELT's at roots 09 and 14) and `penta_category`.

    The original has broken byte sequences (mangled curly quotes) in some text cells; strings
    are read as Latin-1 and re-decoded as UTF-8, each undecodable byte becoming `'`."""
    import rdata

    path = path or ensure("cameo_icews")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # rdata: "missing constructor for tbl_df"
        parsed = rdata.parser.parse_file(path)
        raw = rdata.conversion.convert(parsed, default_encoding="latin1",
                                       force_default_encoding=True)["cameo_codes"]
    quads = {"verbal cooperation": 1, "material cooperation": 2, "verbal conflict": 3,
             "material conflict": 4}
    out = pd.DataFrame({
        "code": raw["cameo_code"].astype(str).to_numpy(),
        "name": [_redecode(x) for x in raw["name"]],
        "quad_class": raw["quad_category"].map(quads).astype("int64").to_numpy(),
        "penta_category": raw["penta_category"].astype(str).to_numpy(),
    })
    out.insert(1, "root", out["code"].str[:2])
    return out


def cameo_plover(path: Path) -> pd.DataFrame:
    """PLOVER's CAMEO→PLOVER table (`CAMEO2PLOVER-2021.txt`, lines `code: EVENT, mode, context #
    label`): `cameo_code`, `plover_event`, `plover_mode`, `plover_context` (`;`-separated) and
    `cameo_label`. Root headings (`03: AGREE`) and comments are skipped; a code listed twice keeps
    its first line."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        body, _, label = line.partition("#")
        if not body.strip() or line.startswith("~"):
            continue
        code, sep, rest = body.partition(":")
        code = code.strip()
        if not sep or not code.isdigit():
            raise DataError(f"expected `code: EVENT, mode, context`, got {line!r}", file=path,
                            line=number)
        parts = [p.strip() for p in rest.split(",")]
        if len(code) == 2 and len(parts) == 1:
            continue  # a root heading
        parts += [""] * (3 - len(parts))
        context = ";".join(c.strip() for c in parts[2].split(";") if c.strip())
        rows.append((code, parts[0], parts[1] or None, context or None, label.strip() or None))
    out = pd.DataFrame(rows, columns=["cameo_code", "plover_event", "plover_mode",
                                      "plover_context", "cameo_label"])
    return out.drop_duplicates("cameo_code", ignore_index=True)


def _tab_lines(path: Path, header: str) -> list[tuple[str, str]]:
    """(first field, second field) of each line of a two-column tab file after its header."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or not lines[0].upper().startswith(header):
        raise DataError(f"expected a header starting with {header}", file=path, line=1)
    out = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        code, sep, text = line.partition("\t")
        if not sep or not code.strip().isdigit():
            raise DataError(f"expected `code<TAB>value`, got {line!r}", file=path, line=number)
        out.append((code.strip(), text))
    return out


def _redecode(text: object) -> str:
    raw = str(text).encode("latin-1", errors="replace")
    return raw.decode("utf-8", errors="replace").replace("\ufffd", "'")
