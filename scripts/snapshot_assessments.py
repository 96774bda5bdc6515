"""Write the assessment JSON of a fixed set of pairs and dates to a folder, or compare two folders.

    python scripts/snapshot_assessments.py write DIR      # one JSON file per pair and date
    python scripts/snapshot_assessments.py compare OLD NEW  # exit 1 and name every difference

Used to check that a refactoring changes no behaviour: snapshot before, snapshot after, compare.
Run with DETENTE_MIRROR set and an empty DETENTE_HOME so that both runs read the same data.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

CASES = {
    ("USA", "RUS"): ["1962-10-25", "1975-07-17", "1988-06-01", "2014-03-20", "2026-11-24"],
    ("USA", "CHN"): ["1955-01-01", "1972-02-28", "1979-06-01", "2001-04-05", "2025-06-01"],
    ("EGY", "ISR"): ["1956-11-01", "1967-06-07", "1973-10-10", "1979-06-01", "1982-06-01"],
}


def write(folder: Path) -> None:
    import detente

    folder.mkdir(parents=True, exist_ok=True)
    for (a, b), days in CASES.items():
        for day in days:
            result = detente.assess(a, b, as_of=dt.date.fromisoformat(day))
            (folder / f"{a}-{b}-{day}.json").write_text(result.model_dump_json(indent=1))
            print(f"{a}-{b} {day}: {result.headline}")


def _diff(old: object, new: object, where: str, out: list[str]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            if key not in old or key not in new:
                out.append(f"{where}.{key}: only in {'new' if key not in old else 'old'}")
            else:
                _diff(old[key], new[key], f"{where}.{key}", out)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (o, n) in enumerate(zip(old, new, strict=True)):
            _diff(o, n, f"{where}[{i}]", out)
    elif old != new:
        out.append(f"{where}: {json.dumps(old)[:120]} → {json.dumps(new)[:120]}")


def compare(old: Path, new: Path) -> int:
    problems: list[str] = []
    for path in sorted(old.glob("*.json")):
        other = new / path.name
        if not other.exists():
            problems.append(f"{path.name}: missing in {new}")
            continue
        _diff(json.loads(path.read_text()), json.loads(other.read_text()), path.stem, problems)
    print("\n".join(problems) or f"identical: {len(list(old.glob('*.json')))} assessments")
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["write"]:
        write(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["compare"]:
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        sys.exit(__doc__)
