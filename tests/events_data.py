"""Test helpers for event data: generate GDELT 2.0 files with ../shared/bench/gen_gdelt.py, and
pick out their clean lines independently of detente (plain Python), to check detente against."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from conftest import MIRROR

GEN_GDELT = MIRROR.parent / "bench" / "gen_gdelt.py"


def generate(out: Path, rows: int, files: int, bad: float = 0.0, seed: int = 7) -> dict:
    """Run gen_gdelt.py; returns its manifest."""
    subprocess.run([sys.executable, str(GEN_GDELT), str(out), "--rows", str(rows), "--files",
                    str(files), "--bad", str(bad), "--seed", str(seed)], check=True)
    return json.loads((out / "MANIFEST.json").read_text())


def clean_lines(files: list[Path]) -> list[list[str]]:
    """The lines a careful reader keeps: 61 fields, valid UTF-8, a real date, a numeric
    Goldstein, and the first occurrence of each event id across the files in order."""
    seen: set[str] = set()
    out = []
    for path in files:
        for raw in path.read_bytes().split(b"\n"):
            if not raw:
                continue
            try:
                fields = raw.decode("utf-8").split("\t")
            except UnicodeDecodeError:
                continue
            if len(fields) != 61:
                continue
            try:
                dt.datetime.strptime(fields[1], "%Y%m%d")
                float(fields[30])
            except ValueError:
                continue
            if fields[0] in seen:
                continue
            seen.add(fields[0])
            out.append(fields)
    return out
