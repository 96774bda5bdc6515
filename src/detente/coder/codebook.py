"""The CAMEO codebook the coder needs: names, descriptions and examples, Goldstein weights, PLOVER
categories and GDELT's quad classes.

It reads the dataset registry, so it works from a cache filled by `detente data pull` as well as
from a mirror: `cameo_icews` (the ICEWS packaging of the CAMEO manual: names, descriptions, usage
notes, examples), `cameo_goldstein` (GDELT's weights) and `cameo_plover` (PLOVER's CAMEO2PLOVER
table, or the mirror's CSV conversion of it when the original is absent).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from detente.datasets import cameo as readers

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


@lru_cache(maxsize=1)
def _load() -> dict[str, Code]:
    """Every code of ICEWS's codebook, in its order, with GDELT's weight — or, for the one code
    GDELT's table lacks (1213, "Reject judicial cooperation"), its base code's (121: −4.0, the
    weight ICEWS's own table gives 1213 too)."""
    weights, mapping = readers.cameo_goldstein(), readers.cameo_plover()
    gold = dict(zip(weights["code"], weights["goldstein"], strict=True))
    plover = dict(zip(mapping["cameo_code"], mapping["plover_event"], strict=True))
    codes: dict[str, Code] = {}
    for row in readers.cameo_icews().itertuples(index=False):
        weight = gold.get(row.code, gold.get(row.code[:3]))
        if weight is None:
            raise KeyError(f"no Goldstein weight for CAMEO code {row.code!r}")
        codes[row.code] = Code(row.code, row.name.strip(), float(weight),
                               _plover_of(row.code, plover), row.description.strip(),
                               row.example.strip())
    return codes


def _plover_of(code: str, table: dict[str, str]) -> str | None:
    """PLOVER category of a code: its own row, else its base code's, else its root's (root 01 has none)."""
    for key in (code, code[:3], code[:2] + "0", code[:2]):
        if key in table:
            return table[key]
    return None


def codebook() -> dict[str, Code]:
    """Every CAMEO code by its string code ('0871')."""
    return _load()
