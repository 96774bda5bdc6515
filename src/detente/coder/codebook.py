"""The CAMEO codebook the coder needs: names, descriptions and examples, Goldstein weights, PLOVER
categories and GDELT's quad classes.

It reads the CSV conversions in the dataset mirror's `cameo/` folder (`$DETENTE_MIRROR/cameo`, see its
SOURCE.md): `cameo_event_codes_icews.csv` (codebook text, ICEWS Goldstein weights),
`gdelt_cameo_goldsteinscale.csv` (GDELT's weights, preferred) and `cameo_to_plover_2021.csv`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from detente.datasets.registry import mirror_dir
from detente.errors import DataError

_FILES = ("cameo_event_codes_icews.csv", "gdelt_cameo_goldsteinscale.csv", "cameo_to_plover_2021.csv")
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


def quad_class(code: str) -> int:
    """GDELT's quad class of a CAMEO code: roots 01–05 → 1, 06–09 → 2, 10–14 → 3, 15–20 → 4."""
    root = int(code[:2])
    if not 1 <= root <= 20:
        raise ValueError(f"not a CAMEO code: {code!r}")
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


@dataclass(frozen=True)
class Code:
    """One CAMEO code with its codebook text."""

    code: str
    name: str
    goldstein: float
    plover: str | None
    description: str
    example: str

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def quad_class(self) -> int:
        return quad_class(self.code)


def cameo_folder() -> Path:
    """`$DETENTE_MIRROR/cameo`, or a DataError naming the fix."""
    mirror = mirror_dir()
    folder = mirror / "cameo" if mirror else None
    if folder is None or not all((folder / f).is_file() for f in _FILES):
        where = str(folder) if folder else "$DETENTE_MIRROR is not set"
        raise DataError(
            "the CAMEO codebook is missing: set DETENTE_MIRROR to a dataset mirror holding "
            f"cameo/{_FILES[0]} and its companions (e.g. ../shared/data)",
            file=where,
        )
    return folder


def _rows(path: Path, needed: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in needed if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError(f"missing column(s) {', '.join(missing)}", file=path, line=1)
        return list(reader)


@lru_cache(maxsize=2)
def _load(folder: Path) -> dict[str, Code]:
    gold = {
        r["cameo_event_code"]: float(r["goldstein_scale"])
        for r in _rows(folder / _FILES[1], ("cameo_event_code", "goldstein_scale"))
    }
    plover: dict[str, str] = {}
    for r in _rows(folder / _FILES[2], ("cameo_code", "plover_event")):
        plover.setdefault(r["cameo_code"], r["plover_event"])
    codes: dict[str, Code] = {}
    path = folder / _FILES[0]
    for line, r in enumerate(_rows(path, ("code", "name", "goldstein", "description", "example")), 2):
        code = r["code"].strip()
        if not code.isdigit() or len(code) < 2:
            raise DataError(f"not a CAMEO code: {code!r}", file=path, line=line, field="code")
        weight = gold.get(code)
        if weight is None:
            try:
                weight = float(r["goldstein"])
            except ValueError:
                raise DataError(
                    f"not a number: {r['goldstein']!r}", file=path, line=line, field="goldstein"
                ) from None
        codes[code] = Code(
            code,
            r["name"].strip(),
            weight,
            _plover_of(code, plover),
            r["description"].strip(),
            r["example"].strip(),
        )
    return codes


def _plover_of(code: str, table: dict[str, str]) -> str | None:
    """PLOVER category of a code: its own row, else its base code's, else its root's (root 01 has none)."""
    for key in (code, code[:3], code[:2] + "0", code[:2]):
        if key in table:
            return table[key]
    return None


def codebook(folder: Path | None = None) -> dict[str, Code]:
    """Every CAMEO code by its string code ('0871')."""
    return _load((folder or cameo_folder()).resolve())
